import GRDB

// Who belongs where: org members, project contributors and group members, joined to their
// users through GRDB associations.

/// Org memberships and project contributions have one shape: a user with a role in one scope
/// (an org, a project), listed in the order they joined.
protocol MembershipRecord: FetchableRecord, PersistableRecord, Decodable, Sendable {
    associatedtype Role: DatabaseValueConvertible & StatementColumnConvertible & Sendable
    /// The scope's column (`orgId`, `projectId`).
    static var scope: Column { get }
    static var userColumn: Column { get }
    static var roleColumn: Column { get }
    static var positionColumn: Column { get }
    /// The role lookup every request makes, as literal SQL so it is prepared once per connection.
    static var roleSQL: String { get }
    /// `SELECT position, user.*, role … WHERE scope = ?` (in no order; `withUsers` sorts): the
    /// member list, prepared once per connection. (GRDB's query interface prepares its SQL on
    /// every call: for one `GET /orgs/{id}` that was a third of the instructions, docs/BENCH.md.)
    static var withUsersSQL: String { get }
    /// `SELECT position, userId, role … WHERE scope = ?`: the member list without its users, for
    /// reads that find every user in the record cache.
    static var membershipsSQL: String { get }
    static var ownerRole: Role { get }
    var role: Role { get }
    /// The id of the org or project this membership is in.
    var scopeId: String { get }
}

extension MembershipRecord {
    /// A user's role in the scope (nil: not in it).
    static func role(_ db: Database, in scope: String, userId: String) throws -> Role? {
        try db.decodeOne(sql: roleSQL, arguments: [scope, userId]) { try $0.next() as Role }
    }

    /// The members of the scope, each made by `make` from its user and role as it is read,
    /// in the order they joined. (Each member is built once: a list of `(user, role)` pairs
    /// mapped into the caller's type copied every user record twice, docs/NOTES.md "Speed".)
    /// A read takes the users from the record cache when it holds all of them, and fills it when not.
    static func withUsers<Member>(_ db: Database, in scope: String,
                                  _ make: @escaping (consuming UserRecord, Role) -> Member) throws -> [Member] {
        var positions: [Int64] = []
        var members: [Member]
        let read = ReadScope.current
        if let read, let cached = try withCachedUsers(db, in: scope, read, &positions, make) {
            members = cached
        } else {
            // Kept for the cache: no more users than it could hold (an org of 100,000 members
            // is listed without a second copy of them all).
            var fill = read.map { (scope: $0, room: $0.caches.users.maxBytes / 256, users: [UserRecord]()) }
            members = try db.decodeAll(sql: withUsersSQL, arguments: [scope]) {
                positions.append(try $0.next() as Int64)
                let user = try UserRecord(columns: &$0)
                if let room = fill?.room, fill?.users.count ?? room < room { fill?.users.append(user) }
                return make(user, try $0.next() as Role)
            }
            if let fill { fill.scope.store(fill.users) }
        }
        // Put in order here: SQLite's ORDER BY copied every joined user row through a temporary b-tree.
        if zip(positions, positions.dropFirst()).allSatisfy({ $0 < $1 }) { return members }
        let order = positions.indices.sorted { positions[$0] < positions[$1] }
        members = order.map { members[$0] }
        return members
    }

    /// The scope's memberships alone, their users from the read's cache, and their positions
    /// in `positions`; nil, with `positions` untouched, when one of the users is not there
    /// (the joined statement then reads them all).
    private static func withCachedUsers<Member>(_ db: Database, in scope: String, _ read: ReadScope, _ positions: inout [Int64],
                                                _ make: (consuming UserRecord, Role) -> Member) throws -> [Member]? {
        let rows = try db.decodeAll(sql: membershipsSQL, arguments: [scope]) {
            (position: try $0.next() as Int64, userId: try $0.next() as String, role: try $0.next() as Role)
        }
        var users: [UserRecord] = []
        users.reserveCapacity(rows.count)
        for row in rows {
            guard let user = read.record(UserRecord.self, id: row.userId) else { return nil }
            users.append(user)
        }
        positions = rows.map(\.position)
        return zip(users, rows).map { make($0, $1.role) }
    }

    static func count(_ db: Database, in scope: String) throws -> Int {
        try filter(Self.scope == scope).fetchCount(db)
    }

    static func ownerCount(_ db: Database, in scope: String) throws -> Int {
        try filter(Self.scope == scope && roleColumn == ownerRole).fetchCount(db)
    }

    /// The position after the last member: new members list last.
    static func nextPosition(_ db: Database, in scope: String) throws -> Int64 {
        try filter(Self.scope == scope).select(max(positionColumn), as: Int64?.self).fetchOne(db).flatMap { $0 }.map { $0 + 1 } ?? 0
    }

    static func setRole(_ db: Database, in scope: String, userId: String, to role: Role) throws {
        try filter(Self.scope == scope && userColumn == userId).updateAll(db, roleColumn.set(to: role))
    }

