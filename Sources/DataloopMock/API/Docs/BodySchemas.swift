/// The request bodies routes accept. A body's properties are also the fields its route
/// accepts: any other top-level field is refused, naming it (`additionalProperties: false`).
extension NamedSchema {
    static let orgRole = JSONSchema.oneOf("owner", "admin", "member", "worker")
    static let projectRole = JSONSchema.oneOf("owner", "engineer", "annotator", "annotationManager")

    static let tokenRequest = NamedSchema("Token", .object([
        "type": .oneOf("user_credentials", "refresh_token"), "username": .string, "password": .string,
        "refresh_token": .string, "client_id": .string, "audience": .string, "scope": .string,
    ], required: ["type"]))
    static let switchOrg = NamedSchema("SwitchOrg", .object(["org": .string], required: ["org"]))
    static let createOrg = NamedSchema("CreateOrg", .object(["name": .string, "provider": .string], required: ["name"]))
    static let rename = NamedSchema("Rename", .object(["name": .string], required: ["name"]))
    static let plan = NamedSchema("Plan", .object(["plan": .oneOf("freemium", "premium")], required: ["plan"]))
    static let addMembers = NamedSchema("AddMembers", .object(["emails": .array(.string), "role": orgRole], required: ["emails"]))
    static let updateMember = NamedSchema("UpdateMember", .object(["email": .string, "role": orgRole], required: ["email", "role"]))
    static let createIntegration = NamedSchema("CreateIntegration", .object(
        ["type": .string, "name": .string, "options": .openObject, "metadata": .any], required: ["type", "name", "options"]))
    static let updateIntegration = NamedSchema("UpdateIntegration", .object([
        "integrationId": .string, "name": .string,
        "credentials": .object(["options": .openObject, "type": .string], required: ["options"]),
    ], required: ["integrationId"]))
    static let cache = NamedSchema("Cache", .object(
        ["org": .object(["id": .string, "name": .string], required: ["id"]), "runner": .object(["podType": .string])],
        required: ["org"]))
    static let createProject = NamedSchema("CreateProject", .object(["name": .string], required: ["name"]))
    /// The SDK sends the whole project it holds; only `name` and `account` change anything.
    static let patchProject = NamedSchema("PatchProject", .object(["name": .string, "account": .string], open: true))
    static let setAccount = NamedSchema("SetAccount", .object(["accountId": .string], required: ["accountId"]))
    static let createDataset = NamedSchema("CreateDataset", .object(
        ["name": .string, "projects": .array(.string), "createDefaultRecipe": .boolean], required: ["name", "projects"]))
    static let datasetQuery = NamedSchema("DatasetQuery", .object([
        "filter": .openObject, "page": .integer(minimum: 0), "pageSize": .integer(minimum: 1, maximum: 1000),
        "resource": .oneOf("datasets"), "sort": .openObject, "context": .object(["projects": .array(.string)]),
        "systemSpace": .boolean,
    ]))
    static let resolveSettings = NamedSchema("ResolveSettings", .object(
        ["userId": .string, "orgId": .string, "projectId": .string, "datasetId": .string, "taskId": .string], required: ["userId"]))
    static let usageEvents = NamedSchema("UsageEvents", .array(.object(["event": .string, "properties": .openObject],
                                                                       required: ["event"], open: true)))
    static let sdkVersion = NamedSchema("SDKVersion", .object(["version": .string, "email": .string], required: ["version"]))
    static let projectRoleBody = NamedSchema("ProjectRole", .object(["role": projectRole], required: ["role"]))

    // The test-control API.
    static let fault = NamedSchema("Fault", .object([
        "method": .string, "path": .string, "status": .integer, "body": .any, "delayMs": .integer, "times": .integer,
        "retryAfterS": .integer,
    ], required: ["path"]))
    static let clock = NamedSchema("Clock", .object(["nowMs": .integer, "advanceMs": .integer]))
    static let mintToken = NamedSchema("MintToken", .object(["email": .string, "expiresInS": .integer], required: ["email"]))
    static let fixtures = NamedSchema("Fixtures", .openObject)

    // The login page and the web console's forms: each console form carries the session's
    // CSRF token (without it: 403, nothing changes).
    static let loginForm = NamedSchema("LoginForm", .object(
        ["email": .string, "password": .string, "callback": .string], required: ["email", "password"]))
    static let consoleSwitchOrg = NamedSchema("ConsoleSwitchOrg", .object(
        ["csrf_token": .string, "org": .string, "return": .string], required: ["csrf_token", "org"]))
    static let consoleRename = NamedSchema("ConsoleRename", .object(
        ["csrf_token": .string, "org": .string, "name": .string], required: ["csrf_token", "org", "name"]))
    static let consoleCreateProject = NamedSchema("ConsoleCreateProject", .object(
        ["csrf_token": .string, "org": .string, "name": .string], required: ["csrf_token", "name"]))
    static let consolePayingAccount = NamedSchema("ConsolePayingAccount", .object(
        ["csrf_token": .string, "project": .string, "account": .string], required: ["csrf_token", "project", "account"]))
    static let consoleAddMembers = NamedSchema("ConsoleAddMembers", .object(
        ["csrf_token": .string, "org": .string, "emails": .string, "role": orgRole], required: ["csrf_token", "org", "emails", "role"]))
    static let consoleMemberRole = NamedSchema("ConsoleMemberRole", .object(
        ["csrf_token": .string, "org": .string, "user": .string, "role": orgRole], required: ["csrf_token", "org", "user", "role"]))
    static let consoleRemoveMember = NamedSchema("ConsoleRemoveMember", .object(
        ["csrf_token": .string, "org": .string, "user": .string], required: ["csrf_token", "org", "user"]))
    static let consoleOnboarding = NamedSchema("ConsoleOnboarding", .object(
        ["csrf_token": .string, "name": .string, "provider": .string], required: ["csrf_token", "name"]))
}
