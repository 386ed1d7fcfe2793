import Foundation
import Hummingbird

/// The console's forms: `application/x-www-form-urlencoded` fields, each post carrying its
/// session's CSRF token in `csrf_token` (the synchronizer-token pattern: one random token per
/// session, kept on the server, compared in constant time). A post without it, or with
/// another session's, changes nothing and gets 403.
struct ConsoleForm: Sendable {
    static let tokenField = "csrf_token"
    static let maxBytes = 64 * 1024
    let fields: [String: String]

    subscript(_ name: String) -> String { fields[name] ?? "" }

    /// The fields the person typed (everything but the token), to refill a refused form.
    var typed: [String: String] { fields.filter { $0.key != Self.tokenField } }

    static func read(_ request: Request, context: MockRequestContext) async throws -> ConsoleForm {
        guard BodyRules.isForm(request) else { throw BodyRules.unsupported(request, expected: .form) }
        let data = try await BodyRules.bytes(request, limit: maxBytes)
        guard let text = String(data: data, encoding: .utf8) else { throw DomainError.badRequest("form body is not valid UTF-8") }
        do {
            return ConsoleForm(fields: try URLEncodedFormDecoder().decode([String: String].self, from: text))
        } catch {
            throw DomainError.badRequest("malformed form body: the console's forms send flat name=value fields")
        }
    }

    /// Whether the form carries this session's token.
    func hasToken(of session: WebSession) -> Bool {
        Self.constantTimeEqual(Array(self[Self.tokenField].utf8), Array(session.csrfToken.utf8))
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
