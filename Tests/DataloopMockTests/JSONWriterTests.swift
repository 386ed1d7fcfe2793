import Foundation
import GRDB
import Testing
@testable import DataloopMock

/// `JSONWriter` must write exactly what `JSONEncoder` (sorted keys, unescaped slashes) writes,
/// for every view it serves: these compare the two byte for byte.
@Suite struct JSONWriterTests {
    static func expectSameBytes<View: JSONWritable>(_ view: View, _ what: @autoclosure () -> String,
                                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let reference = String(decoding: try encoder.encode(view), as: UTF8.self)
        var writer = JSONWriter()
        view.write(to: &writer)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == reference, "\(what())", sourceLocation: sourceLocation)
    }

    @Test func everyViewMatchesJSONEncoderForEveryUser() async throws {
        let platform = try await makePlatform()
        let compared = try await platform.read { db in
            var compared = 0
            for userId in try String.fetchAll(db, sql: "SELECT id FROM user ORDER BY id") {
                let caller = try Caller.load(db, userId: userId)
                let orgs = try platform.orgs.list(db, caller: caller)
                try Self.expectSameBytes(orgs.map(OrgJSON.init), "GET /orgs as \(userId)")
                for org in orgs {
                    if let members = try? platform.orgMembers.list(db, caller: caller, orgId: org.org.id) {
                        try Self.expectSameBytes(members.map(UserJSON.init), "members of \(org.org.name) as \(userId)")
                    }
                    if let groups = try? platform.orgs.groups(db, caller: caller, orgId: org.org.id) {
                        try Self.expectSameBytes(groups.map(GroupJSON.init), "groups of \(org.org.name) as \(userId)")
                    }
                    if let clients = try? platform.orgs.clients(db, caller: caller, orgId: org.org.id) {
                        try Self.expectSameBytes(clients.map(OrgJSON.init), "clients of \(org.org.name) as \(userId)")
                    }
                    compared += 1
                }
                let projects = try platform.projects.list(db, caller: caller)
                try Self.expectSameBytes(projects.map(ProjectJSON.init), "GET /projects as \(userId)")
                try Self.expectSameBytes(UserJSON(try caller.user(db)), "GET /users/me as \(userId)")
                compared += projects.count
            }
            return compared
        }
        #expect(compared > 20)
    }

    /// Every character class a name may hold, escaped or not, and the integer extremes.
    @Test func stringsAndNumbersMatchJSONEncoder() throws {
        var strings = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        strings += ["", "a/b\\c\"d", "Ünïcödé", "日本語", "🙂👩‍👩‍👧", "e\u{301}", "\u{2028}\u{2029}", "\u{FEFF}", "tab\there\nnew\rline",
                    "</script>", String(repeating: "x\u{1}", count: 300)]
        for string in strings {
            let user = UserRecord(id: string, email: string, firstName: string, lastName: nil, avatar: string, passwordHash: nil,
                                  superuser: false, invited: true, activeOrgId: string, createdAt: .min, updatedAt: .max, lastLogin: 0)
            try Self.expectSameBytes(UserJSON(user, role: string), "string \(Array(string.unicodeScalars.map(\.value)))")
            try Self.expectSameBytes(UserJSON(user), "string \(Array(string.unicodeScalars.map(\.value))), no role")
        }
    }

    /// The writer's buffer grows as it fills: long lists, long strings and escapes that land on
    /// every offset of its edge still match `JSONEncoder`.
    @Test func growingPastTheBufferMatchesJSONEncoder() throws {
        var rng = SeededGenerator(seed: 21)
        let pieces = ["a", "\"", "\\", "\u{1}", "\n", "é", "🙂", "/"]
        var users: [UserJSON] = []
        for n in 0..<3_000 {
            let length = Int.random(in: 0...40, using: &rng)
            let text = (0..<length).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let number = [Int64.min, Int64.max, 0, -1, Int64(n) * 1_000_003].randomElement(using: &rng)!
            let user = UserRecord(id: "u\(n)", email: text, firstName: n.isMultiple(of: 3) ? nil : text, lastName: text, avatar: nil,
                                  passwordHash: nil, superuser: false, invited: n.isMultiple(of: 2), activeOrgId: text,
                                  createdAt: number, updatedAt: ~number, lastLogin: n.isMultiple(of: 5) ? nil : number)
            users.append(UserJSON(user, role: n.isMultiple(of: 4) ? nil : text))
        }
        try Self.expectSameBytes(users, "3,000 users")
        let long = String(repeating: "x", count: 100_000) + "\"" + String(repeating: "\u{1F}", count: 20_000)
        let user = UserRecord(id: long, email: long, firstName: nil, lastName: nil, avatar: nil, passwordHash: nil, superuser: false,
                              invited: false, activeOrgId: nil, createdAt: 0, updatedAt: 0, lastLogin: nil)
        try Self.expectSameBytes(UserJSON(user), "a 220 KB string")
    }

    /// The eight-bytes-at-once test says "an escape is needed" exactly when one of the bytes
    /// needs one: every byte value at every position among other fillers, then random words.
    @Test func theWordTestAgreesWithTheByteTest() {
        func bytes(_ word: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) } }
        func expected(_ word: UInt64) -> Bool { bytes(word).contains(where: JSONWriter.needsEscape) }
        var checked = 0
        for filler in [UInt8(ascii: "a"), 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF] {
            for byte in 0...UInt8.max {
                for position in 0..<8 {
                    var word = UInt64(filler) &* 0x0101_0101_0101_0101
                    word &= ~(UInt64(0xFF) << (position * 8))
                    word |= UInt64(byte) << (position * 8)
                    #expect(JSONWriter.anyNeedsEscape(word) == expected(word), "filler \(filler), byte \(byte) at \(position)")
                    checked += 1
                }
            }
        }
        var rng = SeededGenerator(seed: 34)
        for _ in 0..<200_000 {
            let word = UInt64.random(in: .min ... .max, using: &rng)
            if JSONWriter.anyNeedsEscape(word) != expected(word) { Issue.record("word \(String(word, radix: 16))") }
            checked += 1
        }
        #expect(checked > 200_000)
    }
}

/// A route's encoder is chosen once, when the route is registered: a view that writes itself
/// is written by its `write(to:)`, anything else goes through `JSONEncoder`.
@Suite struct RouteEncoderTests {
    /// Writes something its `Encodable` form does not, so the two paths can be told apart.
    struct Marked: JSONWritable {
        let value: String
        func write(to json: inout JSONWriter) { json.object { $0.field("written", value) } }
    }
    struct Plain: Encodable { let value: String }

    @Test func viewsAreWrittenAndOthersEncoded() throws {
        let written = try JSONResponse.encoder(for: [Marked].self)([Marked(value: "a/b")])
        #expect(String(buffer: written) == #"[{"written":"a/b"}]"#)
        let encoded = try JSONResponse.encoder(for: Plain.self)(Plain(value: "a/b"))
        #expect(String(buffer: encoded) == #"{"value":"a/b"}"#)
    }
}
