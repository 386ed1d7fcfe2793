import Foundation
import Synchronization

/// The server's notion of "now", in milliseconds since the epoch. Tests can pin or advance it
/// (`/_mock/clock`) so that timestamps and token expiry are deterministic.
///
/// It stays within `validRange` whatever a client sends: every sum that uses the clock (token
/// expiry, refresh lifetimes, cache readiness) then fits in an `Int64` with room to spare, and
/// no input reaches a trapping operation.
public final class MockClock: Sendable {
    private enum Mode { case real(offsetMs: Int64), fixed(Int64) }
    private let mode = Mutex<Mode>(.real(offsetMs: 0))

    /// 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z.
    public static let validRange: ClosedRange<Int64> = 0...253_402_300_799_999
    static let rangeText = "0 to 253402300799999 (1970-01-01 to 9999-12-31 in ms since the epoch)"

    public init() {}

    public func nowMs() -> Int64 {
        mode.withLock { Self.now(in: $0) }
    }

    private static func now(in mode: Mode) -> Int64 {
        switch mode {
        case .real(let offset): return systemNowMs() + offset
        case .fixed(let value): return value
        }
    }

    public func set(nowMs: Int64) throws(DomainError) {
        guard Self.validRange.contains(nowMs) else {
            throw .badRequest("nowMs must be within \(Self.rangeText); got \(nowMs)")
        }
        mode.withLock { $0 = .fixed(nowMs) }
    }

    public func advance(byMs delta: Int64) throws(DomainError) {
        try mode.withLock { (mode: inout Mode) throws(DomainError) in
            let now = Self.now(in: mode)
            let (next, overflow) = now.addingReportingOverflow(delta)
            guard !overflow, Self.validRange.contains(next) else {
                throw .badRequest("advanceMs \(delta) would move the clock from \(now) outside \(Self.rangeText)")
            }
            switch mode {
            // Both terms are within the valid range of a few 10^14, so the sum cannot overflow.
            case .real(let offset): mode = .real(offsetMs: offset + delta)
            case .fixed: mode = .fixed(next)
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
