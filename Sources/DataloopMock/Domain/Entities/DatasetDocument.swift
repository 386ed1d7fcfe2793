/// A dataset as the platform renders it. The query language (`DatasetQuery`) filters and sorts
/// over these same fields, so the rendering is built here, once, and the API encodes it as is.
/// Items and annotations are not emulated: their counts are 0.
public struct DatasetDetails: Sendable, Equatable {
    public var dataset: DatasetRecord
    public var document: JSONValue

    public init(_ dataset: DatasetRecord) {
        self.dataset = dataset
        let creator: JSONValue = dataset.creatorId.map(JSONValue.string) ?? .null
        let system: [String: JSONValue] = dataset.systemDataset ? ["scope": .string("system")] : [:]
        document = .object([
            "id": .string(dataset.id),
            "name": .string(dataset.name),
            "creator": creator,
            "updatedBy": creator,
            "projects": .array([.string(dataset.projectId)]),
            "createdAt": .number(Double(dataset.createdAt)),
            "updatedAt": .number(Double(dataset.updatedAt)),
            "readonly": .bool(false),
            "itemsCount": .number(0),
            "annotated": .number(0),
            "annotationsCount": .number(0),
            "metadata": .object(["system": .object(system)]),
            "driver": .null,
            "indexDriver": .null,
            "expirationOptions": .null,
            "isSyncing": .bool(false),
        ])
    }
}

/// One page of a dataset query, in the platform's paged shape.
public struct DatasetPage: Sendable, Equatable {
    public var items: [DatasetDetails]
    public var totalItemsCount: Int
    public var page: Int
    public var pageSize: Int

    public var totalPagesCount: Int { (totalItemsCount + pageSize - 1) / pageSize }
    /// `(page + 1) * pageSize < totalItemsCount`, without overflowing on a huge page number.
    public var hasNextPage: Bool { page < totalPagesCount - 1 }
}
