import Foundation

/// Reading fixture documents: from bytes, from a file, or the default one embedded in the binary.
public enum FixtureSource {
    /// Decodes and validates; the first problem is thrown, located by JSON path.
    public static func decode(_ data: Data) throws(FixtureProblem) -> FixtureDocument {
        let problems = problems(in: data)
        if let first = problems.first { throw first }
        return try! JSONDecoder().decode(FixtureDocument.self, from: data)
    }

    /// Every problem with the document (decoding stops at the first structural one).
    public static func problems(in data: Data) -> [FixtureProblem] {
        do {
            let doc = try JSONDecoder().decode(FixtureDocument.self, from: data)
            return FixtureValidator.problems(in: doc)
        } catch let error as DecodingError {
            return [FixtureProblem(error)]
        } catch {
            return [FixtureProblem(path: "", message: "not valid JSON (\(error))")]
        }
    }

    public static func load(path: String) throws -> FixtureDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FixtureProblem(path: "", message: "cannot read fixture file '\(path)'")
        }
        return try decode(data)
    }

    /// `fixtures/default.json`, compiled into the binary (see `DefaultFixture.swift`), so the
    /// binary runs from anywhere without a resource bundle.
    public static var embeddedDefault: Data { Data(DefaultFixture.json.utf8) }
}
