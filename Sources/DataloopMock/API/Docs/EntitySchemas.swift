/// The shapes the API answers with: the platform's entities and the error body.
extension NamedSchema {
    static let error = NamedSchema("Error", .object(
        ["status": .integer, "error": .string, "message": .string], required: ["status", "error", "message"]))

    static let user = NamedSchema("User", .object([
        "id": .string, "email": .string, "username": .string, "firstName": .nullableString, "lastName": .nullableString,
        "avatar": .nullableString, "type": .string, "org": .nullableString, "createdAt": .integer, "updatedAt": .integer,
        "lastLogin": .nullableInteger, "boarded": .boolean, "interest": .nullableString, "timezone": .string, "role": .string,
        "inviteStatus": .string,
    ], required: ["id", "email", "username", "firstName", "lastName", "type", "org", "createdAt", "updatedAt"]))

    static let account = NamedSchema("Account", .object([
        "id": .string, "name": .string, "org": .string, "owner": .nullableString, "creator": .nullableString,
        "createdAt": .integer, "updatedAt": .integer,
    ], required: ["id", "name", "org", "createdAt", "updatedAt"]))

    static let group = NamedSchema("Group", .object([
        "id": .string, "name": .string, "org": .string, "owner": .nullableString, "members": .array(.string),
        "createdAt": .integer, "updatedAt": .integer,
    ], required: ["id", "name", "org", "members"]))

    static let org = NamedSchema("Org", .object([
        "id": .string, "name": .string, "plan": .oneOf("freemium", "premium"), "owner": .nullableString,
        "creator": .nullableString, "createdAt": .integer, "updatedAt": .integer, "logoUrl": .nullableString,
        "members": .array(.ref(.user)), "groups": .array(.ref(.group)), "account": .ref(.account), "provider": .nullableString,
    ], required: ["id", "name", "plan", "owner", "createdAt", "updatedAt", "members", "groups", "account", "provider"]))

    static let orgSummary = NamedSchema("OrgSummary", .object(
        ["id": .string, "name": .string, "plan": .string, "provider": .nullableString, "owner": .nullableString],
        required: ["id", "name"]))

    static let project = NamedSchema("Project", .object([
        "id": .string, "name": .string, "org": .ref(.orgSummary), "account": .string, "creator": .nullableString,
        "createdAt": .integer, "updatedAt": .integer, "role": .nullableString, "contributors": .array(.ref(.user)),
        "isBlocked": .boolean, "archived": .boolean, "systemProject": .boolean, "featureConstraints": .openObject,
    ], required: ["id", "name", "org", "account", "createdAt", "updatedAt", "contributors", "systemProject"]))

    static let overview = NamedSchema("Overview", .object([
        "org": .object(["id": .string, "name": .string], required: ["id", "name"]),
        "projects": .object(["owned": .integer, "billed": .integer, "billedElsewhere": .integer],
                            required: ["owned", "billed", "billedElsewhere"]),
        "datasets": .integer, "tasks": .integer,
        "members": .object(["total": .integer, "owner": .integer, "admin": .integer, "member": .integer, "worker": .integer],
                           required: ["total", "owner", "admin", "member", "worker"]),
    ], required: ["org", "projects", "datasets", "tasks", "members"]))

    static let integration = NamedSchema("Integration", .object([
        "id": .string, "name": .string, "type": .string, "org": .string, "creator": .nullableString,
        "createdAt": .integer, "updatedAt": .integer, "metadata": .any,
    ], required: ["id", "name", "type", "org"]))

    static let dataset = NamedSchema("Dataset", .object([
        "id": .string, "name": .string, "creator": .nullableString, "updatedBy": .nullableString, "projects": .array(.string),
        "createdAt": .integer, "updatedAt": .integer, "readonly": .boolean, "itemsCount": .integer, "annotated": .integer,
        "annotationsCount": .integer, "metadata": .openObject, "driver": .any, "indexDriver": .any,
        "expirationOptions": .any, "isSyncing": .boolean,
    ], required: ["id", "name", "projects", "createdAt", "updatedAt", "metadata"]))

    static let datasetPage = NamedSchema("DatasetPage", .object([
        "items": .array(.ref(.dataset)), "totalItemsCount": .integer, "totalPagesCount": .integer, "hasNextPage": .boolean,
        "page": .integer, "pageSize": .integer,
    ], required: ["items", "totalItemsCount", "totalPagesCount", "hasNextPage"]))

    static let tokens = NamedSchema("Tokens", .object(
        ["id_token": .string, "access_token": .string, "refresh_token": .string, "expires_in": .integer, "token_type": .string],
        required: ["id_token", "access_token", "refresh_token", "expires_in", "token_type"]))

    static let cacheState = NamedSchema("CacheState", .object(["state": .oneOf("NONE", "PENDING", "READY")], required: ["state"]))

    static let usageEventsAccepted = NamedSchema("UsageEventsAccepted", .object(["accepted": .integer], required: ["accepted"]))

    static let sdkCheck = NamedSchema("SDKCheck", .object(
        ["level": .oneOf("debug", "info", "warning", "error"), "msg": .string], required: ["level", "msg"]))

    /// The roles of an org's members.
    static let orgRole = JSONSchema.oneOf("owner", "admin", "member", "worker")
}
