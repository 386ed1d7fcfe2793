import Foundation
import HTTPTypes
import Hummingbird

enum JSONResponse {
    /// Sorted keys keep output byte-identical across processes and runs.
    /// - Throws: a 500 `HTTPFailure` naming the type that failed to encode (a non-finite
    ///   number, say): an answer the server cannot encode is its own bug, never `200 {}`.
    static func encode(_ value: some Encodable) throws(HTTPFailure) -> ByteBuffer {
        if let writable = value as? any JSONWritable {
            var writer = JSONWriter()
            writable.write(to: &writer)
            return ByteBuffer(bytes: writer.bytes)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return ByteBuffer(bytes: try encoder.encode(value))
        } catch {
            throw HTTPFailure(status: .internalServerError,
                              message: "dataloop-mock could not encode its JSON answer (\(type(of: value))): \(error)")
        }
    }

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        do throws(HTTPFailure) {
            return make(encoded: try encode(value), status: status)
        } catch {
            return ErrorResponse.make(status: error.status, message: error.message)
        }
    }

    static func make(encoded body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
