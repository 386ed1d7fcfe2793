import Hummingbird
import Synchronization

/// Per-request state: the namespace's platform (set by `NamespaceMiddleware`) and the caller's
/// id (set by `AuthMiddleware`).
public struct MockRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    private var resolvedPlatform: MockPlatform?
    /// The namespace's platform. `NamespaceMiddleware`, the router's first middleware, sets
    /// it before anything else reads it.
    public var platform: MockPlatform {
        get {
            guard let resolvedPlatform else { preconditionFailure("NamespaceMiddleware must run before any route") }
            return resolvedPlatform
        }
        set { resolvedPlatform = newValue }
    }
    /// The authenticated user's id, from the verified token.
    public var callerId: String?
    /// Shared with the middlewares outside the route (the journal) that outlive context copies.
    public let notes = RequestNotes()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies above this get 413; the platform's JSON bodies are small.
    public var maxUploadSize: Int { 1024 * 1024 }
    /// The body the matched route reads, from its doc (set by `DocumentedRoutes`).
    var bodyDoc: BodyDoc?
    /// `request.decode(as:context:)` reads the route's body by the rules of its doc.
    public var requestDecoder: PlatformBodyDecoder { PlatformBodyDecoder(body: bodyDoc, limit: maxUploadSize) }

    /// The caller of an authenticated route (the middleware guarantees one).
    public func requireCallerId() throws -> String {
        guard let callerId else { throw DomainError.unauthorized("missing Authorization: Bearer token") }
        return callerId
    }
}

/// Facts learned deep in the middleware chain that the journal records on the way out.
public final class RequestNotes: Sendable {
    private let callerEmail = Mutex<String?>(nil)
    public var caller: String? {
        get { callerEmail.withLock { $0 } }
        set { callerEmail.withLock { $0 = newValue } }
    }
}
