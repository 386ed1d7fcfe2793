import GRDB
import HTTPTypes
import Hummingbird

/// What a platform route handler gets: the namespace's platform, the caller, and the path.
struct RouteInput: Sendable {
    let platform: MockPlatform
    let caller: Caller
    private let parameters: [String: String]

    init(_ context: MockRequestContext, names: [String]) throws {
        platform = context.platform
        caller = try context.requireCaller()
        var parameters: [String: String] = [:]
        for name in names { parameters[name] = try context.pathParameter(name) }
        self.parameters = parameters
    }

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
        return on(RouterPath(path), method: method) { _, context in
            let input = try RouteInput(context, names: names)
            return JSONResponse.make(try await input.platform.read { db in try query(db, input) })
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
        return on(RouterPath(path), method: method) { request, context in
            let input = try RouteInput(context, names: names)
            let body = try await RequestBody.json(Body.self, request, context: context, allowed: allowed)
            return JSONResponse.make(try await input.platform.write { db in try command(db, input, body) }, status: status)
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
            let input = try RouteInput(context, names: names)
            return JSONResponse.make(try await input.platform.write { db in try command(db, input) })
        }
    }

    static func parameterNames(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }
}
