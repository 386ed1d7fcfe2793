/// An org's billing account.
struct AccountJSON: FieldsView, Sendable {
    let account: AccountRecord

    init(_ account: AccountRecord) { self.account = account }

    var fields: Fields { Fields(account) }

    struct Fields: Encodable {
        var id: String
        var name: String
        var org: String
        @Nullable var owner: String?
        @Nullable var creator: String?
        var createdAt: Int64
        var updatedAt: Int64

        init(_ account: AccountRecord) {
            id = account.id
            name = account.name
            org = account.orgId
            owner = account.ownerId
            creator = account.creatorId
            createdAt = account.createdAt
            updatedAt = account.updatedAt
        }
    }
}

/// A group with the ids of its members.
struct GroupJSON: FieldsView, Sendable {
    let details: GroupDetails

    init(_ details: GroupDetails) { self.details = details }

    var fields: Fields { Fields(details) }

    struct Fields: Encodable {
        var id: String
        var name: String
        var org: String
        @Nullable var owner: String?
        var members: [String]
        var createdAt: Int64
        var updatedAt: Int64

        init(_ details: GroupDetails) {
            id = details.group.id
            name = details.group.name
            org = details.group.orgId
            owner = details.group.ownerId
            members = details.memberIds
            createdAt = details.group.createdAt
            updatedAt = details.group.updatedAt
        }
    }
}

/// An org with its members, groups and account.
struct OrgJSON: FieldsView, Sendable {
    let details: OrgDetails

    init(_ details: OrgDetails) { self.details = details }

    var fields: Fields { Fields(details) }

    struct Fields: Encodable {
        var id: String
        var name: String
        var plan: String
        @Nullable var owner: String?
        @Nullable var creator: String?
        var createdAt: Int64
        var updatedAt: Int64
        @Nullable var logoUrl: String?
        var members: [UserJSON]
        var groups: [GroupJSON]
        var account: AccountJSON
        @Nullable var provider: String?

        init(_ details: OrgDetails) {
            let org = details.org
            id = org.id
            name = org.name
            plan = org.plan.rawValue
            owner = org.ownerId
            creator = org.creatorId
            createdAt = org.createdAt
            updatedAt = org.updatedAt
            logoUrl = org.logoUrl
            members = details.members.map(UserJSON.init)
            groups = details.groups.map(GroupJSON.init)
            account = AccountJSON(details.account)
            provider = org.providerId
        }
    }
}

/// The short form of an org that a project carries (`project.org['id']`).
struct OrgSummaryJSON: FieldsView, Sendable {
    let org: OrgRecord

    init(_ org: OrgRecord) { self.org = org }

    var fields: Fields { Fields(org) }

    struct Fields: Encodable {
        var id: String
        var name: String
        var plan: String
        @Nullable var provider: String?
        @Nullable var owner: String?

        init(_ org: OrgRecord) {
            id = org.id
            name = org.name
            plan = org.plan.rawValue
            provider = org.providerId
            owner = org.ownerId
        }
    }
}

struct OverviewJSON: Encodable, Sendable {
    struct OrgRef: Encodable, Sendable { var id: String; var name: String }
    /// `billed`: projects of other orgs billed to this org's account; `billedElsewhere`: this
    /// org's projects billed to another org's account (the paying side, seen from both ends).
    struct Projects: Encodable, Sendable { var owned: Int; var billed: Int; var billedElsewhere: Int }
    struct Members: Encodable, Sendable { var total, owner, admin, member, worker: Int }
    var org: OrgRef
    var projects: Projects
    var datasets: Int
    var tasks: Int
    var members: Members

    init(_ overview: OrgOverview) {
        org = OrgRef(id: overview.org.id, name: overview.org.name)
        projects = Projects(owned: overview.ownedProjects, billed: overview.billedProjects, billedElsewhere: overview.billedElsewhere)
        datasets = overview.datasets
        tasks = overview.tasks
        let count = { (role: OrgRole) in overview.membersByRole[role] ?? 0 }
        members = Members(total: overview.membersByRole.values.reduce(0, +), owner: count(.owner), admin: count(.admin),
                          member: count(.member), worker: count(.worker))
    }
}
