import GRDB

public struct RefreshTokenRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "refreshToken"
    public var token: String
    public var userId: String
    public var expiresAt: Int64

    public enum Columns {
        static let token = Column(CodingKeys.token)
        static let userId = Column(CodingKeys.userId)
        static let expiresAt = Column(CodingKeys.expiresAt)
    }
}
