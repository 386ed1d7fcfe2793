import Foundation
import Hummingbird
import NIOCore

/// Which requests are calls to the `/_mock` API.
enum AdminPath {
    /// The router skips empty segments, so `//_mock/tokens` and `/ns/w1//_mock/tokens` reach the
    /// same route as `/_mock/tokens`: what counts is the first non-empty segment, or the route
    /// the router matched, never the raw spelling of the path.
    static func isAdmin(_ request: Request, context: MockRequestContext) -> Bool {
        isAdmin(path: request.uri.path) || (context.endpointPath.map { isAdmin(path: $0) } ?? false)
    }

    /// Whether the first non-empty segment is `_mock` (read in place: every request asks).
    static func isAdmin(path: String) -> Bool {
        let rest = path.utf8.drop { $0 == UInt8(ascii: "/") }
        guard rest.starts(with: "_mock".utf8) else { return false }
        let after = rest.dropFirst(5).first
        return after == nil || after == UInt8(ascii: "/")
    }
}

/// With `--admin-token T`, every `/_mock` call needs `x-mock-admin-token: T`, however its path
/// is spelled.
struct AdminTokenMiddleware: RouterMiddleware {
    typealias Context = MockRequestContext
    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let token, AdminPath.isAdmin(request, context: context), request.headers[.mockAdminToken] != token {
            throw PlatformError(status: .unauthorized, message: "the /_mock API is locked: send header x-mock-admin-token")
        }
        return try await next(request, context)
    }
}

/// Journals every platform request (not `/_mock`), with secrets redacted, and the status it
/// was answered with (a thrown error's, which goes on to `PlatformErrorMiddleware`).
struct JournalMiddleware: RouterMiddleware {
    typealias Context = MockRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !AdminPath.isAdmin(request, context: context) else { return try await next(request, context) }
        let started = ContinuousClock.now
        let unmatched = context.endpointPath == nil
        var request = request
        var body: Data?
        let outcome: Result<Response, PlatformError>
        do {
            // Buffered here once; the route decodes the same buffer. A request whose head
            // announces no body has an empty one, read without walking its stream.
            body = BodyRules.announcesNoBody(request.headers)
                ? Data() : Data(buffer: try await request.collectBody(upTo: context.maxUploadSize))
            outcome = .success(try await next(request, context))
        } catch is NIOTooManyBytesError {
            // The body stream is spent, so the route never runs.
            outcome = .failure(BodyRules.tooLarge(limit: context.maxUploadSize))
        } catch {
            outcome = .failure(PlatformError(error))
        }
        let elapsed = ContinuousClock.now - started
        let platform = context.platform
        let status = switch outcome {
        case .success(let response): response.status.code
        case .failure(let error): error.status.code
        }
        let kept = body.map { platform.journal.recorded($0, contentType: request.headers[.contentType]) }
            ?? .redacted(RequestJournal.Body(value: .string("<body over the size limit>"), receivedBytes: context.maxUploadSize, truncated: true, cost: 32))
        body = nil
        platform.journal.record(body: kept) { seq in
            RequestJournal.Entry(
                seq: seq, method: request.method.rawValue, path: request.uri.path, query: request.uri.query.map(Redaction.redactQuery),
                status: status, caller: context.notes.caller,
                body: nil, bodyBytes: 0, bodyTruncated: false,  // filled in from `kept`
                timeMs: platform.clock.nowMs(),
                durationMs: Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000,
                unmatched: unmatched)
        }
        return try outcome.get()
    }
}

/// Applies scripted faults (`POST /_mock/faults`) to matching platform requests.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = MockRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !AdminPath.isAdmin(request, context: context),
              let fault = context.platform.faults.take(method: request.method.rawValue, path: request.uri.path) else {
            return try await next(request, context)
        }
        if let delay = fault.delayMs, delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
        guard let code = fault.status else { return try await next(request, context) }
        let status = HTTPResponse.Status(code: code)
        var headers: HTTPFields = [:]
        if let retry = fault.retryAfterS { headers[.retryAfter] = String(retry) }
        if let body = fault.body {
            var response = try JSONResponse.make(body, status: status)
            response.headers.append(contentsOf: headers)
            return response
        }
        throw PlatformError(status: status, message: "fault injected by dataloop-mock for \(request.method) \(request.uri.path)", headers: headers)
    }
}
