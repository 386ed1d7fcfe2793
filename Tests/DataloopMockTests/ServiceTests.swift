import GRDB
import Testing
@testable import DataloopMock

/// The domain services on the default fixture: each rule allowed and refused, with the state
/// unchanged after every refusal.
@Suite struct OrganizationServiceTests {
    @Test func membersSeeTheirOrgsAndSuperusersSeeAll() async throws {
        let p = try await makePlatform()
        let ada = try await p.caller("ada@provider.example")
        let root = try await p.caller("root@dataloop.example")
        let nora = try await p.caller("nora@nowhere.example")
        #expect(try await p.read { db in try p.orgs.list(db, caller: ada).map(\.org.name) } == ["Provider Inc"])
        #expect(try await p.read { db in try p.orgs.list(db, caller: root).map(\.org.name) }.sorted() == ["Client A", "Client B", "Provider Inc"])
        #expect(try await p.read { db in try p.orgs.list(db, caller: nora) }.isEmpty)
    }

    @Test func renameByAdminIsVisibleAndDuplicatesConflict() async throws {
        let p = try await makePlatform()
        let grace = try await p.caller("grace@provider.example")
        let provider = try await p.orgId("Provider Inc")
        _ = try await p.write { db in try p.orgs.rename(db, caller: grace, orgId: provider, name: "  Provider Labs ") }
        #expect(try await p.read { db in try p.orgs.get(db, caller: grace, orgId: provider).org.name } == "Provider Labs")
        let before = try await p.stateDigest()
        let error = await domainError { _ = try await p.write { db in try p.orgs.rename(db, caller: grace, orgId: provider, name: "client a") } }
        #expect(error == .conflict("an organization named 'client a' already exists (names are unique, ignoring case)"))
        #expect(try await p.stateDigest() == before)
    }

    @Test func workerCannotRename() async throws {
        let p = try await makePlatform()
        let wendy = try await p.caller("wendy@provider.example")
        let provider = try await p.orgId("Provider Inc")
        let before = try await p.stateDigest()
        let error = await domainError { _ = try await p.write { db in try p.orgs.rename(db, caller: wendy, orgId: provider, name: "X") } }
        guard case .forbidden(let message) = error else { Issue.record("expected 403, got \(String(describing: error))"); return }
        #expect(message.contains("owner or an admin"))
        #expect(try await p.stateDigest() == before)
    }

    @Test func onboardingCreatesOrgAccountAndSystemProjectOnce() async throws {
        let p = try await makePlatform()
        let nora = try await p.caller("nora@nowhere.example")
        let provider = try await p.orgId("Provider Inc")
        let created = try await p.write { db in try p.orgs.create(db, caller: nora, name: "Nora Labs", providerId: provider) }
        #expect(created.members.map(\.role) == ["owner"])
        #expect(created.org.providerId == provider)
        let me = try await p.read { db in try p.users.me(db, caller: nora) }
        #expect(me.activeOrgId == created.org.id)
        let projects = try await p.read { db in try p.projects.listOfOrg(db, caller: nora, orgId: created.org.id) }
        #expect(projects.map(\.project.systemProject) == [true])
        let again = await domainError { _ = try await p.write { db in try p.orgs.create(db, caller: nora, name: "Second", providerId: nil) } }
        guard case .forbidden = again else { Issue.record("expected 403"); return }
    }

    @Test func overviewCountsOwnedAndBilledSeparately() async throws {
        let p = try await makePlatform()
        let ada = try await p.caller("ada@provider.example")
        let provider = try await p.orgId("Provider Inc")
        let overview = try await p.read { db in try p.orgs.overview(db, caller: ada, orgId: provider) }
        #expect(overview.ownedProjects == 3) // system project, Provider R&D, Warehouse labeling
        #expect(overview.billedProjects == 1) // Street scenes, owned by Client A
        #expect(overview.membersByRole[.owner] == 1 && overview.membersByRole[.worker] == 1)
        #expect(overview.datasets == 2 && overview.tasks == 3)
    }

    @Test func providerListsItsClients() async throws {
        let p = try await makePlatform()
        let grace = try await p.caller("grace@provider.example")
        let provider = try await p.orgId("Provider Inc")
        let clients = try await p.read { db in try p.orgs.clients(db, caller: grace, orgId: provider) }
        #expect(clients.map(\.org.name) == ["Client A", "Client B"])
    }
}

@Suite struct OrgMemberServiceTests {
    @Test func addingIsAllOrNothing() async throws {
        let p = try await makePlatform()
        let ada = try await p.caller("ada@provider.example")
        let provider = try await p.orgId("Provider Inc")
        let before = try await p.stateDigest()
        let error = await domainError {
            _ = try await p.write { db in try p.orgMembers.add(db, caller: ada, orgId: provider, emails: ["new@x.example", "not-an-email"], role: "member") }
        }
        guard case .badRequest = error else { Issue.record("expected 400"); return }
        #expect(try await p.stateDigest() == before)
        let duplicate = await domainError {
            _ = try await p.write { db in try p.orgMembers.add(db, caller: ada, orgId: provider, emails: ["new@x.example", "linus@provider.example"], role: "member") }
        }
        guard case .conflict = duplicate else { Issue.record("expected 409"); return }
        #expect(try await p.stateDigest() == before)
    }

