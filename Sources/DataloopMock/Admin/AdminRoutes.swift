import Foundation
import Hummingbird

/// `/_mock`: the test-control API. Every call acts on the namespace the request names.
struct AdminRoutes {
    let registry: NamespaceRegistry
    let options: ServerOptions
    static let version = dataloopMockVersion

    struct Health: Encodable {
        var status: String
        var version: String
        var namespace: String
        var uptimeMs: Int64
        var fixtures: String
        var counts: [String: Int]
    }

    struct Took: Encodable {
        var ok = true
        var tookMs: Double
    }

    struct ClockBody: Decodable { var nowMs: Int64?; var advanceMs: Int64? }
    struct ClockState: Encodable { var nowMs: Int64; var fake: Bool }
    struct TokenBody: Decodable { var email: String; var expiresInS: Int64? }
    struct MintedToken: Encodable { var id_token: String; var email: String; var exp: Int64 }
    struct SnapshotInfo: Encodable { var name: String; var createdAtMs: Int64 }
    struct NamespaceInfo: Encodable { var name: String; var sizeBytes: Int; var counts: [String: Int] }

    func add(to routes: DocumentedRoutes) {
        let router = routes.tagged("mock")
        router.get("_mock/health", Self.doc("Health")) { _, context in
            let platform = context.platform
            return try JSONResponse.make(Health(
                status: "ok", version: Self.version, namespace: platform.namespace,
                uptimeMs: MockClock.systemNowMs() - platform.startedAtMs,
                fixtures: platform.store.fixtureSummary, counts: try platform.store.counts()))
        }
        router.post("_mock/reset", Self.doc("Back to the seeded fixtures")) { _, context in
            let platform = context.platform
            let took = try Self.timed { try platform.store.reset() }
            let cached = platform.readAnswers.bytes
            platform.readAnswers.clear()
            Memory.returnFreed(released: cached)
            return try JSONResponse.make(Took(tookMs: took))
        }
        router.put("_mock/fixtures", Self.doc("Replace the whole state with a fixture document", body: .fixtures)) { request, context in
            let platform = context.platform
            guard BodyRules.isJSON(request) else {
                throw PlatformError(status: .unsupportedMediaType, message: "PUT /_mock/fixtures takes a fixture JSON document")
            }
            let data = try await BodyRules.bytes(request, limit: options.maxFixtureBytes)
            let doc = try FixtureSource.decodeUnvalidated(data)
            let took = try Self.timed { try platform.store.replace(with: try StateStore.makeSeed(validating: doc, summary: "PUT /_mock/fixtures")) }
            platform.readAnswers.clear()
            Memory.returnFreed()
            return try JSONResponse.make(Took(tookMs: took))
        }
        router.get("_mock/state", Self.doc("The whole state as a fixture document")) { _, context in
            let platform = context.platform
            let doc = try await platform.read { db in try FixtureExporter.export(db) }
            return try JSONResponse.make(doc)
        }
        router.get("_mock/snapshots", Self.doc("Named snapshots")) { _, context in
            try JSONResponse.make(context.platform.store.snapshotList().map { SnapshotInfo(name: $0.name, createdAtMs: $0.createdAtMs) })
        }
        router.post("_mock/snapshots/{name}", Self.doc("Save a snapshot", status: .created)) { _, context in
            let platform = context.platform
            let name = try Self.snapshotName(context)
            let limits = platform.limits
            let took = try Self.timed {
                try platform.store.saveSnapshot(name, nowMs: platform.clock.nowMs(), maxCount: limits.maxSnapshots, maxBytes: limits.snapshotBytes)
            }
            return try JSONResponse.make(Took(tookMs: took), status: .created)
        }
        router.post("_mock/snapshots/{name}/restore", Self.doc("Restore a snapshot")) { _, context in
            let platform = context.platform
            let name = try Self.snapshotName(context)
            var found = false
            let took = try Self.timed { found = try platform.store.restoreSnapshot(name) }
            guard found else { throw DomainError.notFound("no snapshot named '\(name)'") }
            return try JSONResponse.make(Took(tookMs: took))
        }
        router.delete("_mock/snapshots/{name}", Self.doc("Delete a snapshot")) { _, context in
            let name = try Self.snapshotName(context)
            guard context.platform.store.deleteSnapshot(name) else { throw DomainError.notFound("no snapshot named '\(name)'") }
            Memory.returnFreed()
            return try JSONResponse.make(Took(tookMs: 0))
        }
        router.get("_mock/requests", Self.doc("The request journal (?method=&path=&status=&unmatched=true)")) { request, context in
            var filter = RequestJournal.Filter()
            let query = request.uri.queryParameters
            filter.method = query["method"].map(String.init)
            filter.pathPrefix = query["path"].map(String.init)
            if let pattern = filter.pathPrefix, let problem = Glob.problem(with: pattern) { throw DomainError.badRequest("path: \(problem)") }
            if let status = query["status"] {
                guard let code = Int(status) else { throw DomainError.badRequest("status must be a number") }
                filter.status = code
            }
            filter.unmatchedOnly = query["unmatched"] == "true"
            return try JSONResponse.make(context.platform.journal.entries(filter))
        }
        router.delete("_mock/requests", Self.doc("Clear the journal")) { _, context in
            let journaled = context.platform.journal.bytes
            context.platform.journal.clear()
            Memory.returnFreed(released: journaled)
            return try JSONResponse.make(Took(tookMs: 0))
        }
        router.post("_mock/faults", Self.doc("Add a fault", body: .fault, status: .created)) { request, context in
            let body = try await request.decode(as: FaultBook.Fault.self, context: context)
            return try JSONResponse.make(try context.platform.faults.add(body), status: .created)
        }
        router.get("_mock/faults", Self.doc("Scripted faults")) { _, context in try JSONResponse.make(context.platform.faults.list()) }
        router.delete("_mock/faults", Self.doc("Clear faults")) { _, context in
            context.platform.faults.clear()
            return try JSONResponse.make(Took(tookMs: 0))
        }
        router.get("_mock/clock", Self.doc("The namespace's clock")) { _, context in
            try JSONResponse.make(ClockState(nowMs: context.platform.clock.nowMs(), fake: context.platform.clock.isFake))
        }
        router.post("_mock/clock", Self.doc("Pin or advance the clock", body: .clock)) { request, context in
            let clock = context.platform.clock
            let body = try await request.decode(as: ClockBody.self, context: context)
            switch (body.nowMs, body.advanceMs) {
            case (let now?, nil): try clock.set(nowMs: now)
            case (nil, let delta?): try clock.advance(byMs: delta)
            default: throw DomainError.badRequest("send exactly one of 'nowMs' or 'advanceMs'")
            }
            return try JSONResponse.make(ClockState(nowMs: clock.nowMs(), fake: clock.isFake))
        }
        router.delete("_mock/clock", Self.doc("Back to real time")) { _, context in
            context.platform.clock.useRealTime()
            return try JSONResponse.make(ClockState(nowMs: context.platform.clock.nowMs(), fake: false))
        }
        router.post("_mock/tokens", Self.doc("Mint an id token for a fixture user", body: .mintToken, status: .created)) { request, context in
            let platform = context.platform
            let body = try await request.decode(as: TokenBody.self, context: context)
            if let expires = body.expiresInS, expires < -86_400 * 365 || expires > 86_400 * 3650 {
                throw DomainError.badRequest("expiresInS must be within ten years")
            }
            let email = body.email
            guard let user = try await platform.read({ db in try Lookups.user(db, email: email) }), !user.invited else {
                throw DomainError.notFound("no registered user '\(email)'")
            }
            let minted = try await platform.tokens.mint(for: user, lifetimeS: body.expiresInS)
            return try JSONResponse.make(MintedToken(id_token: minted.token, email: user.email, exp: minted.exp), status: .created)
        }
        router.get("_mock/env", Self.doc("How to point dtlpy here")) { request, context in
            try JSONResponse.make(MockEnvironmentInfo.make(request: request, namespace: context.platform.namespace))
        }
        router.get("_mock/openapi.json", Self.doc("This document")) { [catalog = routes.catalog] _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: catalog.openAPIText)))
        }
        router.get("_mock/namespaces", Self.doc("Namespaces alive")) { _, _ in
            var infos: [NamespaceInfo] = []
            for (name, platform) in await registry.list() {
                infos.append(NamespaceInfo(name: name, sizeBytes: try platform.store.sizeBytes(), counts: try platform.store.counts()))
            }
            return try JSONResponse.make(infos)
        }
        router.delete("_mock/namespaces/{name}", Self.doc("Drop a namespace")) { _, context in
            let name = try context.pathParameter("name")
            guard NamespaceRegistry.isValidName(name) else {
                throw DomainError.badRequest("invalid namespace '\(name.prefix(80))': use 1 to 64 letters, digits, '-' or '_'")
            }
            guard await registry.drop(name) else { throw DomainError.notFound("no namespace '\(name)'") }
            Memory.returnFreed()
            return try JSONResponse.make(Took(tookMs: 0))
        }
    }

    /// The doc of a test-control route: its answers are JSON of their own shapes.
    static func doc(_ summary: String, body: NamedSchema? = nil, status: HTTPResponse.Status = .ok) -> RouteDoc {
        RouteDoc(summary: summary, body: body.map(BodyDoc.json), status: status, returns: .json(.any))
    }

    static func snapshotName(_ context: MockRequestContext) throws -> String {
        let name = try context.pathParameter("name")
        guard NamespaceRegistry.isValidName(name) else {
            throw DomainError.badRequest("invalid snapshot name: use 1 to 64 letters, digits, '-' or '_'")
        }
        return name
    }

    static func timed(_ body: () throws -> Void) throws -> Double {
        let start = ContinuousClock.now
        try body()
        let took = ContinuousClock.now - start
        return Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15
    }
}

/// The request bodies these routes read: their properties are the fields the routes accept.
extension NamedSchema {
    static let fault = NamedSchema("Fault", .object([
        "method": .string, "path": .string, "status": .integer, "body": .any, "delayMs": .integer, "times": .integer,
        "retryAfterS": .integer,
    ], required: ["path"]))
    static let clock = NamedSchema("Clock", .object(["nowMs": .integer, "advanceMs": .integer]))
    static let mintToken = NamedSchema("MintToken", .object(["email": .string, "expiresInS": .integer], required: ["email"]))
    static let fixtures = NamedSchema("Fixtures", .openObject)
}
