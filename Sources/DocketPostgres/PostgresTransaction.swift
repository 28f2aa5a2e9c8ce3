import DocketCore
import DocketEngine
import Foundation

/// One transaction of a ``PostgresStore``: the handle its body reads and writes through.
///
/// It holds the transaction's connection, so it must not outlive the body it was handed
/// to. A write through a read-only one is refused.
///
/// The first write of a write transaction takes the audit trail's head (`SELECT … FROM
/// audit_head FOR UPDATE`) and holds it to the end: appends to the trail are serialised,
/// so the chain stays one line of hashes with any number of writing processes, and
/// every row a writer locks is locked after the head, so that writers never deadlock on
/// one another.
final class PostgresTransaction: StoreTransaction, BulkWriting {
    let store: PostgresStore
    let session: PostgresSession
    let writable: Bool
    /// Whether this transaction holds the trail's head (from its first write on).
    private var holdsHead = false
    /// The trail's last number and hash as this transaction has left them; `nil` while
    /// the trail is empty.
    var auditTail: AuditTail?

    /// An audit entry's number and hash: what the next entry links to.
    typealias AuditTail = (seq: Int, hash: String)

    init(store: PostgresStore, session: PostgresSession, writable: Bool) {
        self.store = store
        self.session = session
        self.writable = writable
    }

    /// Runs a read, wrapping driver errors with what was being read.
    func read<T>(_ what: @autoclosure () -> String, _ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        do {
            return try body(session)
        } catch {
            throw PostgresStore.storeError(error, "cannot read \(what())")
        }
    }

    /// Runs a write, wrapping driver errors with what was being written; refused in a
    /// read-only transaction. Takes the trail's head first (see the type's comment).
    @discardableResult
    func write<T>(_ what: @autoclosure () -> String, _ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        guard writable else {
            throw StoreError(.internalFailure, "cannot write \(what()) in a read-only transaction")
        }
        do {
            try takeHead()
            return try body(session)
        } catch {
            throw PostgresStore.storeError(error, "cannot write \(what())")
        }
    }

    /// Locks the trail's head row until the transaction ends, and reads it.
    private func takeHead() throws {
        guard !holdsHead else { return }
        let rows = try session.query("SELECT seq, hash FROM audit_head FOR UPDATE")
        guard let row = rows.first else { throw StoreError(.invalidData, "the audit trail has no head row") }
        let seq = try row.int(0)
        auditTail = seq > 0 ? (seq, try row.string(1)) : nil
        holdsHead = true
    }

    /// The bounds of an organisation's subtree on `org_path` columns: every path that
    /// starts with the organisation's own, as one index range. `nil` for an unknown one.
    func subtreeRange(of organisation: String) throws -> (low: String, high: String)? {
        guard let path = try session.query("SELECT path FROM organisations WHERE id = ?", [.text(organisation)]).first
        else { return nil }
        let low = try path.string(0)
        // Paths end in "/"; "0" is the byte after it, so the range holds exactly the subtree.
        return (low, String(low.dropLast()) + "0")
    }

    /// "Under any of these organisations" on an `org_path` column, as one bracketed
    /// clause with its arguments; `nil` when none of them exists (nothing matches).
    func underAny(_ organisations: [String], column: String = "org_path") throws -> (sql: String, binds: [Bind])? {
        let ranges = try organisations.compactMap { try subtreeRange(of: $0) }
        guard !ranges.isEmpty else { return nil }
        let sql = "(" + ranges.map { _ in "(\(column) >= ? AND \(column) < ?)" }.joined(separator: " OR ") + ")"
        return (sql, ranges.flatMap { [Bind.text($0.low), .text($0.high)] })
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, what: String) throws(StoreError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError(.invalidData, "stored \(what) does not decode", cause: error)
        }
    }
}
