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

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let orgId = Column(CodingKeys.orgId)
        static let accountId = Column(CodingKeys.accountId)
        static let systemProject = Column(CodingKeys.systemProject)
        static let createdAt = Column(CodingKeys.createdAt)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }
}

public struct ProjectContributorRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "projectContributor"
    public var projectId: String
    public var userId: String
    public var role: ProjectRole
    public var position: Int64
    public var createdAt: Int64

    public enum Columns {
        static let projectId = Column(CodingKeys.projectId)
        static let userId = Column(CodingKeys.userId)
        static let role = Column(CodingKeys.role)
        static let position = Column(CodingKeys.position)
    }
}

public struct DatasetRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "dataset"
    public var id: String
    public var projectId: String
    public var name: String
    public var creatorId: String?
    /// The platform's `Binaries` dataset, made with every project; listed only in system space.
    public var systemDataset: Bool
    public var createdAt: Int64
    public var updatedAt: Int64

    public enum Columns {
        static let projectId = Column(CodingKeys.projectId)
        static let name = Column(CodingKeys.name)
        static let systemDataset = Column(CodingKeys.systemDataset)
        static let createdAt = Column(CodingKeys.createdAt)
        static let id = Column(CodingKeys.id)
    }

    /// The name of the system dataset every project has.
    public static let binariesName = "Binaries"

    /// The `Binaries` system dataset of a project: its id derived from the project's, so a
    /// fixture always gives the same one.
    public static func binaries(of project: ProjectRecord) -> DatasetRecord {
        DatasetRecord(id: DeterministicID.uuid("binaries", project.id), projectId: project.id, name: binariesName,
                      creatorId: project.creatorId, systemDataset: true, createdAt: project.createdAt, updatedAt: project.createdAt)
    }
}

public struct TaskRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "task"
    public var id: String
    public var projectId: String
    public var name: String

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let projectId = Column(CodingKeys.projectId)
        static let name = Column(CodingKeys.name)
    }
}
