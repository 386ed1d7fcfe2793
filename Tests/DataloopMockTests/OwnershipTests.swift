import GRDB
import Testing
@testable import DataloopMock

/// Ownership follows every change of membership, renames carry the account and the system
/// project along, and an export restores the state exactly.
@Suite struct OwnershipTests {
    func owners(_ p: MockPlatform, _ org: String) async throws -> (org: String?, account: String?) {
        try await p.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT org.ownerId, account.ownerId FROM org JOIN account ON account.orgId = org.id WHERE org.id = ?",
                                       arguments: [org])!
            return (row[0], row[1])
        }
    }

    @Test func theOwnerFollowsPromotionDemotionAndRemoval() async throws {
        let p = try await makePlatform()
        let ada = try await p.caller("ada@provider.example")
        let provider = try await p.orgId("Provider Inc")
        #expect(try await owners(p, provider) == ("ada@provider.example", "ada@provider.example"))
        _ = try await p.write { db in try p.orgMembers.updateRole(db, caller: ada, orgId: provider, email: "grace@provider.example", role: "owner") }
        #expect(try await owners(p, provider) == ("ada@provider.example", "ada@provider.example"))  // Ada still stands longest
        _ = try await p.write { db in try p.orgMembers.updateRole(db, caller: ada, orgId: provider, email: "ada@provider.example", role: "admin") }
        #expect(try await owners(p, provider) == ("grace@provider.example", "grace@provider.example"))
        let grace = try await p.caller("grace@provider.example")
        _ = try await p.write { db in try p.orgMembers.updateRole(db, caller: grace, orgId: provider, email: "ada@provider.example", role: "owner") }
        #expect(try await owners(p, provider) == ("ada@provider.example", "ada@provider.example"))  // back: she joined first
        _ = try await p.write { db in try p.orgMembers.remove(db, caller: grace, orgId: provider, userId: "ada@provider.example") }
        #expect(try await owners(p, provider) == ("grace@provider.example", "grace@provider.example"))
        let json = try await p.read { db in try p.orgs.get(db, caller: grace, orgId: provider) }
        #expect(json.org.ownerId == "grace@provider.example" && json.account.ownerId == "grace@provider.example")
    }

    @Test func anAdminSettingANonMemberToOwnerIsForbiddenNotNotFound() async throws {
        let p = try await makePlatform()
        let grace = try await p.caller("grace@provider.example")
        let provider = try await p.orgId("Provider Inc")
        let error = await domainError { _ = try await p.write { db in
            try p.orgMembers.updateRole(db, caller: grace, orgId: provider, email: "nora@nowhere.example", role: "owner") } }
        #expect(error == .forbidden("only an owner of organization 'Provider Inc' can change a role to or from owner"))
    }

    @Test func aRenameCarriesTheAccountAndTheSystemProject() async throws {
        let p = try await makePlatform()
        let ada = try await p.caller("ada@provider.example")
        let provider = try await p.orgId("Provider Inc")
        _ = try await p.write { db in try p.orgs.rename(db, caller: ada, orgId: provider, name: "Provider Renamed") }
        let (account, system) = try await p.read { db in
            (try String.fetchOne(db, sql: "SELECT name FROM account WHERE orgId = ?", arguments: [provider])!,
             try String.fetchOne(db, sql: "SELECT name FROM project WHERE orgId = ? AND systemProject", arguments: [provider])!)
        }
        #expect(account == "Provider Renamed")
        #expect(system == "Provider Renamed system project")
    }

    /// Every table the same after export → load, so every read answers the same for every user.
    @Test func anExportRestoresTheChangedStateExactly() async throws {
        let p = try await makePlatform()
        let ada = try await p.caller("ada@provider.example")
        let nora = try await p.caller("nora@nowhere.example")
        let provider = try await p.orgId("Provider Inc")
        let clientA = try await p.orgId("Client A")
        try await p.write { db in
            _ = try p.orgMembers.updateRole(db, caller: ada, orgId: provider, email: "grace@provider.example", role: "owner")
            _ = try p.orgMembers.updateRole(db, caller: ada, orgId: provider, email: "ada@provider.example", role: "admin")
            _ = try p.orgMembers.add(db, caller: ada, orgId: provider, emails: ["new.person@else.example"], role: "member")
            _ = try p.orgMembers.remove(db, caller: ada, orgId: provider, userId: "linus@provider.example")
            _ = try p.orgs.rename(db, caller: ada, orgId: provider, name: "Provider Renamed")
            _ = try p.orgs.create(db, caller: nora, name: "Nora Labs", providerId: provider)
            _ = try p.integrations.create(db, caller: ada, orgId: provider, type: "gcp-cross", name: "cross", options: .object([:]), metadata: nil)
            let made = try p.projects.create(db, caller: ada, name: "Made later")
            _ = try p.datasets.create(db, caller: ada, name: "later data", projectIds: [made.project.id])
            _ = try p.projectMembers.add(db, caller: ada, projectId: made.project.id, email: "wendy@provider.example", role: "annotator")
        }
        let carol = try await p.caller("carol@client-a.example")
        _ = try await p.write { db in try p.cache.perform(db, caller: carol, orgId: clientA, mode: .apply) }
        let before = try await p.stateDigest(withSecrets: false)
        let exported = try await p.read { db in try FixtureExporter.export(db) }
        let reloaded = try await makePlatform()
        try reloaded.store.replace(with: try StateStore.makeSeed(exported, summary: "export"))
        let after = try await reloaded.stateDigest(withSecrets: false)
        let lost = Set(before.split(separator: "\n")).subtracting(after.split(separator: "\n"))
        let gained = Set(after.split(separator: "\n")).subtracting(before.split(separator: "\n"))
        #expect(lost.isEmpty && gained.isEmpty, "rows before only: \(lost.sorted())\nrows after only: \(gained.sorted())")
        let again = try await reloaded.read { db in try FixtureExporter.export(db) }
        #expect(again == exported)
    }
}

