import Foundation

/// One thing wrong with a fixture document, located by its JSON path
/// (`orgs[2].members[0].email: no user 'x@y'`).
public struct FixtureProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    /// Turns a `DecodingError` into a problem at the JSON path where decoding failed.
    public init(_ error: DecodingError) {
        func render(_ codingPath: [any CodingKey]) -> String {
            codingPath.reduce(into: "") { out, key in
                if let index = key.intValue { out += "[\(index)]" } else { out += out.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
        }
        switch error {
        case .typeMismatch(let type, let ctx):
            self.init(path: render(ctx.codingPath), message: "expected \(Self.jsonTypeName(type))")
        case .valueNotFound(let type, let ctx):
            self.init(path: render(ctx.codingPath), message: "expected \(Self.jsonTypeName(type)), found null")
        case .keyNotFound(let key, let ctx):
            self.init(path: render(ctx.codingPath + [key]), message: "required field is missing")
        case .dataCorrupted(let ctx):
            let underlying = ctx.underlyingError.map(Self.foundationDetail) ?? ctx.debugDescription
            self.init(path: render(ctx.codingPath), message: ctx.codingPath.isEmpty ? "not valid JSON (\(underlying))" : ctx.debugDescription)
        @unknown default:
            self.init(path: "", message: "\(error)")
        }
    }

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// Foundation's JSON parser keeps the useful detail (line, column) in `NSDebugDescription`.
    static func foundationDetail(_ error: any Error) -> String {
        ((error as NSError).userInfo["NSDebugDescription"] as? String) ?? "\(error)"
    }

    static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int64.Type, is Double.Type: return "a number"
        case is [Any].Type: return "an array"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") || name.hasPrefix("Fixture") || name.hasPrefix("KeyedDecoding") { return "an object" }
            return name
        }
    }
}

