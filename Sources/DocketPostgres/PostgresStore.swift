public import DocketCore
public import DocketEngine
import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The store of a prefecture or province: one PostgreSQL database that several Docket
/// processes may share, through postgres-nio.
///
/// Every transaction holds one connection from a small pool of idle ones, between
/// `BEGIN` and `COMMIT` (or `ROLLBACK` when its body throws). A write transaction runs at
/// `READ COMMITTED`: a case change is `UPDATE … WHERE revision = $n`, which a concurrent
/// change makes match nothing, so the stale one is refused with
/// `StoreError.Code.conflict` and writes nothing. A read transaction is
/// `REPEATABLE READ READ ONLY`: one unchanging state that writers do not wait for.
///
/// ## Topics
///
/// ### Opening a store
/// - ``open(url:create:timeZone:simulation:)``
/// - ``open(settings:create:timeZone:simulation:)``
/// - ``settings``
///
/// ### Transactions
/// - ``write(_:)``
/// - ``read(_:)``
public final class PostgresStore: CaseStore, BulkLoading {
    /// Where the store connects (the password is never shown).
    public let settings: PostgresSettings
    private let zone: String
    private let simulation: Bool
    private let identifier: String
    private let pool: ConnectionPool
    /// The threads inside a transaction of this store: a transaction begun inside
    /// another on the same thread is refused, never given a second connection.
    private let activeThreads = Mutex(Set<UInt>())

    private init(settings: PostgresSettings, pool: ConnectionPool, zone: String, simulation: Bool, identifier: String) {
        self.settings = settings
        self.pool = pool
        self.zone = zone
        self.simulation = simulation
        self.identifier = identifier
    }

    deinit { pool.closeAll() }

    /// Opens a store from a `postgres://` URL (see ``PostgresSettings``).
    public static func open(
        url: String, create: Bool, timeZone: String = DeploymentZone.defaultIdentifier, simulation: Bool = false
    ) throws(StoreError) -> PostgresStore {
        try open(settings: PostgresSettings(url: url), create: create, timeZone: timeZone, simulation: simulation)
    }

    /// Opens a store.
    ///
    /// - Parameters:
    ///   - settings: the server, database and login.
    ///   - create: whether to create and migrate the schema (`docket init`); otherwise a
    ///     database without the schema is refused with `.notInitialised`.
    ///   - timeZone: the deployment zone recorded on creation.
    ///   - simulation: on creation, whether the store takes changes dated at any instant.
    public static func open(
        settings: PostgresSettings, create: Bool, timeZone: String = DeploymentZone.defaultIdentifier,
        simulation: Bool = false
    ) throws(StoreError) -> PostgresStore {
        let pool = ConnectionPool(settings: settings)
        let session = try pool.take()
        defer { pool.give(session) }
        do {
            if create {
                try PostgresSchema.migrate(session)
                try session.execute("BEGIN")
                try session.execute(
                    "INSERT INTO meta (key, value) VALUES ('time-zone', ?) ON CONFLICT (key) DO NOTHING",
                    [.text(timeZone)])
                if simulation, try session.query("SELECT 1 FROM audit LIMIT 1").isEmpty {
                    try session.execute(
                        "INSERT INTO meta (key, value) VALUES ('simulation', 'true') ON CONFLICT (key) DO NOTHING")
                }
                try session.execute("COMMIT")
            } else {
                let ready = try session.query("SELECT to_regclass('meta') IS NOT NULL")
                guard try ready.first?.bool(0) == true else {
                    throw StoreError(
                        .notInitialised, "\(settings) is not a Docket store; run `docket init` first",
                        subject: .notAStore(path: settings.description))
                }
                try PostgresSchema.migrate(session)
            }
            var meta: [String: String] = [:]
            for row in try session.query("SELECT key, value FROM meta") { meta[try row.string(0)] = try row.string(1) }
            return PostgresStore(
                settings: settings, pool: pool, zone: meta["time-zone"] ?? DeploymentZone.defaultIdentifier,
                simulation: meta["simulation"] == "true", identifier: meta["store-id"] ?? "")
        } catch {
            _ = try? session.execute("ROLLBACK")
            throw storeError(error, "cannot open the store at \(settings)")
        }
    }

