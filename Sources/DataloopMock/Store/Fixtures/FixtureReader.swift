/// Reads the fixture types straight from JSON bytes, for the shapes fixtures nearly always
/// have, and gives up on anything else.
///
/// `JSONDecoder` spent most of its time on the 100k-user fixture in the Swift runtime's generic
/// metadata lookups and in reference counting, one keyed container per object (docs/NOTES.md,
/// "Speed"). This reader takes a subset of JSON: strings without escapes, integers without
/// fraction or exponent, each object's known keys once each, and no integration options or
/// metadata. On anything outside it, it throws `Unsupported`, and the caller decodes with
/// `JSONDecoder`, which also reports every problem; so it never accepts what `JSONDecoder`
/// would refuse or reads a value differently. `FixtureReaderTests` checks that against
/// `JSONDecoder` on generated documents.
struct FixtureReader {
    struct Unsupported: Error {}

    let bytes: UnsafeRawBufferPointer
    var at: Int
    let end: Int

    /// A reader of the whole of `bytes`, from the first.
    init(whole bytes: UnsafeRawBufferPointer) {
        self.init(bytes: bytes, at: 0, end: bytes.count)
    }

    private init(bytes: UnsafeRawBufferPointer, at: Int, end: Int) {
        self.bytes = bytes
        self.at = at
        self.end = end
    }

    var atEnd: Bool { at == end }

    /// The elements of `range`: values separated by commas, without the brackets around them.
    static func elements<Element>(in bytes: UnsafeRawBufferPointer, _ range: Range<Int>,
                                  _ read: (inout FixtureReader) throws -> Element) -> [Element]? {
        var reader = FixtureReader(bytes: bytes, at: range.lowerBound, end: range.upperBound)
        var elements: [Element] = []
        do {
            reader.skipWhitespace()
            if reader.at == reader.end { return elements }
            while true {
                elements.append(try read(&reader))
                reader.skipWhitespace()
                if reader.at == reader.end { return elements }
                try reader.take(UInt8(ascii: ","))
                reader.skipWhitespace()
            }
        } catch {
            return nil
        }
    }

    // MARK: The fixture types (see FixtureDocument.swift for what each key means)

    mutating func user() throws -> FixtureUser {
        var user = FixtureUser(email: "")
        var hasEmail = false
        try object { r, key in
            switch key {
            case "email": user.email = try r.string(); hasEmail = true; return 0
            case "password": user.password = try r.optionalString(); return 1
            case "passwordHash": user.passwordHash = try r.optionalString(); return 2
            case "id": user.id = try r.optionalString(); return 3
            case "firstName": user.firstName = try r.optionalString(); return 4
            case "lastName": user.lastName = try r.optionalString(); return 5
            case "superuser": user.superuser = try r.optionalBool(); return 6
            case "invited": user.invited = try r.optionalBool(); return 7
            case "activeOrg": user.activeOrg = try r.optionalString().map { .named($0) } ?? FixtureUser.ActiveOrg.none; return 8
            case "createdAt": user.createdAt = try r.optionalInt64(); return 9
            case "updatedAt": user.updatedAt = try r.optionalInt64(); return 10
            case "lastLogin": user.lastLogin = try r.optionalInt64(); return 11
            case "avatar": user.avatar = try r.optionalString(); return 12
            default: throw Unsupported()
            }
        }
        guard hasEmail else { throw Unsupported() }
        return user
    }

    mutating func org() throws -> FixtureOrg {
        var org = FixtureOrg(name: "", members: [])
        var required = 0
        try object { r, key in
            switch key {
            case "id": org.id = try r.optionalString(); return 0
            case "name": org.name = try r.string(); required += 1; return 1
            case "plan": org.plan = try r.optionalString(); return 2
            case "provider": org.provider = try r.optionalString(); return 3
            case "createdAt": org.createdAt = try r.optionalInt64(); return 4
            case "members": org.members = try r.array { try $0.member() }; required += 1; return 5
            case "groups": org.groups = try r.optional { try $0.array { try $0.group() } }; return 6
            case "integrations": org.integrations = try r.optional { try $0.array { try $0.integration() } }; return 7
            case "updatedAt": org.updatedAt = try r.optionalInt64(); return 8
            case "creator": org.creator = try r.optionalString(); return 9
            case "logoUrl": org.logoUrl = try r.optionalString(); return 10
            case "cache": org.cache = try r.optional { try $0.cache() }; return 11
            case "account": org.account = try r.optional { try $0.account() }; return 12
            case "systemProject": org.systemProject = try r.optional { try $0.systemProject() }; return 13
            default: throw Unsupported()
            }
        }
        guard required == 2 else { throw Unsupported() }
        return org
    }

