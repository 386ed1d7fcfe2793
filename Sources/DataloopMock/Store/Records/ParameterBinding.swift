import GRDB
import GRDBSQLite

/// Values bound to a prepared statement's parameters one after the other, with SQLite's C API.
///
/// GRDB's `StatementArguments` turns every value into a `DatabaseValue` and validates the list
/// on every execution. For the reads every request runs, and for the hundreds of thousands of
/// rows a big fixture inserts, that was the largest cost after SQLite's own (docs/NOTES.md,
/// "Speed"). Values are bound as GRDB binds them (a Bool as 0 or 1, an enum as its raw
/// string), which `BulkInsertTests` and `RecordDecodingTests` check.
struct ParameterBinder {
    let statement: SQLiteStatement
    /// For error messages only.
    let owner: Statement
    private var index: CInt = 0

    /// Starts a new run of the statement: ends the one before (its error, if any, was thrown by
    /// that run) and checks that `count` values will fill every parameter.
    init(_ owner: Statement, count: Int) throws {
        self.owner = owner
        statement = owner.sqliteStatement
        guard sqlite3_bind_parameter_count(statement) == CInt(count) else {
            throw DatabaseError(message: "\(count) arguments for \(sqlite3_bind_parameter_count(statement)) parameters in \(owner.sql)")
        }
        sqlite3_reset(statement)
    }

    mutating func bind(_ value: String) throws {
        var value = value
        index += 1
        let code = value.withUTF8 { text in
            // Its length, not a C string: a value may hold a NUL. An empty buffer may have no
            // address, and a NULL pointer would bind NULL, so "" is bound from a literal.
            guard let base = text.baseAddress, !text.isEmpty else { return sqlite3_bind_text(statement, index, "", 0, sqliteTransient) }
            return sqlite3_bind_text(statement, index, base, CInt(text.count), sqliteTransient)
        }
        try check(code)
    }

    mutating func bind(_ value: String?) throws {
        guard let value else { return try bindNull() }
        try bind(value)
    }

    mutating func bind(_ value: Int64?) throws {
        guard let value else { return try bindNull() }
        index += 1
        try check(sqlite3_bind_int64(statement, index, value))
    }

    mutating func bind(_ value: Bool) throws { try bind(Int64(value ? 1 : 0)) }

    mutating func bind<Value: RawRepresentable>(_ value: Value) throws where Value.RawValue == String { try bind(value.rawValue) }

    private mutating func bindNull() throws {
        index += 1
        try check(sqlite3_bind_null(statement, index))
    }

    private func check(_ code: CInt) throws {
        guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "binding \(owner.sql)") }
    }
}

/// SQLite copies the bytes before `sqlite3_bind_text` returns (`SQLITE_TRANSIENT`).
private let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
