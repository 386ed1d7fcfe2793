import Foundation
import Testing
@testable import DataloopMock

/// `FixtureReader` must never read a document differently from `JSONDecoder`: on generated
/// elements, whenever it gives an answer, `JSONDecoder` gives the same one; and it does give
/// one for the plain shapes, so the big fixtures take the fast path.
@Suite struct FixtureReaderTests {
    /// Generated JSON for one element, right or wrong in every way a fixture can be.
    struct Generator {
        var rng: SeededGenerator
        /// How often a value is deliberately off (wrong type, odd number, escape, null).
        let oddness: Double

        mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
        mutating func pick<T>(_ options: [T]) -> T { options.randomElement(using: &rng)! }

        static let texts = ["a@b.example", "U1@Bench.Example", "Bench Org 0001", "é€…", "x y", "owner", "admin", "member", "worker",
                            "engineer", "annotator", "annotationManager", "developer", "READY", "NONE", "premium", "freemium", ""]

        mutating func string() -> String {
            if chance(oddness) {
                return pick([#""a\"b""#, #""\u00e9""#, #""tab\tin""#, "\"raw\u{1}ctl\"", "12", "null", "true", "[]", "{}", #""a\/b""#])
            }
            return "\"" + pick(Self.texts) + "\""
        }

        mutating func int() -> String {
            if chance(oddness) {
                return pick(["-0", "01", "1.0", "1e3", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                             "-9223372036854775809", "\"5\"", "null", "true", "- 1", "1.5E2"])
            }
            return String(Int64.random(in: -1_000...1_900_000_000_000, using: &rng))
        }

        mutating func bool() -> String { chance(oddness) ? pick(["1", "\"true\"", "null", "tru", "False"]) : pick(["true", "false"]) }

        mutating func space() -> String { chance(0.2) ? pick([" ", "\n  ", "\t", "\r\n"]) : "" }

        /// An object with `required` keys always (unless odd), `optional` keys sometimes.
        mutating func object(_ fields: [(key: String, required: Bool, value: (inout Generator) -> String)]) -> String {
            var members: [String] = []
            for field in fields where field.required ? !chance(oddness / 4) : chance(0.5) {
                let value = chance(oddness / 2) && !field.required ? "null" : field.value(&self)
                members.append("\"\(field.key)\"\(space()):\(space())\(value)")
            }
            if chance(oddness / 3) { members.append(#""unknownKey": 1"#) }
            if chance(oddness / 3), let first = members.first { members.append(first) }
            members.shuffle(using: &rng)
            return "{" + space() + members.joined(separator: "," + space()) + space() + "}"
        }

        mutating func array(_ count: ClosedRange<Int>, _ element: (inout Generator) -> String) -> String {
            "[" + (0..<Int.random(in: count, using: &rng)).map { _ in element(&self) }.joined(separator: ", ") + "]"
        }

        mutating func member() -> String {
            object([("email", true, { $0.string() }), ("role", true, { $0.string() }), ("createdAt", false, { $0.int() })])
        }

        mutating func dataset() -> String {
            chance(0.5) ? string() : object([("name", true, { $0.string() }), ("id", false, { $0.string() }),
                                             ("createdAt", false, { $0.int() }), ("creator", false, { $0.string() })])
        }

        mutating func user() -> String {
            object([("email", true, { $0.string() }), ("password", false, { $0.string() }), ("passwordHash", false, { $0.string() }),
                    ("id", false, { $0.string() }), ("firstName", false, { $0.string() }), ("lastName", false, { $0.string() }),
                    ("superuser", false, { $0.bool() }), ("invited", false, { $0.bool() }), ("activeOrg", false, { $0.string() }),
                    ("createdAt", false, { $0.int() }), ("updatedAt", false, { $0.int() }), ("lastLogin", false, { $0.int() }),
                    ("avatar", false, { $0.string() })])
        }

        mutating func org() -> String {
            object([
                ("id", false, { $0.string() }), ("name", true, { $0.string() }), ("plan", false, { $0.string() }),
                ("provider", false, { $0.string() }), ("createdAt", false, { $0.int() }),
                ("members", true, { $0.array(0...3) { $0.member() } }),
                ("groups", false, { $0.array(0...2) { g in
                    g.object([("id", false, { $0.string() }), ("name", true, { $0.string() }), ("members", true, { $0.array(0...2) { $0.string() } }),
                              ("owner", false, { $0.string() }), ("createdAt", false, { $0.int() }), ("updatedAt", false, { $0.int() })])
                } }),
                ("integrations", false, { $0.array(0...2) { i in
                    i.object([("id", false, { $0.string() }), ("type", true, { $0.string() }), ("name", true, { $0.string() }),
                              ("options", false, { _ in #"{"k": [1, "v"]}"# }), ("creator", false, { $0.string() }),
                              ("createdAt", false, { $0.int() }), ("updatedAt", false, { $0.int() })])
                } }),
                ("updatedAt", false, { $0.int() }), ("creator", false, { $0.string() }), ("logoUrl", false, { $0.string() }),
                ("cache", false, { $0.object([("state", true, { $0.string() }), ("readyAt", false, { $0.int() })]) }),
                ("account", false, { $0.object([("id", false, { $0.string() }), ("creator", false, { $0.string() }),
                                                 ("createdAt", false, { $0.int() }), ("updatedAt", false, { $0.int() })]) }),
                ("systemProject", false, { $0.object([("id", false, { $0.string() }), ("creator", false, { $0.string() }),
                                                       ("createdAt", false, { $0.int() }), ("updatedAt", false, { $0.int() }),
                                                       ("contributors", false, { $0.array(0...2) { $0.member() } }),
                                                       ("datasets", false, { $0.array(0...2) { $0.dataset() } })]) }),
            ])
        }

        mutating func project() -> String {
            object([("id", false, { $0.string() }), ("name", true, { $0.string() }), ("org", true, { $0.string() }),
                    ("account", false, { $0.string() }), ("createdAt", false, { $0.int() }),
                    ("contributors", true, { $0.array(0...3) { $0.member() } }), ("datasets", false, { $0.array(0...3) { $0.dataset() } }),
                    ("tasks", false, { $0.array(0...2) { $0.string() } }), ("creator", false, { $0.string() }), ("updatedAt", false, { $0.int() })])
        }
    }

    /// Checks `count` generated arrays of one type; answers how many the reader read itself.
    func check<Element: Decodable & Equatable>(_ type: Element.Type, count: Int, oddness: Double, seed: UInt64,
                                              generate: (inout Generator) -> String,
                                              read: (inout FixtureReader) throws -> Element) -> Int {
        var generator = Generator(rng: SeededGenerator(seed: seed), oddness: oddness)
        var readItself = 0
        for _ in 0..<count {
            let body = (0..<Int.random(in: 0...3, using: &generator.rng)).map { _ in generate(&generator) }.joined(separator: ",")
            let expected = try? JSONDecoder().decode([Element].self, from: Data("[\(body)]".utf8))
            let bytes = Array(body.utf8)
            let got = bytes.withUnsafeBytes { FixtureReader.elements(in: $0, 0..<bytes.count, read) }
            if let got {
                readItself += 1
                #expect(got == expected, "\(Element.self): \(body)")
            }
        }
        return readItself
    }

    @Test func readsWhatJSONDecoderReadsOrLeavesIt() {
        for (n, oddness) in [0.0, 0.05, 0.3].enumerated() {
            let seed = UInt64(n * 10)
            let users = check(FixtureUser.self, count: 1_500, oddness: oddness, seed: seed + 1, generate: { $0.user() }, read: { try $0.user() })
            let orgs = check(FixtureOrg.self, count: 1_500, oddness: oddness, seed: seed + 2, generate: { $0.org() }, read: { try $0.org() })
            let projects = check(FixtureProject.self, count: 1_500, oddness: oddness, seed: seed + 3, generate: { $0.project() },
                                 read: { try $0.project() })
            if oddness == 0 {
                // Plain shapes are read by the reader itself (orgs only give up on integration options).
                #expect(users == 1_500 && projects == 1_500 && orgs > 500, "users \(users), orgs \(orgs), projects \(projects)")
            }
        }
    }

    @Test func integerEdges() {
        func int(_ text: String) -> Int64?? {
            let bytes = Array(#"{"email": "a@b.example", "createdAt": \#(text)}"#.utf8)
            guard let users = bytes.withUnsafeBytes({ FixtureReader.elements(in: $0, 0..<bytes.count) { try $0.user() } }) else { return .none }
            return .some(users[0].createdAt)
        }
        #expect(int("9223372036854775807") == .some(Int64.max))
        #expect(int("-9223372036854775808") == .some(Int64.min))
        #expect(int("0") == .some(0))
        #expect(int("null") == .some(nil))
        for leftToJSONDecoder in ["9223372036854775808", "-9223372036854775809", "-0", "01", "1.0", "1e2", "\"1\"", "-", ""] {
            #expect(int(leftToJSONDecoder) == .none, "\(leftToJSONDecoder)")
        }
    }
}