    mutating func project() throws -> FixtureProject {
        var project = FixtureProject(name: "", org: "", contributors: [])
        var required = 0
        try object { r, key in
            switch key {
            case "id": project.id = try r.optionalString(); return 0
            case "name": project.name = try r.string(); required += 1; return 1
            case "org": project.org = try r.string(); required += 1; return 2
            case "account": project.account = try r.optionalString(); return 3
            case "createdAt": project.createdAt = try r.optionalInt64(); return 4
            case "contributors": project.contributors = try r.array { try $0.member() }; required += 1; return 5
            case "datasets": project.datasets = try r.optional { try $0.array { try $0.dataset() } }; return 6
            case "tasks": project.tasks = try r.optional { try $0.array { try $0.string() } }; return 7
            case "creator": project.creator = try r.optionalString(); return 8
            case "updatedAt": project.updatedAt = try r.optionalInt64(); return 9
            default: throw Unsupported()
            }
        }
        guard required == 3 else { throw Unsupported() }
        return project
    }

    mutating func member() throws -> FixtureMember {
        var member = FixtureMember(email: "", role: "")
        var required = 0
        try object { r, key in
            switch key {
            case "email": member.email = try r.string(); required += 1; return 0
            case "role": member.role = try r.string(); required += 1; return 1
            case "createdAt": member.createdAt = try r.optionalInt64(); return 2
            default: throw Unsupported()
            }
        }
        guard required == 2 else { throw Unsupported() }
        return member
    }

    mutating func group() throws -> FixtureGroup {
        var group = FixtureGroup(name: "", members: [])
        var required = 0
        try object { r, key in
            switch key {
            case "id": group.id = try r.optionalString(); return 0
            case "name": group.name = try r.string(); required += 1; return 1
            case "members": group.members = try r.array { try $0.string() }; required += 1; return 2
            case "owner": group.owner = try r.optionalString(); return 3
            case "createdAt": group.createdAt = try r.optionalInt64(); return 4
            case "updatedAt": group.updatedAt = try r.optionalInt64(); return 5
            default: throw Unsupported()
            }
        }
        guard required == 2 else { throw Unsupported() }
        return group
    }

    /// Without `options` and `metadata`: free JSON, left to `JSONDecoder`.
    mutating func integration() throws -> FixtureIntegration {
        var integration = FixtureIntegration(type: "", name: "")
        var required = 0
        try object { r, key in
            switch key {
            case "id": integration.id = try r.optionalString(); return 0
            case "type": integration.type = try r.string(); required += 1; return 1
            case "name": integration.name = try r.string(); required += 1; return 2
            case "creator": integration.creator = try r.optionalString(); return 3
            case "createdAt": integration.createdAt = try r.optionalInt64(); return 4
            case "updatedAt": integration.updatedAt = try r.optionalInt64(); return 5
            default: throw Unsupported()
            }
        }
        guard required == 2 else { throw Unsupported() }
        return integration
    }

    mutating func cache() throws -> FixtureCache {
        var cache = FixtureCache(state: "")
        var hasState = false
        try object { r, key in
            switch key {
            case "state": cache.state = try r.string(); hasState = true; return 0
            case "readyAt": cache.readyAt = try r.optionalInt64(); return 1
            default: throw Unsupported()
            }
        }
        guard hasState else { throw Unsupported() }
        return cache
    }

    mutating func account() throws -> FixtureAccount {
        var account = FixtureAccount()
        try object { r, key in
            switch key {
            case "id": account.id = try r.optionalString(); return 0
            case "creator": account.creator = try r.optionalString(); return 1
            case "createdAt": account.createdAt = try r.optionalInt64(); return 2
            case "updatedAt": account.updatedAt = try r.optionalInt64(); return 3
            default: throw Unsupported()
            }
        }
        return account
    }

    mutating func systemProject() throws -> FixtureSystemProject {
        var system = FixtureSystemProject()
        try object { r, key in
            switch key {
            case "id": system.id = try r.optionalString(); return 0
            case "creator": system.creator = try r.optionalString(); return 1
            case "createdAt": system.createdAt = try r.optionalInt64(); return 2
            case "updatedAt": system.updatedAt = try r.optionalInt64(); return 3
            case "contributors": system.contributors = try r.optional { try $0.array { try $0.member() } }; return 4
            case "datasets": system.datasets = try r.optional { try $0.array { try $0.dataset() } }; return 5
            default: throw Unsupported()
            }
        }
        return system
    }

