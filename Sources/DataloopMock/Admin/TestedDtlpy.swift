import Foundation

/// The dtlpy releases this server is tested with: `dtlpy-versions.json` at the repo root
/// (compiled in as a `Package.swift` resource), which scripts/compat runs the SDK suite against.
public struct TestedDtlpy: Codable, Sendable, Equatable {
    /// The release requirements-test.txt pins.
    public var pinned: String
    /// Every release scripts/compat runs, oldest first.
    public var range: [String]

    public static let current: TestedDtlpy = {
        do {
            return try JSONDecoder().decode(TestedDtlpy.self, from: Data(PackageResources.dtlpy_versions_json))
        } catch {
            fatalError("dtlpy-versions.json compiled into the binary is invalid: \(error)")
        }
    }()

    public var oldest: DtlpyRelease? { range.compactMap(DtlpyRelease.init).min() }
    public var newest: DtlpyRelease? { range.compactMap(DtlpyRelease.init).max() }

    /// What the platform's `POST /sdk/check` answers a client of this release: a level the
    /// SDK logs the message at on its next import, and the message.
    public func check(_ release: DtlpyRelease) -> (level: String, message: String) {
        guard let oldest, let newest else { return ("debug", "dtlpy \(release)") }
        if release < oldest {
            return ("warning", "dtlpy \(release) is older than the releases dataloop-mock is tested with (\(oldest) to \(newest)); "
                               + "routes it calls may be missing")
        }
        if newest < release {
            return ("debug", "dtlpy \(release) is newer than the releases dataloop-mock is tested with (\(oldest) to \(newest))")
        }
        return ("debug", "dtlpy \(release) is within the releases dataloop-mock is tested with (\(oldest) to \(newest))")
    }
}
