import Foundation
import Hummingbird

extension MockRequestContext {
    /// A path parameter, percent-decoded: clients send `Street%20scenes` and `ada%40x.example`.
    func pathParameter(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
