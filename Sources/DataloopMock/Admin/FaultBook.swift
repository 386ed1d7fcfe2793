import Foundation
import Synchronization

/// Scripted failures and latency: "the next 2 POST /api/v1/projects get 503, then succeed".
public final class FaultBook: Sendable {
    public struct Fault: Codable, Sendable, Equatable {
        public var id: String?
        public var method: String?
        /// A path glob (`*` within a segment, `**` across): `/api/v1/projects`, `/api/v1/orgs/*/members`.
        public var path: String
        public var status: Int?
        public var body: JSONValue?
        public var delayMs: Int?
        /// How many matching requests it applies to; nil: until cleared.
        public var times: Int?
        public var retryAfterS: Int?
        public var hits: Int?
    }

    private let faults = Mutex<[Fault]>([])
    public init() {}

    public func add(_ fault: Fault) throws(DomainError) -> Fault {
        guard fault.path.hasPrefix("/") else { throw .badRequest("fault 'path' must start with '/' (a path glob such as /api/v1/projects)") }
        if let status = fault.status, !(100...599).contains(status) { throw .badRequest("fault 'status' must be an HTTP status (100-599)") }
        if let delay = fault.delayMs, !(0...60_000).contains(delay) { throw .badRequest("fault 'delayMs' must be 0 to 60000") }
        if let times = fault.times, times < 1 { throw .badRequest("fault 'times' must be at least 1") }
        if fault.status == nil && fault.delayMs == nil { throw .badRequest("a fault needs a 'status', a 'delayMs', or both") }
        var stored = fault
        stored.id = UUIDs.random()
        stored.hits = 0
        faults.withLock { $0.append(stored) }
        return stored
    }

    /// The first fault matching the request, counted as used.
    public func take(method: String, path: String) -> Fault? {
        faults.withLock { faults in
            guard let index = faults.firstIndex(where: { fault in
                (fault.method == nil || fault.method!.uppercased() == method.uppercased()) && Glob.matches(pattern: fault.path, path)
            }) else { return nil }
            faults[index].hits = (faults[index].hits ?? 0) + 1
            let fault = faults[index]
            if let times = fault.times {
                if times <= 1 { faults.remove(at: index) } else { faults[index].times = times - 1 }
            }
            return fault
        }
    }

    public func list() -> [Fault] { faults.withLock { $0 } }
    public func clear() { faults.withLock { $0 = [] } }
}
