import Foundation
import Hummingbird
import NIOCore

/// The context's request decoder: reads a route's body by the rules of its doc (`BodyDoc`).
/// JSON endpoints take JSON only, reject fields their schema does not name, and say which
/// field is wrong; `jsonOrForm` ones take a form too. The body is collected once, up to the
/// context's limit (413 past it).
public struct PlatformBodyDecoder: RequestDecoder {
    let body: BodyDoc?
    let limit: Int

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        guard let body else {
            throw PlatformError(status: .internalServerError, message: "dataloop-mock reads a body on a route whose doc declares none")
        }
        switch body.encoding {
        case .json where BodyRules.isJSON(request), .jsonOrForm where BodyRules.isJSON(request):
            return try BodyRules.json(type, from: try await BodyRules.bytes(request, limit: limit), allowed: body.allowedFields)
        case .jsonOrForm where BodyRules.isForm(request), .form where BodyRules.isForm(request):
            return try BodyRules.form(type, from: try await BodyRules.bytes(request, limit: limit))
        case .json, .jsonOrForm, .form:
            throw BodyRules.unsupported(request, expected: body.encoding)
        }
    }
}

/// Reading request bodies the way the platform does.
enum BodyRules {
    /// The body, collected once; past `limit`, 413.
    static func bytes(_ request: Request, limit: Int) async throws -> Data {
        do {
            return Data(buffer: try await request.body.collect(upTo: limit))
        } catch is NIOTooManyBytesError {
            throw tooLarge(limit: limit)
        }
    }

    /// Whether the request's head says it has no body: HTTP/1.1 gives a request without
    /// `Content-Length` and `Transfer-Encoding` none (RFC 9112 §6.3), and NIO's parser reads it
    /// so. The journal need not walk such a body's empty stream (Hummingbird still reads the
    /// request's end itself, so this saved 4,500 instructions of an uncached `GET /orgs/{id}`,
    /// docs/NOTES.md "Speed").
    static func announcesNoBody(_ headers: HTTPFields) -> Bool {
        guard headers[.transferEncoding] == nil else { return false }
        let lengths = headers[values: .contentLength]
        return lengths.isEmpty || lengths == ["0"]
    }

    /// 413: the body is larger than the route reads.
    static func tooLarge(limit: Int) -> PlatformError {
        PlatformError(status: .contentTooLarge, message: "request body is larger than the \(limit / 1024) KiB limit")
    }

    /// 415: the body is not in an encoding the route reads.
    static func unsupported(_ request: Request, expected: BodyDoc.Encoding) -> PlatformError {
        let what = switch expected {
        case .json: "a JSON body (Content-Type: application/json)"
        case .jsonOrForm: "a form (application/x-www-form-urlencoded) or JSON body"
        case .form: "a form (application/x-www-form-urlencoded)"
        }
        return PlatformError(status: .unsupportedMediaType, message: "expected \(what), got \(request.headers[.contentType] ?? "no Content-Type")")
    }

    static func isJSON(_ request: Request) -> Bool {
        guard let type = request.headers[.contentType]?.lowercased() else { return false }
        return type.hasPrefix("application/json") || type.hasPrefix("application/") && type.contains("+json")
    }

    static func isForm(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
    }

    /// A JSON object of `T`, with only the `allowed` top-level fields (nil: any). One decoding
    /// pass when the body is good; a refused body is examined again to say what is wrong.
    static func json<T: Decodable>(_ type: T.Type, from data: Data, allowed: Set<String>?) throws -> T {
        let decoder = JSONDecoder()
        decoder.userInfo[allowedFieldsKey] = allowed
        if let checked = try? decoder.decode(AllowedFields<T>.self, from: data) { return checked.value }
        return try examined(type, from: data, allowed: allowed)
    }

    static let allowedFieldsKey = CodingUserInfoKey(rawValue: "allowedFields")!

    /// A body's value, decoded after its object's keys were found among the allowed ones.
    private struct AllowedFields<T: Decodable>: Decodable {
        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        struct UnknownField: Error {}
        let value: T

        init(from decoder: any Decoder) throws {
            let keys = try decoder.container(keyedBy: AnyKey.self).allKeys
            if let allowed = decoder.userInfo[BodyRules.allowedFieldsKey] as? Set<String>, keys.contains(where: { !allowed.contains($0.stringValue) }) {
                throw UnknownField()
            }
            value = try T(from: decoder)
        }
    }

    /// The same decoding, rule by rule, for a body the single pass refused: it says which rule
    /// the body breaks first, as the platform words it.
    static func examined<T: Decodable>(_ type: T.Type, from data: Data, allowed: Set<String>?) throws -> T {
        guard String(data: data, encoding: .utf8) != nil else { throw DomainError.badRequest("request body is not valid UTF-8") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw DomainError.badRequest("malformed JSON body: \(FixtureProblem.foundationDetail(error))")
        }
        guard let dictionary = object as? [String: Any] else { throw DomainError.badRequest("expected a JSON object as the request body") }
        if let allowed, let unknown = dictionary.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw DomainError.badRequest("unknown field '\(unknown)'; this endpoint accepts: \(allowed.sorted().joined(separator: ", "))")
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

    /// An `application/x-www-form-urlencoded` body (what the SDK sends to `POST /projects`).
    static func form<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        guard let text = String(data: data, encoding: .utf8) else { throw DomainError.badRequest("request body is not valid UTF-8") }
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
}
