import Hummingbird

/// `/datasets`: the datasets of projects (dtlpy's `project.datasets`), nothing below them.
struct DatasetRoutes {
    struct CreateBody: Decodable, Sendable {
        var name: String
        var projects: [String]
        var createDefaultRecipe: Bool?
    }

    /// What `Filters(resource=DATASET).prepare()` sends; `resource` must be `datasets`.
    struct QueryBody: Decodable, Sendable {
        struct Context: Decodable, Sendable { var projects: [String]? }
        var filter: JSONValue?
        var page: Int?
        var pageSize: Int?
        var resource: String?
        var sort: JSONValue?
        var context: Context?
        var systemSpace: Bool?
    }

    struct PageJSON: Encodable, Sendable {
        var items: [JSONValue]
        var totalItemsCount: Int
        var totalPagesCount: Int
        var hasNextPage: Bool
        var page: Int
        var pageSize: Int

        init(_ page: DatasetPage) {
            items = page.items.map(\.document)
            totalItemsCount = page.totalItemsCount
            totalPagesCount = page.totalPagesCount
            hasNextPage = page.hasNextPage
            self.page = page.page
            pageSize = page.pageSize
        }
    }

    func add(to routes: DocumentedRoutes) {
        let routes = routes.tagged("datasets")
        // A query is a read sent as a POST: it changes nothing, so it reads without a transaction.
        let query = RouteDoc(summary: "Query datasets of visible projects (dtlpy's Filters; Binaries only with systemSpace)",
                             body: .json(.datasetQuery), returns: .json(.ref(.datasetPage)))
        routes.post("datasets/query", query) { request, context in
            let route = try RouteRequest(context, names: [])
            let body = try await request.decode(as: QueryBody.self, context: context)
            if let resource = body.resource, resource != "datasets" {
                throw DomainError.badRequest("'resource' must be \"datasets\" on /datasets/query (got \"\(resource)\")")
            }
            let query = try DatasetQuery.parse(filter: body.filter, page: body.page, pageSize: body.pageSize, sort: body.sort,
                                               systemSpace: body.systemSpace, projectIds: body.context?.projects)
            let page = try await route.platform.read { db in
                try route.platform.datasets.query(db, caller: try route.input(db).caller, query)
            }
            return try JSONResponse.make(PageJSON(page))
        }
        routes.write("datasets", .post, "Create a dataset in a project (project owner, engineer)", body: CreateBody.self,
                     schema: .createDataset, status: .created, returns: .ref(.dataset)) { db, input, body in
            try input.platform.datasets.create(db, caller: input.caller, name: body.name, projectIds: body.projects).document
        }
        routes.read("datasets/{datasetId}", "One dataset", returns: .ref(.dataset)) { db, input in
            try input.platform.datasets.get(db, caller: input.caller, datasetId: input.parameter("datasetId")).document
        }
        routes.write("datasets/{datasetId}", .delete, "Delete a dataset (project owner, engineer; not Binaries)", returns: .boolean) { db, input in
            try input.platform.datasets.delete(db, caller: input.caller, datasetId: input.parameter("datasetId"))
            return true
        }
    }
}

/// The request bodies these routes read: their properties are the fields the routes accept.
extension NamedSchema {
    static let createDataset = NamedSchema("CreateDataset", .object(
        ["name": .string, "projects": .array(.string), "createDefaultRecipe": .boolean], required: ["name", "projects"]))
    static let datasetQuery = NamedSchema("DatasetQuery", .object([
        "filter": .openObject, "page": .integer(minimum: 0), "pageSize": .integer(minimum: 1, maximum: 1000),
        "resource": .oneOf("datasets"), "sort": .openObject, "context": .object(["projects": .array(.string)]),
        "systemSpace": .boolean,
    ]))
}
