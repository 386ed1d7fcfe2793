/// A user's role in an organization, most powerful first.
public enum OrgRole: String, Codable, Sendable, CaseIterable {
    case owner, admin, member, worker

    /// Owners and admins manage the organization (members, integrations, paying accounts).
    public var managesOrg: Bool { self == .owner || self == .admin }
}

/// A contributor's role in a project.
public enum ProjectRole: String, Codable, Sendable, CaseIterable {
    case owner, engineer, annotator, annotationManager
}

public enum OrgPlan: String, Codable, Sendable, CaseIterable {
    case freemium, premium
}
