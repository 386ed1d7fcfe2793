import GRDB

public struct UserRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "user"
    public var id: String
    public var email: String
    public var firstName: String?
    public var lastName: String?
    public var avatar: String?
    public var passwordHash: String?
    public var superuser: Bool
    public var invited: Bool
    public var activeOrgId: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var lastLogin: Int64?

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let email = Column(CodingKeys.email)
        static let invited = Column(CodingKeys.invited)
        static let activeOrgId = Column(CodingKeys.activeOrgId)
        static let createdAt = Column(CodingKeys.createdAt)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }
}
