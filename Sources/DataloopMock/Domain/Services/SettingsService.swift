import GRDB

/// The platform's settings (`POST /settings/resolve`): what applies to a user in a scope (an
/// org, a project, a dataset, a task). dtlpy before 1.101 resolves them on every new project
/// it gets. The mock keeps no settings, so every scope resolves to none, after the checks the
/// platform makes: only for the caller themselves (a superuser for anyone), and only in an
/// org or project the caller may see.
public struct SettingsService: Sendable {
    public let clock: MockClock
    public init(clock: MockClock) { self.clock = clock }

    public struct Scope: Sendable {
        public var userId: String
        public var orgId: String?
        public var projectId: String?
        public init(userId: String, orgId: String? = nil, projectId: String? = nil) {
            self.userId = userId
            self.orgId = orgId
            self.projectId = projectId
        }
    }

    public func resolve(_ db: Database, caller: Caller, scope: Scope) throws -> [JSONValue] {
        let isCaller = scope.userId.lowercased() == caller.id.lowercased() || scope.userId.lowercased() == caller.email.lowercased()
        guard isCaller || caller.isSuperuser else {
            throw DomainError.forbidden("settings of user '\(scope.userId)' can only be resolved by that user")
        }
        if let orgId = scope.orgId { _ = try OrganizationService(clock: clock).get(db, caller: caller, orgId: orgId) }
        if let projectId = scope.projectId { _ = try ProjectService(clock: clock).visibleProject(db, caller: caller, projectId: projectId) }
        return []
    }
}
