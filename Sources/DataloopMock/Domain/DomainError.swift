/// Why a domain operation was refused. Each case carries a message written for the person
/// calling the API: it names the rule that was broken, because the SDK shows it verbatim.
public enum DomainError: Error, Equatable, Sendable {
    case badRequest(String)
    case unauthorized(String)
    case forbidden(String)
    case notFound(String)
    case conflict(String)
    case tooManyRequests(String)

    public var message: String {
        switch self {
        case .badRequest(let m), .unauthorized(let m), .forbidden(let m),
             .notFound(let m), .conflict(let m), .tooManyRequests(let m):
            return m
        }
    }
}
