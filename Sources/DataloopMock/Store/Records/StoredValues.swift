import GRDB

// The closed vocabularies the records store: each is a database value (its raw string) so a
// record holds the enum, never a string that might be misspelt.

/// A user's role in an organization, most powerful first.
public enum OrgRole: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case owner, admin, member, worker

    /// Owners and admins manage the organization (members, integrations, paying accounts).
    public var managesOrg: Bool { self == .owner || self == .admin }
}

/// A contributor's role in a project.
public enum ProjectRole: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case owner, engineer, annotator, annotationManager
}

public enum OrgPlan: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case freemium, premium
}

/// The state of an org's file-system cache (`dl.organizations.cache_action`).
public enum OrgCacheState: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case none = "NONE", pending = "PENDING", ready = "READY"
}

// Read straight from a SQLite statement's column, without a `DatabaseValue` (`ColumnReading.swift`).
extension StatementColumnConvertible where Self: RawRepresentable, Self.RawValue == String {
    public init?(sqliteStatement: SQLiteStatement, index: CInt) {
        self.init(rawValue: String(sqliteStatement: sqliteStatement, index: index))
    }
}

extension OrgRole: StatementColumnConvertible {}
extension ProjectRole: StatementColumnConvertible {}
extension OrgPlan: StatementColumnConvertible {}
extension OrgCacheState: StatementColumnConvertible {}
