import Hummingbird

/// Per-request state: who is calling (set by `AuthMiddleware`).
public struct MockRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var caller: Caller?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies above this get 413; the platform's JSON bodies are small.
    public var maxUploadSize: Int { 1024 * 1024 }

    /// The caller of an authenticated route (the middleware guarantees one).
    public func requireCaller() throws -> Caller {
        guard let caller else { throw DomainError.unauthorized("missing Authorization: Bearer token") }
        return caller
    }
}