    static func delete(_ db: Database, in scope: String, userId: String) throws {
        try filter(Self.scope == scope && userColumn == userId).deleteAll(db)
    }
}

extension OrgMemberRecord: MembershipRecord {
    static let scope = Columns.orgId
    static let userColumn = Columns.userId
    static let roleColumn = Columns.role
    static let positionColumn = Columns.position
    static let roleSQL = "SELECT role FROM orgMember WHERE orgId = ? AND userId = ?"
    static let withUsersSQL = """
        SELECT orgMember.position, user.*, orgMember.role FROM orgMember JOIN user ON user.id = orgMember.userId
        WHERE orgMember.orgId = ?
        """
    static let membershipsSQL = "SELECT position, userId, role FROM orgMember WHERE orgId = ?"
    static let ownerRole = OrgRole.owner
    var scopeId: String { orgId }

    /// How many members an org has in each role (every role present, zero when none).
    static func countsByRole(_ db: Database, orgId: String) throws -> [OrgRole: Int] {
        var counts = Dictionary(uniqueKeysWithValues: OrgRole.allCases.map { ($0, 0) })
        for member in try filter(scope == orgId).fetchAll(db) { counts[member.role, default: 0] += 1 }
        return counts
    }

    static func membershipCount(_ db: Database, userId: String) throws -> Int {
        try filter(Columns.userId == userId).fetchCount(db)
    }

    /// The org a user joined first: where their active org goes when they leave one.
    static func firstOrgId(_ db: Database, userId: String) throws -> String? {
        try filter(Columns.userId == userId).order(Columns.createdAt, Columns.orgId).select(Columns.orgId, as: String.self).fetchOne(db)
    }

    /// Removes a member from the org and from its groups.
    static func remove(_ db: Database, orgId: String, userId: String) throws {
        try delete(db, in: orgId, userId: userId)
        let groupIds = GroupRecord.filter(GroupRecord.Columns.orgId == orgId).select(GroupRecord.Columns.id)
        try GroupMemberRecord.filter(GroupMemberRecord.Columns.userId == userId && groupIds.contains(GroupMemberRecord.Columns.groupId))
            .deleteAll(db)
    }
}

extension ProjectContributorRecord: MembershipRecord {
    static let scope = Columns.projectId
    static let userColumn = Columns.userId
    static let roleColumn = Columns.role
    static let positionColumn = Columns.position
    static let roleSQL = "SELECT role FROM projectContributor WHERE projectId = ? AND userId = ?"
    static let withUsersSQL = """
        SELECT projectContributor.position, user.*, projectContributor.role FROM projectContributor
        JOIN user ON user.id = projectContributor.userId WHERE projectContributor.projectId = ?
        """
    static let membershipsSQL = "SELECT position, userId, role FROM projectContributor WHERE projectId = ?"
    static let ownerRole = ProjectRole.owner
    var scopeId: String { projectId }
}

extension GroupRecord {
    /// An org's groups with their member ids, oldest first, then by name (an export: in the order
    /// they were made); members in the order they joined.
    public static func withMemberIds(_ db: Database, orgId: String, exportOrder: Bool = false) throws -> [(group: GroupRecord, memberIds: [String])] {
        // Read on every org view: literal SQL, prepared once per connection, and put in order
        // here. SQLite sorted both through a temporary b-tree, a quarter of an uncached
        // `GET /orgs/{id}` (docs/NOTES.md, "Speed"); an org has a handful of groups.
        var groups = try db.decodeAll(sql: "SELECT rowid, * FROM orgGroup WHERE orgId = ?", arguments: [orgId]) {
            (rowid: try $0.next() as Int64, group: try GroupRecord(columns: &$0))
        }
        guard !groups.isEmpty else { return [] }
        // ORDER BY createdAt, then rowid (an export: the order they were made) or name (BINARY: by bytes).
        groups.sort { a, b in
            if a.group.createdAt != b.group.createdAt { return a.group.createdAt < b.group.createdAt }
            if exportOrder || a.group.name == b.group.name { return a.rowid < b.rowid }
            return a.group.name.utf8.lexicographicallyPrecedes(b.group.name.utf8)
        }
        var members: [String: [String]] = [:]
        var pairs = try db.decodeAll(sql: """
            SELECT groupMember.rowid, groupMember.groupId, groupMember.userId FROM groupMember JOIN orgGroup ON orgGroup.id = groupMember.groupId
            WHERE orgGroup.orgId = ?
            """, arguments: [orgId]) { (rowid: try $0.next() as Int64, groupId: try $0.next() as String, userId: try $0.next() as String) }
        pairs.sort { $0.rowid < $1.rowid }  // the order they joined
        for pair in pairs { members[pair.groupId, default: []].append(pair.userId) }
        return groups.map { ($0.group, members[$0.group.id] ?? []) }
    }
}
