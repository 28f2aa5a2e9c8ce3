import CSQLiteSetup
public import DocketCore
public import DocketEngine
import Foundation
import GRDB
import Synchronization

/// The embedded store: one SQLite file in WAL mode, through GRDB.
///
/// Every case change is one `BEGIN IMMEDIATE` transaction covering the case row, its
/// audit entry and its limits and timers. A change based on a stale revision is refused
/// with `StoreError.Code.conflict` and writes nothing. The audit table is protected by
/// triggers that refuse updates and deletions.
///
/// ## Topics
///
/// ### Opening a store
/// - ``open(path:create:timeZone:lockWait:simulation:)``
/// - ``lockWaitLimit``
/// - ``path``
///
/// ### Transactions
/// - ``write(_:)``
/// - ``read(_:)``
public final class SQLiteStore: CaseStore, BulkLoading {
    let queue: DatabaseQueue
    public let path: String
    let directory = DirectoryCache()
    let decodedDefinitions = DecodedDefinitions()
    /// The deployment's zone and whether the store is a simulation: fixed when the store
    /// is made, so read once, when it is opened.
    private let zone: String
    private let simulation: Bool
    private let identifier: String

    /// Configures the SQLite library once, before the first connection (see
    /// `docket_sqlite_configure`): no mutex on every call into a connection or every
    /// allocation, which cost a twentieth of an event.
    private static let libraryConfigured = docket_sqlite_configure() == 0

    /// SQLite's `cache_size` of every connection: 64 MB (negative: in KiB).
    static let pageCacheSize = -65536

    private init(queue: DatabaseQueue, path: String, zone: String, simulation: Bool, identifier: String) {
        self.queue = queue
        self.path = path
        self.zone = zone
        self.simulation = simulation
        self.identifier = identifier
    }