/// Reset swaps in a spare copy of the seed; it must always land on the current seed.
@Suite struct ResetTests {
    func waitForSpare(_ store: StateStore) async throws {
        for _ in 0..<500 where !store.hasSpare { try await Task.sleep(for: .milliseconds(10)) }
        #expect(store.hasSpare)
    }

    @Test func everyResetLandsOnTheSeedWhetherFromTheSpareOrNot() async throws {
        let p = try await makePlatform()
        let seeded = try await p.stateDigest()
        let ada = try await p.caller("ada@provider.example")
        for round in 0..<4 {
            _ = try await p.write { db in try p.projects.create(db, caller: ada, name: "Round \(round)") }
            #expect(try await p.stateDigest() != seeded)
            if round >= 2 { try await waitForSpare(p.store) }  // rounds 0-1 may race the copy; 2-3 use it
            try p.store.reset()
            #expect(try await p.stateDigest() == seeded)
        }
    }

    /// A reset with nothing changed since the last one has nothing to do; after any change,
    /// a write (even one that failed), a restored snapshot, it lands on the seed again.
    @Test func aResetAfterNoChangeDoesNothingAndAnyChangeIsUndone() async throws {
        let p = try await makePlatform()
        let seeded = try await p.stateDigest()
        let ada = try await p.caller("ada@provider.example")
        try p.store.reset()
        let settled = p.store.generation
        try p.store.reset()
        #expect(p.store.generation == settled, "the second reset found nothing to do")
        #expect(try await p.stateDigest() == seeded)

        _ = try await p.write { db in try p.projects.create(db, caller: ada, name: "Kept in a snapshot") }
        let changed = try await p.stateDigest()
        try p.store.saveSnapshot("changed", nowMs: 0)
        try p.store.reset()
        #expect(try await p.stateDigest() == seeded)
        #expect(try p.store.restoreSnapshot("changed"))
        #expect(try await p.stateDigest() == changed)
        try p.store.reset()
        #expect(try await p.stateDigest() == seeded, "a restored snapshot is a change")

        let failed = await domainError { _ = try await p.write { db in try p.projects.create(db, caller: ada, name: "") } }
        #expect(failed != nil)
        let beforeFailed = p.store.generation
        try p.store.reset()
        #expect(p.store.generation > beforeFailed, "a write that failed still counts as a change")
        #expect(try await p.stateDigest() == seeded)
    }

    @Test func aReplacedSeedRetiresTheSpare() async throws {
        let p = try await makePlatform()
        try p.store.reset()
        try await waitForSpare(p.store)
        var smaller = try await p.read { db in try FixtureExporter.export(db) }
        smaller.projects.removeAll()
        try p.store.replace(with: try StateStore.makeSeed(smaller, summary: "smaller"))
        #expect(!p.store.hasSpare)
        let replaced = try await p.stateDigest()
        let ada = try await p.caller("ada@provider.example")
        _ = try await p.write { db in try p.projects.create(db, caller: ada, name: "After replace") }
        try p.store.reset()
        #expect(try await p.stateDigest() == replaced)
    }
}

@Suite struct SystemProjectTests {
    @Test func aSystemProjectIsRenamedOnlyWithItsOrg() async throws {
        let p = try await makePlatform()
        let ada = try await p.caller("ada@provider.example")
        let system = try await p.read { db in
            try String.fetchOne(db, sql: "SELECT id FROM project WHERE systemProject AND name = 'Provider Inc system project'")!
        }
        let before = try await p.stateDigest()
        let error = await domainError { _ = try await p.write { db in try p.projects.rename(db, caller: ada, projectId: system, name: "Beta") } }
        #expect(error == .forbidden("project 'Provider Inc system project' is its organization's system project: it is named after the organization and cannot be renamed"))
        #expect(try await p.stateDigest() == before)
    }
}
