import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import DataloopMock

/// Issue 11 from inside: the pieces that keep hostile input from crashing, bloating or stalling
/// the server, tested alone (the Python suite in Tests/hostile replays each attack over HTTP).
@Suite struct HostileTests {
    // -- glob matching (row 5) ------------------------------------------------------------------

    @Test func globStarsMatchWithinAndAcrossSegments() {
        #expect(Glob.matches(pattern: "/api/v1/orgs/*/members", "/api/v1/orgs/abc/members"))
        #expect(!Glob.matches(pattern: "/api/v1/orgs/*/members", "/api/v1/orgs/a/b/members"))
        #expect(Glob.matches(pattern: "/api/v1/**/members", "/api/v1/orgs/a/b/members"))
        #expect(Glob.matches(pattern: "/api/**", "/api/"))
        #expect(Glob.matches(pattern: "/a*c", "/abbbc") && Glob.matches(pattern: "/a*c", "/ac"))
        #expect(!Glob.matches(pattern: "/a*c", "/ab/c"))
        #expect(Glob.matches(pattern: "**", "/anything/at/all") && Glob.matches(pattern: "", ""))
        #expect(!Glob.matches(pattern: "/x", "/xy") && !Glob.matches(pattern: "/xy", "/x"))
        #expect(Glob.matches(pattern: "/caf\u{e9}/*", "/caf\u{e9}/\u{1F680}"))
        #expect(Glob.matches(pattern: "/***/z", "/a/b/z"))
    }

    @Test func globIsLinearOnPatternsThatBacktrackedExponentially() {
        let path = "/" + Array(repeating: "a", count: 60).joined(separator: "/")
        let started = ContinuousClock.now
        for _ in 0..<100 {
            #expect(!Glob.matches(pattern: "/**/**/**/**/**/**/**/**/zz", path))
            #expect(!Glob.matches(pattern: "/*a*a*a*a*a*a*a*a*a*a*b", "/" + String(repeating: "a", count: 200)))
        }
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(Glob.problem(with: String(repeating: "*", count: 257)) != nil)
        #expect(Glob.problem(with: String(repeating: "*", count: 256)) == nil)
    }

    // -- redaction (row 8) ----------------------------------------------------------------------

