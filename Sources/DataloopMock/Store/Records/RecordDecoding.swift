import GRDB

// Hand-written `init(row:)` for the records every read decodes. GRDB decodes a `Decodable`
// record through its generic decoder, which looks every column up by name through a
// dictionary; under callgrind that was a sixth of an uncached `GET /orgs/{id}` (docs/BENCH.md).
// GRDB's own guide recommends this for hot records. Encoding stays `Encodable`; the round trip
// is checked by `RecordDecodingTests` for each type.

extension UserRecord {
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        email = try row.decode(forColumn: "email")
        firstName = try row.decode(forColumn: "firstName")
        lastName = try row.decode(forColumn: "lastName")
        avatar = try row.decode(forColumn: "avatar")
        passwordHash = try row.decode(forColumn: "passwordHash")
        superuser = try row.decode(forColumn: "superuser")
        invited = try row.decode(forColumn: "invited")
        activeOrgId = try row.decode(forColumn: "activeOrgId")
        createdAt = try row.decode(forColumn: "createdAt")
        updatedAt = try row.decode(forColumn: "updatedAt")
        lastLogin = try row.decode(forColumn: "lastLogin")
    }
}

extension OrgRecord {
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        name = try row.decode(forColumn: "name")
        nameKey = try row.decode(forColumn: "nameKey")
        plan = try row.decode(forColumn: "plan")
        ownerId = try row.decode(forColumn: "ownerId")
        creatorId = try row.decode(forColumn: "creatorId")
        providerId = try row.decode(forColumn: "providerId")
        logoUrl = try row.decode(forColumn: "logoUrl")
        cacheState = try row.decode(forColumn: "cacheState")
        cacheReadyAt = try row.decode(forColumn: "cacheReadyAt")
        createdAt = try row.decode(forColumn: "createdAt")
        updatedAt = try row.decode(forColumn: "updatedAt")
    }
}

extension AccountRecord {
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        orgId = try row.decode(forColumn: "orgId")
        name = try row.decode(forColumn: "name")
        ownerId = try row.decode(forColumn: "ownerId")
        creatorId = try row.decode(forColumn: "creatorId")
        createdAt = try row.decode(forColumn: "createdAt")
        updatedAt = try row.decode(forColumn: "updatedAt")
    }
}

extension ProjectRecord {
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        name = try row.decode(forColumn: "name")
        orgId = try row.decode(forColumn: "orgId")
        accountId = try row.decode(forColumn: "accountId")
        creatorId = try row.decode(forColumn: "creatorId")
        systemProject = try row.decode(forColumn: "systemProject")
        isBlocked = try row.decode(forColumn: "isBlocked")
        archived = try row.decode(forColumn: "archived")
        createdAt = try row.decode(forColumn: "createdAt")
        updatedAt = try row.decode(forColumn: "updatedAt")
    }
}

extension GroupRecord {
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        orgId = try row.decode(forColumn: "orgId")
        name = try row.decode(forColumn: "name")
        ownerId = try row.decode(forColumn: "ownerId")
        createdAt = try row.decode(forColumn: "createdAt")
        updatedAt = try row.decode(forColumn: "updatedAt")
    }
}
