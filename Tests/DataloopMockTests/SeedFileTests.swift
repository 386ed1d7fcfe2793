import Foundation
import GRDB
import Testing
@testable import DataloopMock

/// A seed over the in-memory limit lives in a removed temporary file: the state, reset and new
/// namespaces work from it as from memory, and no file is left behind.
@Suite struct SeedFileTests {
    @Test func aBigSeedIsReadFromARemovedFile() async throws {
        let doc = try FixtureSource.decode(FixtureSource.embeddedDefault)
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("dataloop-mock-seed") })
        let seed = try StateStore.makeSeed(doc, summary: "test", inMemoryMaxBytes: 0)
        #expect(seed.database.path != ":memory:" && !seed.database.path.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: seed.database.path))
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("dataloop-mock-seed") })
        #expect(after == before)

        let store = try StateStore(path: nil, seed: seed)
        let seeded = try store.counts()
        #expect(seeded["users"] == doc.users.count && seeded["orgs"] == doc.orgs.count)
        try await store.write { db in try db.execute(sql: "DELETE FROM project WHERE NOT systemProject") }
        try store.reset()
        #expect(try store.counts() == seeded)
        let other = try StateStore(path: nil, seed: store.seed)
        #expect(try other.counts() == seeded)
    }
}
