import Foundation
import Hummingbird

/// `/_mock`: the test-control API (health and reset here; see README "The /_mock API").
struct AdminRoutes {
    let platform: MockPlatform
    static let version = "0.1.0"

    struct Health: Encodable {
        var status: String
        var version: String
        var uptimeMs: Int64
        var fixtures: String
        var counts: [String: Int]
    }

    struct ResetResult: Encodable {
        var reset: Bool
        var tookMs: Double
    }

    func add(to router: some RouterMethods<MockRequestContext>) {
        router.get("_mock/health") { _, _ in
            JSONResponse.make(Health(
                status: "ok", version: Self.version, uptimeMs: MockClock.systemNowMs() - platform.startedAtMs,
                fixtures: platform.store.fixtureSummary, counts: try platform.store.counts()))
        }
        router.post("_mock/reset") { _, _ in
            let start = ContinuousClock.now
            try platform.store.reset()
            let took = ContinuousClock.now - start
            return JSONResponse.make(ResetResult(reset: true, tookMs: Double(took.components.attoseconds) / 1e15 + Double(took.components.seconds) * 1000))
        }
    }
}
