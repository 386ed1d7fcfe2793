import Foundation
import Hummingbird
import Logging

/// What `dataloop-mock serve` needs to build a server.
public struct ServerOptions: Sendable {
    public var host = "127.0.0.1"
    public var port = 8765
    public var databasePath: String? = nil
    public var fixturesPath: String? = nil
    public var resetDatabase = false
    public var jwtSecret: String? = nil
    public var adminToken: String? = nil
    public var journalSize = 1000
    public var maxNamespaces = 64
    public var cacheReadyMs: Int64 = 0
    /// The status of an `/api/v1` route the mock does not emulate (404; 501 for the old behaviour).
    public var unmatchedStatus = 404
    public var maxFixtureBytes = 256 * 1024 * 1024
    public var logLevel: Logger.Level = .warning
    public init() {}
}

public enum MockServer {
    /// Loads the fixtures and opens the store: the default namespace's platform.
    public static func makePlatform(_ options: ServerOptions) async throws -> MockPlatform {
        let fixtures: FixtureDocument
        let summary: String
        if let path = options.fixturesPath {
            fixtures = try FixtureSource.load(path: path)
            summary = path
        } else {
            fixtures = try FixtureSource.decode(FixtureSource.embeddedDefault)
            summary = "embedded default"
        }
        let clock = MockClock()
        let store = try StateStore(path: options.databasePath, fixtures: fixtures, fixtureSummary: summary,
                                   resetDatabase: options.resetDatabase)
        return MockPlatform(store: store, clock: clock, tokens: await TokenService(secret: options.jwtSecret, clock: clock),
                            journalSize: options.journalSize, cacheReadyMs: options.cacheReadyMs)
    }

    public static func router(registry: NamespaceRegistry, options: ServerOptions) -> Router<MockRequestContext> {
        let router = Router(context: MockRequestContext.self)
        let routeIndex = RouteIndex()
        // Outermost first: the journal sees the final status, faults and errors included.
        // The admin lock comes first, so a refused /_mock call creates no namespace.
        router.add(middleware: AdminTokenMiddleware(token: options.adminToken))
        router.add(middleware: NamespaceMiddleware(registry: registry))
        router.add(middleware: JournalMiddleware())
        router.add(middleware: PlatformErrorMiddleware(routes: routeIndex, unmatchedStatus: .init(code: options.unmatchedStatus)))
        router.add(middleware: FaultMiddleware())
        TokenRoutes().add(to: router)
        AdminRoutes(registry: registry, options: options).add(to: router)
        WebRoutes().add(to: router)
        ConsoleRoutes().add(to: router)

        let api = RouteCollection(context: MockRequestContext.self)
        api.add(middleware: AuthMiddleware())
        UserRoutes().add(to: api)
        OrgRoutes().add(to: api)
        OrgMemberRoutes().add(to: api)
        ProjectRoutes().add(to: api)
        ProjectMemberRoutes().add(to: api)
        DatasetRoutes().add(to: api)
        IntegrationRoutes().add(to: api)
        CacheRoutes().add(to: api)
        router.addRoutes(api, atPath: "/api/v1")
        routeIndex.fill(from: router.routes)
        return router
    }

    public static func application(
        platform: MockPlatform, options: ServerOptions,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "dataloop-mock")
        logger.logLevel = options.logLevel
        let registry = NamespaceRegistry(defaultPlatform: platform, maxNamespaces: options.maxNamespaces, jwtSecret: options.jwtSecret)
        return Application(
            responder: NamespacePathResponder(wrapped: router(registry: registry, options: options).buildResponder()),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "dataloop-mock"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? options.port) },
            logger: logger)
    }
}
