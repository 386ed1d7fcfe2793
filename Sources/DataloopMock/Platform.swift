import Foundation
import GRDB

/// One emulated platform (one namespace): its state, clock, token keys, journal and faults,
/// and the domain services over them.
public final class MockPlatform: Sendable {
    public let namespace: String
    public let store: StateStore
    public let clock: MockClock
    public let tokens: TokenService
    public let journal: RequestJournal
    public let faults: FaultBook
    public let readAnswers: ReadAnswerMemo
    public let limits: Limits
    /// The web console's signed-in browsers (in memory; see `WebSessionStore`).
    let webSessions = WebSessionStore()
    public let startedAtMs: Int64

    public let orgs: OrganizationService
    public let orgMembers: OrgMemberService
    public let projects: ProjectService
    public let projectMembers: ProjectMemberService
    public let users: UserService
    public let logins: LoginService
    public let integrations: IntegrationService
    public let cache: CacheService
    public let datasets: DatasetService

    public init(namespace: String = "", store: StateStore, clock: MockClock, tokens: TokenService, journalSize: Int = 1000,
                limits: Limits = Limits(), cacheReadyMs: Int64 = 0) {
        self.namespace = namespace
        self.store = store
        self.clock = clock
        self.tokens = tokens
        self.limits = limits
        journal = RequestJournal(capacity: journalSize, maxBytes: limits.journalBytes, bodyBytes: limits.journalBodyBytes)
        faults = FaultBook(maxFaults: limits.maxFaults)
        readAnswers = ReadAnswerMemo(maxBytes: limits.cacheBytes)
        startedAtMs = MockClock.systemNowMs()
        orgs = OrganizationService(clock: clock)
        orgMembers = OrgMemberService(clock: clock)
        projects = ProjectService(clock: clock)
        projectMembers = ProjectMemberService(clock: clock)
        users = UserService(clock: clock)
        logins = LoginService(clock: clock)
        integrations = IntegrationService(clock: clock)
        cache = CacheService(clock: clock, readyAfterMs: cacheReadyMs)
        datasets = DatasetService(clock: clock)
    }

    /// A read of the namespace's state (see `StateStore.read`).
    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await store.read(body)
    }

    /// One transaction (see `StateStore.write`).
    public func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await store.write(body)
    }
}
