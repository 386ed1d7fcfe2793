import Testing
@testable import DataloopMock

/// Each rule alone, without a database or HTTP.
@Suite struct PayingAccountRuleTests {
    @Test func projectOwnerWhoAdministersThePayingOrgMaySetIt() throws {
        for role in [OrgRole.owner, .admin] {
            try PayingAccountRule.check(callerProjectRole: .owner, callerRoleInPayingOrg: role, projectName: "P", payingOrgName: "Acme")
        }
    }

    @Test func notAProjectOwnerIsRefusedNamingThatCondition() {
        #expect(throws: DomainError.self) {
            try PayingAccountRule.check(callerProjectRole: .engineer, callerRoleInPayingOrg: .owner, projectName: "P", payingOrgName: "Acme")
        }
        do {
            try PayingAccountRule.check(callerProjectRole: .engineer, callerRoleInPayingOrg: .owner, projectName: "P", payingOrgName: "Acme")
        } catch {
            #expect(error.message.contains("an owner of project 'P'"))
            #expect(!error.message.contains("owner or admin of organization"))
        }
    }

    @Test(arguments: [OrgRole?.none, .member, .worker])
    func notAnOwnerOrAdminOfThePayingOrgIsRefused(role: OrgRole?) {
        do {
            try PayingAccountRule.check(callerProjectRole: .owner, callerRoleInPayingOrg: role, projectName: "P", payingOrgName: "Acme")
            Issue.record("expected a refusal")
        } catch {
            guard case .forbidden(let message) = error else { Issue.record("expected forbidden, got \(error)"); return }
            #expect(message.contains("an owner or admin of organization 'Acme'"))
            #expect(!message.contains("an owner of project"))
        }
    }

    @Test func bothConditionsMissingNamesBoth() {
        do {
            try PayingAccountRule.check(callerProjectRole: .annotator, callerRoleInPayingOrg: nil, projectName: "P", payingOrgName: "Acme")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.message.contains("an owner of project 'P' and an owner or admin of organization 'Acme'"))
        }
    }
}

@Suite struct OrgMembershipRuleTests {
    @Test func ownerMayAddAnyRole() throws {
        for role in OrgRole.allCases {
            try OrgMembershipRule.checkAdd(actor: .owner, isSuperuser: false, newRole: role, orgName: "O")
        }
    }

