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

    /// The keys of a fixture document.
    static let topLevelKeys: Set<String> = ["users", "orgs", "projects"]

    static func decodeAndValidate(_ data: Data) -> (document: FixtureDocument?, problems: [FixtureProblem]) {
        // Decoding ignores keys it does not know, so `{"name": "x"}` would read as an empty
        // document and wipe the state. A key it does not know is refused instead, and an empty
        // state has to be asked for with the keys present (`{"users": [], "orgs": []}`).
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            if let unknown = object.keys.sorted().first(where: { !topLevelKeys.contains($0) }) {
                return (nil, [FixtureProblem(path: unknown, message: "unknown key; a fixture document has 'users', 'orgs' and 'projects'")])
            }
            if object.isEmpty {
                return (nil, [FixtureProblem(path: "", message: #"an empty document; to empty the state, send {"users": [], "orgs": [], "projects": []}"#)])
            }
        }
        do {
            let doc = try JSONDecoder().decode(FixtureDocument.self, from: data)
            return (doc, FixtureValidator.problems(in: doc))
        } catch let error as DecodingError {
            return (nil, [FixtureProblem(error)])
        } catch {
            return (nil, [FixtureProblem(path: "", message: "not valid JSON (\(error))")])
        }
    }

    public static func load(path: String) throws -> FixtureDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FixtureProblem(path: "", message: "cannot read fixture file '\(path)'")
        }
        return try decode(data)
    }

    /// `fixtures/default.json`, compiled into the binary (a `Package.swift` resource), so the
    /// binary runs from anywhere without a resource bundle.
    public static var embeddedDefault: Data { Data(PackageResources.default_fixture_json) }
}
