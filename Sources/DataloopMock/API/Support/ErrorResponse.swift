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

extension DomainError {
    var status: HTTPResponse.Status {
        switch self {
        case .badRequest: return .badRequest
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .conflict: return .conflict
        case .tooManyRequests: return .tooManyRequests
        }
    }
}

/// A refusal decided by the HTTP layer itself (content type, body size, routing).
struct HTTPFailure: Error {
    var status: HTTPResponse.Status
    var message: String
    var headers: HTTPFields = [:]
}

enum ErrorResponse {
    static func make(status: HTTPResponse.Status, message: String, headers: HTTPFields = [:]) -> Response {
        var response = JSONResponse.make(encoded: encodedBody(status: status, message: message), status: status.named)
        response.headers.append(contentsOf: headers)
        return response
    }

    /// The error body's bytes. Two strings and an integer always encode; the fallback only
    /// keeps this function total.
    static func encodedBody(status: HTTPResponse.Status, message: String) -> ByteBuffer {
        let status = status.named
        let body = ErrorBody(status: status.code, error: status.reasonPhrase, message: message)
        return (try? JSONResponse.encode(body)) ?? ByteBuffer(string: #"{"error":"Internal Server Error","message":"error body","status":500}"#)
    }

    /// Every error a handler throws, rendered in the platform's shape; only a real server bug
    /// becomes a 500.
    static func make(for error: any Error) -> Response {
        switch error {
        case let error as DomainError:
            return make(status: error.status, message: error.message)
        case let error as HTTPFailure:
            return make(status: error.status, message: error.message, headers: error.headers)
        case let error as FixtureProblem:
            return make(status: .badRequest, message: "invalid fixtures: \(error.description)")
        case let error as HTTPParserError:
            // A body that breaks its own framing (a chunk size `ZZ`), met while a route reads it.
            let (status, message) = MalformedRequestHandler.describe(error)
            return make(status: status, message: message)
        case let error as HTTPError:
            let message = error.body ?? (error.status == .contentTooLarge ? "request body is too large" : error.status.reasonPhrase)
            return make(status: error.status, message: message)
        default:
            return make(status: .internalServerError, message: "dataloop-mock internal error: \(error)")
        }
    }
}

/// Renders thrown errors in the platform's shape, for every route and for unmatched paths.
struct PlatformErrorMiddleware: RouterMiddleware {
    typealias Context = MockRequestContext
    let routes: RouteCatalog
    /// What an unemulated `/api/v1` route answers: 404 by default, because dtlpy retries 501
    /// (and 502–508, 510, 511) five times with back-off, a 30-second stall per call.
    let unmatchedStatus: HTTPResponse.Status

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if context.endpointPath == "NotFound" { return unmatched(request) }
            return ErrorResponse.make(for: error)
        }
    }

    /// A parity gap should be obvious: an API path the mock does not serve says so, naming it.
    func unmatched(_ request: Request) -> Response {
        let path = request.uri.path
        let methods = routes.methods(forPath: path)
        if !methods.isEmpty {
            let allowed = Set(methods.map(\.rawValue)).sorted().joined(separator: ", ")
            return ErrorResponse.make(status: .methodNotAllowed,
                                      message: "dataloop-mock does not emulate \(request.method) \(path) (this path serves \(allowed))",
                                      headers: [.allow: allowed])
        }
        if path == "/api/v1" || path.hasPrefix("/api/v1/") {
            return ErrorResponse.make(status: unmatchedStatus, message: "dataloop-mock does not emulate \(request.method) \(path)")
        }
        return ErrorResponse.make(status: .notFound, message: "no route for \(request.method) \(path)")
    }
}
