import GRDB

// Organizations and their accounts, as record requests (GRDB's recommended shape: the SQL
// stays in Store/, the services ask for what they need by name).

extension OrgRecord {
    /// The org with this id; a read takes it from the record cache, or reads it and keeps it there.
    public static func find(_ db: Database, id: String) throws -> OrgRecord? {
        try find(db, id: id, sql: "SELECT * FROM org WHERE id = ?")
    }

    /// Whether a name is taken, ignoring case (`nameKey` is the lowercased name).
    public static func nameTaken(_ db: Database, _ name: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM org WHERE nameKey = ?)"), arguments: [nameKey(name)]) ?? false
    }

    /// Every org, in list order.
    public static func allInListOrder(_ db: Database) throws -> [OrgRecord] {
        try all().inListOrder().fetchAll(db)
    }

    /// The orgs a user is a member of, with their role there, in list order.
    /// (`GET /orgs` reads it on every call: literal SQL, prepared once per connection.)
    public static func memberOrgsWithRoles(_ db: Database, userId: String) throws -> [(org: OrgRecord, role: OrgRole)] {
        try db.decodeAll(sql: """
            SELECT org.*, orgMember.role FROM org JOIN orgMember ON orgMember.orgId = org.id
            WHERE orgMember.userId = ? ORDER BY org.createdAt, org.name
            """, arguments: [userId]) { (try OrgRecord(columns: &$0), try $0.next()) }
    }

    /// The client orgs of a provider, in list order.
    public static func clients(_ db: Database, of providerId: String) throws -> [OrgRecord] {
        try filter(Columns.providerId == providerId).inListOrder().fetchAll(db)
    }

    /// The names of a provider's client orgs, by name.
    public static func clientNames(_ db: Database, of providerId: String) throws -> [String] {
        try filter(Columns.providerId == providerId).order(Columns.name).select(Columns.name, as: String.self).fetchAll(db)
    }
}

extension DerivableRequest<OrgRecord> {
    /// Oldest first, then by name: the order of every org list.
    func inListOrder() -> Self { order(OrgRecord.Columns.createdAt, OrgRecord.Columns.name) }
}

extension AccountRecord {
    public static func find(_ db: Database, id: String) throws -> AccountRecord? { try fetchOne(db, key: id) }

    public static func ofOrg(_ db: Database, orgId: String) throws -> AccountRecord? {
        try db.decodeOne(AccountRecord.self, sql: "SELECT * FROM account WHERE orgId = ?", arguments: [orgId])
    }
}

extension IntegrationRecord {
    /// An org's integrations, oldest first.
    public static func ofOrg(_ db: Database, orgId: String) throws -> [IntegrationRecord] {
        try filter(Columns.orgId == orgId).order(Columns.createdAt, Column.rowID).fetchAll(db)
    }
}
