import GRDB

/// The org's file-system cache (`dl.organizations.cache_action`): applying it makes it
/// PENDING, then READY after `readyAfterMs`; destroying it makes it NONE.
public struct CacheService: Sendable {
    public enum Mode: String, Sendable { case applyFilestore = "apply-filestore", apply, destroy, get }
    public typealias State = OrgCacheState

    public let clock: MockClock
    public let readyAfterMs: Int64
    let orgs: OrganizationService
    public init(clock: MockClock, readyAfterMs: Int64) {
        self.clock = clock
        self.readyAfterMs = readyAfterMs
        orgs = OrganizationService(clock: clock)
    }

    /// dtlpy formats its enum with `'{}'.format(...)`, which on Python 3.11+ gives
    /// `CacheAction.APPLY` instead of `apply`: both spellings are the same mode.
    public static func mode(_ raw: String) throws -> Mode {
        var text = raw.lowercased()
        if text.hasPrefix("cacheaction.") { text.removeFirst("cacheaction.".count) }
        guard let mode = Mode(rawValue: text) else {
            throw DomainError.badRequest("unknown cache mode '\(raw)'; expected apply-filestore, apply, destroy or get")
        }
        return mode
    }

    public func perform(_ db: Database, caller: Caller, orgId: String, mode: Mode) throws -> State {
        var (org, _) = try orgs.authorize(db, caller, orgId: orgId, .manageCache)
        let now = clock.nowMs()
        switch mode {
        case .applyFilestore, .apply:
            if current(org, now: now) == .none {
                org.cacheState = readyAfterMs <= 0 ? .ready : .pending
                org.cacheReadyAt = now + readyAfterMs
            }
        case .destroy:
            org.cacheState = .none
            org.cacheReadyAt = nil
        case .get:
            break
        }
        let state = current(org, now: now)
        org.cacheState = state
        try org.update(db)
        return state
    }

    func current(_ org: OrgRecord, now: Int64) -> State {
        let state = org.cacheState
        if state == .pending, let readyAt = org.cacheReadyAt, now >= readyAt { return .ready }
        return state
    }
}
