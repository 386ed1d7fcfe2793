import HTTPTypes

/// What the OpenAPI document says about one route: every route is registered with its doc
/// (`DocumentedRoutes.on`), so a route cannot exist without one.
struct RouteDoc: Sendable {
    var summary: String
    var body: BodyDoc? = nil
    var status: HTTPResponse.Status = .ok
    var returns: ResponseDoc
    var query: [QueryParameter] = []
    /// Answers besides the success and the error shape (a console page's redirect to login).
    var otherResponses: [(status: Int, response: ResponseDoc)] = []
}

/// A request body: its schema and the encodings the route reads.
struct BodyDoc: Sendable {
    enum Encoding: Sendable { case json, jsonOrForm, form }
    var schema: NamedSchema
    var encoding: Encoding

    static func json(_ schema: NamedSchema) -> BodyDoc { BodyDoc(schema: schema, encoding: .json) }
    /// What the SDK sends form-encoded (`POST /projects`, `/sdk/check`) and the login form.
    static func jsonOrForm(_ schema: NamedSchema) -> BodyDoc { BodyDoc(schema: schema, encoding: .jsonOrForm) }
    static func form(_ schema: NamedSchema) -> BodyDoc { BodyDoc(schema: schema, encoding: .form) }

    /// The top-level fields the body may carry; nil: any.
    var allowedFields: Set<String>? { schema.schema.fieldNames }

    var contentTypes: [String] {
        switch encoding {
        case .json: return ["application/json"]
        case .jsonOrForm: return ["application/json", "application/x-www-form-urlencoded"]
        case .form: return ["application/x-www-form-urlencoded"]
        }
    }
}

/// One kind of answer.
enum ResponseDoc: Sendable {
    case json(JSONSchema)
    case html(String)
    case redirect(String)

    static let page = ResponseDoc.html("HTML page")
    static let redirect = ResponseDoc.redirect("Redirect")
    /// What a console page or form answers without a session, and a form always (post/redirect/get).
    static let consoleRedirect = (status: 303, response: ResponseDoc.redirect(
        "Redirect (signed out: to the login page; a form: post/redirect/get)"))
    static let csrfRefused = (status: 403, response: ResponseDoc.html("The form lacks the session's CSRF token: nothing changed"))

    var json: JSONValue {
        switch self {
        case .json(let schema):
            return .object(["description": .string("OK"), "content": .object(["application/json": .object(["schema": schema.json])])])
        case .html(let description):
            return .object(["description": .string(description), "content": .object(["text/html": .object(["schema": JSONSchema.string.json])])])
        case .redirect(let description):
            return .object(["description": .string(description)])
        }
    }

    var references: [NamedSchema] {
        if case .json(let schema) = self { return schema.references }
        return []
    }
}

/// A query parameter a route reads.
struct QueryParameter: Sendable {
    var name: String
    var required: Bool
    var schema: JSONSchema
    var description: String?

    var json: JSONValue {
        var json: [String: JSONValue] = ["name": .string(name), "in": .string("query"), "required": .bool(required), "schema": schema.json]
        if let description { json["description"] = .string(description) }
        return .object(json)
    }
}

extension RouteDoc {
    /// The OpenAPI operation of this route at `path` (`{name}` segments are its path parameters).
    func operation(method: HTTPRequest.Method, path: String, tag: String) -> JSONValue {
        let errorShape = JSONValue.object(["description": .string("An error in the platform's shape"),
                                           "content": .object(["application/json": .object(["schema": JSONSchema.ref(.error).json])])])
        var responses: [String: JSONValue] = ["default": errorShape, String(status.code): returns.json]
        for other in otherResponses { responses[String(other.status)] = other.response.json }
        let operationId = "\(method.rawValue.lowercased())_\(path)".replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "").replacingOccurrences(of: ".", with: "_")
        var operation: [String: JSONValue] = [
            "summary": .string(summary), "tags": .array([.string(tag)]), "operationId": .string(operationId),
            "responses": .object(responses),
        ]
        let parameters = DocumentedRoutes.parameterNames(path).map { name in
            JSONValue.object(["name": .string(name), "in": .string("path"), "required": .bool(true), "schema": JSONSchema.string.json])
        } + query.map(\.json)
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let body {
            let schema = JSONSchema.ref(body.schema).json
            operation["requestBody"] = .object([
                "required": .bool(true),
                "content": .object(Dictionary(uniqueKeysWithValues: body.contentTypes.map { ($0, JSONValue.object(["schema": schema])) })),
            ])
        }
        if path.hasPrefix("/api/v1/") { operation["security"] = .array([.object(["bearer": .array([])])]) }
        return .object(operation)
    }

    /// The named schemas this route's document refers to.
    var references: [NamedSchema] {
        [NamedSchema.error] + (body.map { [$0.schema] } ?? []) + returns.references + otherResponses.flatMap(\.response.references)
    }
}
