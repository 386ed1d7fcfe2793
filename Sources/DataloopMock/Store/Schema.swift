import GRDB

/// The database schema, as migrations. Every lookup the API does has an index, so listing
/// the members of one org costs the same with 10 orgs as with 10,000.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "org") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("nameKey", .text).notNull().unique()
                t.column("plan", .text).notNull()
                t.column("ownerId", .text)
                t.column("creatorId", .text)
                t.column("providerId", .text).references("org", onDelete: .setNull).indexed()
                t.column("logoUrl", .text)
                t.column("cacheState", .text).notNull().defaults(to: "NONE")
                t.column("cacheReadyAt", .integer)
                t.column("createdAt", .integer).notNull()
                t.column("updatedAt", .integer).notNull()
            }
            try db.create(table: "user") { t in
                t.primaryKey("id", .text)
                t.column("email", .text).notNull().unique(onConflict: .abort).collate(.nocase)
                t.column("firstName", .text)
                t.column("lastName", .text)
                t.column("avatar", .text)
                t.column("passwordHash", .text)
                t.column("superuser", .boolean).notNull().defaults(to: false)
                t.column("invited", .boolean).notNull().defaults(to: false)
                t.column("activeOrgId", .text).references("org", onDelete: .setNull).indexed()
                t.column("createdAt", .integer).notNull()
                t.column("updatedAt", .integer).notNull()
                t.column("lastLogin", .integer)
            }
            try db.create(table: "account") { t in
                t.primaryKey("id", .text)
                t.column("orgId", .text).notNull().unique().references("org", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("ownerId", .text)
                t.column("creatorId", .text)
                t.column("createdAt", .integer).notNull()
                t.column("updatedAt", .integer).notNull()
            }
            try db.create(table: "orgMember") { t in
                t.column("orgId", .text).notNull().references("org", onDelete: .cascade)
                t.column("userId", .text).notNull().references("user", onDelete: .cascade).indexed()
                t.column("role", .text).notNull()
                t.column("position", .integer).notNull()
                t.column("createdAt", .integer).notNull()
                t.primaryKey(["orgId", "userId"])
            }
            try db.create(table: "orgGroup") { t in
                t.primaryKey("id", .text)
                t.column("orgId", .text).notNull().references("org", onDelete: .cascade).indexed()
                t.column("name", .text).notNull()
                t.column("ownerId", .text)
                t.column("createdAt", .integer).notNull()
                t.column("updatedAt", .integer).notNull()
            }
            try db.create(table: "groupMember") { t in
                t.column("groupId", .text).notNull().references("orgGroup", onDelete: .cascade)
                t.column("userId", .text).notNull().references("user", onDelete: .cascade).indexed()
                t.primaryKey(["groupId", "userId"])
            }
            try db.create(table: "project") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull().indexed()
                t.column("orgId", .text).notNull().references("org", onDelete: .cascade).indexed()
                t.column("accountId", .text).notNull().references("account").indexed()
                t.column("creatorId", .text)
                t.column("systemProject", .boolean).notNull().defaults(to: false)
                t.column("isBlocked", .boolean).notNull().defaults(to: false)
                t.column("archived", .boolean).notNull().defaults(to: false)
                t.column("createdAt", .integer).notNull()
                t.column("updatedAt", .integer).notNull()
            }
            try db.create(table: "projectContributor") { t in
                t.column("projectId", .text).notNull().references("project", onDelete: .cascade)
                t.column("userId", .text).notNull().references("user", onDelete: .cascade).indexed()
                t.column("role", .text).notNull()
                t.column("position", .integer).notNull()
                t.column("createdAt", .integer).notNull()
                t.primaryKey(["projectId", "userId"])
            }
            try db.create(table: "dataset") { t in
                t.primaryKey("id", .text)
                t.column("projectId", .text).notNull().references("project", onDelete: .cascade).indexed()
                t.column("name", .text).notNull()
            }
            try db.create(table: "task") { t in
                t.primaryKey("id", .text)
                t.column("projectId", .text).notNull().references("project", onDelete: .cascade).indexed()
                t.column("name", .text).notNull()
            }
            try db.create(table: "integration") { t in
                t.primaryKey("id", .text)
                t.column("orgId", .text).notNull().references("org", onDelete: .cascade).indexed()
                t.column("type", .text).notNull()
                t.column("name", .text).notNull()
                t.column("options", .text).notNull()
                t.column("metadata", .text)
                t.column("creatorId", .text)
                t.column("createdAt", .integer).notNull()
                t.column("updatedAt", .integer).notNull()
            }
            try db.create(table: "refreshToken") { t in
                t.primaryKey("token", .text)
                t.column("userId", .text).notNull().references("user", onDelete: .cascade).indexed()
                t.column("expiresAt", .integer).notNull()
            }
        }
        // Datasets became entities of their own (dtlpy's `project.datasets`): who made them,
        // when, and the `Binaries` system dataset every project has.
        migrator.registerMigration("v2-datasets") { db in
            try db.alter(table: "dataset") { t in
                t.add(column: "creatorId", .text)
                t.add(column: "systemDataset", .boolean).notNull().defaults(to: false)
                t.add(column: "createdAt", .integer).notNull().defaults(to: 0)
                t.add(column: "updatedAt", .integer).notNull().defaults(to: 0)
            }
            try db.execute(sql: """
                UPDATE dataset SET createdAt = project.createdAt, updatedAt = project.createdAt, creatorId = project.creatorId
                FROM project WHERE project.id = dataset.projectId
                """)
            for project in try ProjectRecord.fetchAll(db) {
                try DatasetRecord.binaries(of: project).insert(db)
            }
        }
        // Memberships are looked up by their primary key only: stored in it (WITHOUT ROWID), a
        // membership is one b-tree entry instead of a row plus an index entry. The 100k-user
        // fixture's database went from 100 MB to about 80 MB (docs/BENCH.md).
        migrator.registerMigration("v3-memberships-without-rowid") { db in
            for (table, scope, scopeTable) in [("orgMember", "orgId", "org"), ("projectContributor", "projectId", "project")] {
                try db.create(table: "\(table)New", options: [.withoutRowID]) { t in
                    t.column(scope, .text).notNull().references(scopeTable, onDelete: .cascade)
                    t.column("userId", .text).notNull().references("user", onDelete: .cascade).indexed()
                    t.column("role", .text).notNull()
                    t.column("position", .integer).notNull()
                    t.column("createdAt", .integer).notNull()
                    t.primaryKey([scope, "userId"])
                }
                try db.execute(sql: "INSERT INTO \(table)New SELECT \(scope), userId, role, position, createdAt FROM \(table)")
                try db.drop(table: table)
                try db.rename(table: "\(table)New", to: table)
                try db.execute(sql: "DROP INDEX IF EXISTS \(table)New_on_userId")
                try db.create(index: "\(table)_on_userId", on: table, columns: ["userId"])
            }
        }
        return migrator
    }
}
