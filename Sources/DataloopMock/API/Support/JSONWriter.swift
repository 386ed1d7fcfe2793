import NIOCore

/// Writes JSON straight into bytes, exactly as `JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes` would (the Swift tests compare the two byte for byte, for every
/// view and every fixture user). Measured: `JSONEncoder` was a quarter of an uncached read's
/// time (docs/BENCH.md); this writer has no generic containers, no key sorting at run time
/// (a view writes its keys in sorted order) and no intermediate strings.
///
/// It owns a plain growable buffer rather than an `[UInt8]`: every `Array.append` checks
/// uniqueness and capacity, and that was a quarter of `GET /projects`' JSON instructions
/// (callgrind, docs/NOTES.md "Speed"). Here a write reserves its room once and copies.
/// Noncopyable, so the buffer has exactly one owner and is freed exactly once.
struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// Whether the next key or element needs a comma before it.
    private var needsComma = false

    init(capacity: Int = 8192) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// What has been written so far.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// What has been written so far, as the body of a response.
    var byteBuffer: ByteBuffer { ByteBuffer(bytes: UnsafeRawBufferPointer(start: base, count: count)) }

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        reserve(2)
        separate()
        put(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        reserve(1)
        put(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func array<Element>(_ elements: [Element], _ body: (inout JSONWriter, Element) -> Void) {
        reserve(2)
        separate()
        put(UInt8(ascii: "["))
        needsComma = false
        for element in elements { body(&self, element) }
        reserve(1)
        put(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A key of the object being written; keys must come in sorted order.
    mutating func key(_ key: StaticString) {
        let length = key.utf8CodeUnitCount
        reserve(length + 4)
        separate()
        put(UInt8(ascii: "\""))
        put(UnsafeBufferPointer(start: key.utf8Start, count: length))
        put(UInt8(ascii: "\""))
        put(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func value(_ string: String) {
        let done = string.utf8.withContiguousStorageIfAvailable { quoted($0); return true } ?? false
        if !done {  // a bridged or otherwise non-contiguous string: made native first
            var copy = string
            copy.withUTF8 { quoted($0) }
        }
    }

    mutating func value(_ number: Int64) {
        // Digits from the last, into the far end of the free room, then copied to the front of
        // it: 41 bytes leave both a comma and "-9223372036854775808" twice, so the two never overlap.
        reserve(41)
        separate()
        var magnitude = number.magnitude
        let end = base + capacity
        var at = end
        repeat {
            at -= 1
            at.pointee = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        if number < 0 {
            at -= 1
            at.pointee = UInt8(ascii: "-")
        }
        let length = end - at
        (base + count).update(from: at, count: length)
        count += length
        needsComma = true
    }

    mutating func value(_ number: Int) { value(Int64(number)) }

    mutating func value(_ flag: Bool) {
        plain(flag ? "true" : "false")
    }

    mutating func null() { plain("null") }

    mutating func value(_ string: String?) { if let string { value(string) } else { null() } }
    mutating func value(_ number: Int64?) { if let number { value(number) } else { null() } }

    mutating func field(_ name: StaticString, _ string: String) { key(name); value(string) }
    mutating func field(_ name: StaticString, _ string: String?) { key(name); value(string) }
    mutating func field(_ name: StaticString, _ number: Int64) { key(name); value(number) }
    mutating func field(_ name: StaticString, _ number: Int64?) { key(name); value(number) }
    mutating func field(_ name: StaticString, _ flag: Bool) { key(name); value(flag) }
    mutating func field(_ name: StaticString, _ view: some JSONWritable) { key(name); view.write(to: &self) }
    mutating func field(_ name: StaticString, _ views: [some JSONWritable]) { key(name); array(views) { $1.write(to: &$0) } }
    mutating func field(_ name: StaticString, _ strings: [String]) { key(name); array(strings) { $0.value($1) } }

    // MARK: - Bytes

    /// A literal written as it is (`true`, `null`).
    private mutating func plain(_ word: StaticString) {
        reserve(word.utf8CodeUnitCount + 1)
        separate()
        put(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
        needsComma = true
    }

    /// A string's UTF-8 in quotes: runs without escapes are copied whole.
    private mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        reserve(utf8.count + 3)
        separate()
        put(UInt8(ascii: "\""))
        var start = 0
        var index = 0
        while index < utf8.count {
            // Eight bytes at a time while none of them needs an escape (most strings: ids,
            // emails, names); the byte loop below finds which one does.
            if index + 8 <= utf8.count, !Self.anyNeedsEscape(UnsafeRawPointer(utf8.baseAddress! + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            let end = min(index + 8, utf8.count)
            while index < end {
                let byte = utf8[index]
                if Self.needsEscape(byte) {
                    put(UnsafeBufferPointer(rebasing: utf8[start..<index]))
                    reserve(6 + (utf8.count - index) + 1)
                    appendEscape(byte)
                    start = index + 1
                }
                index += 1
            }
        }
        put(UnsafeBufferPointer(rebasing: utf8[start...]))
        put(UInt8(ascii: "\""))
        needsComma = true
    }

    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Whether any of eight bytes needs an escape: one below 0x20, a quote or a backslash.
    /// (The classic word tests: `(w - 0x01…01 * n) & ~w & 0x80…80` is non-zero exactly when
    /// some byte of `w` is below `n`, for `n` up to 128; a byte equal to `c` is one below 1
    /// once `w` is XORed with `c` in every byte.)
    static func anyNeedsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasByteBelow(_ w: UInt64, _ n: UInt64) -> Bool { (w &- ones &* n) & ~w & highs != 0 }
        return hasByteBelow(word, 0x20)
            || hasByteBelow(word ^ (ones &* UInt64(UInt8(ascii: "\""))), 1)
            || hasByteBelow(word ^ (ones &* UInt64(UInt8(ascii: "\\"))), 1)
    }

    /// `JSONEncoder`'s escapes: the short forms it has, `\u00xx` for the other control characters.
    /// The caller has reserved six bytes.
    private mutating func appendEscape(_ byte: UInt8) {
        put(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): put(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): put(UInt8(ascii: "\\"))
        case 0x08: put(UInt8(ascii: "b"))
        case 0x0C: put(UInt8(ascii: "f"))
        case 0x0A: put(UInt8(ascii: "n"))
        case 0x0D: put(UInt8(ascii: "r"))
        case 0x09: put(UInt8(ascii: "t"))
        default:
            let hex: StaticString = "0123456789abcdef"
            put(UInt8(ascii: "u"))
            put(UInt8(ascii: "0"))
            put(UInt8(ascii: "0"))
            put(hex.utf8Start[Int(byte >> 4)])
            put(hex.utf8Start[Int(byte & 0xF)])
        }
    }

    /// The comma before a key or element, when one is due; the caller has reserved a byte for it.
    private mutating func separate() {
        if needsComma { put(UInt8(ascii: ",")) }
    }

    /// Room for `extra` more bytes (the `put`s that follow rely on it).
    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = max(capacity * 2, count + extra)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = grown
    }

    private mutating func put(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    private mutating func put(_ run: UnsafeBufferPointer<UInt8>) {
        guard let start = run.baseAddress, !run.isEmpty else { return }
        (base + count).update(from: start, count: run.count)
        count += run.count
    }
}

/// A view that writes itself with `JSONWriter` (its `Encodable` form stays the reference).
protocol JSONWritable: Encodable {
    func write(to json: inout JSONWriter)
}

extension Array: JSONWritable where Element: JSONWritable {
    func write(to json: inout JSONWriter) { json.array(self) { $1.write(to: &$0) } }
}
