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

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws(PlatformError) -> Response {
        make(encoded: try encode(value), status: status)
    }

    static func make(encoded body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
