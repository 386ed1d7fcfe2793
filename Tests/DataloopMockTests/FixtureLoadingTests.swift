import Crypto
import Foundation
import GRDB
import Testing
@testable import DataloopMock

/// The big-fixture load's shortcuts (docs/NOTES.md, "Speed"): each must give exactly what the
/// plain path gives.
@Suite struct FixtureLoadingTests {
    /// Strings a fixture may hold: ASCII in every case, accents, the Kelvin sign and dotted
    /// capital I (which lowercase to more than one byte), controls and brackets.
    static func samples(count: Int, seed: UInt64) -> [String] {
        var rng = SeededGenerator(seed: seed)
        let alphabet: [String] = ["a", "Z", "q", "M", "0", "9", "@", ".", " ", "-", "_", "[", "]", "{", "}", "\"", "\\", "\t", "\n", "\r\n",
                                  "\u{0}", "\u{7F}", "é", "É", "\u{212A}", "İ", "ß", "€", "…", "'", "/", "~", "|", "!", "("]
        let fixed = ["", "a", "A", "u000001@bench.example", "U000001@Bench.Example", "\u{212A}elvin@x.example", " lead@x.example",
                     "a@b.c", "a@@b.c", "@b.c", "a@.b", "a@b.", "a@bc", "Project 0000-000", "Bench Org 0001", " padded ", "x\ty"]
        return fixed + (0..<count).map { _ in
            String((0..<Int.random(in: 0...24, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined())
        }
    }

    @Test func fixtureKeyIsLowercased() {
        for text in Self.samples(count: 5_000, seed: 1) {
            #expect(CaseInsensitiveKey.of(text) == text.lowercased(), "\(text.debugDescription)")
        }
    }

    @Test func namesPassingAsASCIIPassTheFullRule() {
        let long = String(repeating: "n", count: 256)
        for text in Self.samples(count: 5_000, seed: 2) + [long, long + "n", "x" + String(repeating: " ", count: 300) + "y"] {
            for rule in [NameRule.org, .project, .integration] {
                #expect(rule.problem(with: text) == rule.problemByCharacters(with: text), "\(rule.subject): \(text.debugDescription)")
            }
        }
    }

    @Test func emailsCheckedAsBytesAgreeWithCharacters() {
        let long = String(repeating: "e", count: 250) + "@x.io"
        for text in Self.samples(count: 5_000, seed: 3) + [long, String(long.dropFirst())] {
            #expect(EmailAddress.isValid(text) == EmailAddress.isValidByCharacters(text), "\(text.debugDescription)")
        }
    }

    @Test func derivedIDsAreWhatTheyWere() {
        /// The first version's formula: ids derived from fixtures must not change.
        func reference(_ parts: [String]) -> String {
            var bytes = Array(SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)).prefix(16))
            bytes[6] = (bytes[6] & 0x0F) | 0x50
            bytes[8] = (bytes[8] & 0x3F) | 0x80
            let hex = bytes.map { String(format: "%02x", $0) }.joined()
            let i = hex.startIndex
            func slice(_ a: Int, _ b: Int) -> Substring { hex[hex.index(i, offsetBy: a)..<hex.index(i, offsetBy: b)] }
            return "\(slice(0, 8))-\(slice(8, 12))-\(slice(12, 16))-\(slice(16, 20))-\(slice(20, 32))"
        }
        let samples = Self.samples(count: 500, seed: 4)
        var cases: [[String]] = [["org", "acme"], ["system-project", "8b7d"], [""], ["", ""]]
        for n in stride(from: 0, to: samples.count - 2, by: 3) { cases.append(Array(samples[n..<(n + 1 + n % 3)])) }
        for parts in cases { #expect(DeterministicID.uuid(parts: parts) == reference(parts), "\(parts)") }
        #expect(DeterministicID.uuid("org", "acme") == DeterministicID.uuid(parts: ["org", "acme"]))
    }

    @Test func passwordHashesAreWhatTheyWere() {
        /// The first version's formula: exported fixtures carry these hashes.
        func reference(_ password: String, _ email: String) -> String {
            "sha256:" + SHA256.hash(data: Data("\(email.lowercased())\u{0}\(password)".utf8)).map { String(format: "%02x", $0) }.joined()
        }
        let samples = Self.samples(count: 300, seed: 5)
        for (email, password) in zip(samples, samples.reversed()) {
            #expect(PasswordHasher.hash(password: password, email: email) == reference(password, email), "\(email) \(password)")
        }
    }

    // MARK: Decoding the three arrays side by side

    static func wholeDecode(_ json: String) throws -> FixtureDocument {
        try JSONDecoder().decode(FixtureDocument.self, from: Data(json.utf8))
    }

    /// Whole sections, pieces of about one element, and pieces of a few elements.
    static let pieceSizes = [FixtureSections.pieceBytes, 1, 100]

    static func sectionsDecode(_ json: String, pieceBytes: Int = FixtureSections.pieceBytes) -> FixtureDocument? {
        FixtureSections.decode(Data(json.utf8), pieceBytes: pieceBytes)
    }

    @Test func sectionsDecodeAsTheWholeDocument() async throws {
        let platform = try await makePlatform()
        let exported = try await platform.store.read { db in try FixtureExporter.export(db) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let documents = [
            String(decoding: FixtureSource.embeddedDefault, as: UTF8.self),
            String(decoding: try encoder.encode(exported), as: UTF8.self),
            // Brackets, braces and escaped quotes inside strings; keys in another order; odd spacing.
            #" { "projects" : [ ] ,"orgs":[{"name":"O ]}[{ \"x\\","members":[{"email":"a@b.example","role":"owner"}]}],"#
                + "\t\r\n" + #""users":[{"email":"a@b.example","password":"p}]\\\"","firstName":"\u005D"}] }"# + "\n",
            #"{"users": []}"#,
            #"{"orgs": [], "users": []}"#,
        ]
        for json in documents {
            let whole = try Self.wholeDecode(json)
            for size in Self.pieceSizes {
                let split = try #require(Self.sectionsDecode(json, pieceBytes: size), "not split (\(size)): \(json.prefix(80))")
                #expect(split == whole, "pieces of \(size)")
            }
        }
        let pieces = FixtureSource.embeddedDefault.withUnsafeBytes { FixtureSections.find(in: $0, pieceBytes: 1) }
        #expect(pieces?.users?.count == exported.users.count && pieces?.orgs?.count == exported.orgs.count)
        #expect(exported.orgs.contains { $0.systemProject != nil } && exported.users.contains { $0.passwordHash != nil })
    }

    @Test func anythingButAPlainDocumentIsDecodedWhole() {
        let notPlain = [
            "{}", "[]", "", "  ", #"{"users": [], "users": []}"#, #"{"users": [], "name": "x"}"#, #"{"users": null}"#,
            #"{"us\u0065rs": []}"#, #"{"users": [] "orgs": []}"#, #"{"users": []} x"#, #"{"users": [}"#, #"{"users": ["]}"#,
            #"{"users": [], }"#, #"{"users": []"#, "\u{FEFF}{\"users\": []}",
        ]
        // Stray commas, which pieces cut beside them could hide or show. `JSONDecoder` takes a
        // trailing comma and refuses the others; pieces of every size must agree.
        let user = #"{"email": "a@b.example", "password": "p"}"#
        let strayCommas = ["[\(user), ]", "[, \(user)]", "[\(user),, \(user)]", "[\(user), , \(user)]", "[\(user),\(user),]"]
            .map { #"{"users": \#($0)}"# }
        #expect(FixtureSections.find(in: UnsafeRawBufferPointer(start: nil, count: 0)) == nil)
        for json in notPlain {
            for size in Self.pieceSizes {
                // Either not split at all, or split into pieces that fail on their own.
                #expect(Self.sectionsDecode(json, pieceBytes: size) == nil, "\(json.debugDescription), pieces of \(size)")
            }
        }
        for json in strayCommas {
            let whole = try? Self.wholeDecode(json)
            for size in 1...(user.utf8.count + 4) {
                let split = Self.sectionsDecode(json, pieceBytes: size)
                #expect(split == nil || split == whole, "\(json), pieces of \(size)")
            }
        }
        #expect((try? Self.wholeDecode(strayCommas[0])) != nil && (try? Self.wholeDecode(strayCommas[2])) == nil)
    }

    @Test func problemsKeepTheirFullPath() {
        let json = #"{"users": [{"email": "a@b.example", "password": "p"}, {"password": "p"}], "orgs": [{"name": "O", "members": 3}]}"#
        #expect(Self.sectionsDecode(json) == nil)
        let problems = FixtureSource.problems(in: Data(json.utf8))
        #expect(problems.map(\.path) == ["users[1].email"])
    }

    // MARK: The bulk load

    @Test func bulkLoadLeavesTheSchemaAsMigrated() async throws {
        let fresh = try DatabaseQueue()
        try Schema.migrator.migrate(fresh)
        let platform = try await makePlatform()
        @Sendable func schema(_ db: Database) throws -> [String] {
            try String.fetchAll(db, sql: "SELECT type || ' ' || name || ' ' || IFNULL(sql, '') FROM sqlite_master ORDER BY name")
        }
        let expected = try await fresh.read(schema)
        let loaded = try await platform.store.read(schema)
        #expect(loaded == expected)
        #expect(loaded.contains { $0.hasPrefix("index orgMember_on_userId ") })
        let (foreignKeys, broken) = try await platform.store.read { db in
            (try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"), try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count)
        }
        #expect(foreignKeys == true && broken == 0)
    }
}

/// A small deterministic generator (SplitMix64), so a failing sample is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The load runs beside the validator, on documents not yet known to be valid: on each kind
/// of invalid document it must throw or finish, never trap, and the validator's first problem
/// is what the caller gets.
@Suite struct LoadBesideValidatorTests {
    static let owner = #"{"email": "o@x.example", "role": "owner"}"#
    static let users = #"[{"email": "o@x.example", "password": "p"}, {"email": "m@x.example", "password": "p"}]"#

    static let invalid: [String] = [
        // a member, a contributor, a group member, a creator who is not a user
        #"{"users": \#(users), "orgs": [{"name": "O", "members": [\#(owner), {"email": "nobody@x.example", "role": "member"}]}]}"#,
        #"{"users": \#(users), "orgs": [{"name": "O", "members": [\#(owner)]}], "projects": [{"name": "P", "org": "O", "contributors": [{"email": "nobody@x.example", "role": "owner"}]}]}"#,
        #"{"users": \#(users), "orgs": [{"name": "O", "members": [\#(owner)], "groups": [{"name": "G", "members": ["nobody@x.example"]}]}]}"#,
        #"{"users": \#(users), "orgs": [{"name": "O", "members": [\#(owner)], "creator": "nobody@x.example"}]}"#,
        // no owner; unknown roles, cache state, plan
        #"{"users": \#(users), "orgs": [{"name": "O", "members": [{"email": "o@x.example", "role": "member"}]}]}"#,
        #"{"users": \#(users), "orgs": [{"name": "O", "members": [{"email": "o@x.example", "role": "boss"}]}]}"#,
        #"{"users": \#(users), "orgs": [{"name": "O", "members": [\#(owner)], "cache": {"state": "MAYBE"}}]}"#,
        #"{"users": \#(users), "orgs": [{"name": "O", "plan": "gold", "members": [\#(owner)]}]}"#,
        #"{"users": \#(users), "orgs": [{"name": "O", "members": [\#(owner)]}], "projects": [{"name": "P", "org": "O", "contributors": [{"email": "o@x.example", "role": "boss"}]}]}"#,
        // orgs, accounts and active orgs that do not exist; a provider loop
        #"{"users": \#(users), "orgs": [{"name": "O", "members": [\#(owner)]}], "projects": [{"name": "P", "org": "Q", "contributors": [\#(owner)]}]}"#,
        #"{"users": \#(users), "orgs": [{"name": "O", "members": [\#(owner)]}], "projects": [{"name": "P", "org": "O", "account": "Q", "contributors": [\#(owner)]}]}"#,
        #"{"users": [{"email": "o@x.example", "password": "p", "activeOrg": "Q"}], "orgs": [{"name": "O", "members": [\#(owner)]}]}"#,
        #"{"users": \#(users), "orgs": [{"name": "O", "provider": "O", "members": [\#(owner)]}]}"#,
        // duplicates: users, orgs, ids, members
        #"{"users": [{"email": "o@x.example", "password": "p"}, {"email": "O@x.example", "password": "p"}], "orgs": []}"#,
        #"{"users": \#(users), "orgs": [{"name": "O", "members": [\#(owner)]}, {"name": "o", "members": [\#(owner)]}]}"#,
        #"{"users": [{"email": "o@x.example", "password": "p", "id": "same"}, {"email": "m@x.example", "password": "p", "id": "same"}], "orgs": []}"#,
        #"{"users": \#(users), "orgs": [{"name": "O", "members": [\#(owner), \#(owner)]}]}"#,
        // a registered user without a password; a bad email; a bad name
        #"{"users": [{"email": "o@x.example"}], "orgs": []}"#,
        #"{"users": [{"email": "not-an-email", "password": "p"}], "orgs": []}"#,
        #"{"users": \#(users), "orgs": [{"name": "O/slash", "members": [\#(owner)]}]}"#,
    ]

    @Test func theLoadNeverTrapsAndTheValidatorSpeaks() throws {
        for json in Self.invalid {
            let doc = try FixtureSource.decodeUnvalidated(Data(json.utf8))
            let expected = try #require(FixtureValidator.problems(in: doc).first, "not invalid: \(json)")
            // The load alone, as it runs beside the validator: throws or finishes.
            _ = try? StateStore.makeSeed(doc, summary: "unvalidated")
            #expect(throws: expected) { try StateStore.makeSeed(validating: doc, summary: "test") }
        }
    }

    @Test func aValidDocumentLoadsBesideTheValidator() async throws {
        let doc = try FixtureSource.decodeUnvalidated(FixtureSource.embeddedDefault)
        let beside = try StateStore(path: nil, seed: StateStore.makeSeed(validating: doc, summary: "beside"))
        let after = try StateStore(path: nil, seed: StateStore.makeSeed(doc, summary: "after"))
        let export: @Sendable (Database) throws -> FixtureDocument = { db in try FixtureExporter.export(db) }
        #expect(try await beside.read(export) == after.read(export))
    }
}
