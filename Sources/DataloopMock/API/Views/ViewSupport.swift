/// Encodes `nil` as JSON `null` instead of leaving the key out: the platform's shapes always
/// carry their keys (`"provider": null`), and clients read them with `json['provider']`.
@propertyWrapper
public struct Nullable<Value: Encodable & Sendable>: Encodable, Sendable {
    public var wrappedValue: Value?
    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

/// A view that holds the domain value it renders and copies nothing out of it. Served answers
/// are written from that value straight into bytes (`ViewWriting.swift`); `Fields` is the same
/// rendering as plain stored properties, which `JSONEncoder` encodes: the reference that
/// `JSONWriterTests` compares the written bytes with. (Views that copied every field out of the
/// domain value, then a view per member, were about a tenth of an uncached `GET /projects`,
/// callgrind, docs/NOTES.md "Speed".)
protocol FieldsView: Encodable {
    associatedtype Fields: Encodable
    var fields: Fields { get }
}

extension FieldsView {
    func encode(to encoder: any Encoder) throws { try fields.encode(to: encoder) }
}
