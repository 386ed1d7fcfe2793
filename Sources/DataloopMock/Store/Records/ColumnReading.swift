import GRDB
import GRDBSQLite

// Reading records by column position.
//
// GRDB's `Row` looks a column up by name through a dictionary of lowercased names that it
// builds, eagerly, for every statement it steps, and lowercases the asked-for name on every
// lookup. Under callgrind that was a sixth of an uncached `GET /api/v1/orgs/{id}` (docs/NOTES.md,
// "Speed"). The hot records therefore decode their columns in table order, one after the other,
// from either a `Row` (GRDB's query interface: `SELECT *` yields the table's order) or straight
// from the SQLite statement (`DecodingCursor`, for the literal SQL every read runs), so each
// record's column list is written once. `RecordDecodingTests` checks the order against the table.

/// Columns read one after the other, from the first the reader was given.
protocol ColumnReader {
    /// The next column, which must not be NULL.
    mutating func next<Value: DatabaseValueConvertible & StatementColumnConvertible>() throws -> Value
    /// The next column, nil when NULL.
    mutating func nextIfPresent<Value: DatabaseValueConvertible & StatementColumnConvertible>() throws -> Value?
}

/// A record that reads itself from consecutive columns, in its table's column order.
protocol ColumnDecodable {
    init<Reader: ColumnReader>(columns: inout Reader) throws
}

extension ColumnDecodable {
    /// For GRDB's `init(row:)`: rows of `SELECT *` (the table's order).
    init(columnsOf row: Row) throws {
        var reader = RowColumnReader(row: row)
        try self.init(columns: &reader)
    }
}

/// The columns of a GRDB row, by position.
struct RowColumnReader: ColumnReader {
    let row: Row
    var index = 0

    mutating func next<Value: DatabaseValueConvertible & StatementColumnConvertible>() throws -> Value {
        defer { index += 1 }
        return try row.decode(Value.self, atIndex: index)
    }

    mutating func nextIfPresent<Value: DatabaseValueConvertible & StatementColumnConvertible>() throws -> Value? {
        defer { index += 1 }
        return row.hasNull(atIndex: index) ? nil : try row.decode(Value.self, atIndex: index)
    }
}

/// The columns of the row a SQLite statement stands on, by position.
struct StatementColumnReader: ColumnReader {
    let statement: SQLiteStatement
    /// For the error message only: GRDB computes `Statement.sql` (trimmed through Foundation) on every call.
    let owner: Statement
    var index: CInt = 0

    mutating func next<Value: DatabaseValueConvertible & StatementColumnConvertible>() throws -> Value {
        defer { index += 1 }
        guard let value = Value.fromStatement(statement, atUncheckedIndex: index) else {
            throw DatabaseError(message: "column \(index) of \(owner.sql) is NULL or not a \(Value.self)")
        }
        return value
    }

    mutating func nextIfPresent<Value: DatabaseValueConvertible & StatementColumnConvertible>() throws -> Value? {
        defer { index += 1 }
        return Value.fromStatement(statement, atUncheckedIndex: index)
    }
}

/// The rows of a prepared statement, each decoded by position without a GRDB `Row`.
///
/// Its text arguments are bound by `ParameterBinder`: GRDB's `StatementArguments` was a tenth
/// of the database work of an uncached `GET /orgs/{id}` (docs/NOTES.md, "Speed").
final class DecodingCursor<Element>: DatabaseCursor {
    let _statement: Statement
    var _isDone = false
    private let decode: (inout StatementColumnReader) throws -> Element

    init(_ statement: Statement, arguments: [String], decode: @escaping (inout StatementColumnReader) throws -> Element) throws {
        _statement = statement
        self.decode = decode
        var binder = try ParameterBinder(statement, count: arguments.count)
        for argument in arguments { try binder.bind(argument) }
    }

    /// `count` values, bound by `bind` in parameter order.
    init(_ statement: Statement, count: Int, bind: (inout ParameterBinder) throws -> Void,
         decode: @escaping (inout StatementColumnReader) throws -> Element) throws {
        _statement = statement
        self.decode = decode
        var binder = try ParameterBinder(statement, count: count)
        try bind(&binder)
    }

    func _element(sqliteStatement: SQLiteStatement) throws -> Element {
        var reader = StatementColumnReader(statement: sqliteStatement, owner: _statement)
        return try decode(&reader)
    }
}

extension Database {
    /// Every row of a literal, cached statement, decoded by position. The cursor is always
    /// run to its end, so the statement never stays busy.
    func decodeAll<Element>(sql: String, arguments: [String],
                            _ decode: @escaping (inout StatementColumnReader) throws -> Element) throws -> [Element] {
        var elements: [Element] = []
        try DecodingCursor(cachedStatement(sql: sql), arguments: arguments, decode: decode).forEach { elements.append($0) }
        return elements
    }

    /// The one row a literal statement selects by a unique key (nil: none).
    func decodeOne<Element>(sql: String, arguments: [String],
                            _ decode: @escaping (inout StatementColumnReader) throws -> Element) throws -> Element? {
        try decodeAll(sql: sql, arguments: arguments, decode).first
    }

    /// Records of one type, from `SELECT table.* …` (the table's column order).
    func decodeAll<Record: ColumnDecodable>(_ type: Record.Type, sql: String, arguments: [String]) throws -> [Record] {
        try decodeAll(sql: sql, arguments: arguments) { try Record(columns: &$0) }
    }

    func decodeOne<Record: ColumnDecodable>(_ type: Record.Type, sql: String, arguments: [String]) throws -> Record? {
        try decodeAll(sql: sql, arguments: arguments) { try Record(columns: &$0) }.first
    }
}
