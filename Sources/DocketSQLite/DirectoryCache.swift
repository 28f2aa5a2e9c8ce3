import DocketCore
import Synchronization

/// What every event asks of the directory (an organisation and its path, the roles a
/// person holds over it, the people named in a form, a workflow's parameter values),
/// kept between transactions.
///
/// These change rarely and are read by every event: read from SQLite each time, they
/// were a fifth of an event's work. The cache is emptied when anything may have
/// changed them:
/// - another connection committed (SQLite's `PRAGMA data_version` moved; checked at the
///   start of every transaction, see ``SQLiteStore``), or
/// - this store writes a directory table (``SQLiteStore/writeDirectory(_:_:)``): then
///   the cache stays out of use until that transaction ends, committed or rolled back.
final class DirectoryCache: Sendable {
    struct State {
        var dataVersion: Int64?
        /// Set by a directory write; cleared when its transaction ends.
        var suspended = false
        var organisations: [String: Organisation?] = [:]
        var paths: [String: String?] = [:]
        /// Roles over one organisation, keyed by person and organisation.
        var roles: [String: Set<String>] = [:]
        /// Roles held anywhere, keyed by person.
        var rolesAnywhere: [String: Set<String>] = [:]
        var people: [String: Person.Status?] = [:]
        var parameterTexts: [String: [String: String]] = [:]

        mutating func clear() {
            organisations = [:]
            paths = [:]
            roles = [:]
            rolesAnywhere = [:]
            people = [:]
            parameterTexts = [:]
        }
    }

    private let state = Mutex(State())

    /// Starts a transaction: whatever was kept is dropped if another connection has
    /// committed since the last one.
    func beginTransaction(dataVersion: Int64) {
        state.withLock { state in
            if state.dataVersion != dataVersion { state.clear() }
            state.dataVersion = dataVersion
        }
    }

    /// This store is writing the directory: nothing kept is true any more, and nothing
    /// read until the transaction ends may be kept (it could be rolled back).
    func directoryWritten() {
        state.withLock { state in
            state.clear()
            state.suspended = true
        }
    }

    /// The outermost transaction ended.
    func endTransaction() {
        state.withLock { state in
            guard state.suspended else { return }
            state.clear()
            state.suspended = false
        }
    }

    /// The kept value at `key` of one of the maps, or `load()`'s, which is kept. A map
    /// that outgrows ``capacity`` starts again empty.
    func value<Value: Sendable, Failure: Error>(
        _ map: WritableKeyPath<State, [String: Value]>, _ key: String, load: () throws(Failure) -> Value
    ) throws(Failure) -> Value {
        if let known = state.withLock({ $0.suspended ? nil : $0[keyPath: map][key] }) { return known }
        let loaded = try load()
        state.withLock { state in
            guard !state.suspended else { return }
            if state[keyPath: map].count >= Self.capacity { state[keyPath: map] = [:] }
            state[keyPath: map][key] = loaded
        }
        return loaded
    }

    /// Entries per map: a county's organisations and the people who act in a day.
    static let capacity = 50_000
}
