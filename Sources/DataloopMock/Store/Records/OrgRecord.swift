import GRDB

public struct OrgRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "org"
    public var id: String
    public var name: String
    /// The lowercased name: the unique key that makes names unique case-insensitively.
    public var nameKey: String
    public var plan: OrgPlan
    public var ownerId: String?
    public var creatorId: String?
    public var providerId: String?
    public var logoUrl: String?
    public var cacheState: OrgCacheState
    public var cacheReadyAt: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64

    static func nameKey(_ name: String) -> String { CaseInsensitiveKey.of(name) }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let nameKey = Column(CodingKeys.nameKey)
        static let providerId = Column(CodingKeys.providerId)
        static let createdAt = Column(CodingKeys.createdAt)
        static let ownerId = Column(CodingKeys.ownerId)
        static let plan = Column(CodingKeys.plan)
        static let cacheState = Column(CodingKeys.cacheState)
        static let cacheReadyAt = Column(CodingKeys.cacheReadyAt)
    }
}
