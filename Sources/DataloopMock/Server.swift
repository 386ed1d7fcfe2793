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
    public var logLevel: Logger.Level = .warning
    public init() {}
}

public enum MockServer {
    /// Loads the fixtures and opens the store: the platform the routes serve.
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
        return MockPlatform(store: store, clock: clock, tokens: await TokenService(secret: options.jwtSecret, clock: clock))
    }

    public static func router(for platform: MockPlatform) -> Router<MockRequestContext> {
        let router = Router(context: MockRequestContext.self)
        router.add(middleware: PlatformErrorMiddleware())
        TokenRoutes(platform: platform).add(to: router)
        AdminRoutes(platform: platform).add(to: router)

        let api = RouteCollection(context: MockRequestContext.self)
        api.add(middleware: AuthMiddleware(platform: platform))
        UserRoutes(platform: platform).add(to: api)
        OrgRoutes(platform: platform).add(to: api)
        OrgMemberRoutes(platform: platform).add(to: api)
        ProjectRoutes(platform: platform).add(to: api)
        ProjectMemberRoutes(platform: platform).add(to: api)
        router.addRoutes(api, atPath: "/api/v1")
        return router
    }

    public static func application(
        platform: MockPlatform, options: ServerOptions,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "dataloop-mock")
        logger.logLevel = options.logLevel
        return Application(
            router: router(for: platform),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "dataloop-mock"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? options.port) },
            logger: logger)
    }
}
