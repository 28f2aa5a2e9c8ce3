public import DocketCore
public import DocketEngine
import Foundation
import Synchronization

/// A store that keeps everything in memory and implements the whole `CaseStore` seam:
/// a real store, for tests and for anyone embedding the engine without a database.
///
/// It keeps the contract the SQLite store keeps, as a caller sees it: a change decided
/// on a stale revision is a `.conflict` with nothing written; the audit trail is
/// numbered from 1 and chained by `AuditChain`'s hashes (the same history hashes alike
/// in both stores); an organisation filter takes the whole subtree; ids, paths and the
/// other texts a list is ordered by compare as SQLite compares them, byte by byte. What
/// it gives back is what the SQLite store gives back: a case's field values as their
/// JSON reads back (dates as text, until `CaseSnapshot.restoringTypes(with:)`), and
/// the audit trail's instants to the second.
///
/// ## Transactions
///
/// A store is one connection, like a SQLite file opened once: its calls run one at a
/// time, and a thread calling it while another is inside a transaction waits.
///
/// - The outermost ``atomically(_:)`` takes the write lock and works on a copy of the
///   committed state. When `body` returns, the copy becomes the committed state; when it
///   throws, the copy is dropped, and with it everything written inside.
/// - ``reading(_:)`` reads one unchanging copy of the committed state, without the write
///   lock; a write inside it is refused.
/// - Calls inside either join it (nested transactions are one transaction, as in
///   SQLite: an inner body's error that the outer body catches undoes nothing).
/// - A write outside any transaction is a transaction of its own.
///
/// ``companion()`` is a second connection to the same state, on which another thread
/// reads what is committed while this one writes: a tick's storm of timers is decided
/// ahead on it, as on SQLite.
///
/// The state is copied on write, table by table: the first change of a transaction to a
/// table copies it. That is nothing for tests and thousands of cases; a store of a
/// million belongs in SQLite.
public final class InMemoryStore: CaseStore, BulkLoading {
    /// What the store and its companions share: the committed state and the write lock.
    final class Database: Sendable {
        let committed = Mutex(State())
        /// Held by the connection that has a write transaction open.
        let writeLock = NSLock()
        let timeZone: String
        let simulation: Bool

        init(timeZone: String, simulation: Bool) {
            self.timeZone = timeZone
            self.simulation = simulation
        }
    }

    /// A connection's open transaction: its own copy of the state.
    struct Transaction: Sendable {
        var writes: Bool
        var state: State
    }

    let database: Database
    /// Held for every call, and for the whole of a transaction: one call at a time.
    private let connection = NSRecursiveLock()
    /// Read and written only by the thread holding ``connection``.
    private let open = Mutex<Transaction?>(nil)

    /// An empty store.
    ///
    /// - Parameters:
    ///   - timeZone: the deployment's zone, fixed for the store's life.
    ///   - simulation: whether changes may be dated at any instant (see
    ///     `StoreTransactions.isSimulation()`); a store of record takes none dated later than
    ///     the clock.
    public init(timeZone: String = DeploymentZone.defaultIdentifier, simulation: Bool = false) {
        database = Database(timeZone: timeZone, simulation: simulation)
    }

    private init(sharing database: Database) { self.database = database }

    public func timeZoneIdentifier() throws(StoreError) -> String { database.timeZone }

    public func isSimulation() throws(StoreError) -> Bool { database.simulation }

    public func atomically<T>(_ body: () throws -> T) throws -> T {
        connection.lock()
        defer { connection.unlock() }
        if open.withLock({ $0 != nil }) { return try body() }
        database.writeLock.lock()
        defer { database.writeLock.unlock() }
        let base = database.committed.withLock { $0 }
        open.withLock { $0 = Transaction(writes: true, state: base) }
        defer { open.withLock { $0 = nil } }
        let result = try body()
        let done = open.withLock { $0.take()?.state } ?? base
        database.committed.withLock { $0 = done }
        return result
    }

    public func reading<T>(_ body: () throws -> T) throws -> T {
        connection.lock()
        defer { connection.unlock() }
        if open.withLock({ $0 != nil }) { return try body() }
        let view = database.committed.withLock { $0 }
        open.withLock { $0 = Transaction(writes: false, state: view) }
        defer { open.withLock { $0 = nil } }
        return try body()
    }

    /// Timers are listed by due time, then by case id as bytes, as SQLite lists them.
    public func precedesInTimerOrder(_ a: (due: Double, caseID: String), _ b: (due: Double, caseID: String)) -> Bool {
        a.due != b.due ? a.due < b.due : a.caseID.precedesAsBytes(b.caseID)
    }

    public func companion() throws(StoreError) -> (any CaseStore)? {
        InMemoryStore(sharing: database)
    }

    /// Runs a read on the state of the transaction under way, or on the committed state.
    /// `body` may call the store again (a visitor's callback does).
    func read<T>(_ body: (State) throws(StoreError) -> T) throws(StoreError) -> T {
        connection.lock()
        defer { connection.unlock() }
        let state = open.withLock { $0?.state } ?? database.committed.withLock { $0 }
        return try body(state)
    }

    /// Runs a write in the transaction under way, or as a transaction of its own: a
    /// failure of the latter writes nothing. `body` works on the state alone, never the
    /// store (the state is locked meanwhile).
    func write<T: Sendable>(_ what: @autoclosure () -> String, _ body: (inout State) throws(StoreError) -> T)
        throws(StoreError) -> T
    {
        connection.lock()
        defer { connection.unlock() }
        switch open.withLock({ $0?.writes }) {
        case true?:
            return try open.withLock { (transaction) throws(StoreError) -> T in try body(&transaction!.state) }
        case false?:
            throw StoreError(
                .unavailable, "cannot write \(what()) inside a read-only transaction")
        case nil:
            database.writeLock.lock()
            defer { database.writeLock.unlock() }
            var state = database.committed.withLock { $0 }
            let result = try body(&state)
            database.committed.withLock { [state] in $0 = state }
            return result
        }
    }
}

extension String {
    /// Whether this text sorts before `other` as SQLite compares text: byte by byte of
    /// its UTF-8 (Swift's own order compares characters).
    func precedesAsBytes(_ other: String) -> Bool { utf8.lexicographicallyPrecedes(other.utf8) }

    /// Whether this organisation path lies within the subtree whose path is `root`.
    func isWithin(_ root: String) -> Bool { utf8.starts(with: root.utf8) }
}
