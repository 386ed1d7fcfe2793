/// Who may create, change and delete projects, and manage their contributors.
public enum ProjectAccessRule {
    /// Projects are created in the caller's active org, by its owners, admins and members.
    public static func checkCreate(activeOrg: OrgRecord?, roleInActiveOrg: OrgRole?) throws(DomainError) {
        guard let activeOrg else {
            throw .badRequest("you have no active organization: join one, or switch to one with PATCH /users/me {\"org\": ORG_ID}, before creating a project")
        }
        guard let role = roleInActiveOrg, role != .worker else {
            throw .forbidden("only an owner, admin or member of organization '\(activeOrg.name)' can create projects in it")
        }
    }

    /// Contributors see a project; so do the owners and admins of the org that owns it.
    public static func canView(projectRole: ProjectRole?, roleInOwningOrg: OrgRole?, isSuperuser: Bool) -> Bool {
        isSuperuser || projectRole != nil || (roleInOwningOrg?.managesOrg ?? false)
    }

    public static func checkOwner(projectRole: ProjectRole?, projectName: String, action: String) throws(DomainError) {
        guard projectRole == .owner else { throw .forbidden("only an owner of project '\(projectName)' can \(action)") }
    }

    public static func checkDelete(projectRole: ProjectRole?, project: ProjectRecord) throws(DomainError) {
        if project.systemProject {
            throw .forbidden("project '\(project.name)' is its organization's system project and cannot be deleted")
        }
        try checkOwner(projectRole: projectRole, projectName: project.name, action: "delete it")
    }
}

/// Project contributors: owners manage everyone; an annotationManager manages annotators only;
/// the last owner stays.
public enum ProjectMembershipRule {
    public static func checkManage(actor: ProjectRole?, targetCurrent: ProjectRole?, targetNew: ProjectRole?,
                                   projectName: String) throws(DomainError) {
        if actor == .owner { return }
        if actor == .annotationManager {
            let touchesOnlyAnnotators = (targetCurrent == nil || targetCurrent == .annotator)
                && (targetNew == nil || targetNew == .annotator)
            if touchesOnlyAnnotators { return }
            throw .forbidden("an annotationManager of project '\(projectName)' can only add or remove annotators")
        }
        throw .forbidden("only an owner of project '\(projectName)' (or an annotationManager, for annotators) can manage its members")
    }

    /// The last-owner rule for projects: a project keeps at least one owner through every
    /// change (`current` → `new`, nil for a removal) and in every fixture (`current` nil).
    public static func checkOwnersRemain(current: ProjectRole?, new: ProjectRole?, ownerCount: Int,
                                         projectName: String) throws(DomainError) {
        let losesOne = current == .owner && new != .owner
        guard ownerCount - (losesOne ? 1 : 0) < 1 else { return }
        if current == .owner {
            throw .conflict("the last owner of project '\(projectName)' cannot be removed or demoted")
        }
        throw .conflict("project '\(projectName)' needs at least one contributor with role owner")
    }
}

/// The active organization is one the user belongs to.
public enum ActiveOrgRule {
    public static func checkSwitch(roleInTarget: OrgRole?, orgName: String) throws(DomainError) {
        if roleInTarget == nil {
            throw .forbidden("you are not a member of organization '\(orgName)', so it cannot be your active organization")
        }
    }
}

/// Organizations are created by onboarding only: a user who belongs to no org creates one.
public enum OnboardingRule {
    public static func checkCreate(membershipCount: Int) throws(DomainError) {
        if membershipCount > 0 {
            throw .forbidden("organizations are not created through the API; only a user who belongs to no organization may create one (onboarding)")
        }
    }
}

/// A user has at most one project by a name, ignoring case, among the projects they contribute
/// to. The platform answers a clash with 400 "Failed to create project: ..." (dtlpy's own
/// scenarios assert that message); a rename onto such a name is refused the same way.
public enum ProjectNameRule {
    public enum Action: String, Sendable { case create, update }

    public static func checkUnique(_ name: String, callerAlreadyHasIt: Bool, action: Action) throws(DomainError) {
        if callerAlreadyHasIt {
            throw .badRequest("Failed to \(action.rawValue) project: you already have a project named '\(name)' (project names are unique per user, ignoring case)")
        }
    }
}
