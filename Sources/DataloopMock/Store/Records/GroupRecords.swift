import GRDB

public struct GroupRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "orgGroup"
    public var id: String
    public var orgId: String
    public var name: String
    public var ownerId: String?
    public var createdAt: Int64
    public var updatedAt: Int64
}

public struct GroupMemberRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "groupMember"
    public var groupId: String
    public var userId: String
}
