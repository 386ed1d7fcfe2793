import Foundation
import HTTPTypes
import Hummingbird

enum JSONResponse {
    /// Sorted keys keep output byte-identical across processes and runs.
    static func encode(_ value: some Encodable) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ByteBuffer(bytes: (try? encoder.encode(value)) ?? Data("{}".utf8))
    }

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        make(encoded: encode(value), status: status)
    }

    static func make(encoded body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
