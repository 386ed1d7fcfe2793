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

    /// Each fault with its path pattern compiled once.
    private let faults = Mutex<[(fault: Fault, glob: Glob.Compiled)]>([])
    public let maxFaults: Int
    public init(maxFaults: Int = Limits().maxFaults) { self.maxFaults = max(0, maxFaults) }

    public func add(_ fault: Fault) throws(DomainError) -> Fault {
        guard fault.path.hasPrefix("/") else { throw .badRequest("fault 'path' must start with '/' (a path glob such as /api/v1/projects)") }
        if let problem = Glob.problem(with: fault.path) { throw .badRequest("fault 'path': \(problem)") }
        if let status = fault.status, !(100...599).contains(status) { throw .badRequest("fault 'status' must be an HTTP status (100-599)") }
        if let delay = fault.delayMs, !(0...60_000).contains(delay) { throw .badRequest("fault 'delayMs' must be 0 to 60000") }
        if let times = fault.times, times < 1 { throw .badRequest("fault 'times' must be at least 1") }
        if let retry = fault.retryAfterS, !(0...86_400).contains(retry) { throw .badRequest("fault 'retryAfterS' must be 0 to 86400") }
        if fault.status == nil && fault.delayMs == nil { throw .badRequest("a fault needs a 'status', a 'delayMs', or both") }
        var stored = fault
        stored.id = UUIDs.random()
        stored.hits = 0
        let glob = Glob.Compiled(stored.path)
        try faults.withLock { (faults) throws(DomainError) in
            guard faults.count < maxFaults else {
                throw .tooManyRequests("fault limit reached (\(maxFaults) per namespace, see --max-faults); clear them with DELETE /_mock/faults")
            }
            faults.append((stored, glob))
        }
        return stored
    }

    /// The first fault matching the request, counted as used.
    public func take(method: String, path: String) -> Fault? {
        faults.withLock { faults in
            guard let index = faults.firstIndex(where: { entry in
                (entry.fault.method == nil || entry.fault.method!.uppercased() == method.uppercased()) && entry.glob.matches(path)
            }) else { return nil }
            faults[index].fault.hits = (faults[index].fault.hits ?? 0) + 1
            let fault = faults[index].fault
            if let times = fault.times {
                if times <= 1 { faults.remove(at: index) } else { faults[index].fault.times = times - 1 }
            }
            return fault
        }
    }

    public func list() -> [Fault] { faults.withLock { $0.map(\.fault) } }
    public func clear() { faults.withLock { $0 = [] } }
}
