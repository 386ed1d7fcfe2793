/// What the domain hands back to the API layer: records joined with what a response needs.
/// The API layer turns these into the platform's JSON shapes.
public struct Member: Sendable, Equatable {
    public var user: UserRecord
    public var role: String
}

public struct GroupDetails: Sendable, Equatable {
    public var group: GroupRecord
    public var memberIds: [String]
}

public struct OrgDetails: Sendable, Equatable {
    public var org: OrgRecord
    public var account: AccountRecord
    public var members: [Member]
    public var groups: [GroupDetails]
}

public struct ProjectDetails: Sendable, Equatable {
    public var project: ProjectRecord
    public var org: OrgRecord
    public var contributors: [Member]
    /// The caller's own project role, nil when they see it through their org role.
    public var callerRole: String?
}

public struct OrgOverview: Sendable, Equatable {
    public var org: OrgRecord
    public var ownedProjects: Int
    public var billedProjects: Int
    /// Projects this org owns whose bill another org's account pays.
    public var billedElsewhere: Int
    public var datasets: Int
    public var tasks: Int
    public var membersByRole: [OrgRole: Int]
}
