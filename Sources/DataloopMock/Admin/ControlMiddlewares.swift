import Foundation
import Hummingbird
import NIOCore

/// With `--admin-token T`, every `/_mock` call needs `x-mock-admin-token: T`.
struct AdminTokenMiddleware: RouterMiddleware {
    typealias Context = MockRequestContext
    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let token, request.uri.path.hasPrefix("/_mock"), request.headers[.mockAdminToken] != token {
            return ErrorResponse.make(status: .unauthorized, message: "the /_mock API is locked: send header x-mock-admin-token")
        }
        return try await next(request, context)
    }
}

/// Journals every platform request (not `/_mock`), with secrets redacted.
struct JournalMiddleware: RouterMiddleware {
    typealias Context = MockRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !request.uri.path.hasPrefix("/_mock") else { return try await next(request, context) }
        let started = ContinuousClock.now
        var request = request
        var body: Data?
        let response: Response
        do {
            // Buffered here once; the route reads the same bytes again.
            body = Data(buffer: try await request.collectBody(upTo: context.maxUploadSize))
            response = try await next(request, context)
        } catch is NIOTooManyBytesError {
            // The body stream is spent, so the route never runs.
            response = ErrorResponse.make(status: .contentTooLarge,
                                          message: "request body is larger than the \(context.maxUploadSize / 1024) KiB limit")
        } catch {
            response = ErrorResponse.make(for: error)
        }
        let elapsed = ContinuousClock.now - started
        let platform = context.platform
        let unmatched = context.endpointPath == "NotFound"
        let contentType = request.headers[.contentType]
        platform.journal.record { seq in
            RequestJournal.Entry(
                seq: seq, method: request.method.rawValue, path: request.uri.path, query: request.uri.query,
                status: response.status.code, caller: context.notes.caller,
                body: body.map { RequestJournal.redacted($0, contentType: contentType) } ?? .string("<body over the size limit>"),
                timeMs: platform.clock.nowMs(),
                durationMs: Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000,
                unmatched: unmatched)
        }
        return response
    }
}

/// Applies scripted faults (`POST /_mock/faults`) to matching platform requests.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = MockRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !request.uri.path.hasPrefix("/_mock"),
              let fault = context.platform.faults.take(method: request.method.rawValue, path: request.uri.path) else {
            return try await next(request, context)
        }
        if let delay = fault.delayMs, delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
        guard let code = fault.status else { return try await next(request, context) }
        let status = HTTPResponse.Status(code: code)
        var headers: HTTPFields = [:]
        if let retry = fault.retryAfterS { headers[.retryAfter] = String(retry) }
        if let body = fault.body {
            var response = JSONResponse.make(body, status: status)
            response.headers.append(contentsOf: headers)
            return response
        }
        return ErrorResponse.make(status: status, message: "fault injected by dataloop-mock for \(request.method) \(request.uri.path)", headers: headers)
    }
}
