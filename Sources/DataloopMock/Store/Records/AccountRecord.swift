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
}
