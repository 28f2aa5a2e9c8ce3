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
/// A store is one connection, like a SQLite file opened once: a thread beginning a
/// transaction while another thread has one open waits.
///
/// - ``write(_:)`` takes the write lock and hands its body an ``InMemoryTransaction``
///   holding a copy of the committed state. When `body` returns, the copy becomes the
///   committed state; when it throws, the copy is dropped, and with it everything written.
/// - ``read(_:)`` hands its body one unchanging copy of the committed state, without the
///   write lock; a write through it is refused.
/// - A transaction begun inside another on the same store is refused, as the seam requires.
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
        let identifier = UUID().uuidString.lowercased()

        init(timeZone: String, simulation: Bool) {
            self.timeZone = timeZone
            self.simulation = simulation
        }
    }

    let database: Database
    /// Held for the whole of a transaction: one at a time on this connection. Recursive,
    /// so that a transaction begun inside another on the same thread is seen and refused.
    private let connection = NSRecursiveLock()
    /// Whether a transaction is open; read and written only by the thread holding ``connection``.
    private let open = Mutex(false)

    /// An empty store.
    ///
    /// - Parameters:
    ///   - timeZone: the deployment's zone, fixed for the store's life.
    ///   - simulation: whether changes may be dated at any instant (see
    ///     `CaseStore.isSimulation()`); a store of record takes none dated later than
    ///     the clock.
    public init(timeZone: String = DeploymentZone.defaultIdentifier, simulation: Bool = false) {
        database = Database(timeZone: timeZone, simulation: simulation)
    }

    private init(sharing database: Database) { self.database = database }

    public func timeZoneIdentifier() throws(StoreError) -> String { database.timeZone }

    public func isSimulation() throws(StoreError) -> Bool { database.simulation }

    public func storeIdentifier() throws(StoreError) -> String { database.identifier }

    public func write<T>(_ body: (_ tx: any StoreTransaction) throws -> T) throws -> T {
        try transaction(writes: true) { transaction in
            let result = try body(transaction)
            database.committed.withLock { [state = transaction.state] in $0 = state }
            return result
        }
    }

    public func read<T>(_ body: (_ tx: any StoreTransaction) throws -> T) throws -> T {
        try transaction(writes: false, body)
    }

    /// Runs `body` with a new transaction over the committed state, holding the
    /// connection (and for a write, the write lock) throughout.
    private func transaction<T>(writes: Bool, _ body: (InMemoryTransaction) throws -> T) throws -> T {
        connection.lock()
        defer { connection.unlock() }
        guard !open.withLock({ $0 }) else {
            throw StoreError(.internalFailure, "a transaction was begun inside another on the same store")
        }
        if writes { database.writeLock.lock() }
        defer { if writes { database.writeLock.unlock() } }
        open.withLock { $0 = true }
        defer { open.withLock { $0 = false } }
        let transaction = InMemoryTransaction(state: database.committed.withLock { $0 }, writes: writes)
        defer { transaction.end() }
        return try body(transaction)
    }

    /// Timers are listed by due time, then by case id as bytes, as SQLite lists them.
    public func precedesInTimerOrder(_ a: (due: Double, caseID: String), _ b: (due: Double, caseID: String)) -> Bool {
        a.due != b.due ? a.due < b.due : a.caseID.precedesAsBytes(b.caseID)
    }

    public func companion() throws(StoreError) -> (any CaseStore)? {
        InMemoryStore(sharing: database)
    }
}

/// One transaction of an ``InMemoryStore``: its own copy of the state, which becomes the
/// committed state when a write's body returns.
///
/// Valid only inside the body it was handed to; used after, it refuses everything.
public final class InMemoryTransaction: StoreTransaction, BulkWriting {
    var state: State
    let writes: Bool
    private var ended = false

    init(state: State, writes: Bool) {
        self.state = state
        self.writes = writes
    }

    func end() { ended = true }

    /// Runs a read on the transaction's state.
    func readState<T>(_ body: (State) throws(StoreError) -> T) throws(StoreError) -> T {
        guard !ended else { throw StoreError(.internalFailure, "a transaction was used after it ended") }
        return try body(state)
    }

    /// Runs a write on the transaction's state; refused in a read-only transaction.
    /// `body` works on the state alone, never the transaction.
    func writeState<T>(_ what: @autoclosure () -> String, _ body: (inout State) throws(StoreError) -> T)
        throws(StoreError) -> T
    {
        guard !ended else { throw StoreError(.internalFailure, "a transaction was used after it ended") }
        guard writes else {
            throw StoreError(.unavailable, "cannot write \(what()) inside a read-only transaction")
        }
        return try body(&state)
    }
}

extension String {
    /// Whether this text sorts before `other` as SQLite compares text: byte by byte of
    /// its UTF-8 (Swift's own order compares characters).
    func precedesAsBytes(_ other: String) -> Bool { utf8.lexicographicallyPrecedes(other.utf8) }

    /// Whether this organisation path lies within the subtree whose path is `root`.
    func isWithin(_ root: String) -> Bool { utf8.starts(with: root.utf8) }
}
