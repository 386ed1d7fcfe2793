import GRDB

public struct OrgMemberRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "orgMember"
    public var orgId: String
    public var userId: String
    public var role: OrgRole
    /// Insertion order, so that member lists come back in a stable order.
    public var position: Int64
    public var createdAt: Int64

    public enum Columns {
        static let orgId = Column(CodingKeys.orgId)
        static let userId = Column(CodingKeys.userId)
        static let role = Column(CodingKeys.role)
        static let position = Column(CodingKeys.position)
        static let createdAt = Column(CodingKeys.createdAt)
    }
}
