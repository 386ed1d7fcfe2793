import Foundation
import Hummingbird
import HummingbirdCore
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
    /// The limits that keep one namespace from growing without bound (README "Limits").
    public var limits = Limits()
    public var maxNamespaces = 64
    /// Seconds a connection may sit without a request in flight (a half-sent head counts as
    /// none) before the server closes it.
    public var idleTimeoutS = 30
    public var cacheReadyMs: Int64 = 0
    /// The status of an `/api/v1` route the mock does not emulate (404; 501 for the old behaviour).
    public var unmatchedStatus = 404
    public var maxFixtureBytes = 256 * 1024 * 1024
    public var logLevel: Logger.Level = .warning
    /// The request head (request line and headers) the HTTP decoder accepts; 431 past it.
    public static let maxHeadBytes = 64 * 1024
    public init() {}
}

/// What one namespace may hold (README "Limits"). Past a limit the oldest entries go (journal,
/// read-answer memo) or the server answers 429 (snapshots, faults); nothing grows without bound.
public struct Limits: Sendable {
    /// The journal's size in bytes, bodies included (`--journal-bytes`); oldest entries go first.
    public var journalBytes = 4 * 1024 * 1024
    /// The part of one request body the journal keeps (`--journal-body-bytes`); the rest is cut
    /// and the entry marked `bodyTruncated`.
    public var journalBodyBytes = 4 * 1024
    /// Encoded read answers kept for repeated GETs (`--cache-bytes`).
    public var cacheBytes = 16 * 1024 * 1024
    /// Decoded user and org records kept for reads while their tables are unchanged
    /// (`--record-cache-bytes`).
    public var recordCacheBytes = 4 * 1024 * 1024
    /// Named snapshots (`--max-snapshots`) and their total size (`--snapshot-bytes`); 429 past either.
    public var maxSnapshots = 32
    public var snapshotBytes = 256 * 1024 * 1024
    /// Scripted faults alive at once (`--max-faults`); 429 past it.
    public var maxFaults = 256
    public init() {}
}

public enum ServerApp {
    /// Loads the fixtures and opens the store: the default namespace's platform.
    public static func makePlatform(_ options: ServerOptions) async throws -> MockPlatform {
        Memory.keepBigBlocksMapped()
        let store = try makeStore(options)
        // The parsed document is gone: its memory goes back to the system, not to RSS at rest
        // (the 100k-user fixture's parse peaks at several times the database's size).
        Memory.returnFreed()
        let clock = MockClock()
        return MockPlatform(store: store, clock: clock, tokens: await TokenService(secret: options.jwtSecret, clock: clock),
                            journalSize: options.journalSize, limits: options.limits, cacheReadyMs: options.cacheReadyMs)
    }

    /// The state store seeded from the fixtures the options name (or the embedded default).
    static func makeStore(_ options: ServerOptions) throws -> StateStore {
        let fixtures: FixtureDocument
        let summary: String
        if let path = options.fixturesPath {
            fixtures = try FixtureSource.readUnvalidated(path: path)
            summary = path
        } else {
            fixtures = try FixtureSource.decodeUnvalidated(FixtureSource.embeddedDefault)
            summary = "embedded default"
        }
        // Validated while it loads.
        return try StateStore(path: options.databasePath, fixtures: fixtures, fixtureSummary: summary,
                              resetDatabase: options.resetDatabase, recordCacheBytes: options.limits.recordCacheBytes)
    }

    public static func router(registry: NamespaceRegistry, options: ServerOptions) -> Router<MockRequestContext> {
        router(registry: registry, options: options, catalog: RouteCatalog())
    }

    /// The router, with every route's doc collected in `catalog` as it is registered.
    public static func router(registry: NamespaceRegistry, options: ServerOptions, catalog: RouteCatalog) -> Router<MockRequestContext> {
        let router = Router(context: MockRequestContext.self)
        // Outermost first: errors become answers in one place, around everything else; the
        // journal sees the final status, faults and errors included. The admin lock comes
        // before the namespace, so a refused /_mock call creates no namespace. An unmatched
        // request meets its 405/404 last, after the faults scripted for its path.
        router.add(middleware: PlatformErrorMiddleware())
        router.add(middleware: AdminTokenMiddleware(token: options.adminToken))
        router.add(middleware: NamespaceMiddleware(registry: registry))
        router.add(middleware: JournalMiddleware())
        router.add(middleware: FaultMiddleware())
        router.add(middleware: UnmatchedRouteMiddleware(routes: catalog, unmatchedStatus: .init(code: options.unmatchedStatus)))
        let routes = DocumentedRoutes(router, catalog: catalog)
        TokenRoutes().add(to: routes)
        AdminRoutes(registry: registry, options: options).add(to: routes)
        WebRoutes().add(to: routes)
        ConsoleRoutes().add(to: routes)

        let api = RouteCollection(context: MockRequestContext.self)
        api.add(middleware: AuthMiddleware())
        let apiRoutes = DocumentedRoutes(api, prefix: "/api/v1", catalog: catalog)
        UserRoutes().add(to: apiRoutes)
        OrgRoutes().add(to: apiRoutes)
        OrgMemberRoutes().add(to: apiRoutes)
        ProjectRoutes().add(to: apiRoutes)
        ProjectMemberRoutes().add(to: apiRoutes)
        DatasetRoutes().add(to: apiRoutes)
        IntegrationRoutes().add(to: apiRoutes)
        CacheRoutes().add(to: apiRoutes)
        LegacyRoutes().add(to: apiRoutes)
        router.addRoutes(api, atPath: "/api/v1")
        return router
    }

    /// The OpenAPI document of every route the server serves (`dataloop-mock openapi`), built
    /// from the route registrations on an in-memory platform.
    public static func openAPIDocument() async throws -> String {
        let platform = try await makePlatform(ServerOptions())
        let catalog = RouteCatalog()
        _ = router(registry: NamespaceRegistry(defaultPlatform: platform, maxNamespaces: 1, jwtSecret: nil), options: ServerOptions(), catalog: catalog)
        return catalog.openAPIText
    }

    public static func application(
        platform: MockPlatform, options: ServerOptions,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "dataloop-mock")
        logger.logLevel = options.logLevel
        let registry = NamespaceRegistry(defaultPlatform: platform, maxNamespaces: options.maxNamespaces, jwtSecret: options.jwtSecret)
        // Hummingbird's own HTTP/1 settings: its idle timeout closes a connection that has no
        // request in flight, which includes one still sending its head (a request only starts
        // once the head is complete), so slow or abandoned heads cannot pile up. Its decoder
        // limits bound the head; `MalformedRequestHandler` answers what the decoder refuses in
        // the platform's error shape instead of an empty 400.
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [MalformedRequestHandler()],
            idleTimeout: .seconds(Int64(max(1, options.idleTimeoutS))),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: ServerOptions.maxHeadBytes, maxHeaderListSize: ServerOptions.maxHeadBytes))
        return Application(
            responder: NamespacePathResponder(wrapped: router(registry: registry, options: options).buildResponder()),
            server: .http1(configuration: http1),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "dataloop-mock"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? options.port) },
            logger: logger)
    }
}
