import GRDB

public struct OrgRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "org"
    public var id: String
    public var name: String
    /// The lowercased name: the unique key that makes names unique case-insensitively.
    public var nameKey: String
    public var plan: String
    public var ownerId: String?
    public var creatorId: String?
    public var providerId: String?
    public var logoUrl: String?
    public var cacheState: String
    public var cacheReadyAt: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64

    static func nameKey(_ name: String) -> String { name.lowercased() }
}
