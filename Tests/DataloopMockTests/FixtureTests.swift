import GRDB
import Foundation
import Testing
@testable import DataloopMock

@Suite struct FixtureTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func embeddedDefaultIsTheFixtureFile() throws {
        let file = try Data(contentsOf: Self.repoRoot.appendingPathComponent("fixtures/default.json"))
        #expect(FixtureSource.embeddedDefault == file)
    }

    @Test func defaultFixtureIsValidAndTellsTheStory() throws {
        let doc = try FixtureSource.decode(FixtureSource.embeddedDefault)
        #expect(doc.users.contains { $0.superuser == true })
        #expect(doc.users.contains { user in !doc.orgs.contains { $0.members.contains { $0.email == user.email } } })
        #expect(doc.orgs.filter { $0.provider != nil }.count == 2)
        #expect(doc.projects.contains { $0.account != nil && $0.account != $0.org })
        let orgRoles = Set(doc.orgs.flatMap(\.members).map(\.role))
        #expect(orgRoles == Set(OrgRole.allCases.map(\.rawValue)))
        let projectRoles = Set(doc.projects.flatMap(\.contributors).map(\.role))
        #expect(projectRoles == Set(ProjectRole.allCases.map(\.rawValue)))
    }

    @Test func problemsNameTheirJSONPath() {
        let json = """
        {"users": [{"email": "a@b.example", "password": "p"}],
         "orgs": [{"name": "O", "members": [{"email": "a@b.example", "role": "owner"}]},
                  {"name": "P", "members": [{"email": "x@y.example", "role": "owner"}]}]}
        """
        let problems = FixtureSource.problems(in: Data(json.utf8))
        #expect(problems.map(\.description) == ["orgs[1].members[0].email: no user 'x@y.example'"])
    }

    @Test func structuralProblemsNameTheirPathToo() {
        let problems = FixtureSource.problems(in: Data(#"{"users": [{"email": 3}]}"#.utf8))
        #expect(problems.first?.path == "users[0].email")
        #expect(FixtureSource.problems(in: Data("{".utf8)).first?.message.hasPrefix("not valid JSON") == true)
    }

    @Test func sameFixtureSameIds() async throws {
        let a = try await makePlatform()
        let b = try await makePlatform()
        #expect(try await a.stateDigest() == (try await b.stateDigest()))
    }

    @Test func fileDatabaseKeepsStateAndIsSeededOnlyWhenEmpty() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dm-\(UUID().uuidString).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let doc = try FixtureSource.decode(FixtureSource.embeddedDefault)
        do {
            let store = try StateStore(path: path, fixtures: doc, fixtureSummary: "t")
            try await store.write { db in try db.execute(sql: "UPDATE org SET name = 'Renamed', nameKey = 'renamed' WHERE name = 'Client B'") }
        }
        let reopened = try StateStore(path: path, fixtures: doc, fixtureSummary: "t")
        let names = try await reopened.read { db in try String.fetchAll(db, sql: "SELECT name FROM org ORDER BY name") }
        #expect(names.contains("Renamed"))
        let wiped = try StateStore(path: path, fixtures: doc, fixtureSummary: "t", resetDatabase: true)
        #expect(try await wiped.read { db in try String.fetchAll(db, sql: "SELECT name FROM org") }.contains("Client B"))
    }
}
