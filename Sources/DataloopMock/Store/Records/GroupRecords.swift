import GRDB

public struct GroupRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "orgGroup"
    public var id: String
    public var orgId: String
    public var name: String
    public var ownerId: String?
    public var createdAt: Int64
    public var updatedAt: Int64

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let orgId = Column(CodingKeys.orgId)
        static let name = Column(CodingKeys.name)
        static let createdAt = Column(CodingKeys.createdAt)
    }
}

public struct GroupMemberRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "groupMember"
    public var groupId: String
    public var userId: String

    public enum Columns {
        static let groupId = Column(CodingKeys.groupId)
        static let userId = Column(CodingKeys.userId)
    }
}
