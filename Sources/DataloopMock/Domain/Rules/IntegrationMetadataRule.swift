/// Integration metadata as the platform keeps it: a list of `{"name", "value"}` objects (dtlpy's
/// `integrations.create()` reads it that way), whatever shape was sent. dtlpy's own scenarios
/// show what the platform takes: a `key_value` integration accepts only the metadata fields
/// `provider` and `ref`; a `gcp-cross` integration takes none and answers with the email of the
/// service account the platform made for it.
public enum IntegrationMetadataRule {
    public static let keyValueFields: Set<String> = ["provider", "ref"]
    /// The domain of the service accounts made for gcp-cross integrations.
    public static let serviceAccountDomain = "dataloop-mock.iam.gserviceaccount.com"

    /// The metadata a new integration stores.
    public static func stored(type: IntegrationType, sent: JSONValue?, integrationId: String) throws(DomainError) -> JSONValue? {
        let sent = sent == .null ? nil : sent
        switch type {
        case .gcpCross:
            if sent != nil {
                throw .badRequest("Invalid input specified: a gcp-cross integration takes no metadata (the platform sets its service account's email)")
            }
            let account = "dl-" + integrationId.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            return .array([pair("email", .string("\(account)@\(serviceAccountDomain)"))])
        default:
            guard let sent else { return nil }
            guard let list = asList(sent) else {
                throw .badRequest("'metadata' must be a JSON object or a list of {\"name\", \"value\"} objects")
            }
            if type == .keyValue {
                let names = names(in: list)
                let unknown = names.filter { !keyValueFields.contains($0) }
                if !unknown.isEmpty {
                    throw .badRequest("Invalid metadata fields for key-value integration: \(unknown.joined(separator: ", ")) (allowed: \(keyValueFields.sorted().joined(separator: ", ")))")
                }
            }
            return list
        }
    }

    /// The list form of metadata: an object becomes name/value pairs in key order; a list of
    /// name/value objects stays as it is; anything else is not metadata (nil).
    public static func asList(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .object(let fields):
            return .array(fields.keys.sorted().map { pair($0, fields[$0]!) })
        case .array(let items):
            let wellFormed = items.allSatisfy { item in
                if case .string = item.objectValue?["name"] ?? .null { return item.objectValue?["value"] != nil }
                return false
            }
            return wellFormed ? value : nil
        default:
            return nil
        }
    }

    static func pair(_ name: String, _ value: JSONValue) -> JSONValue { .object(["name": .string(name), "value": value]) }

    static func names(in list: JSONValue) -> [String] {
        guard case .array(let items) = list else { return [] }
        return items.compactMap { item in
            if case .string(let name) = item.objectValue?["name"] ?? .null { return name }
            return nil
        }
    }
}