    /// Opens a store.
    ///
    /// - Parameters:
    ///   - path: the SQLite file.
    ///   - create: whether to create and migrate the schema (`docket init`); otherwise a
    ///     file without the schema is refused with `.notInitialised`.
    ///   - timeZone: the deployment zone recorded on creation.
    ///   - lockWait: how long to wait for another process to let go of the store.
    ///   - simulation: on creation, whether the store takes changes dated at any `--at`
    ///     (examples, tests, what-if); a store of record takes them only up to the clock.
    public static func open(
        path: String, create: Bool, timeZone: String = DeploymentZone.defaultIdentifier,
        lockWait: Duration = lockWaitLimit,
        simulation: Bool = false
    ) throws(StoreError) -> SQLiteStore {
        _ = libraryConfigured
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw StoreError(
                .notInitialised, "no Docket store at \(path); run `docket init` first",
                subject: .noStore(path: path))
        }
        var config = Configuration()
        config.journalMode = .wal
        let waitMilliseconds =
            Int(lockWait.components.seconds) * 1000 + Int(lockWait.components.attoseconds / 1_000_000_000_000_000)
        config.busyMode = .callback { tries in Self.waitForLock(tries: tries, limit: waitMilliseconds) }
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            // 64 MB of page cache (SQLite's default is 2 MB): a bulk import into a store
            // of a million cases keeps its index pages in memory instead of re-reading them.
            try db.execute(sql: "PRAGMA cache_size = \(pageCacheSize)")
            // Checkpoint every 8,000 WAL pages (32 MB) rather than 1,000: a page written by
            // a hundred events in a row is copied into the database once, not ten times.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 8000")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            if create {
                try Schema.migrator.migrate(queue)
                try queue.write { db in
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO meta (key, value) VALUES ('time-zone', ?)", arguments: [timeZone])
                    // Fixed when the store is made: a store of record never becomes a simulation.
                    if simulation, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit") == 0 {
                        try db.execute(sql: "INSERT OR IGNORE INTO meta (key, value) VALUES ('simulation', 'true')")
                    }
                }
            } else {
                let ready = try queue.read { db in try db.tableExists("meta") }
                guard ready else {
                    throw StoreError(
                        .notInitialised, "\(path) is not a Docket store; run `docket init` first",
                        subject: .notAStore(path: path))
                }
                let pending = try queue.read { db in try !Schema.migrator.hasCompletedMigrations(db) }
                if pending { try Schema.migrator.migrate(queue) }
                try SQLiteTransaction.restoreAbandonedIndexes(queue)
            }
            let (zone, simulation, identifier) = try queue.read { db in
                (
                    try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'time-zone'")
                        ?? DeploymentZone.defaultIdentifier,
                    try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'simulation'") == "true",
                    try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'store-id'") ?? ""
                )
            }
            return SQLiteStore(queue: queue, path: path, zone: zone, simulation: simulation, identifier: identifier)
        } catch let error as StoreError {
            throw error
        } catch {
            if let database = error as? DatabaseError,
                database.resultCode == .SQLITE_BUSY || database.resultCode == .SQLITE_LOCKED
            {
                throw storeError(database, "cannot open the store at \(path)")
            }
            throw StoreError(
                .unavailable, "cannot open the store at \(path)", subject: .cannotOpen(path: path), cause: error)
        }
    }

    /// Runs `body` as one `BEGIN IMMEDIATE` transaction: the write lock is taken up front,
    /// so two processes never both read and then fail to upgrade (the second waits on
    /// the busy timeout), and an event's checks see exactly the state its change is
    /// committed over. `body` throwing rolls everything back.
    public func write<T>(_ body: (_ tx: any StoreTransaction) throws -> T) throws -> T {
        try transaction(.immediate, writable: true, body)
    }

    /// Runs `body` as one deferred transaction that only reads: a snapshot of the WAL,
    /// taken at its first read, that writers do not wait for.
    public func read<T>(_ body: (_ tx: any StoreTransaction) throws -> T) throws -> T {
        try transaction(.deferred, writable: false, body)
    }

    /// Runs `body` in a new transaction of `kind`, refusing one begun inside another on
    /// this connection. A new transaction first asks SQLite whether another connection
    /// has committed since the last, for the directory cache.
    private func transaction<T>(
        _ kind: Database.TransactionKind, writable: Bool, _ body: (SQLiteTransaction) throws -> T
    ) throws -> T {
        do {
            // Reentrant only to see the transaction already open on this thread and refuse
            // it: GRDB's plain access would stop the program instead.
            return try queue.unsafeReentrantWrite { db in
                guard !db.isInsideTransaction else {
                    throw StoreError(
                        .internalFailure, "a transaction was begun inside another on the same store")
                }
                defer { directory.endTransaction() }
                // BEGIN and COMMIT as statements prepared once: GRDB's own transaction methods
                // prepare them anew each time, which cost a twentieth of an event.
                try RawStatement(try db.cachedStatement(sql: "BEGIN \(kind.rawValue)")).run()
                do {
                    let version = RawStatement(try db.cachedStatement(sql: "PRAGMA data_version"))
                    guard try version.step() else {
                        throw StoreError(.internalFailure, "PRAGMA data_version returned nothing")
                    }
                    directory.beginTransaction(dataVersion: Int64(version.integer(0)))
                    version.finish()
                    let transaction = SQLiteTransaction(store: self, db: db, writable: writable)
                    let result = try body(transaction)
                    try RawStatement(try db.cachedStatement(sql: "COMMIT")).run()
                    return result
                } catch {
                    // SQLite may have rolled back already (a full disk, say): then there is nothing to undo.
                    if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
                    throw error
                }
            }
        } catch let error as DatabaseError {
            throw Self.storeError(error, writable ? "cannot complete the change" : "cannot read")
        }
    }

    public func companion() throws(StoreError) -> (any CaseStore)? {
        try SQLiteStore.open(path: path, create: false)
    }

    /// Timers are listed by due time, then by case id as SQLite compares text: its bytes.
    public func precedesInTimerOrder(_ a: (due: Double, caseID: String), _ b: (due: Double, caseID: String)) -> Bool {
        a.due != b.due ? a.due < b.due : a.caseID.utf8.lexicographicallyPrecedes(b.caseID.utf8)
    }

    /// How long a command waits for another process to let go of the store before it
    /// gives up with `StoreError.Code.busy`: long enough for an organisation move or a
    /// large import batch to commit.
    public static let lockWaitLimit: Duration = .seconds(120)

    /// SQLite's busy handler: waits and tries again, 1 ms at first and doubling up to a
    /// tenth of a second, until `limit` milliseconds have been waited in all.
    ///
    /// - Parameter tries: how many times this wait has tried already.
    static func waitForLock(tries: Int, limit: Int) -> Bool {
        let pause = tries < 7 ? 1 << tries : 100 // milliseconds: 1, 2, 4 … 64, then 100
        let waited = tries < 7 ? (1 << tries) - 1 : 127 + (tries - 7) * 100
        guard waited + pause <= limit else { return false }
        usleep(useconds_t(pause * 1000))
        return true
    }

    static func storeError(_ error: any Error, _ message: String) -> StoreError {
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_CONSTRAINT {
            return StoreError(.invalidData, "\(message): a constraint was violated", cause: error)
        }
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return StoreError(
                .busy,
                "\(message): another Docket command (a long import or organisation move, most likely) holds the store and did not let go in time; nothing was written, try again shortly",
                subject: .busy, cause: error)
        }
        return StoreError(.unavailable, message, cause: error)
    }

    public func isSimulation() throws(StoreError) -> Bool { simulation }

    public func timeZoneIdentifier() throws(StoreError) -> String { zone }

    public func storeIdentifier() throws(StoreError) -> String { identifier }
}

