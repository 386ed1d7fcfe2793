/// A JSON JSONSchema (the OpenAPI 3.1 dialect), written in Swift: `.object(["name": .string],
/// required: ["name"])`, `.array(.ref(.user))`. A schema knows the named schemas it refers to,
/// so the document's components are exactly those its routes reach.
struct JSONSchema: Sendable {
    let json: JSONValue
    let references: [NamedSchema]
    /// The fields an object of this shape may carry; nil: any (not an object, or open).
    let fieldNames: Set<String>?

    init(_ json: [String: JSONValue], references: [NamedSchema] = [], fieldNames: Set<String>? = nil) {
        self.json = .object(json)
        self.references = references
        self.fieldNames = fieldNames
    }

    static func type(_ name: String) -> JSONSchema { JSONSchema(["type": .string(name)]) }

    static let string = type("string")
    static let integer = type("integer")
    static let boolean = type("boolean")
    /// Any JSON object.
    static let openObject = type("object")
    static let nullableString = JSONSchema(["type": .array([.string("string"), .string("null")])])
    static let nullableInteger = JSONSchema(["type": .array([.string("integer"), .string("null")])])
    /// Any JSON value.
    static let any = JSONSchema([:])

    static func integer(minimum: Int, maximum: Int? = nil) -> JSONSchema {
        var json: [String: JSONValue] = ["type": .string("integer"), "minimum": .number(Double(minimum))]
        if let maximum { json["maximum"] = .number(Double(maximum)) }
        return JSONSchema(json)
    }

    /// One of these strings.
    static func oneOf(_ values: String...) -> JSONSchema { JSONSchema(["enum": .array(values.map(JSONValue.string))]) }

    static func array(_ items: JSONSchema) -> JSONSchema {
        JSONSchema(["type": .string("array"), "items": items.json], references: items.references)
    }

    /// An object with these properties; `open` lets it carry others too.
    static func object(_ properties: [String: JSONSchema], required: [String] = [], open: Bool = false) -> JSONSchema {
        var json: [String: JSONValue] = [
            "type": .string("object"), "properties": .object(properties.mapValues(\.json)), "additionalProperties": .bool(open),
        ]
        if !required.isEmpty { json["required"] = .array(required.map(JSONValue.string)) }
        return JSONSchema(json, references: properties.values.flatMap(\.references), fieldNames: open ? nil : Set(properties.keys))
    }

    /// A reference to a schema of the document's components.
    static func ref(_ named: NamedSchema) -> JSONSchema {
        JSONSchema(["$ref": .string("#/components/schemas/\(named.name)")], references: [named], fieldNames: named.schema.fieldNames)
    }
}

/// A schema with a name: one entry of the document's `components.schemas`.
final class NamedSchema: Sendable {
    let name: String
    let schema: JSONSchema

    init(_ name: String, _ schema: JSONSchema) {
        self.name = name
        self.schema = schema
    }
}
