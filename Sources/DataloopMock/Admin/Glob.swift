import Foundation

/// `*` matches within a path segment, `**` across segments.
///
/// Matched by simulating the pattern's automaton over the path's bytes, one bit per pattern
/// position: time is proportional to the path's length times the pattern's length (in
/// 64-position words), whatever the stars, where backtracking took exponential time on
/// `/**/**/**/...` against a long path. Patterns are at most `maxPatternBytes` long.
public enum Glob {
    public static let maxPatternBytes = 256

    /// The reason a pattern is refused, or nil.
    public static func problem(with pattern: String) -> String? {
        pattern.utf8.count > maxPatternBytes ? "a path pattern is at most \(maxPatternBytes) bytes (got \(pattern.utf8.count))" : nil
    }

    public static func matches(pattern: String, _ path: String) -> Bool {
        Compiled(pattern).matches(path)
    }

    struct Compiled: Sendable {
        enum Token: Equatable { case byte(UInt8), star, deep }
        let tokens: [Token]
        let words: Int
        /// Per byte value, `words` words: the positions whose literal is that byte.
        let literal: [UInt64]
        /// Positions holding `*` (stays on anything but '/') and `**` (stays on anything).
        let star: [UInt64]
        let deep: [UInt64]

        init(_ pattern: String) {
            var tokens: [Token] = []
            var bytes = Array(pattern.utf8.prefix(Glob.maxPatternBytes))[...]
            while let byte = bytes.first {
                bytes = bytes.dropFirst()
                guard byte == UInt8(ascii: "*") else { tokens.append(.byte(byte)); continue }
                // A run of stars is one token: `*` alone, `**` (or more) across segments.
                var deep = false
                while bytes.first == UInt8(ascii: "*") { deep = true; bytes = bytes.dropFirst() }
                tokens.append(deep ? .deep : .star)
            }
            self.tokens = tokens
            words = tokens.count / 64 + 1
            var literal = Array(repeating: UInt64(0), count: words * 256)
            var star = Array(repeating: UInt64(0), count: words)
            var deep = Array(repeating: UInt64(0), count: words)
            for (index, token) in tokens.enumerated() {
                let bit = UInt64(1) << UInt64(index % 64)
                switch token {
                case .byte(let byte): literal[Int(byte) * words + index / 64] |= bit
                case .star: star[index / 64] |= bit
                case .deep: deep[index / 64] |= bit
                }
            }
            self.literal = literal
            self.star = star
            self.deep = deep
        }

        /// Adds, for every active star position, the position after it (a star may match nothing).
        /// Stars are never adjacent, so one step closes the set.
        func closed(_ state: [UInt64]) -> [UInt64] {
            var skips = state
            for w in 0..<words { skips[w] &= star[w] | deep[w] }
            return zip(state, Self.shifted(skips)).map { $0 | $1 }
        }

        static func shifted(_ bits: [UInt64]) -> [UInt64] {
            var out = bits
            var carry: UInt64 = 0
            for w in 0..<bits.count {
                out[w] = (bits[w] << 1) | carry
                carry = bits[w] >> 63
            }
            return out
        }

        func matches(_ path: String) -> Bool {
            var state = Array(repeating: UInt64(0), count: words)
            state[0] = 1
            state = closed(state)
            for byte in path.utf8 {
                var advance = state
                var stay = state
                let slash = byte == UInt8(ascii: "/")
                for w in 0..<words {
                    advance[w] &= literal[Int(byte) * words + w]
                    stay[w] &= slash ? deep[w] : (star[w] | deep[w])
                }
                let moved = Self.shifted(advance)
                for w in 0..<words { state[w] = moved[w] | stay[w] }
                state = closed(state)
                if state.allSatisfy({ $0 == 0 }) { return false }
            }
            let end = tokens.count
            return state[end / 64] & (UInt64(1) << UInt64(end % 64)) != 0
        }
    }
}
