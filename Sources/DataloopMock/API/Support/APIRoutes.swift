import GRDB
import HTTPTypes
import Hummingbird

/// What a route knows before it opens its transaction: the namespace's platform, the
/// caller's id and the path parameters.
struct RouteRequest: Sendable {
    let platform: MockPlatform
    let callerId: String
    let parameters: [String: String]

    init(_ context: MockRequestContext, names: [String]) throws {
        platform = context.platform
        callerId = try context.requireCallerId()
        var parameters: [String: String] = [:]
        for name in names { parameters[name] = try context.pathParameter(name) }
        self.parameters = parameters
    }

    /// The handler's input, with the caller loaded in the handler's own transaction.
    func input(_ db: Database) throws -> RouteInput {
        RouteInput(platform: platform, caller: try Caller.load(db, userId: callerId), parameters: parameters)
    }
}

/// What a platform route handler gets: the namespace's platform, the caller, and the path.
struct RouteInput: Sendable {
    let platform: MockPlatform
    let caller: Caller
    let parameters: [String: String]

    /// A percent-decoded path parameter; one the route's path does not declare is a server bug.
    func parameter(_ name: String) throws(PlatformError) -> String {
        guard let value = parameters[name] else {
            throw PlatformError(status: .internalServerError, message: "dataloop-mock reads path parameter {\(name)}, which this route does not declare")
        }
        return value
    }
}

/// Every platform route has the same shape: authenticate, read the body, run one domain call
/// in one transaction, render JSON. These register a route with that shape and its doc.
extension DocumentedRoutes {
    /// A route that only reads; its answers are kept per caller and URI for one state generation.
    func read<Output: Encodable & Sendable>(
        _ path: String, _ summary: String, returns: JSONSchema,
        _ query: @escaping @Sendable (Database, RouteInput) throws -> Output
    ) {
        let names = Self.parameterNames(path)
        let encode = JSONResponse.encoder(for: Output.self)
        get(path, RouteDoc(summary: summary, returns: .json(returns))) { httpRequest, context in
            let request = try RouteRequest(context, names: names)
            let platform = request.platform
            let key = "\(request.callerId) \(httpRequest.uri)"
            let generation = platform.store.generation
            if let cached = platform.readAnswers.body(for: key, generation: generation) {
                return JSONResponse.make(encoded: cached)
            }
            // Encoded where it was read, on the database's queue: handing the views back to the
            // request's task and encoding them there was 4-8% slower under `wrk -c32`
            // (docs/NOTES.md "Speed"). A write's answer is encoded inside its transaction too.
            let body = try await platform.read { db in try encode(try query(db, try request.input(db))) }
            platform.readAnswers.store(body, for: key, generation: generation)
            return JSONResponse.make(encoded: body)
        }
    }

    /// A route that writes, with a JSON body of `Body`: the fields of `schema` only.
    func write<Body: Decodable & Sendable, Output: Encodable & Sendable>(
        _ path: String, _ method: HTTPRequest.Method, _ summary: String,
        body: Body.Type, schema: NamedSchema, status: HTTPResponse.Status = .ok, returns: JSONSchema,
        _ command: @escaping @Sendable (Database, RouteInput, Body) throws -> Output
    ) {
        let names = Self.parameterNames(path)
        let doc = RouteDoc(summary: summary, body: .json(schema), status: status, returns: .json(returns))
        let encode = JSONResponse.encoder(for: Output.self)
        on(path, method, doc) { httpRequest, context in
            let request = try RouteRequest(context, names: names)
            let body = try await httpRequest.decode(as: Body.self, context: context)
            let answer = try await request.platform.write { db in try encode(try command(db, try request.input(db), body)) }
            return JSONResponse.make(encoded: answer, status: status)
        }
    }

    /// A route that writes without a body (deletes).
    func write<Output: Encodable & Sendable>(
        _ path: String, _ method: HTTPRequest.Method, _ summary: String, returns: JSONSchema,
        _ command: @escaping @Sendable (Database, RouteInput) throws -> Output
    ) {
        let names = Self.parameterNames(path)
        let encode = JSONResponse.encoder(for: Output.self)
        on(path, method, RouteDoc(summary: summary, returns: .json(returns))) { _, context in
            let request = try RouteRequest(context, names: names)
            return JSONResponse.make(encoded: try await request.platform.write { db in try encode(try command(db, try request.input(db))) })
        }
    }
}
