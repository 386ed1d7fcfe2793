import Foundation

/// A fixture document's three arrays, found without parsing them, and cut into pieces that
/// are decoded on every core at once, by `FixtureReader` where it can.
///
/// `JSONDecoder` decodes on one thread; on the 100k-user fixture it took 0.9 s of the load.
/// Pieces of a few megabytes, each a run of whole elements, keep both cores busy to the end.
/// Only a plain document is split: a top-level object whose keys are among `users`, `orgs` and
/// `projects`, each at most once and written without escapes, each value an array. Anything
/// else, and any piece that fails to decode, is decoded whole by `JSONDecoder`, so every
/// problem is reported exactly as before, with its full path (`FixtureLoadingTests`).
struct FixtureSections: Equatable {
    /// Each section's elements, as byte ranges of runs of whole elements (commas between them).
    var users: [Range<Int>]?
    var orgs: [Range<Int>]?
    var projects: [Range<Int>]?

    /// About this many bytes of elements to a piece.
    static let pieceBytes = 1 << 21

    /// The sections of `bytes`, or nil when the document is not plain.
    static func find(in bytes: UnsafeRawBufferPointer, pieceBytes: Int = pieceBytes) -> FixtureSections? {
        var reader = FixtureReader(whole: bytes)
        var sections = FixtureSections()
        do {
            reader.skipWhitespace()
            try reader.take(UInt8(ascii: "{"))
            reader.skipWhitespace()
            if reader.peek == UInt8(ascii: "}") { return nil }  // empty: JSONDecoder's path gives the problem
            while true {
                let key = try reader.string()
                reader.skipWhitespace()
                try reader.take(UInt8(ascii: ":"))
                reader.skipWhitespace()
                let pieces = try reader.arrayPieces(of: pieceBytes)
                switch key {
                case "users" where sections.users == nil: sections.users = pieces
                case "orgs" where sections.orgs == nil: sections.orgs = pieces
                case "projects" where sections.projects == nil: sections.projects = pieces
                default: return nil
                }
                reader.skipWhitespace()
                if reader.peek == UInt8(ascii: "}") {
                    try reader.take(UInt8(ascii: "}"))
                    break
                }
                try reader.take(UInt8(ascii: ","))
                reader.skipWhitespace()
            }
            reader.skipWhitespace()
            return reader.atEnd ? sections : nil
        } catch {
            return nil
        }
    }

    /// Decodes the pieces side by side; nil if any fails (then decode the whole document).
    static func decode(_ data: Data, pieceBytes: Int = pieceBytes) -> FixtureDocument? {
        data.withUnsafeBytes { bytes -> FixtureDocument? in
            guard let sections = find(in: bytes, pieceBytes: pieceBytes) else { return nil }
            let users = (sections.users ?? []).map { Piece($0) { try $0.user() } }
            let orgs = (sections.orgs ?? []).map { Piece($0) { try $0.org() } }
            let projects = (sections.projects ?? []).map { Piece($0) { try $0.project() } }
            let jobs: [any PieceDecoding] = users + orgs + projects
            // The bytes outlive every job: `concurrentPerform` returns after the last.
            nonisolated(unsafe) let bytes = bytes
            DispatchQueue.concurrentPerform(iterations: jobs.count) { jobs[$0].decode(from: bytes) }
            func joined<Element>(_ pieces: [Piece<Element>]) -> [Element]? {
                var all: [Element] = []
                for piece in pieces {
                    guard let elements = piece.elements else { return nil }
                    all += elements
                }
                return all
            }
            guard let allUsers = joined(users), let allOrgs = joined(orgs), let allProjects = joined(projects) else { return nil }
            return FixtureDocument(users: allUsers, orgs: allOrgs, projects: allProjects)
        }
    }

    private protocol PieceDecoding: Sendable { func decode(from bytes: UnsafeRawBufferPointer) }

    /// One run of elements. Written by one job only, and read after `concurrentPerform` has
    /// returned.
    private final class Piece<Element: Decodable>: PieceDecoding, @unchecked Sendable {
        let range: Range<Int>
        let read: (inout FixtureReader) throws -> Element
        var elements: [Element]?

        init(_ range: Range<Int>, read: @escaping (inout FixtureReader) throws -> Element) {
            self.range = range
            self.read = read
        }

        /// `FixtureReader`, or `JSONDecoder` for what it leaves.
        func decode(from bytes: UnsafeRawBufferPointer) {
            if let elements = FixtureReader.elements(in: bytes, range, read) {
                self.elements = elements
                return
            }
            var json = Data(capacity: range.count + 2)
            json.append(UInt8(ascii: "["))
            json.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range]))
            json.append(UInt8(ascii: "]"))
            elements = try? JSONDecoder().decode([Element].self, from: json)
        }
    }
}

extension FixtureReader {
    /// An array, from its `[` to its matching `]`, as runs of whole elements of about
    /// `pieceBytes` each (cut at the commas between elements). Brackets are only counted,
    /// strings skipped: each piece is read in full later.
    mutating func arrayPieces(of pieceBytes: Int) throws -> [Range<Int>] {
        try take(UInt8(ascii: "["))
        var pieces: [Range<Int>] = []
        var pieceStart = at
        var depth = 1
        while at < end {
            let byte = bytes[at]
            at += 1
            switch byte {
            case UInt8(ascii: "\""):
                while at < end, bytes[at] != UInt8(ascii: "\"") {
                    at += bytes[at] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard at < end else { throw Unsupported() }
                at += 1
            case UInt8(ascii: ","):
                if depth == 1 && at - pieceStart > pieceBytes {
                    pieces.append(pieceStart..<(at - 1))
                    pieceStart = at
                }
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 {
                    pieces.append(pieceStart..<(at - 1))
                    guard cutsAreSound(pieces) else { throw Unsupported() }
                    return pieces
                }
            default: break
            }
        }
        throw Unsupported()
    }

    /// A cut beside a stray comma would hide it: "[x,, y]" cut after "x," gives "[x,]",
    /// which `JSONDecoder` takes (it allows a trailing comma), and "[ y]". Every piece
    /// before a cut must end in an element, and every piece after one start with one.
    private func cutsAreSound(_ pieces: [Range<Int>]) -> Bool {
        func edge(_ range: Range<Int>, last: Bool) -> UInt8? {
            let index = last ? range.reversed().first { !Self.isWhitespace(bytes[$0]) } : range.first { !Self.isWhitespace(bytes[$0]) }
            return index.map { bytes[$0] }
        }
        for (n, piece) in pieces.enumerated() {
            if n < pieces.count - 1, edge(piece, last: true) == nil || edge(piece, last: true) == UInt8(ascii: ",") { return false }
            if n > 0, edge(piece, last: false) == nil || edge(piece, last: false) == UInt8(ascii: ",") { return false }
        }
        return true
    }
}
