import Foundation
import HTTPTypes
import Hummingbird

enum JSONResponse {
    /// Sorted keys keep output byte-identical across processes and runs.
    /// - Throws: a 500 `PlatformError` naming the type that failed to encode (a non-finite
    ///   number, say): an answer the server cannot encode is its own bug, never `200 {}`.
    static func encode(_ value: some Encodable) throws(PlatformError) -> ByteBuffer {
        if let writable = value as? any JSONWritable {
            var writer = JSONWriter()
            writable.write(to: &writer)
            return writer.byteBuffer
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return ByteBuffer(bytes: try encoder.encode(value))
        } catch {
            throw PlatformError(status: .internalServerError,
                                 message: "dataloop-mock could not encode its JSON answer (\(type(of: value))): \(error)")
        }
    }

    /// How a route encodes its answers, chosen once when it is registered: a view that writes
    /// itself (`JSONWritable`) is written directly, without `encode(_:)`'s cast to it on every
    /// answer (a conformance lookup through `Array`'s conditional conformance, about 1% of an
    /// uncached `GET /projects`, callgrind).
    static func encoder<Output: Encodable>(for type: Output.Type) -> @Sendable (Output) throws(PlatformError) -> ByteBuffer {
        if let writable = type as? any JSONWritable.Type { return writer(writable, for: type) }
        return { value throws(PlatformError) in try encode(value) }
    }

    private static func writer<View: JSONWritable, Output>(_ view: View.Type, for: Output.Type) -> @Sendable (Output) -> ByteBuffer {
        { value in
            var writer = JSONWriter()
            (value as! View).write(to: &writer)  // the same type: `encoder(for:)` checked it
            return writer.byteBuffer
        }
    }

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws(PlatformError) -> Response {
        make(encoded: try encode(value), status: status)
    }

    static func make(encoded body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
