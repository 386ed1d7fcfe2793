import Foundation
import Hummingbird
import Synchronization

/// A signed-in browser: who, until when, the CSRF token its forms carry, and the message (and
/// typed values) the next page shows after a post/redirect/get.
struct WebSession: Sendable {
    let id: String
    let userId: String
    let csrfToken: String
    let expiresAtMs: Int64
    var flash: Flash?
}

/// What a form post leaves for the page it redirects to: the outcome, and on a refusal the
/// values the person typed, so the form shows them again.
struct Flash: Sendable {
    var message: String
    var isError: Bool
    /// The form it belongs to (`rename`, `add-member`, ...), so only that form is refilled.
    var form: String
    var values: [String: String] = [:]
}

/// The console's sessions of one namespace, in memory: a reset of the state does not sign
/// anyone out (a user who is gone is signed out on the next request). Bounded: past
/// `capacity`, expired sessions go first, then those closest to expiry.
final class WebSessionStore: Sendable {
    static let lifetimeMs: Int64 = 12 * 3600 * 1000
    let capacity: Int
    private let sessions = Mutex<[String: WebSession]>([:])

    init(capacity: Int = 1000) { self.capacity = capacity }

    func create(userId: String, nowMs: Int64) -> WebSession {
        let session = WebSession(id: Self.randomToken(), userId: userId, csrfToken: Self.randomToken(),
                                 expiresAtMs: nowMs + Self.lifetimeMs, flash: nil)
        sessions.withLock { sessions in
            if sessions.count >= capacity {
                sessions = sessions.filter { $0.value.expiresAtMs > nowMs }
                while sessions.count >= capacity, let oldest = sessions.min(by: { $0.value.expiresAtMs < $1.value.expiresAtMs }) {
                    sessions.removeValue(forKey: oldest.key)
                }
            }
            sessions[session.id] = session
        }
        return session
    }

    /// The live session with this id; an expired one is dropped.
    func session(_ id: String, nowMs: Int64) -> WebSession? {
        sessions.withLock { sessions in
            guard let session = sessions[id] else { return nil }
            if session.expiresAtMs <= nowMs {
                sessions.removeValue(forKey: id)
                return nil
            }
            return session
        }
    }

    func setFlash(_ flash: Flash, for id: String) {
        sessions.withLock { $0[id]?.flash = flash }
    }

    /// The flash, once: the page that shows it clears it.
    func takeFlash(for id: String) -> Flash? {
        sessions.withLock { sessions in
            defer { sessions[id]?.flash = nil }
            return sessions[id]?.flash
        }
    }

    func remove(_ id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }

    /// 256 random bits, hex: session ids and CSRF tokens.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let word = generator.next() as UInt64
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}

/// Where a namespace's console lives and which cookie holds its session: the default
/// namespace at `/` with `dm_session`; namespace NAME at `/ns/NAME` with `dm_session_NAME`
/// (scoped to that path), so a browser can be signed in to several namespaces at once.
struct ConsoleSite: Sendable {
    let base: String
    let cookieName: String

    init(namespace: String) {
        base = namespace.isEmpty ? "" : "/ns/\(namespace)"
        cookieName = namespace.isEmpty ? "dm_session" : "dm_session_\(namespace)"
    }

    /// A path of this console: `/projects` → `/ns/NAME/projects`.
    func path(_ path: String) -> String { base + path }

    func sessionCookie(_ session: WebSession) -> Cookie {
        Cookie(name: cookieName, value: session.id, maxAge: Int(WebSessionStore.lifetimeMs / 1000),
               path: base.isEmpty ? "/" : base, httpOnly: true, sameSite: .lax)
    }

    func clearedCookie() -> Cookie {
        Cookie(name: cookieName, value: "", expires: Date(timeIntervalSince1970: 0), path: base.isEmpty ? "/" : base,
               httpOnly: true, sameSite: .lax)
    }

    func session(_ request: Request, platform: MockPlatform) -> WebSession? {
        guard let id = request.cookies[cookieName]?.value, !id.isEmpty else { return nil }
        return platform.webSessions.session(id, nowMs: platform.clock.nowMs())
    }

    func redirect(_ path: String) -> Response {
        Response(status: .seeOther, headers: [.location: self.path(path)])
    }
}
