import GRDB

public struct OrgMemberRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "orgMember"
    public var orgId: String
    public var userId: String
    public var role: String
    /// Insertion order, so that member lists come back in a stable order.
    public var position: Int64
    public var createdAt: Int64
}
