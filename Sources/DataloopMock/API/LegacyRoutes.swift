import Foundation
import Hummingbird

/// Routes older dtlpy releases call on their way through organizations and projects (found by
/// running the SDK suite against each release in dtlpy-versions.json, see scripts/compat):
/// - `POST /settings/resolve`: dtlpy before 1.101 resolves the platform settings of every
///   project it gets, and once at import; the mock keeps none, so `[]` (after the usual checks).
/// - `POST /analytics/metric/pendo`: the SDK's usage events (logins, project create and
///   delete) before 1.118; accepted, and kept in the request journal like every request.
/// - `POST /sdk/check`: the version check dtlpy before 1.119 makes at import; its answer is
///   logged by the SDK at `level` on the next import.
struct LegacyRoutes {
    struct ResolveBody: Decodable, Sendable {
        var userId: String
        var orgId: String?
        var projectId: String?
        var datasetId: String?
        var taskId: String?
    }

    /// One usage event as dtlpy's `services/events.py` sends it.
    struct UsageEvent: Decodable, Sendable {
        var event: String
        var properties: JSONValue?
    }
    struct UsageEventsAccepted: Encodable { var accepted: Int }

    struct SDKCheckBody: Decodable, Sendable { var version: String; var email: String? }
    struct SDKCheckAnswer: Encodable { var level: String; var msg: String }

    func add(to routes: DocumentedRoutes) {
        let routes = routes.tagged("legacy")
        let resolve = RouteDoc(summary: "Settings that apply to the caller in a scope (none: [])", body: .json(.resolveSettings),
                               returns: .json(.array(.openObject)))
        routes.post("settings/resolve", resolve) { request, context in
            let route = try RouteRequest(context, names: [])
            let body = try await request.decode(as: ResolveBody.self, context: context)
            let scope = SettingsService.Scope(userId: body.userId, orgId: body.orgId, projectId: body.projectId)
            let settings = try await route.platform.read { db in
                try SettingsService(clock: route.platform.clock).resolve(db, caller: try route.input(db).caller, scope: scope)
            }
            return try JSONResponse.make(settings)
        }
        let pendo = RouteDoc(summary: "The SDK's usage events (dtlpy < 1.118), accepted and journaled", body: .json(.usageEvents),
                             returns: .json(.ref(.usageEventsAccepted)))
        routes.post("analytics/metric/pendo", pendo) { request, context in
            _ = try RouteRequest(context, names: [])
            let events = try await Self.usageEvents(request, context: context)
            return try JSONResponse.make(UsageEventsAccepted(accepted: events.count))
        }
        let check = RouteDoc(summary: "The SDK's version check at import (dtlpy < 1.119)", body: .jsonOrForm(.sdkVersion),
                             returns: .json(.ref(.sdkCheck)))
        routes.post("sdk/check", check) { request, context in
            _ = try RouteRequest(context, names: [])
            let body = try await request.decode(as: SDKCheckBody.self, context: context)
            guard let release = DtlpyRelease(body.version) else {
                throw DomainError.badRequest("invalid field 'version': '\(body.version)' is not a dtlpy release number such as 1.126.5")
            }
            let answer = TestedDtlpy.current.check(release)
            return try JSONResponse.make(SDKCheckAnswer(level: answer.level, msg: answer.message))
        }
    }

    /// The body of a usage-event post: a JSON array of events.
    static func usageEvents(_ request: Request, context: MockRequestContext) async throws -> [UsageEvent] {
        guard BodyRules.isJSON(request) else { throw BodyRules.unsupported(request, expected: .json) }
        let data = try await BodyRules.bytes(request, limit: context.maxUploadSize)
        do {
            return try JSONDecoder().decode([UsageEvent].self, from: data)
        } catch let error as DecodingError {
            let problem = FixtureProblem(error)
            throw DomainError.badRequest(problem.path.isEmpty ? "expected a JSON array of usage events: \(problem.message)"
                                                               : "invalid usage event '\(problem.path)': \(problem.message)")
        }
    }
}

/// The request bodies these routes read: their properties are the fields the routes accept.
extension NamedSchema {
    static let resolveSettings = NamedSchema("ResolveSettings", .object(
        ["userId": .string, "orgId": .string, "projectId": .string, "datasetId": .string, "taskId": .string], required: ["userId"]))
    static let usageEvents = NamedSchema("UsageEvents", .array(.object(["event": .string, "properties": .openObject],
                                                                       required: ["event"], open: true)))
    static let sdkVersion = NamedSchema("SDKVersion", .object(["version": .string, "email": .string], required: ["version"]))
}
