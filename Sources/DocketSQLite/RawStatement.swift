import Foundation
import GRDB
import GRDBSQLite

/// Runs a statement that GRDB prepared and cached, binding and reading values through
/// SQLite's C interface.
///
/// Every event writes a case row, its audit entry and its limits: some forty values.
/// Bound through GRDB's `StatementArguments`, each value is boxed in an existential and
/// checked at run time, which cost more than SQLite's own work for the row. The hot
/// writes and the case read use this instead; everything else stays with GRDB.
///
/// Use it only inside a transaction the store opened, where nothing else touches the
/// statement until ``run()`` or the last ``step()`` has reset it.
struct RawStatement {
    /// Kept so that the SQLite statement lives as long as this does.
    private let owner: Statement
    private let statement: OpaquePointer
    private let connection: OpaquePointer?
    private var index: Int32 = 0

    init(_ statement: Statement) {
        owner = statement
        self.statement = statement.sqliteStatement
        connection = sqlite3_db_handle(self.statement)
        sqlite3_reset(self.statement)
        sqlite3_clear_bindings(self.statement)
    }

    /// Reads the rows of a statement whose arguments GRDB has bound (a query built
    /// with a varying number of them).
    init(boundBy arguments: StatementArguments, _ statement: Statement) throws {
        try statement.setArguments(arguments)
        owner = statement
        self.statement = statement.sqliteStatement
        connection = sqlite3_db_handle(self.statement)
    }

    /// Starts binding from the first parameter again, to run the statement once more.
    mutating func rewind() {
        sqlite3_reset(statement)
        index = 0
    }

    /// Binds the next parameter.
    mutating func bind(_ value: String?) throws {
        index += 1
        guard var value else { return try check(sqlite3_bind_null(statement, index)) }
        let code = value.withUTF8 { bytes -> Int32 in
            guard let start = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_text(statement, index, "", 0, rawTransient)
            }
            return start.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(statement, index, $0, Int32(bytes.count), rawTransient)
            }
        }
        try check(code)
    }

    mutating func bind(_ value: Int) throws {
        index += 1
        try check(sqlite3_bind_int64(statement, index, Int64(value)))
    }

    mutating func bind(_ value: Double?) throws {
        index += 1
        guard let value else { return try check(sqlite3_bind_null(statement, index)) }
        try check(sqlite3_bind_double(statement, index, value))
    }

    /// Runs a statement that returns no rows.
    func run() throws {
        defer { sqlite3_reset(statement) }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// Steps to the next row; `false` at the end (the statement is then reset).
    func step() throws -> Bool {
        let code = sqlite3_step(statement)
        if code == SQLITE_ROW { return true }
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else { throw failure(code) }
        return false
    }

    /// Leaves a statement stepped fewer times than it has rows.
    func finish() { sqlite3_reset(statement) }

    func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        return String(
            decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))),
            as: UTF8.self)
    }

    /// The text of a column whose value tends to repeat from one row to the next (a
    /// list's workflow, state, limit titles): the string read last is reused when the
    /// bytes are the same, rather than made anew.
    func text(_ column: Int32, reusing last: inout ReusedText) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column))
        if let text = last.text, last.bytes.count == count,
            count == 0 || last.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes, count) == 0 })
        {
            return text
        }
        let buffer = UnsafeBufferPointer(start: bytes, count: count)
        last.bytes = Array(buffer)
        let text = String(decoding: buffer, as: UTF8.self)
        last.text = text
        return text
    }

    func integer(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }

    func real(_ column: Int32) -> Double? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_double(statement, column)
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw failure(code) }
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(
            resultCode: ResultCode(rawValue: code), message: message,
            sql: sqlite3_sql(statement).map { String(cString: $0) })
    }
}

/// The last text read from a column, and its bytes (see ``RawStatement/text(_:reusing:)``).
struct ReusedText {
    var text: String?
    var bytes: [UInt8] = []
}

/// SQLite copies a value bound with this before the call returns.
private let rawTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
