/// A `POST /datasets/query` body as dtlpy's `Filters(resource=DATASET).prepare()` builds it:
/// `{"filter": {"$and"|"$or": [{field: value | {"$op": value}}, ...]}, "page", "pageSize",
/// "sort": {field: "ascending"|"descending"}, "context": {"projects": [id]}, "systemSpace"}`.
/// Fields are paths into the dataset as the API renders it (`name`, `creator`, `projects`,
/// `metadata.system.scope`, ...); an array field matches when one of its elements does (as
/// on the platform's query language). The system dataset `Binaries` is seen only with
/// `systemSpace: true`.
public struct DatasetQuery: Sendable, Equatable {
    public indirect enum Condition: Sendable, Equatable {
        case all([Condition])
        case any([Condition])
        case field(path: [String], test: Test)
    }

    public enum Test: Sendable, Equatable {
        case equal(JSONValue), notEqual(JSONValue), oneOf([JSONValue]), noneOf([JSONValue]), exists(Bool)
        case greater(JSONValue, orEqual: Bool), less(JSONValue, orEqual: Bool)
    }

    public static let operators = ["$eq", "$ne", "$in", "$nin", "$exists", "$gt", "$gte", "$lt", "$lte"]
    public static let maxPageSize = 1000

    public var condition: Condition = .all([])
    public var page = 0
    public var pageSize = 1000
    public var sort: [(path: [String], ascending: Bool)] = []
    public var systemSpace = false
    /// `context.projects`: only datasets of these projects (each must be visible to the caller).
    public var projectIds: [String]? = nil

    public init() {}

    public static func == (a: DatasetQuery, b: DatasetQuery) -> Bool {
        a.condition == b.condition && a.page == b.page && a.pageSize == b.pageSize && a.systemSpace == b.systemSpace
            && a.projectIds == b.projectIds && a.sort.map(\.path) == b.sort.map(\.path) && a.sort.map(\.ascending) == b.sort.map(\.ascending)
    }

    public static func parse(filter: JSONValue?, page: Int?, pageSize: Int?, sort: JSONValue?, systemSpace: Bool?,
                             projectIds: [String]?) throws(DomainError) -> DatasetQuery {
        var query = DatasetQuery()
        if let filter, filter != .null { query.condition = try condition(filter, at: "filter") }
        if let page {
            guard page >= 0 else { throw .badRequest("'page' must be 0 or more (got \(page))") }
            query.page = page
        }
        if let pageSize {
            guard (1...maxPageSize).contains(pageSize) else { throw .badRequest("'pageSize' must be 1 to \(maxPageSize) (got \(pageSize))") }
            query.pageSize = pageSize
        }
        if let sort, sort != .null {
            guard case .object(let fields) = sort else { throw .badRequest("'sort' must be an object of field: \"ascending\" | \"descending\"") }
            for key in fields.keys.sorted() {
                switch fields[key] {
                case .string("ascending"), .number(1): query.sort.append((path(key), true))
                case .string("descending"), .number(-1): query.sort.append((path(key), false))
                default: throw .badRequest("'sort.\(key)' must be \"ascending\" or \"descending\"")
                }
            }
        }
        query.systemSpace = systemSpace ?? false
        query.projectIds = projectIds
        return query
    }

    static func path(_ field: String) -> [String] { field.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }

