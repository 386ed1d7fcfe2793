/// An integration as the platform renders it: `org` is the org id string (the SDK's update
/// and delete read it), and the options, which hold secrets, are never included.
struct IntegrationJSON: Encodable, Sendable {
    var id: String
    var name: String
    var type: String
    var org: String
    @Nullable var creator: String?
    var createdAt: Int64
    var updatedAt: Int64
    @Nullable var metadata: JSONValue?

    init(_ record: IntegrationRecord) {
        id = record.id
        name = record.name
        type = record.type
        org = record.orgId
        creator = record.creatorId
        createdAt = record.createdAt
        updatedAt = record.updatedAt
        // Fixtures may hold metadata as an object; the platform always answers the list form.
        metadata = record.metadata.map(JSONText.decode).map { IntegrationMetadataRule.asList($0) ?? $0 }
    }
}
