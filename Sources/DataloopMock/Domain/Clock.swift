import Foundation
import Synchronization

/// The server's notion of "now", in milliseconds since the epoch. Tests can pin or advance it
/// (`/_mock/clock`) so that timestamps and token expiry are deterministic.
public final class MockClock: Sendable {
    private enum Mode { case real(offsetMs: Int64), fixed(Int64) }
    private let mode = Mutex<Mode>(.real(offsetMs: 0))

    public init() {}

    public func nowMs() -> Int64 {
        mode.withLock { mode in
            switch mode {
            case .real(let offset): return Self.systemNowMs() + offset
            case .fixed(let value): return value
            }
        }
    }

    public func set(nowMs: Int64) { mode.withLock { $0 = .fixed(nowMs) } }

    public func advance(byMs delta: Int64) {
        mode.withLock { mode in
            switch mode {
            case .real(let offset): mode = .real(offsetMs: offset + delta)
            case .fixed(let value): mode = .fixed(value + delta)
            }
        }
    }

    public func useRealTime() { mode.withLock { $0 = .real(offsetMs: 0) } }

    public var isFake: Bool {
        mode.withLock { mode in
            if case .real(0) = mode { return false }
            return true
        }
    }

    static func systemNowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
