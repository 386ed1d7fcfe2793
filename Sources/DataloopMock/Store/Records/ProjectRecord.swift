import GRDB

public struct ProjectRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "project"
    public var id: String
    public var name: String
    /// The owning org; never changes.
    public var orgId: String
    /// The paying account; may belong to another org (see `PayingAccountRule`).
    public var accountId: String
    public var creatorId: String?
    public var systemProject: Bool
    public var isBlocked: Bool
    public var archived: Bool
    public var createdAt: Int64
    public var updatedAt: Int64
}

public struct ProjectContributorRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "projectContributor"
    public var projectId: String
    public var userId: String
    public var role: String
    public var position: Int64
    public var createdAt: Int64
}

public struct DatasetRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "dataset"
    public var id: String
    public var projectId: String
    public var name: String
}

public struct TaskRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "task"
    public var id: String
    public var projectId: String
    public var name: String
}
