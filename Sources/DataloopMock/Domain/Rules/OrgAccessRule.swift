/// Who may do what to an organization, given the caller's role in it. Superusers pass
/// every check: they are the platform's operators.
public enum OrgAccessRule {
    public enum Action: Sendable {
        case view, listMembers, listGroups, listProjects, viewOverview
        case rename, listClients, manageIntegrations, setPlan, manageCache

        /// A fixed list per action: every org view asks three of these, and building a `Set`
        /// (hashing each role's name) on every ask showed in callgrind's count of an uncached read.
        var allowedRoles: [OrgRole] {
            switch self {
            case .view: return Self.everyRole
            case .listMembers, .listGroups, .listProjects, .viewOverview: return Self.members
            case .rename, .listClients, .manageIntegrations: return Self.managers
            case .manageCache: return Self.owners
            case .setPlan: return []
            }
        }

        private static let everyRole: [OrgRole] = [.owner, .admin, .member, .worker]
        private static let members: [OrgRole] = [.owner, .admin, .member]
        private static let managers: [OrgRole] = [.owner, .admin]
        private static let owners: [OrgRole] = [.owner]

        var phrase: String {
            switch self {
            case .view: return "view it"
            case .listMembers: return "list its members"
            case .listGroups: return "list its groups"
            case .listProjects: return "list its projects"
            case .viewOverview: return "see its overview"
            case .rename: return "rename it"
            case .listClients: return "list its client organizations"
            case .manageIntegrations: return "manage its integrations"
            case .manageCache: return "manage its cache"
            case .setPlan: return "change its plan"
            }
        }
    }

    public static func allows(_ action: Action, role: OrgRole?, isSuperuser: Bool) -> Bool {
        if isSuperuser { return true }
        if let role { return action.allowedRoles.contains(role) }
        return false
    }

    public static func check(_ action: Action, role: OrgRole?, isSuperuser: Bool, orgName: String) throws(DomainError) {
        if allows(action, role: role, isSuperuser: isSuperuser) { return }
        switch action {
        case .setPlan:
            throw .forbidden("only a superuser can change the plan of organization '\(orgName)'")
        case .view:
            throw .forbidden("only members of organization '\(orgName)' can \(action.phrase)")
        default:
            let names = OrgRole.allCases.filter { action.allowedRoles.contains($0) }.map(\.rawValue)
            throw .forbidden("only \(Self.list(names)) of organization '\(orgName)' can \(action.phrase)")
        }
    }

    static func list(_ roles: [String]) -> String {
        let plural = roles.map { $0 == "owner" ? "an owner" : ($0 == "admin" ? "an admin" : "a \($0)") }
        switch plural.count {
        case 0: return "nobody"
        case 1: return plural[0]
        case 2: return "\(plural[0]) or \(plural[1])"
        default: return plural.dropLast().joined(separator: ", ") + " or " + plural.last!
        }
    }
}