    static func condition(_ value: JSONValue, at location: String) throws(DomainError) -> Condition {
        guard case .object(let fields) = value else { throw .badRequest("'\(location)' must be a JSON object") }
        var parts: [Condition] = []
        for key in fields.keys.sorted() {
            let inner = fields[key]!
            switch key {
            case "$and", "$or":
                guard case .array(let items) = inner else { throw .badRequest("'\(location).\(key)' must be a list of conditions") }
                var sub: [Condition] = []
                for (i, item) in items.enumerated() { sub.append(try condition(item, at: "\(location).\(key)[\(i)]")) }
                parts.append(key == "$and" ? .all(sub) : .any(sub))
            case _ where key.hasPrefix("$"):
                throw .badRequest("unsupported filter operator '\(key)' at '\(location)' (supported: $and, $or)")
            default:
                parts.append(.field(path: path(key), test: try test(inner, at: "\(location).\(key)")))
            }
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    static func test(_ value: JSONValue, at location: String) throws(DomainError) -> Test {
        guard case .object(let ops) = value, let op = ops.keys.first, op.hasPrefix("$") else { return .equal(value) }
        guard ops.count == 1 else { throw .badRequest("'\(location)' must hold one operator, got \(ops.keys.sorted().joined(separator: ", "))") }
        let operand = ops[op]!
        func list() throws(DomainError) -> [JSONValue] {
            guard case .array(let items) = operand else { throw .badRequest("'\(location).\(op)' must be a list") }
            return items
        }
        switch op {
        case "$eq": return .equal(operand)
        case "$ne": return .notEqual(operand)
        case "$in": return .oneOf(try list())
        case "$nin": return .noneOf(try list())
        case "$exists":
            guard case .bool(let flag) = operand else { throw .badRequest("'\(location).$exists' must be true or false") }
            return .exists(flag)
        case "$gt", "$gte": return .greater(operand, orEqual: op == "$gte")
        case "$lt", "$lte": return .less(operand, orEqual: op == "$lte")
        default:
            throw .badRequest("unsupported filter operator '\(op)' at '\(location)' (supported: \(operators.joined(separator: ", ")))")
        }
    }

    // MARK: evaluation over a dataset's JSON

    public func matches(_ document: JSONValue) -> Bool { Self.evaluate(condition, document) }

    static func evaluate(_ condition: Condition, _ document: JSONValue) -> Bool {
        switch condition {
        case .all(let parts): return parts.allSatisfy { evaluate($0, document) }
        case .any(let parts): return parts.contains { evaluate($0, document) }
        case .field(let path, let test): return evaluate(test, lookup(path, in: document))
        }
    }

    static func lookup(_ path: [String], in document: JSONValue) -> JSONValue? {
        var current: JSONValue? = document
        for key in path { current = current?.objectValue?[key] }
        return current
    }

    static func evaluate(_ test: Test, _ value: JSONValue?) -> Bool {
        // An array matches when the array itself or one of its elements does.
        let candidates: [JSONValue] = if case .array(let items)? = value { items + [value!] } else { value.map { [$0] } ?? [] }
        switch test {
        case .equal(let operand): return candidates.contains(operand) || (value == nil && operand == .null)
        case .notEqual(let operand): return !evaluate(.equal(operand), value)
        case .oneOf(let operands): return operands.contains { evaluate(.equal($0), value) }
        case .noneOf(let operands): return !evaluate(.oneOf(operands), value)
        case .exists(let flag): return (value != nil && value != .null) == flag
        case .greater(let operand, let orEqual):
            return candidates.contains { compare($0, operand).map { $0 > 0 || (orEqual && $0 == 0) } ?? false }
        case .less(let operand, let orEqual):
            return candidates.contains { compare($0, operand).map { $0 < 0 || (orEqual && $0 == 0) } ?? false }
        }
    }

    /// -1, 0, 1 for numbers with numbers and strings with strings; nil otherwise.
    static func compare(_ a: JSONValue, _ b: JSONValue) -> Int? {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let x), .string(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        default: return nil
        }
    }

    /// Orders documents by the sort fields (then by creation time and name, as listing does).
    public func sorted(_ documents: [JSONValue]) -> [JSONValue] {
        let keys = sort + [(["createdAt"], true), (["name"], true), (["id"], true)]
        return documents.sorted { a, b in
            for key in keys {
                let x = Self.lookup(key.path, in: a) ?? .null, y = Self.lookup(key.path, in: b) ?? .null
                if let order = Self.compare(x, y), order != 0 { return key.ascending ? order < 0 : order > 0 }
            }
            return false
        }
    }
}
