import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Hummingbird answers a request its HTTP decoder refuses (a head over the size limit, a NUL in
/// a header, a malformed request line, a transfer encoding it cannot decode) with an empty 400.
/// This handler sits right after the decoder (Hummingbird's `additionalChannelHandlers`) and
/// answers those in the platform's error shape instead, 431 for an oversized head, then closes
/// the connection as Hummingbird would. A parse error in the middle of a request (a bad chunk
/// size inside its body) belongs to the route reading that body, which answers it (400), so
/// while a request is open the error passes through untouched.
final class MalformedRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Request heads read whose response has not ended yet.
    private var openRequests = 0
    private var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { openRequests += 1 }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { openRequests = max(0, openRequests - 1) }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError, openRequests == 0, !answered else {
            context.fireErrorCaught(error)
            return
        }
        answered = true
        let (status, message) = Self.describe(parserError)
        let body = PlatformError.encodedBody(status: status, message: message)
        let head = HTTPResponse(status: status, headerFields: [
            .contentType: "application/json; charset=utf-8", .contentLength: String(body.readableBytes), .connection: "close",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }

    /// The status and message for what the decoder refused.
    static func describe(_ error: HTTPParserError) -> (HTTPResponse.Status, String) {
        switch error {
        case .headerOverflow:
            return (.requestHeaderFieldsTooLarge, "the request head is larger than the \(ServerOptions.maxHeadBytes / 1024) KiB limit")
        case .invalidHeaderToken, .invalidConstant, .invalidCharactersUsed, .lfExpected, .strictModeAssertion:
            return (.badRequest, "malformed request head: a header has a character HTTP does not allow (such as NUL or a control character)")
        case .invalidMethod, .invalidURL, .invalidVersion, .invalidPath, .invalidQueryString, .invalidFragment, .invalidHost, .invalidPort:
            return (.badRequest, "malformed request line: expected 'METHOD /path HTTP/1.1'")
        case .invalidChunkSize, .unexpectedContentLength, .invalidContentLength, .unknown:
            // llhttp reports an unsupported Transfer-Encoding (gzip, ...) as `.unknown`.
            return (.badRequest, "malformed request framing: send Content-Length, or Transfer-Encoding: chunked with hexadecimal chunk sizes")
        default:
            return (.badRequest, "malformed HTTP request (\(error))")
        }
    }
}