    @Test func adminMayAddAllButOwners() throws {
        for role in [OrgRole.admin, .member, .worker] {
            try OrgMembershipRule.checkAdd(actor: .admin, isSuperuser: false, newRole: role, orgName: "O")
        }
        #expect(throws: DomainError.forbidden("only an owner of organization 'O' can add members with role owner")) {
            try OrgMembershipRule.checkAdd(actor: .admin, isSuperuser: false, newRole: .owner, orgName: "O")
        }
    }

    @Test(arguments: [OrgRole?.none, .member, .worker])
    func othersMayNotAdd(actor: OrgRole?) {
        #expect(throws: DomainError.forbidden("only an owner or admin of organization 'O' can add members")) {
            try OrgMembershipRule.checkAdd(actor: actor, isSuperuser: false, newRole: .member, orgName: "O")
        }
    }

    @Test func superuserMayAdd() throws {
        try OrgMembershipRule.checkAdd(actor: nil, isSuperuser: true, newRole: .owner, orgName: "O")
    }

    @Test func adminMayNotChangeToOrFromOwner() {
        #expect(throws: DomainError.forbidden("only an owner of organization 'O' can change a role to or from owner")) {
            try OrgMembershipRule.checkChange(actor: .admin, isSuperuser: false, from: .member, to: .owner, orgName: "O")
        }
        #expect(throws: DomainError.forbidden("only an owner of organization 'O' can change a role to or from owner")) {
            try OrgMembershipRule.checkChange(actor: .admin, isSuperuser: false, from: .owner, to: .member, orgName: "O")
        }
        // Setting a non-member to owner is refused for what it asks, before "not a member".
        #expect(throws: DomainError.forbidden("only an owner of organization 'O' can change a role to or from owner")) {
            try OrgMembershipRule.checkChange(actor: .admin, isSuperuser: false, from: nil, to: .owner, orgName: "O")
        }
    }

    @Test func adminMayChangeOtherRoles() throws {
        try OrgMembershipRule.checkChange(actor: .admin, isSuperuser: false, from: .member, to: .worker, orgName: "O")
        try OrgMembershipRule.checkChange(actor: .admin, isSuperuser: false, from: nil, to: .worker, orgName: "O")
    }

    @Test func lastOwnerCannotBeDemotedOrRemoved() {
        #expect(throws: DomainError.conflict("the last owner of organization 'O' cannot be demoted; make another member owner first")) {
            try OrgMembershipRule.checkOwnersRemain(current: .owner, new: .admin, ownerCount: 1, orgName: "O")
        }
        #expect(throws: DomainError.conflict("the last owner of organization 'O' cannot be removed; make another member owner first")) {
            try OrgMembershipRule.checkOwnersRemain(current: .owner, new: nil, ownerCount: 1, orgName: "O")
        }
        #expect(throws: DomainError.conflict("organization 'O' needs at least one member with role owner")) {
            try OrgMembershipRule.checkOwnersRemain(current: nil, new: nil, ownerCount: 0, orgName: "O")
        }
    }

    @Test func anOwnerAmongSeveralMayGoAndOthersAlways() throws {
        try OrgMembershipRule.checkOwnersRemain(current: .owner, new: nil, ownerCount: 2, orgName: "O")
        try OrgMembershipRule.checkOwnersRemain(current: .owner, new: .owner, ownerCount: 1, orgName: "O")
        try OrgMembershipRule.checkOwnersRemain(current: .member, new: nil, ownerCount: 1, orgName: "O")
        try OrgMembershipRule.checkOwnersRemain(current: nil, new: nil, ownerCount: 1, orgName: "O")
        try OrgMembershipRule.checkRemove(actor: .owner, isSuperuser: false, target: .owner, orgName: "O")
    }

    @Test func adminMayNotRemoveAnOwner() {
        #expect(throws: DomainError.forbidden("only an owner of organization 'O' can remove an owner")) {
            try OrgMembershipRule.checkRemove(actor: .admin, isSuperuser: false, target: .owner, orgName: "O")
        }
    }

    @Test func memberMayNotRemove() {
        #expect(throws: DomainError.forbidden("only an owner or admin of organization 'O' can remove members")) {
            try OrgMembershipRule.checkRemove(actor: .member, isSuperuser: false, target: .worker, orgName: "O")
        }
        #expect(throws: DomainError.forbidden("only an owner or admin of organization 'O' can remove members")) {
            try OrgMembershipRule.checkRemove(actor: .member, isSuperuser: false, target: nil, orgName: "O")
        }
    }
}

@Suite struct OrgOwnerRuleTests {
    static func member(_ user: String, _ role: OrgRole, since: Int64, at position: Int64) -> OrgMemberRecord {
        OrgMemberRecord(orgId: "o", userId: user, role: role, position: position, createdAt: since)
    }

    @Test func theOwnerIsTheLongestStandingOwner() {
        let ada = Self.member("ada", .owner, since: 1, at: 0)
        let grace = Self.member("grace", .admin, since: 1, at: 1)
        let linus = Self.member("linus", .owner, since: 5, at: 2)
        #expect(OrgOwnerRule.owner(of: [grace, linus, ada]) == "ada")
        // Ada demoted: of the owners left, the longest-standing one.
        var demoted = ada
        demoted.role = .admin
        #expect(OrgOwnerRule.owner(of: [demoted, grace, linus]) == "linus")
        // Grace promoted: she joined with Ada, before Linus; the list order breaks the tie.
        var promoted = grace
        promoted.role = .owner
        #expect(OrgOwnerRule.owner(of: [demoted, promoted, linus]) == "grace")
        #expect(OrgOwnerRule.owner(of: [demoted]) == nil)
    }
}

