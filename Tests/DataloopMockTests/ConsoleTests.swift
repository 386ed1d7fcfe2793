import Foundation
import GRDB
import Testing
@testable import DataloopMock

/// The console's verdicts against the services' own: for every fixture user, each action the
/// console shows enabled succeeds when performed, and each one it disables fails with exactly
/// the reason it shows.
@Suite struct ConsoleVerdictTests {
    static let users = ["ada@provider.example", "grace@provider.example", "linus@provider.example", "wendy@provider.example",
                        "carol@client-a.example", "alan@client-a.example", "dave@client-a.example", "bob@client-b.example",
                        "erin@client-b.example", "root@dataloop.example", "nora@nowhere.example"]

    struct RolledBack: Error {}

    /// What performing `body` would answer: nil when it succeeds (then rolled back), else its message.
    static func outcome(_ platform: MockPlatform, _ body: @escaping @Sendable (Database) throws -> Void) async -> String? {
        do {
            try await platform.store.write { db in
                try body(db)
                throw RolledBack()
            }
            return "unreachable"
        } catch let error as DomainError {
            return error.message
        } catch {
            return nil
        }
    }

    @Test(arguments: users)
    func everyShownVerdictIsWhatTheServiceAnswers(email: String) async throws {
        let p = try await makePlatform()
        let caller = try await p.caller(email)
        let console = ConsoleService(clock: p.clock)
        let menu = try await p.read { db in try console.menu(db, caller: caller) }
        let projects = try await p.read { db in try console.projects(db, caller: caller, menu: menu) }
        for card in projects.ofActiveOrg + projects.elsewhere {
            for action in card.actions {
                let projectId = card.line.project.id, accountId = action.accountId
                let answer = await Self.outcome(p) { db in _ = try p.projects.setPayingAccount(db, caller: caller, projectId: projectId, accountId: accountId) }
                #expect(answer == action.problem, "\(email): \(card.line.project.name) under \(action.target.name)")
            }
        }
        let created = await Self.outcome(p) { db in _ = try p.projects.create(db, caller: caller, name: "Verdict project") }
        #expect(created == projects.createProblem, "\(email): create project")
        let onboarding = try await p.read { db in try console.onboarding(db, caller: caller) }
        let onboarded = await Self.outcome(p) { db in _ = try p.orgs.create(db, caller: caller, name: "Verdict Org", providerId: nil) }
        #expect(onboarded == onboarding.problem, "\(email): onboarding")
        guard let active = menu.active?.org else { return }
        let orgId = active.id
        let added = await Self.outcome(p) { db in _ = try p.orgMembers.add(db, caller: caller, orgId: orgId, emails: ["verdict@x.example"], role: "worker") }
        let addProblem = try await p.read { db in try console.addMemberProblem(db, caller: caller, orgId: orgId) }
        #expect(added == addProblem, "\(email): add member")
        let overview = await domainError { _ = try await p.read { db in try console.overview(db, caller: caller, orgId: orgId) } }
        if overview == nil {
            let shown = try await p.read { db in try console.overview(db, caller: caller, orgId: orgId) }
            let renamed = await Self.outcome(p) { db in _ = try p.orgs.rename(db, caller: caller, orgId: orgId, name: "Verdict Name") }
            #expect(renamed == shown.renameProblem, "\(email): rename")
            let clients = await domainError { _ = try await p.read { db in try p.orgs.clients(db, caller: caller, orgId: orgId) } }
            #expect(clients?.message == shown.clientsProblem, "\(email): clients")
        } else {
            let apiAnswer = await domainError { _ = try await p.read { db in try p.orgs.overview(db, caller: caller, orgId: orgId) } }
            #expect(overview == apiAnswer)
        }
    }

    @Test func cardsOfferUnderTheActiveOrgAndBackUnderTheOwner() async throws {
        let p = try await makePlatform()
        let ada = try await p.caller("ada@provider.example")
        let console = ConsoleService(clock: p.clock)
        let projects = try await p.read { db in try console.projects(db, caller: ada, menu: try console.menu(db, caller: ada)) }
        let street = try #require(projects.ofActiveOrg.first { $0.line.project.name == "Street scenes" })
        #expect(street.line.owningOrg == "Client A" && street.line.payingOrg == "Provider Inc")
        #expect(street.actions.map(\.target.name) == ["Client A"] && street.actions[0].backToOwner)
        #expect(street.actions[0].problem?.contains("an owner or admin of organization 'Client A'") == true)
        let own = try #require(projects.ofActiveOrg.first { $0.line.project.name == "Provider R&D" })
        #expect(own.actions.isEmpty)
    }
}

@Suite struct WebSessionTests {
    @Test func sessionsExpireAndTheStoreIsBounded() {
        let store = WebSessionStore(capacity: 3)
        let first = store.create(userId: "a", nowMs: 0)
        #expect(store.session(first.id, nowMs: WebSessionStore.lifetimeMs - 1)?.userId == "a")
        #expect(store.session(first.id, nowMs: WebSessionStore.lifetimeMs) == nil)
        let kept = (1...5).map { store.create(userId: "u\($0)", nowMs: Int64($0)) }
        #expect(kept.prefix(2).allSatisfy { store.session($0.id, nowMs: 10) == nil })
        #expect(kept.suffix(3).allSatisfy { store.session($0.id, nowMs: 10) != nil })
        #expect(Set(kept.map(\.csrfToken)).count == 5 && kept.allSatisfy { $0.csrfToken.count == 64 && $0.id != $0.csrfToken })
    }

    @Test func aFlashIsShownOnce() {
        let store = WebSessionStore()
        let session = store.create(userId: "a", nowMs: 0)
        store.setFlash(Flash(message: "m", isError: true, form: "rename", values: ["name": "x"]), for: session.id)
        #expect(store.takeFlash(for: session.id)?.values == ["name": "x"])
        #expect(store.takeFlash(for: session.id) == nil)
    }

    @Test func tokensCompareInConstantTimeAndOnlyWhenEqual() {
        #expect(ConsoleForm.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!ConsoleForm.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!ConsoleForm.constantTimeEqual(Array("abc".utf8), Array("ab".utf8)))
        #expect(!ConsoleForm.constantTimeEqual([], Array("a".utf8)))
    }
}

@Suite struct RuleProblemTests {
    @Test func itIsTheRulesOwnMessageOrNil() {
        #expect(RuleProblem.of { () throws(DomainError) in
            try OrgAccessRule.check(.rename, role: .member, isSuperuser: false, orgName: "Acme")
        } == "only an owner or an admin of organization 'Acme' can rename it")
        #expect(RuleProblem.of { () throws(DomainError) in
            try OrgAccessRule.check(.rename, role: .admin, isSuperuser: false, orgName: "Acme")
        } == nil)
    }
}