    @Test func textRedactionReplacesTheValueAfterEverySecretWord() {
        let cases: [(String, String)] = [
            (#"{"username": "ada", "password": "ada-pass""#, #"{"username": "ada", "password": "***redacted***""#),
            ("username=ada&password=ada-pass&x=1", "username=ada&password=***redacted***&x=1"),
            (#"{"options": {"secret": "s3", "key": 'k'}"#, #"{"options": {"secret": "***redacted***", "key": '***redacted***'}"#),
            ("name=\"password\"\r\n\r\nhunter2\r\n--b", "name=\"password\"\r\n\r\n***redacted***\r\n--b"),
            (#"{"Refresh_Token": "rt_\"x\"y"}"#, #"{"Refresh_Token": "***redacted***"}"#),
            ("nothing secret here", "nothing secret ***redacted***"),
            ("plain", "plain"),
        ]
        for (input, expected) in cases { #expect(Redaction.redactText(input) == expected, "\(input)") }
        #expect(Redaction.redactQuery("default&password=x&a=1&api%5Fkey=y&token") == "default&password=***redacted***&a=1&api%5Fkey=***redacted***&token")
    }

    /// The query shortcut says "nothing to redact" only for queries the full redaction leaves
    /// as they are: generated from pieces that split, escape, combine and spell secrets.
    @Test func theQueryShortcutSkipsOnlyQueriesWithNothingToRedact() {
        let pieces = ["&", "=", "+", "%", "%5F", "a", "Pass", "word", "TOKEN", "k", "ey", "json", "x", "1", "é", "\u{301}", "\r\n",
                      "K", "\u{212A}ey", " ", "&&", "=="]
        var rng = SeededGenerator(seed: 55)
        var skipped = 0, redacted = 0
        for _ in 0..<20_000 {
            let query = (0..<Int.random(in: 0...9, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            if Redaction.mayHoldSecret(query) {
                if Redaction.redactEveryKey(query) != query { redacted += 1 }
            } else {
                #expect(Redaction.redactEveryKey(query) == query, "\(Array(query.unicodeScalars.map(\.value)))")
                skipped += 1
            }
            #expect(Redaction.redactQuery(query) == Redaction.redactEveryKey(query))
        }
        #expect(skipped > 1_000 && redacted > 1_000)
    }

    @Test func journalBodiesAreRedactedThenCut() {
        let journal = RequestJournal(capacity: 10, maxBytes: 1 << 20, bodyBytes: 64)
        let small = journal.body(Data(#"{"password": "p", "name": "n"}"#.utf8), contentType: "application/json")
        #expect(small.value == .object(["password": .string(Redaction.placeholder), "name": .string("n")]) && !small.truncated)
        let big = journal.body(Data((#"{"password": "p", "pad": ""# + String(repeating: "x", count: 1000) + #""}"#).utf8), contentType: nil)
        #expect(big.truncated && big.receivedBytes > 1000)
        guard case .string(let text)? = big.value else { Issue.record("a cut body is a string"); return }
        #expect(text.utf8.count <= 64 && text.hasPrefix(#"{"pad":"xxx"#) && !text.contains("\"p\""))
        let huge = journal.body(Data(("password=hunter2&" + String(repeating: "y", count: 200_000)).utf8), contentType: "text/plain")
        #expect(huge.truncated && huge.cost <= 2 * 64)
        guard case .string(let hugeText)? = huge.value else { Issue.record("a cut body is a string"); return }
        #expect(!hugeText.contains("hunter2"))
    }

    // -- bounded stores (rows 3, 4, 14) ------------------------------------------------------------

    @Test func theJournalStaysWithinItsBytesDroppingTheOldest() {
        let journal = RequestJournal(capacity: 1000, maxBytes: 64 * 1024, bodyBytes: 4096)
        let body = Data(String(repeating: "z", count: 1 << 20).utf8)
        for _ in 0..<500 {
            journal.record(body: journal.recorded(body, contentType: "application/json")) { seq in
                RequestJournal.Entry(seq: seq, method: "POST", path: "/api/v1/orgs", query: nil, status: 401, caller: nil,
                                     body: nil, bodyBytes: 0, bodyTruncated: false,
                                     timeMs: 0, durationMs: 0, unmatched: false)
            }
        }
        let entries = journal.entries()
        #expect(journal.bytes <= 64 * 1024 && !entries.isEmpty && entries.count < 20)
        #expect(entries.last?.seq == 500 && entries.allSatisfy(\.bodyTruncated))
        journal.clear()
        #expect(journal.bytes == 0 && journal.entries().isEmpty)
    }

    @Test func smallBodiesAreRedactedWhenTheJournalIsReadAndStayBounded() {
        let journal = RequestJournal(capacity: 10_000, maxBytes: 64 * 1024, bodyBytes: 4096)
        let secret = Data(#"{"name":"n","password":"hunter2","nested":{"api_key":"k1"}}"#.utf8)
        let form = Data("email=a%40b.example&password=hunter2".utf8)
        for (index, (data, type)) in [(secret, "application/json"), (form, "application/x-www-form-urlencoded")].enumerated() {
            let recorded = journal.recorded(data, contentType: type)
            guard case .received = recorded else { Issue.record("a small body is kept as received"); return }
            journal.record(body: recorded) { seq in
                RequestJournal.Entry(seq: seq, method: "POST", path: "/p\(index)", query: nil, status: 200, caller: nil,
                                     body: nil, bodyBytes: 0, bodyTruncated: false, timeMs: 0, durationMs: 0, unmatched: false)
            }
        }
        let entries = journal.entries()
        #expect(entries.map(\.bodyBytes) == [secret.count, form.count] && entries.allSatisfy { !$0.bodyTruncated })
        #expect(entries[0].body == Redaction.redact(.object(["name": .string("n"), "password": .string("hunter2"),
                                                                 "nested": .object(["api_key": .string("k1")])])))
        #expect(entries[1].body == .object(["email": .string("a@b.example"), "password": .string(Redaction.placeholder)]))
        let text = entries.map { String(decoding: try! JSONEncoder().encode($0.body), as: UTF8.self) }.joined()
        #expect(!text.contains("hunter2") && !text.contains("k1"))
        // Many small bodies: the bound holds, counting each as received.
        for _ in 0..<2000 {
            journal.record(body: journal.recorded(secret, contentType: "application/json")) { seq in
                RequestJournal.Entry(seq: seq, method: "POST", path: "/p", query: nil, status: 200, caller: nil,
                                     body: nil, bodyBytes: 0, bodyTruncated: false, timeMs: 0, durationMs: 0, unmatched: false)
            }
        }
        #expect(journal.bytes <= 64 * 1024 && journal.entries().count < 2000)
    }

    @Test func theResponseCacheStaysWithinItsBytes() {
        let cache = ReadAnswerMemo(maxBytes: 4 << 20)
        let answer = ByteBuffer(repeating: 0x61, count: 100_000)
        for i in 0..<200 { cache.store(answer, for: "caller /api/v1/projects?n=\(i)", generation: 1) }
        #expect(cache.bytes <= 4 << 20 && cache.bytes > 0)
        #expect(cache.body(for: "caller /api/v1/projects?n=199", generation: 1) != nil)
        // An answer over an eighth of the bound is never kept; a newer generation drops the rest.
        cache.store(ByteBuffer(repeating: 0x61, count: 600_000), for: "big", generation: 1)
        #expect(cache.body(for: "big", generation: 1) == nil)
        cache.store(answer, for: "next", generation: 2)
        #expect(cache.body(for: "caller /api/v1/projects?n=199", generation: 1) == nil)
        cache.clear()
        #expect(cache.bytes == 0)
    }

    @Test func snapshotsStopAtTheirCountAndBytes() async throws {
        let platform = try await makePlatform()
        for name in ["a", "b"] { try platform.store.saveSnapshot(name, nowMs: 0, maxCount: 2, maxBytes: 1 << 30) }
        try platform.store.saveSnapshot("a", nowMs: 0, maxCount: 2, maxBytes: 1 << 30)
        let error = await domainError { try platform.store.saveSnapshot("c", nowMs: 0, maxCount: 2, maxBytes: 1 << 30) }
        #expect(error?.status == .tooManyRequests && error?.message.contains("--max-snapshots") == true)
        let tooBig = await domainError { try platform.store.saveSnapshot("d", nowMs: 0, maxCount: 10, maxBytes: 1024) }
        #expect(tooBig?.status == .tooManyRequests && tooBig?.message.contains("--snapshot-bytes") == true)
        #expect(platform.store.snapshotList().map(\.name) == ["a", "b"])
    }

    // -- the clock (row 2) ------------------------------------------------------------------------

    @Test func theClockRefusesEveryValueOutsideItsRange() {
        let clock = MockClock()
        for bad in [Int64.max, Int64.min, -1, MockClock.validRange.upperBound + 1] {
            #expect(throws: DomainError.self) { try clock.set(nowMs: bad) }
        }
        #expect(throws: DomainError.self) { try clock.advance(byMs: .max) }
        #expect(throws: DomainError.self) { try clock.advance(byMs: .min) }
        #expect(!clock.isFake)
        #expect(throws: Never.self) { try clock.set(nowMs: 0) }
        #expect(throws: DomainError.self) { try clock.advance(byMs: -1) }
        #expect(throws: DomainError.self) { try clock.advance(byMs: .max / 2) }
        #expect(clock.nowMs() == 0)
        #expect(throws: Never.self) { try clock.set(nowMs: MockClock.validRange.upperBound) }
        #expect(throws: DomainError.self) { try clock.advance(byMs: 1) }
    }

    // -- encoding failures (row 15) -----------------------------------------------------------------

    @Test func anAnswerThatCannotBeEncodedIsA500SayingWhat() throws {
        struct Broken: Encodable { var value = Double.nan }
        #expect(throws: PlatformError.self) { try JSONResponse.make(Broken()) }
        do throws(PlatformError) {
            _ = try JSONResponse.encode(Broken())
        } catch {
            #expect(error.status == .internalServerError && error.message.contains("Broken") && error.message.contains("could not encode"))
            #expect(error.response.status == .internalServerError)
        }
    }

    /// Every read route, for every fixture user, on every org and project: no answer fails to
    /// encode (a 500), so the 500 above cannot happen for any view.
    @Test func everyViewEncodesForEveryUser() async throws {
        let platform = try await makePlatform()
        let app = ServerApp.application(platform: platform, options: ServerOptions())
        let (users, orgs, projects, integrations, datasets) = try await platform.read { db in
            (try String.fetchAll(db, sql: "SELECT id FROM user WHERE passwordHash IS NOT NULL ORDER BY id"),
             try String.fetchAll(db, sql: "SELECT id FROM org ORDER BY id"),
             try Row.fetchAll(db, sql: "SELECT id, name FROM project ORDER BY id").map { ($0["id"] as String, $0["name"] as String) },
             try Row.fetchAll(db, sql: "SELECT orgId, id FROM integration ORDER BY id").map { ($0["orgId"] as String, $0["id"] as String) },
             try String.fetchAll(db, sql: "SELECT id FROM dataset ORDER BY id"))
        }
        var uris = ["/api/v1/orgs", "/api/v1/projects", "/api/v1/users/me"]
        for org in orgs {
            uris += ["", "/clients", "/groups", "/members", "/overview", "/projects"].map { "/api/v1/orgs/\(org)\($0)" }
        }
        for (id, name) in projects {
            uris += ["/api/v1/projects/\(id)", "/api/v1/projects/\(id)/members",
                     "/api/v1/projects/\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)/name"]
        }
        uris += integrations.map { "/api/v1/orgs/\($0.0)/integrations/\($0.1)" }
        uris += datasets.map { "/api/v1/datasets/\($0)" }
        let allURIs = uris
        let ok = try await app.test(.router) { client in
            var ok = 0
            for user in users {
                let token = try await platform.tokens.issue(for: try await platform.user(user))
                for uri in allURIs {
                    let (status, body) = try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(token)"]) {
                        ($0.status.code, Data(buffer: $0.body))
                    }
                    #expect(status < 500, "\(user) GET \(uri): \(String(decoding: body, as: UTF8.self))")
                    let json = try JSONSerialization.jsonObject(with: body)
                    #expect(json is [String: Any] || json is [Any])
                    if status == 200 { ok += 1 }
                }
            }
            return ok
        }
        #expect(ok > 100)
        // And every /_mock view, with a journal, a fault and a snapshot to render.
        try platform.store.saveSnapshot("s", nowMs: 0)
        _ = try platform.faults.add(FaultBook.Fault(path: "/x/**", status: 503, body: .object(["n": .number(1.5)])))
        let mockViews = ["health", "state", "requests", "faults", "clock", "snapshots", "namespaces", "env", "openapi.json"]
        try await app.test(.router) { client in
            for view in mockViews {
                let (status, body) = try await client.execute(uri: "/_mock/\(view)", method: .get) { ($0.status, Data(buffer: $0.body)) }
                #expect(status == .ok, "GET /_mock/\(view): \(String(decoding: body, as: UTF8.self))")
                #expect(try JSONSerialization.jsonObject(with: body) is NSObject)
            }
        }
    }

    // -- permissions: each view agrees with the table -------------------------------------------------

    @Test func orgViewsShowMembersAndGroupsOnlyToWhoMayListThem() async throws {
        let platform = try await makePlatform()
        let provider = try await platform.orgId("Provider Inc")
        let worker = try await platform.caller("wendy@provider.example")
        let admin = try await platform.caller("grace@provider.example")
        let owner = try await platform.caller("ada@provider.example")
        let root = try await platform.caller("root@dataloop.example")
        try await platform.read { db in
            let seen = try platform.orgs.get(db, caller: worker, orgId: provider)
            #expect(seen.members.isEmpty && seen.groups.isEmpty)
            #expect(try platform.orgs.list(db, caller: worker).allSatisfy { $0.members.isEmpty && $0.groups.isEmpty })
            let full = try platform.orgs.get(db, caller: owner, orgId: provider)
            #expect(full.members.count == 4 && !full.groups.isEmpty)
            let clients = try platform.orgs.clients(db, caller: admin, orgId: provider)
            #expect(clients.count == 2 && clients.allSatisfy { $0.members.isEmpty && $0.groups.isEmpty })
            #expect(try platform.orgs.clients(db, caller: root, orgId: provider).allSatisfy { !$0.members.isEmpty })
        }
    }
}

/// Which paths are the `/_mock` API: the first non-empty segment decides, however spelled.
@Suite struct AdminPathTests {
    @Test func theFirstNonEmptySegmentDecides() {
        for path in ["/_mock", "/_mock/", "/_mock/tokens", "//_mock/tokens", "///_mock", "_mock/reset"] {
            #expect(AdminPath.isAdmin(path: path), "\(path)")
        }
        for path in ["", "/", "/_mockx", "/_moc", "/api/_mock", "/x/_mock/tokens", "/_MOCK/tokens", "/_mock_/x"] {
            #expect(!AdminPath.isAdmin(path: path), "\(path)")
        }
    }
}

/// The bearer token is trimmed as Foundation's `.whitespaces` would trim it.
@Suite struct BearerTrimTests {
    @Test func trimsWhatFoundationTrims() {
        let samples = ["abc", " abc ", "\tabc\t", "\u{A0}abc\u{3000}", "a b", "\n abc \n", "", "   ", "\u{2003}x\u{2009}", "x\r", "é "]
        for sample in samples {
            #expect(String(AuthMiddleware.trimmingSpaces(Substring(sample))) == sample.trimmingCharacters(in: .whitespaces),
                    "\(Array(sample.unicodeScalars.map(\.value)))")
        }
    }
}

/// The journal's secret-key test reads ASCII keys byte by byte: it must say what lowercasing
/// and Foundation's `contains` say, for every secret word in every case and position.
@Suite struct SecretKeyTests {
    static func byDefinition(_ key: String) -> Bool {
        let k = key.lowercased()
        return Redaction.secretWords.contains { k.contains($0) }
    }

    @Test func asciiKeysAnswerAsTheDefinition() {
        var keys = ["", "a", "pass", "passwor", "PASSWORD", "x_Password_y", "apiKey", "ke", "KEY", "tok3n", "id_token",
                    "Authorization", "private_key", "privatekey", "jsonp", "JSO", "credentials", "secretive", "u", "%70assword"]
        for word in Redaction.secretWords {
            let upper = word.uppercased()
            let mixed = String(word.enumerated().map { $0.offset.isMultiple(of: 2) ? Character($0.element.uppercased()) : $0.element })
            keys += [word, upper, mixed, "x" + mixed, mixed + "9", "-" + upper + "-", String(word.dropLast()), String(word.dropFirst())]
        }
        for key in keys { #expect(Redaction.isSecretKey(key) == Self.byDefinition(key), "\(key)") }
    }

    @Test func otherKeysGoThroughUnicodeLowercasing() {
        // U+212A KELVIN SIGN lowercases to an ASCII "k": "\u{212A}ey" is a secret by the definition.
        for key in ["\u{212A}ey", "tö\u{212A}en", "pässword", "PASSWORDé", "ключ", "İd"] {
            #expect(Redaction.isSecretKey(key) == Self.byDefinition(key), "\(key)")
        }
        #expect(Redaction.isSecretKey("\u{212A}EY"))
    }
}
