import HTTPTypes
import Hummingbird
import Synchronization

/// The served routes, so that a request the router did not match can be told apart: a known
/// path with another method (405, naming the methods it has) from an unknown path (501/404).
public final class RouteIndex: Sendable {
    private let routes = Mutex<[(method: HTTPRequest.Method, segments: [Substring])]>([])
    public init() {}

    func fill(from descriptions: [Router<MockRequestContext>.RouteDescription]) {
        routes.withLock { routes in
            routes = descriptions.map { ($0.method, "\($0.path)".split(separator: "/")) }
        }
    }

    /// Methods served on a path, by pattern (`{param}` segments match anything).
    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return routes.withLock { routes in
            routes.filter { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { pattern, segment in
                        pattern.hasPrefix("{") || pattern.hasPrefix(":") || pattern == segment
                    }
            }.map(\.method)
        }
    }
}