    @Test func unknownEmailsBecomeInvitedUsers() async throws {
        let p = try await makePlatform()
        let ada = try await p.caller("ada@provider.example")
        let provider = try await p.orgId("Provider Inc")
        let added = try await p.write { db in try p.orgMembers.add(db, caller: ada, orgId: provider, emails: ["fresh@new.example"], role: "worker") }
        #expect(added.count == 1)
        #expect(added[0].user.invited && added[0].user.id != "fresh@new.example")
        let members = try await p.read { db in try p.orgMembers.list(db, caller: ada, orgId: provider) }
        #expect(members.last?.user.email == "fresh@new.example" && members.last?.role == "worker")
    }

    @Test func removingTheActiveOrgMovesItOrClearsIt() async throws {
        let p = try await makePlatform()
        let ada = try await p.caller("ada@provider.example")
        let provider = try await p.orgId("Provider Inc")
        let removed = try await p.write { db in try p.orgMembers.remove(db, caller: ada, orgId: provider, userId: "linus@provider.example") }
        #expect(removed.user.activeOrgId == nil)
        let groups = try await p.read { db in try p.orgs.groups(db, caller: ada, orgId: provider) }
        #expect(!groups.flatMap(\.memberIds).contains("linus@provider.example"))
    }

    @Test func lastOwnerStays() async throws {
        let p = try await makePlatform()
        let ada = try await p.caller("ada@provider.example")
        let provider = try await p.orgId("Provider Inc")
        let error = await domainError {
            _ = try await p.write { db in try p.orgMembers.updateRole(db, caller: ada, orgId: provider, email: "ada@provider.example", role: "admin") }
        }
        guard case .conflict = error else { Issue.record("expected 409"); return }
    }
}

@Suite struct ProjectServiceTests {
    @Test func createLandsInTheActiveOrgAndItsAccount() async throws {
        let p = try await makePlatform()
        let ada = try await p.caller("ada@provider.example")
        let created = try await p.write { db in try p.projects.create(db, caller: ada, name: "Demo") }
        #expect(created.org.name == "Provider Inc")
        let providerAccount = try await p.accountId(ofOrg: "Provider Inc")
        #expect(created.project.accountId == providerAccount)
        #expect(created.callerRole == "owner")
    }

    @Test func createWithoutActiveOrgSaysWhy() async throws {
        let p = try await makePlatform()
        let nora = try await p.caller("nora@nowhere.example")
        let error = await domainError { _ = try await p.write { db in try p.projects.create(db, caller: nora, name: "Demo") } }
        guard case .badRequest(let message) = error else { Issue.record("expected 400"); return }
        #expect(message.contains("no active organization"))
    }

    @Test func payingAccountFollowsTheRuleAndOwnershipNeverChanges() async throws {
        let p = try await makePlatform()
        let street = try await p.projectId("Street scenes")
        let clientAccount = try await p.accountId(ofOrg: "Client A")
        let providerAccount = try await p.accountId(ofOrg: "Provider Inc")
        let carol = try await p.caller("carol@client-a.example") // project owner, owner of Client A, not in Provider Inc
        let ada = try await p.caller("ada@provider.example") // project owner, owner of Provider Inc, not in Client A
        let dave = try await p.caller("dave@client-a.example") // annotator, worker of Client A

        let back = try await p.write { db in try p.projects.setPayingAccount(db, caller: carol, projectId: street, accountId: clientAccount) }
        #expect(back.project.accountId == clientAccount && back.org.name == "Client A")

        let before = try await p.stateDigest()
        for (caller, account) in [(carol, providerAccount), (ada, clientAccount), (dave, providerAccount)] {
            let error = await domainError { _ = try await p.write { db in try p.projects.setPayingAccount(db, caller: caller, projectId: street, accountId: account) } }
            guard case .forbidden = error else { Issue.record("expected 403 for \(caller.id)"); return }
        }
        #expect(try await p.stateDigest() == before)

        let moved = try await p.write { db in try p.projects.setPayingAccount(db, caller: ada, projectId: street, accountId: providerAccount) }
        let clientA = try await p.orgId("Client A")
        #expect(moved.project.accountId == providerAccount && moved.project.orgId == clientA)
    }

    @Test func systemProjectIsNeverDeleted() async throws {
        let p = try await makePlatform()
        let ada = try await p.caller("ada@provider.example")
        let provider = try await p.orgId("Provider Inc")
        let system = try await p.read { db in try p.projects.listOfOrg(db, caller: ada, orgId: provider).first { $0.project.systemProject }! }
        let error = await domainError { try await p.write { db in try p.projects.delete(db, caller: ada, projectId: system.project.id) } }
        guard case .forbidden(let message) = error else { Issue.record("expected 403"); return }
        #expect(message.contains("system project"))
    }

    @Test func clientAnnotationManagerAddsOwnOrgAnnotatorsOnly() async throws {
        let p = try await makePlatform()
        let alan = try await p.caller("alan@client-a.example") // annotationManager of Warehouse labeling
        let warehouse = try await p.projectId("Warehouse labeling")
        let added = try await p.write { db in try p.projectMembers.add(db, caller: alan, projectId: warehouse, email: "dave@client-a.example", role: "annotator") }
        #expect(added.role == "annotator")
        let error = await domainError {
            _ = try await p.write { db in try p.projectMembers.add(db, caller: alan, projectId: warehouse, email: "carol@client-a.example", role: "engineer") }
        }
        guard case .forbidden = error else { Issue.record("expected 403"); return }
    }
}
