import DocketEngine
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// A value bound to a query's `$n` parameter.
enum Bind {
    case text(String?)
    case int(Int?)
    case real(Double?)
}

/// One row of a result, read by column position.
struct Row {
    let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) { cells = row.makeRandomAccess() }

    func text(_ index: Int) throws(StoreError) -> String? { try decode(String?.self, index) }
    func string(_ index: Int) throws(StoreError) -> String { try text(index) ?? "" }
    func int(_ index: Int) throws(StoreError) -> Int { try decode(Int?.self, index) ?? 0 }
    func optionalInt(_ index: Int) throws(StoreError) -> Int? { try decode(Int?.self, index) }
    func real(_ index: Int) throws(StoreError) -> Double? { try decode(Double?.self, index) }
    func bool(_ index: Int) throws(StoreError) -> Bool { try decode(Bool?.self, index) ?? false }

    private func decode<T: PostgresDecodable>(_ type: T.Type, _ index: Int) throws(StoreError) -> T {
        do {
            return try cells[index].decode(T.self)
        } catch {
            throw StoreError(.invalidData, "a stored value does not decode (column \(index))", cause: error)
        }
    }
}

/// One connection to the server, used by one transaction at a time, whose calls block the
/// calling thread until the server answers.
///
/// The store's seam is synchronous and its callers are never on an event loop (the
/// command line; the server runs store work on its thread pool), so each query waits on
/// its future: one round trip per statement, its rows collected.
final class PostgresSession: @unchecked Sendable {
    let connection: PostgresConnection
    private let logger: Logger
    /// The number of the next cursor, so that cursors open side by side have distinct names.
    private var cursors = 0

    init(_ connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// The shared event loops every connection runs on.
    static var eventLoops: any EventLoopGroup { MultiThreadedEventLoopGroup.singleton }

    static func connect(_ settings: PostgresSettings, id: Int, logger: Logger) throws(StoreError) -> PostgresSession {
        var configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.user, password: settings.password,
            database: settings.database, tls: .disable)
        // A server that does not answer fails the connection in seconds, not minutes.
        configuration.options.connectTimeout = .seconds(5)
        do {
            let connection = try PostgresConnection.connect(
                on: eventLoops.next(), configuration: configuration, id: id, logger: logger
            ).wait()
            return PostgresSession(connection, logger: logger)
        } catch {
            throw PostgresStore.storeError(error, "cannot connect to \(settings)", connecting: true)
        }
    }

    /// A connection is closed before it goes: postgres-nio requires it.
    deinit { if !connection.isClosed { close() } }

    var isClosed: Bool { connection.isClosed }

    func close() { _ = try? connection.close().wait() }

    /// Runs one statement and returns its rows.
    @discardableResult
    func query(_ sql: String, _ binds: [Bind] = []) throws -> [Row] {
        try run(sql, binds).rows.map(Row.init)
    }

    /// Runs one statement and returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ binds: [Bind] = []) throws -> Int {
        try run(sql, binds).metadata.rows ?? 0
    }

    private func run(_ sql: String, _ binds: [Bind]) throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            switch bind {
            case .text(let value): bindings.append(value)
            case .int(let value): bindings.append(value)
            case .real(let value): bindings.append(value)
            }
        }
        return try connection.query(
            PostgresQuery(unsafeSQL: Self.numbered(sql), binds: bindings), logger: logger
        ).wait()
    }

    /// Visits a query's rows a thousand at a time through a server-side cursor, until
    /// `body` returns false: a list of a million rows takes the memory of a thousand.
    /// Must run inside a transaction (a cursor lives as long as its transaction).
    func each(_ sql: String, _ binds: [Bind] = [], _ body: (Row) throws -> Bool) throws {
        var cursor = try Cursor(sql, binds, on: self)
        defer { cursor.close() }
        while let row = try cursor.next() {
            guard try body(row) else { return }
        }
    }

    /// A server-side cursor read a batch at a time, with one row in hand.
    struct Cursor {
        static let batch = 1000
        private let session: PostgresSession
        private let name: String
        private var rows: [Row] = []
        private var position = 0
        private var exhausted = false
        private var closed = false

        init(_ sql: String, _ binds: [Bind], on session: PostgresSession) throws {
            self.session = session
            session.cursors += 1
            name = "docket_cursor_\(session.cursors)"
            try session.execute("DECLARE \(name) NO SCROLL CURSOR FOR \(sql)", binds)
        }

        mutating func next() throws -> Row? {
            if position == rows.count {
                guard !exhausted else { return nil }
                rows = try session.query("FETCH \(Self.batch) FROM \(name)")
                position = 0
                exhausted = rows.count < Self.batch
                guard !rows.isEmpty else { return nil }
            }
            position += 1
            return rows[position - 1]
        }

        mutating func close() {
            guard !closed else { return }
            closed = true
            // A failed transaction refuses every statement; its cursors end with it.
            _ = try? session.execute("CLOSE \(name)")
        }
    }

    /// SQL written with `?` placeholders (as the SQLite store's is) numbered `$1`, `$2`…
    /// for PostgreSQL; a `?` inside a quoted literal or name is left alone.
    static func numbered(_ sql: String) -> String {
        guard sql.contains("?") else { return sql }
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "?" {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}
