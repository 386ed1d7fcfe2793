/// A dtlpy release number (`1.100.5`), ordered by its numeric parts.
public struct DtlpyRelease: Comparable, Sendable, CustomStringConvertible {
    public let parts: [Int]
    public let description: String

    /// nil unless the text is dot-separated numbers (`1.126.5`, `1.90`).
    public init?(_ text: String) {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        let parts = pieces.compactMap { Int($0) }
        guard !pieces.isEmpty, parts.count == pieces.count, parts.allSatisfy({ $0 >= 0 }) else { return nil }
        self.parts = parts
        description = text
    }

    public static func < (a: Self, b: Self) -> Bool {
        let count = max(a.parts.count, b.parts.count)
        let pad = { (p: [Int]) in p + Array(repeating: 0, count: count - p.count) }
        return pad(a.parts).lexicographicallyPrecedes(pad(b.parts))
    }

    public static func == (a: Self, b: Self) -> Bool { !(a < b) && !(b < a) }
}
