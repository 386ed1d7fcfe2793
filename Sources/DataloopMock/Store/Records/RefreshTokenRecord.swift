import GRDB

public struct RefreshTokenRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "refreshToken"
    public var token: String
    public var userId: String
    public var expiresAt: Int64
}
