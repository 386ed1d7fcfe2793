import Foundation
import HTTPTypes
import Hummingbird
import NIOHTTP1

/// The platform's error body: `{"status": 403, "error": "Forbidden", "message": "..."}`.
struct ErrorBody: Encodable {
    var status: Int
    var error: String
    var message: String
}

/// An error as the platform answers it, in its error shape. Hummingbird renders any
/// `HTTPResponseError`; `PlatformErrorMiddleware` turns every other error into one of these.
struct PlatformError: HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String
    var headers: HTTPFields = [:]

    init(status: HTTPResponse.Status, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// Any thrown error, as the platform answers it; only a real server bug becomes a 500.
    init(_ error: any Error) {
        switch error {
        case let error as PlatformError:
            self = error
        case let error as DomainError:
            self.init(status: error.status, message: error.message)
        case let error as FixtureProblem:
            self.init(status: .badRequest, message: "invalid fixtures: \(error.description)")
        case let error as HTTPParserError:
            // A body that breaks its own framing (a chunk size `ZZ`), met while a route reads it.
            let (status, message) = MalformedRequestHandler.describe(error)
            self.init(status: status, message: message)
        case let error as HTTPError:
            self.init(status: error.status,
                      message: error.body ?? (error.status == .contentTooLarge ? "request body is too large" : error.status.reasonPhrase))
        default:
            self.init(status: .internalServerError, message: "dataloop-mock internal error: \(error)")
        }
    }

    var response: Response {
        var response = JSONResponse.make(encoded: Self.encodedBody(status: status, message: message), status: status.named)
        response.headers.append(contentsOf: headers)
        return response
    }

    func response(from request: Request, context: some RequestContext) throws -> Response { response }

    /// The error body's bytes. Two strings and an integer always encode; the fallback only
    /// keeps this function total.
    static func encodedBody(status: HTTPResponse.Status, message: String) -> ByteBuffer {
        let status = status.named
        let body = ErrorBody(status: status.code, error: status.reasonPhrase, message: message)
        return (try? JSONResponse.encode(body)) ?? ByteBuffer(string: #"{"error":"Internal Server Error","message":"error body","status":500}"#)
    }
}

/// A refusal of the domain, answered with its status.
extension DomainError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch self {
        case .badRequest: return .badRequest
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .conflict: return .conflict
        case .tooManyRequests: return .tooManyRequests
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response { PlatformError(self).response }
}

/// The one place a thrown error becomes a response (the outermost middleware).
struct PlatformErrorMiddleware: RouterMiddleware {
    typealias Context = MockRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return PlatformError(error).response
        }
    }
}

/// A request the router matched no route for (the router sets a matched route's
/// `endpointPath` before its middlewares run): 405 for a known path, else 404 naming it.
struct UnmatchedRouteMiddleware: RouterMiddleware {
    typealias Context = MockRequestContext
    let routes: RouteCatalog
    /// What an unemulated `/api/v1` route answers: 404 by default, because dtlpy retries 501
    /// (and 502–508, 510, 511) five times with back-off, a 30-second stall per call.
    let unmatchedStatus: HTTPResponse.Status

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.endpointPath == nil else { return try await next(request, context) }
        throw unmatched(request)
    }

    /// A parity gap should be obvious: an API path the mock does not serve says so, naming it.
    func unmatched(_ request: Request) -> PlatformError {
        let path = request.uri.path
        let methods = routes.methods(forPath: path)
        if !methods.isEmpty {
            let allowed = Set(methods.map(\.rawValue)).sorted().joined(separator: ", ")
            return PlatformError(status: .methodNotAllowed,
                                 message: "dataloop-mock does not emulate \(request.method) \(path) (this path serves \(allowed))",
                                 headers: [.allow: allowed])
        }
        if path == "/api/v1" || path.hasPrefix("/api/v1/") {
            return PlatformError(status: unmatchedStatus, message: "dataloop-mock does not emulate \(request.method) \(path)")
        }
        return PlatformError(status: .notFound, message: "no route for \(request.method) \(path)")
    }
}
