import Foundation

/// Reading fixture documents: from bytes, from a file, or the default one embedded in the binary.
public enum FixtureSource {
    /// Decodes and validates; the first problem is thrown, located by JSON path.
    public static func decode(_ data: Data) throws(FixtureProblem) -> FixtureDocument {
        let (doc, problems) = decodeAndValidate(data)
        if let first = problems.first { throw first }
        return doc!
    }

    /// Every problem with the document (decoding stops at the first structural one).
    public static func problems(in data: Data) -> [FixtureProblem] {
        decodeAndValidate(data).problems
    }

    static func decodeAndValidate(_ data: Data) -> (document: FixtureDocument?, problems: [FixtureProblem]) {
        do {
            let doc = try decodeUnvalidated(data)
            return (doc, FixtureValidator.problems(in: doc))
        } catch {
            return (nil, [error])
        }
    }

    /// Decodes only: for `StateStore.makeSeed(validating:)`, which validates while it loads.
    public static func decodeUnvalidated(_ data: Data) throws(FixtureProblem) -> FixtureDocument {
        do {
            return try FixtureSections.decode(data) ?? JSONDecoder().decode(FixtureDocument.self, from: data)
        } catch let problem as FixtureProblem {
            throw problem
        } catch let error as DecodingError {
            throw FixtureProblem(error)
        } catch {
            throw FixtureProblem(path: "", message: "not valid JSON (\(error))")
        }
    }

    /// A fixture file, decoded only (see `decodeUnvalidated`).
    public static func readUnvalidated(path: String) throws(FixtureProblem) -> FixtureDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FixtureProblem(path: "", message: "cannot read fixture file '\(path)'")
        }
        return try decodeUnvalidated(data)
    }

    /// `fixtures/default.json`, compiled into the binary (a `Package.swift` resource), so the
    /// binary runs from anywhere without a resource bundle.
    public static var embeddedDefault: Data { Data(PackageResources.default_fixture_json) }
}
