import GRDB

public struct IntegrationRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "integration"
    public var id: String
    public var orgId: String
    public var type: String
    public var name: String
    /// JSON text; holds secrets, so it is never rendered back to a client.
    public var options: String
    public var metadata: String?
    public var creatorId: String?
    public var createdAt: Int64
    public var updatedAt: Int64

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let orgId = Column(CodingKeys.orgId)
        static let createdAt = Column(CodingKeys.createdAt)
    }
}
