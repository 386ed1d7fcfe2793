import GRDB

// Hand-written decoding for the records every read decodes. GRDB decodes a `Decodable` record
// through its generic decoder, which looks every column up by name through a dictionary; under
// callgrind that was a sixth of an uncached `GET /orgs/{id}` (docs/BENCH.md). Each record reads
// its columns in its table's order (`ColumnReading.swift`), from a `Row` or straight from the
// statement. Encoding stays `Encodable`; `RecordDecodingTests` checks the round trip and the
// column order for each type.

extension UserRecord: ColumnDecodable {
    public init(row: Row) throws { try self.init(columnsOf: row) }

    init<Reader: ColumnReader>(columns: inout Reader) throws {
        id = try columns.next()
        email = try columns.next()
        firstName = try columns.nextIfPresent()
        lastName = try columns.nextIfPresent()
        avatar = try columns.nextIfPresent()
        passwordHash = try columns.nextIfPresent()
        superuser = try columns.next()
        invited = try columns.next()
        activeOrgId = try columns.nextIfPresent()
        createdAt = try columns.next()
        updatedAt = try columns.next()
        lastLogin = try columns.nextIfPresent()
    }
}

extension OrgRecord: ColumnDecodable {
    public init(row: Row) throws { try self.init(columnsOf: row) }

    init<Reader: ColumnReader>(columns: inout Reader) throws {
        id = try columns.next()
        name = try columns.next()
        nameKey = try columns.next()
        plan = try columns.next()
        ownerId = try columns.nextIfPresent()
        creatorId = try columns.nextIfPresent()
        providerId = try columns.nextIfPresent()
        logoUrl = try columns.nextIfPresent()
        cacheState = try columns.next()
        cacheReadyAt = try columns.nextIfPresent()
        createdAt = try columns.next()
        updatedAt = try columns.next()
    }
}

extension AccountRecord: ColumnDecodable {
    public init(row: Row) throws { try self.init(columnsOf: row) }

    init<Reader: ColumnReader>(columns: inout Reader) throws {
        id = try columns.next()
        orgId = try columns.next()
        name = try columns.next()
        ownerId = try columns.nextIfPresent()
        creatorId = try columns.nextIfPresent()
        createdAt = try columns.next()
        updatedAt = try columns.next()
    }
}

extension ProjectRecord: ColumnDecodable {
    public init(row: Row) throws { try self.init(columnsOf: row) }

    init<Reader: ColumnReader>(columns: inout Reader) throws {
        id = try columns.next()
        name = try columns.next()
        orgId = try columns.next()
        accountId = try columns.next()
        creatorId = try columns.nextIfPresent()
        systemProject = try columns.next()
        isBlocked = try columns.next()
        archived = try columns.next()
        createdAt = try columns.next()
        updatedAt = try columns.next()
    }
}

extension GroupRecord: ColumnDecodable {
    public init(row: Row) throws { try self.init(columnsOf: row) }

    init<Reader: ColumnReader>(columns: inout Reader) throws {
        id = try columns.next()
        orgId = try columns.next()
        name = try columns.next()
        ownerId = try columns.nextIfPresent()
        createdAt = try columns.next()
        updatedAt = try columns.next()
    }
}
