import Foundation
import Hummingbird
import NIOCore

/// Reading request bodies the way the platform does: JSON endpoints take JSON only, reject
/// fields they do not know, and say which field is wrong.
enum RequestBody {
    static func bytes(_ request: Request, context: MockRequestContext, limit: Int? = nil) async throws -> Data {
        let limit = limit ?? context.maxUploadSize
        do {
            return Data(buffer: try await request.body.collect(upTo: limit))
        } catch is NIOTooManyBytesError {
            throw HTTPFailure(status: .contentTooLarge, message: "request body is larger than the \(limit / 1024) KiB limit")
        }
    }

    static func isJSON(_ request: Request) -> Bool {
        guard let type = request.headers[.contentType]?.lowercased() else { return false }
        return type.hasPrefix("application/json") || type.hasPrefix("application/") && type.contains("+json")
    }

    /// - Parameter allowed: the accepted top-level fields; nil accepts any (the SDK sends
    ///   whole entities to some endpoints).
    static func json<T: Decodable>(_ type: T.Type, _ request: Request, context: MockRequestContext,
                                   allowed: Set<String>?) async throws -> T {
        guard isJSON(request) else {
            throw HTTPFailure(status: .unsupportedMediaType,
                              message: "expected a JSON body (Content-Type: application/json), got \(request.headers[.contentType] ?? "no Content-Type")")
        }
        let data = try await bytes(request, context: context)
        return try decode(type, from: data, allowed: allowed)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data, allowed: Set<String>?) throws -> T {
        guard String(data: data, encoding: .utf8) != nil else {
            throw DomainError.badRequest("request body is not valid UTF-8")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw DomainError.badRequest("malformed JSON body: \(FixtureProblem.foundationDetail(error))")
        }
        guard let dictionary = object as? [String: Any] else {
            throw DomainError.badRequest("expected a JSON object as the request body")
        }
        if let allowed {
            if let unknown = dictionary.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw DomainError.badRequest("unknown field '\(unknown)'; this endpoint accepts: \(allowed.sorted().joined(separator: ", "))")
            }
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            // Foundation's decoder reports a number beyond Int64 as invalid JSON at the root;
            // name the field instead.
            if let key = dictionary.keys.sorted().first(where: { key in
                (dictionary[key] as? NSNumber).map { abs($0.doubleValue) >= 9.2e18 } ?? false
            }) {
                throw DomainError.badRequest("invalid field '\(key)': a number outside the 64-bit integer range")
            }
            let problem = FixtureProblem(error)
            throw DomainError.badRequest("invalid field '\(problem.path)': \(problem.message)")
        }
    }

    /// Hummingbird's form decoder turns `%FF` into U+FFFD and carries on; a form whose escapes
    /// do not decode to UTF-8 (or are malformed, `%ZZ`) is refused instead, naming the field.
    static func checkFormEscapes(_ text: String) throws(DomainError) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let field = parts[0].replacingOccurrences(of: "+", with: " ")
            for part in parts where part.contains("%") {
                guard part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding != nil else {
                    let name = field.removingPercentEncoding ?? field
                    throw .badRequest("form field '\(name.prefix(80))' is not valid UTF-8 once percent-decoded (or has a malformed %-escape)")
                }
            }
        }
    }

    /// `application/x-www-form-urlencoded` (what the SDK sends to `POST /projects`) or JSON.
    static func formOrJSON<T: Decodable>(_ type: T.Type, _ request: Request, context: MockRequestContext,
                                         allowed: Set<String>) async throws -> T {
        if isJSON(request) { return try await json(type, request, context: context, allowed: allowed) }
        guard let contentType = request.headers[.contentType]?.lowercased(), contentType.hasPrefix("application/x-www-form-urlencoded") else {
            throw HTTPFailure(status: .unsupportedMediaType,
                              message: "expected a form (application/x-www-form-urlencoded) or JSON body, got \(request.headers[.contentType] ?? "no Content-Type")")
        }
        guard let text = String(data: try await bytes(request, context: context), encoding: .utf8) else {
            throw DomainError.badRequest("request body is not valid UTF-8")
        }
        try checkFormEscapes(text)
        do {
            return try URLEncodedFormDecoder().decode(type, from: text)
        } catch let error as DecodingError {
            let problem = FixtureProblem(error)
            throw DomainError.badRequest("invalid form field '\(problem.path)': \(problem.message)")
        } catch {
            throw DomainError.badRequest("malformed form body: \(error)")
        }
    }
}