@Suite struct OrgAccessRuleTests {
    @Test func workersSeeTheOrgButNotItsMembers() throws {
        try OrgAccessRule.check(.view, role: .worker, isSuperuser: false, orgName: "O")
        #expect(throws: DomainError.forbidden("only an owner, an admin or a member of organization 'O' can list its members")) {
            try OrgAccessRule.check(.listMembers, role: .worker, isSuperuser: false, orgName: "O")
        }
    }

    @Test func nonMembersAreRefused() {
        #expect(throws: DomainError.forbidden("only members of organization 'O' can view it")) {
            try OrgAccessRule.check(.view, role: nil, isSuperuser: false, orgName: "O")
        }
    }

    @Test func onlyOwnersAndAdminsRename() throws {
        try OrgAccessRule.check(.rename, role: .admin, isSuperuser: false, orgName: "O")
        #expect(throws: DomainError.forbidden("only an owner or an admin of organization 'O' can rename it")) {
            try OrgAccessRule.check(.rename, role: .member, isSuperuser: false, orgName: "O")
        }
    }

    @Test func onlySuperusersSetThePlan() throws {
        try OrgAccessRule.check(.setPlan, role: nil, isSuperuser: true, orgName: "O")
        #expect(throws: DomainError.forbidden("only a superuser can change the plan of organization 'O'")) {
            try OrgAccessRule.check(.setPlan, role: .owner, isSuperuser: false, orgName: "O")
        }
    }
}

@Suite struct ProjectRuleTests {
    @Test func noActiveOrgIsABadRequestThatSaysWhy() {
        do {
            try ProjectAccessRule.checkCreate(activeOrg: nil, roleInActiveOrg: nil)
            Issue.record("expected a refusal")
        } catch {
            guard case .badRequest(let message) = error else { Issue.record("expected 400"); return }
            #expect(message.contains("no active organization"))
        }
    }

    @Test func workersCannotCreateProjects() {
        let org = OrgRecord(id: "o", name: "O", nameKey: "o", plan: .freemium, ownerId: nil, creatorId: nil, providerId: nil,
                            logoUrl: nil, cacheState: .none, cacheReadyAt: nil, createdAt: 0, updatedAt: 0)
        #expect(throws: DomainError.self) { try ProjectAccessRule.checkCreate(activeOrg: org, roleInActiveOrg: .worker) }
        #expect(throws: Never.self) { try ProjectAccessRule.checkCreate(activeOrg: org, roleInActiveOrg: .member) }
    }

    @Test func visibility() {
        #expect(ProjectAccessRule.canView(projectRole: .annotator, roleInOwningOrg: nil, isSuperuser: false))
        #expect(ProjectAccessRule.canView(projectRole: nil, roleInOwningOrg: .admin, isSuperuser: false))
        #expect(!ProjectAccessRule.canView(projectRole: nil, roleInOwningOrg: .member, isSuperuser: false))
        #expect(ProjectAccessRule.canView(projectRole: nil, roleInOwningOrg: nil, isSuperuser: true))
    }

    @Test func annotationManagersManageAnnotatorsOnly() throws {
        try ProjectMembershipRule.checkManage(actor: .annotationManager, targetCurrent: nil, targetNew: .annotator, projectName: "P")
        try ProjectMembershipRule.checkManage(actor: .annotationManager, targetCurrent: .annotator, targetNew: nil, projectName: "P")
        #expect(throws: DomainError.self) {
            try ProjectMembershipRule.checkManage(actor: .annotationManager, targetCurrent: nil, targetNew: .engineer, projectName: "P")
        }
        #expect(throws: DomainError.self) {
            try ProjectMembershipRule.checkManage(actor: .annotationManager, targetCurrent: .annotator, targetNew: .owner, projectName: "P")
        }
        #expect(throws: DomainError.self) {
            try ProjectMembershipRule.checkManage(actor: .engineer, targetCurrent: nil, targetNew: .annotator, projectName: "P")
        }
    }

    @Test func lastProjectOwnerStays() {
        #expect(throws: DomainError.conflict("the last owner of project 'P' cannot be removed or demoted")) {
            try ProjectMembershipRule.checkOwnersRemain(current: .owner, new: nil, ownerCount: 1, projectName: "P")
        }
        #expect(throws: DomainError.conflict("the last owner of project 'P' cannot be removed or demoted")) {
            try ProjectMembershipRule.checkOwnersRemain(current: .owner, new: .engineer, ownerCount: 1, projectName: "P")
        }
        #expect(throws: DomainError.conflict("project 'P' needs at least one contributor with role owner")) {
            try ProjectMembershipRule.checkOwnersRemain(current: nil, new: nil, ownerCount: 0, projectName: "P")
        }
        #expect(throws: Never.self) {
            try ProjectMembershipRule.checkOwnersRemain(current: .owner, new: nil, ownerCount: 2, projectName: "P")
        }
    }

    @Test func onboardingOnlyForUsersWithoutAnOrg() {
        #expect(throws: Never.self) { try OnboardingRule.checkCreate(membershipCount: 0) }
        #expect(throws: DomainError.self) { try OnboardingRule.checkCreate(membershipCount: 1) }
    }
}

