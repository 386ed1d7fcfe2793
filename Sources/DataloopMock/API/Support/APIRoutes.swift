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

    /// A percent-decoded path parameter declared in the route's path.
    subscript(_ name: String) -> String { parameters[name] ?? "" }
}

/// Every platform route has the same shape: authenticate, read the body, run one domain call
/// in one transaction, render JSON. These register a route with that shape.
extension RouteCollection where Context == MockRequestContext {
    /// A route that only reads.
    @discardableResult
    func read<Output: Encodable & Sendable>(
        _ path: String, method: HTTPRequest.Method = .get,
        _ query: @escaping @Sendable (Database, RouteInput) throws -> Output
    ) -> Self {
        let names = Self.parameterNames(path)
        return on(RouterPath(path), method: method) { httpRequest, context in
            let request = try RouteRequest(context, names: names)
            let platform = request.platform
            let key = "\(request.callerId) \(httpRequest.uri)"
            let generation = platform.store.generation
            if let cached = platform.responses.body(for: key, generation: generation) {
                return JSONResponse.make(encoded: cached)
            }
            let body = try JSONResponse.encode(try await platform.read { db in try query(db, try request.input(db)) })
            platform.responses.store(body, for: key, generation: generation)
            return JSONResponse.make(encoded: body)
        }
    }

    /// A route that writes, with a JSON body of `Body` limited to the `allowed` fields
    /// (nil: any field; the SDK sends whole entities to some endpoints).
    @discardableResult
    func write<Body: Decodable & Sendable, Output: Encodable & Sendable>(
        _ path: String, method: HTTPRequest.Method, body: Body.Type, allowed: Set<String>?, status: HTTPResponse.Status = .ok,
        _ command: @escaping @Sendable (Database, RouteInput, Body) throws -> Output
    ) -> Self {
        let names = Self.parameterNames(path)
        return on(RouterPath(path), method: method) { httpRequest, context in
            let request = try RouteRequest(context, names: names)
            let body = try await RequestBody.json(Body.self, httpRequest, context: context, allowed: allowed)
            return JSONResponse.make(try await request.platform.write { db in try command(db, try request.input(db), body) }, status: status)
        }
    }

    /// A route that writes without a body (deletes).
    @discardableResult
    func write<Output: Encodable & Sendable>(
        _ path: String, method: HTTPRequest.Method,
        _ command: @escaping @Sendable (Database, RouteInput) throws -> Output
    ) -> Self {
        let names = Self.parameterNames(path)
        return on(RouterPath(path), method: method) { _, context in
            let request = try RouteRequest(context, names: names)
            return JSONResponse.make(try await request.platform.write { db in try command(db, try request.input(db)) })
        }
    }

    static func parameterNames(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }
}