    /// A name, or an object with one.
    mutating func dataset() throws -> FixtureDataset {
        if peek == UInt8(ascii: "\"") { return FixtureDataset(name: try string()) }
        var dataset = FixtureDataset(name: "")
        var hasName = false
        try object { r, key in
            switch key {
            case "name": dataset.name = try r.string(); hasName = true; return 0
            case "id": dataset.id = try r.optionalString(); return 1
            case "createdAt": dataset.createdAt = try r.optionalInt64(); return 2
            case "creator": dataset.creator = try r.optionalString(); return 3
            default: throw Unsupported()
            }
        }
        guard hasName else { throw Unsupported() }
        return dataset
    }

    // MARK: JSON

    var peek: UInt8? { at < end ? bytes[at] : nil }

    /// JSON's whitespace: space, tab, line feed, carriage return.
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    mutating func skipWhitespace() {
        while at < end, Self.isWhitespace(bytes[at]) { at += 1 }
    }

    mutating func take(_ byte: UInt8) throws {
        guard at < end, bytes[at] == byte else { throw Unsupported() }
        at += 1
    }

    /// An object's members, each key handed to `member` to read its value; `member` answers
    /// the key's number among its type's keys. A key met twice is left to `JSONDecoder`.
    private mutating func object(_ member: (inout FixtureReader, String) throws -> Int) throws {
        try take(UInt8(ascii: "{"))
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            at += 1
            return
        }
        var seen: UInt32 = 0
        while true {
            let key = try string()
            skipWhitespace()
            try take(UInt8(ascii: ":"))
            skipWhitespace()
            let bit = UInt32(1) << (try member(&self, key))
            guard seen & bit == 0 else { throw Unsupported() }
            seen |= bit
            skipWhitespace()
            if peek == UInt8(ascii: "}") {
                at += 1
                return
            }
            try take(UInt8(ascii: ","))
            skipWhitespace()
        }
    }

    private mutating func array<Element>(_ element: (inout FixtureReader) throws -> Element) throws -> [Element] {
        try take(UInt8(ascii: "["))
        skipWhitespace()
        var elements: [Element] = []
        if peek == UInt8(ascii: "]") {
            at += 1
            return elements
        }
        while true {
            elements.append(try element(&self))
            skipWhitespace()
            if peek == UInt8(ascii: "]") {
                at += 1
                return elements
            }
            try take(UInt8(ascii: ","))
            skipWhitespace()
        }
    }

    /// nil for `null`, as `decodeIfPresent` reads it.
    private mutating func optional<Value>(_ value: (inout FixtureReader) throws -> Value) throws -> Value? {
        if peek == UInt8(ascii: "n") {
            try literal("null")
            return nil
        }
        return try value(&self)
    }

    private mutating func optionalString() throws -> String? { try optional { try $0.string() } }
    private mutating func optionalInt64() throws -> Int64? { try optional { try $0.int64() } }
    private mutating func optionalBool() throws -> Bool? {
        try optional { r in
            if r.peek == UInt8(ascii: "t") { try r.literal("true"); return true }
            try r.literal("false")
            return false
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard end - at >= count,
              word.withUTF8Buffer({ expected in (0..<count).allSatisfy { bytes[at + $0] == expected[$0] } }) else { throw Unsupported() }
        at += count
    }

    /// A string without escapes or control characters, in valid UTF-8.
    mutating func string() throws -> String {
        try take(UInt8(ascii: "\""))
        let start = at
        var ascii = true
        while at < end {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") { break }
            guard byte >= 0x20, byte != UInt8(ascii: "\\") else { throw Unsupported() }
            if byte >= 0x80 { ascii = false }
            at += 1
        }
        try take(UInt8(ascii: "\""))
        let text = UnsafeRawBufferPointer(rebasing: bytes[start..<(at - 1)])
        if ascii { return String(decoding: text, as: UTF8.self) }
        guard let valid = String(validating: text, as: UTF8.self) else { throw Unsupported() }
        return valid
    }

    /// `-?(0|[1-9][0-9]*)` within Int64; "-0", fractions and exponents are left to `JSONDecoder`.
    private mutating func int64() throws -> Int64 {
        let negative = peek == UInt8(ascii: "-")
        if negative { at += 1 }
        let start = at
        var value: Int64 = 0
        while at < end, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") {
            let digit = Int64(bytes[at] - UInt8(ascii: "0"))
            // Accumulated negative, so Int64.min fits.
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.subtractingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { throw Unsupported() }
            value = next
            at += 1
        }
        let digits = at - start
        guard digits > 0, !(digits > 1 && bytes[start] == UInt8(ascii: "0")), !(negative && value == 0) else { throw Unsupported() }
        if let next = peek, next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") { throw Unsupported() }
        if negative { return value }
        guard value != .min else { throw Unsupported() }
        return -value
    }
}