@Suite struct NameRuleTests {
    /// The name dtlpy's own project scenarios create on the real platform: the whole alphabet
    /// the platform takes, plus a suffix, over 100 characters in all.
    static let upstreamName = "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*()_+-[]|.,"
        + "_0123456789abcdef0123456789abcdef"

    @Test func orgNamesAreTrimmedAndBounded() throws {
        #expect(try NameRule.org.validated("  Acme  ") == "Acme")
        #expect(NameRule.org.problem(with: "   ") == "an organization name cannot be empty")
        #expect(NameRule.org.problem(with: String(repeating: "x", count: 257)) == "an organization name is at most 256 characters (got 257)")
        #expect(try NameRule.org.validated(String(repeating: "x", count: 256)).count == 256)
    }

    @Test func theUpstreamAlphabetIsAcceptedPastOneHundredCharacters() throws {
        #expect(Self.upstreamName.count > 100)
        #expect(try NameRule.project.validated(Self.upstreamName) == Self.upstreamName)
        #expect(try NameRule.org.validated(Self.upstreamName) == Self.upstreamName)
    }

    @Test func charactersOutsideThePlatformAlphabetAreRefused() {
        for bad in ["¤", "¶", "§", "'", "/", ":", ";", "<", "=", ">", "?", "{", "}", "~", "Ç", "ü", "é", "Æ", "€", "…", "\\", "\"", "`"] {
            #expect(NameRule.project.problem(with: "a\(bad)b")?.hasPrefix("a project name cannot contain '\(bad)' (allowed: ") == true, "\(bad)")
            #expect(NameRule.org.problem(with: "a\(bad)b") != nil, "\(bad)")
        }
        #expect(NameRule.project.problem(with: "a<b>") == "a project name cannot contain '<' (allowed: letters A-Z and a-z, digits, space and !@#$%^&*()_+-[]|.,)")
    }

    @Test func controlCharactersAreRefusedEverywhereAndNamedByCodePoint() {
        #expect(NameRule.org.problem(with: "Client B\u{0}x")?.hasPrefix("an organization name cannot contain U+0000") == true)
        #expect(NameRule.project.problem(with: "a\u{7}b")?.hasPrefix("a project name cannot contain U+0007") == true)
        #expect(NameRule.integration.problem(with: "raw\u{0}bucket") == "an integration name cannot contain U+0000")
        #expect(NameRule.integration.problem(with: "raw\u{85}bucket") == "an integration name cannot contain U+0085")
    }

    @Test func integrationNamesAreFreeText() throws {
        #expect(NameRule.integration.problem(with: " ") == "an integration name cannot be empty")
        #expect(NameRule.integration.problem(with: "a/b:ü") == nil)
        #expect(try NameRule.integration.validated(" raw-bucket ") == "raw-bucket")
    }

    @Test func emails() {
        #expect(EmailAddress.isValid("a@b.example"))
        // The ASCII fast paths answer as the Unicode definitions do, for every ASCII character.
        func reference(_ email: String) -> Bool {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
                && !parts[1].hasSuffix(".") && email.count <= 254
                && !email.contains(where: { $0.isWhitespace || $0.isNewline }) && !email.unicodeScalars.contains { $0.properties.generalCategory == .control }
        }
        var samples = (0..<128).flatMap { byte -> [String] in
            let c = String(UnicodeScalar(UInt8(byte)))
            return ["a\(c)b@x.example", "\(c)@x.example", "a@x\(c).example", "a@x.example\(c)"]
        }
        samples += ["\u{85}a@x.example", "a\u{A0}b@x.example", "é@x.example", String(repeating: "a", count: 250) + "@x.example",
                    String(repeating: "a", count: 240) + "@x.example"]
        for sample in samples {
            #expect(EmailAddress.isValid(sample) == reference(sample), "\(Array(sample.unicodeScalars.map(\.value)))")
            #expect(ControlCharacters.contains(sample) == sample.unicodeScalars.contains { $0.properties.generalCategory == .control })
        }
        for bad in ["", "a", "a@", "@b.c", "a@b", "a b@c.d", "a@@b.c", "eve\u{0}@x.example", "ada@provider.example\u{0}junk", "a\u{1b}@b.c"] { #expect(!EmailAddress.isValid(bad), "\(bad)") }
    }
}
