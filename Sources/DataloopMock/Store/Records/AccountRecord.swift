import GRDB

public struct AccountRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "account"
    public var id: String
    public var orgId: String
    public var name: String
    public var ownerId: String?
    public var creatorId: String?
    public var createdAt: Int64
    public var updatedAt: Int64

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let orgId = Column(CodingKeys.orgId)
        static let name = Column(CodingKeys.name)
        static let ownerId = Column(CodingKeys.ownerId)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }
}
