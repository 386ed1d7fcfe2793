import Foundation

/// Parallel test workers share one server without sharing state: each namespace is its own
/// platform, created on first use as a copy of the default namespace's seed.
public actor NamespaceRegistry {
    public nonisolated let defaultPlatform: MockPlatform
    public nonisolated let maxNamespaces: Int
    private let jwtSecret: String?
    private var namespaces: [String: MockPlatform] = [:]

    public init(defaultPlatform: MockPlatform, maxNamespaces: Int, jwtSecret: String?) {
        self.defaultPlatform = defaultPlatform
        self.maxNamespaces = maxNamespaces
        self.jwtSecret = jwtSecret
    }

    /// Letters, digits, `-` and `_`, 1 to 64: a namespace name is never a path.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }

    /// The platform for a namespace name (nil or empty: the default one), created on first use.
    public func platform(for name: String?) async throws(DomainError) -> MockPlatform {
        guard let name, !name.isEmpty else { return defaultPlatform }
        if let existing = namespaces[name] { return existing }
        guard Self.isValidName(name) else {
            throw .badRequest("invalid namespace '\(name.prefix(80))': use 1 to 64 letters, digits, '-' or '_'")
        }
        guard namespaces.count < maxNamespaces else {
            throw .tooManyRequests("namespace limit reached (\(maxNamespaces), see --max-namespaces); delete one with DELETE /_mock/namespaces/NAME")
        }
        let platform: MockPlatform
        do {
            let clock = MockClock()
            let store = try StateStore(path: nil, seed: defaultPlatform.store.seed, recordCacheBytes: defaultPlatform.limits.recordCacheBytes)
            // Each namespace signs with its own key: a token from one is rejected in another.
            let secret = (jwtSecret ?? defaultPlatform.tokens.instanceSecret) + "/ns/" + name
            platform = MockPlatform(namespace: name, store: store, clock: clock,
                                    tokens: await TokenService(secret: secret, clock: clock),
                                    journalSize: defaultPlatform.journal.capacity, limits: defaultPlatform.limits,
                                    cacheReadyMs: defaultPlatform.cache.readyAfterMs)
        } catch {
            throw .badRequest("could not create namespace '\(name)': \(error)")
        }
        namespaces[name] = platform
        return platform
    }

    public func list() -> [(name: String, platform: MockPlatform)] {
        namespaces.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public func drop(_ name: String) -> Bool { namespaces.removeValue(forKey: name) != nil }
}