    /// Runs `body` as one `READ COMMITTED` transaction on a connection of its own. Its
    /// first write takes the audit trail's head (`audit_head`, read `FOR UPDATE`), so writers
    /// are serialised from their first write to their commit.
    public func write<T>(_ body: (_ tx: any StoreTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", writable: true, body)
    }

    /// Runs `body` as one `REPEATABLE READ READ ONLY` transaction: one snapshot, taken
    /// at its first statement, that no writer waits for.
    public func read<T>(_ body: (_ tx: any StoreTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", writable: false, body)
    }

    private func transaction<T>(begin: String, writable: Bool, _ body: (PostgresTransaction) throws -> T) throws -> T {
        let thread = Self.currentThread()
        let entered = activeThreads.withLock { $0.insert(thread).inserted }
        guard entered else {
            throw StoreError(.internalFailure, "a transaction was begun inside another on the same store")
        }
        defer { _ = activeThreads.withLock { $0.remove(thread) } }
        let session = try pool.take()
        var healthy = true
        defer { healthy ? pool.give(session) : session.close() }
        do {
            try session.execute(begin)
        } catch {
            healthy = false
            throw Self.storeError(error, "cannot begin a transaction")
        }
        do {
            let result = try body(PostgresTransaction(store: self, session: session, writable: writable))
            try session.execute("COMMIT")
            return result
        } catch {
            do { try session.execute("ROLLBACK") } catch { healthy = false }
            if error is StoreError || !Self.isDriverError(error) { throw error }
            throw Self.storeError(error, writable ? "cannot complete the change" : "cannot read")
        }
    }

    private static func currentThread() -> UInt {
        #if canImport(Darwin)
            UInt(bitPattern: pthread_self())
        #else
            UInt(pthread_self())
        #endif
    }

    static func isDriverError(_ error: any Error) -> Bool {
        error is PSQLError || error is PostgresDecodingError || error is ChannelError
    }

    /// A second store on the same database, with connections of its own: a storm's
    /// firings are decided on it while this one writes.
    public func companion() throws(StoreError) -> (any CaseStore)? {
        try PostgresStore.open(settings: settings, create: false)
    }

    /// Timers are listed by due time, then by case id in `COLLATE "C"`: its bytes.
    public func precedesInTimerOrder(_ a: (due: Double, caseID: String), _ b: (due: Double, caseID: String)) -> Bool {
        a.due != b.due ? a.due < b.due : a.caseID.utf8.lexicographicallyPrecedes(b.caseID.utf8)
    }

    public func isSimulation() throws(StoreError) -> Bool { simulation }

    public func timeZoneIdentifier() throws(StoreError) -> String { zone }

    public func storeIdentifier() throws(StoreError) -> String { identifier }

    /// A driver's error as a store error, with a message that names the server's reason
    /// and never the password.
    static func storeError(_ error: any Error, _ message: String, connecting: Bool = false) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let psql = error as? PSQLError else {
            if error is PostgresDecodingError {
                return StoreError(.invalidData, "\(message): a stored value does not decode", cause: error)
            }
            return StoreError(
                .unavailable, "\(message): \(String(describing: type(of: error)))", cause: PostgresFailure(error))
        }
        let state = psql.serverInfo?[.sqlState]
        let reason = psql.serverInfo?[.message] ?? psql.code.description
        let wrapped = PostgresFailure(error)
        switch state {
        case "23505"?:
            return StoreError(.conflict, "\(message): \(reason)", cause: wrapped)
        case "40001"?, "40P01"?, "55P03"?:
            return StoreError(
                .busy,
                "\(message): another Docket process held what this needed (\(reason)); nothing was written, try again",
                cause: wrapped)
        case let code? where code.hasPrefix("23") || code.hasPrefix("22"):
            return StoreError(.invalidData, "\(message): \(reason)", cause: wrapped)
        case "3D000"?:
            return StoreError(
                .notInitialised, "\(message): the database does not exist (\(reason))", cause: wrapped)
        case "25006"?:
            return StoreError(.internalFailure, "\(message): a write in a read-only transaction", cause: wrapped)
        case _?:
            return StoreError(.unavailable, "\(message): \(reason)", cause: wrapped)
        case nil:
            let what = connecting ? "no PostgreSQL server answers" : "the connection to the server failed"
            return StoreError(.unavailable, "\(message): \(what)", cause: wrapped)
        }
    }
}

/// A driver's error carried as a store error's cause: its description is what the driver
/// says publicly (postgres-nio keeps queries and server details out of it).
struct PostgresFailure: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ error: any Error) {
        if let psql = error as? PSQLError {
            let state = psql.serverInfo?[.sqlState].map { " SQLSTATE \($0)" } ?? ""
            description = "postgres-nio \(psql.code)\(state)"
        } else {
            description = String(describing: type(of: error))
        }
    }
}

/// The connections a store keeps open between transactions: a few idle ones, taken by a
/// transaction and given back when it ends; any more are closed.
final class ConnectionPool: Sendable {
    static let idleLimit = 4
    let settings: PostgresSettings
    private let idle = Mutex<[PostgresSession]>([])
    private let nextID = Atomic<Int>(1)
    private let logger = Logger(label: "docket.postgres")

    init(settings: PostgresSettings) { self.settings = settings }

    func take() throws(StoreError) -> PostgresSession {
        while let session = idle.withLock({ $0.popLast() }) {
            if !session.isClosed { return session }
        }
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        return try PostgresSession.connect(settings, id: id, logger: logger)
    }

    func give(_ session: PostgresSession) {
        guard !session.isClosed else { return }
        let kept = idle.withLock { idle in
            guard idle.count < Self.idleLimit else { return false }
            idle.append(session)
            return true
        }
        if !kept { session.close() }
    }

    func closeAll() {
        for session in idle.withLock({ idle in
            defer { idle = [] }
            return idle
        }) { session.close() }
    }
}