/// One transaction of a ``SQLiteStore``: the handle its body reads and writes through.
///
/// It holds the connection's `Database` with the transaction open on it, so it must not
/// outlive the body it was handed to. A write through a read-only one is refused.
final class SQLiteTransaction: StoreTransaction, BulkWriting {
    let store: SQLiteStore
    let db: Database
    let writable: Bool
    /// The last audit entry written in this transaction (see ``WriteContext``): the next
    /// links to it without reading the trail again.
    var auditTail: AuditTail?

    /// An audit entry's number and hash: what the next entry links to.
    typealias AuditTail = (seq: Int, hash: String)

    init(store: SQLiteStore, db: Database, writable: Bool) {
        self.store = store
        self.db = db
        self.writable = writable
    }

    var directory: DirectoryCache { store.directory }

    /// Runs a read, wrapping driver errors with what was being read. `what` is only
    /// worked out for an error message: every event reads and writes several times.
    func read<T>(_ what: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try body(db)
        } catch let error as StoreError {
            throw error
        } catch {
            throw SQLiteStore.storeError(error, "cannot read \(what())")
        }
    }

    /// Runs a write, wrapping driver errors with what was being written; refused in a
    /// read-only transaction.
    func write<T>(_ what: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        guard writable else {
            throw StoreError(.internalFailure, "cannot write \(what()) in a read-only transaction")
        }
        do {
            return try body(db)
        } catch let error as StoreError {
            throw error
        } catch {
            throw SQLiteStore.storeError(error, "cannot write \(what())")
        }
    }

    /// Runs one directory write (organisations, people, roles, parameter values) like
    /// ``write(_:_:)``, keeping the ``DirectoryCache`` out of use until the transaction ends.
    func writeDirectory<T>(_ what: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        try write(what()) { db in
            directory.directoryWritten()
            return try body(db)
        }
    }
}

extension SQLiteTransaction {
    /// The bounds of an organisation's subtree on `org_path` columns: every path that
    /// starts with the organisation's own, as one index range. `nil` for an unknown one.
    static func subtreeRange(of organisation: String, _ db: Database) throws -> (low: String, high: String)? {
        guard
            let path = try String.fetchOne(
                db.cachedStatement(sql: "SELECT path FROM organisations WHERE id = ?"), arguments: [organisation])
        else {
            return nil
        }
        // Paths end in "/"; "0" is the character after it, so the range holds exactly the subtree.
        return (path, String(path.dropLast()) + "0")
    }

    /// "Under any of these organisations" on an `org_path` column, as one bracketed
    /// clause with its arguments; `nil` when none of them exists (nothing matches).
    static func underAny(
        _ organisations: [String], column: String = "org_path", _ db: Database
    ) throws -> (sql: String, arguments: [any DatabaseValueConvertible], ranges: [(low: String, high: String)])? {
        let ranges = try organisations.compactMap { try subtreeRange(of: $0, db) }
        guard !ranges.isEmpty else { return nil }
        let sql = "(" + ranges.map { _ in "(\(column) >= ? AND \(column) < ?)" }.joined(separator: " OR ") + ")"
        return (sql, ranges.flatMap { [$0.low, $0.high] }, ranges)
    }
}
