import DocketCore
import DocketEngine
import Foundation
import GRDB
import Synchronization

extension SQLiteTransaction {
    /// Appends one audit entry, sealed by ``AuditChain/seal(_:dataJSON:recordedAt:after:)``
    /// after the trail's head, inside the transaction.
    ///
    /// - Parameters:
    ///   - dataJSON: the draft's data in canonical JSON, when the caller has it already.
    ///   - tail: the last entry's number and hash when the caller knows them (it wrote
    ///     that entry in this transaction); read from the trail otherwise.
    static func append(
        _ draft: AuditDraft, dataJSON: String? = nil, recordedAt: Date, after tail: AuditTail? = nil, _ db: Database
    ) throws -> AuditEntry {
        var head = tail.map { AuditChain.Head(seq: $0.seq, hash: $0.hash) }
        if head == nil {
            // The trail's tail, read at the first entry of every transaction.
            let last = RawStatement(
                try db.cachedStatement(sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"))
            if try last.step() {
                head = AuditChain.Head(seq: last.integer(0), hash: last.text(1) ?? "")
                last.finish()
            }
        }
        let sealed = AuditChain.seal(draft, dataJSON: dataJSON, recordedAt: recordedAt, after: head)
        let entry = sealed.entry
        // The instants are stored as the hash covers them: in UTC, to the second.
        let (at, on, recorded) = (sealed.at, sealed.on, sealed.recordedAt)
        var insert = RawStatement(
            try db.cachedStatement(
                sql: """
                    INSERT INTO audit (seq, kind, case_id, event, from_state, to_state, actor, at, on_date, recorded_at, data,
                                       note, prev_hash, hash, encoding)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """))
        try insert.bind(entry.seq)
        try insert.bind(entry.kind.rawValue)
        try insert.bind(entry.caseID)
        try insert.bind(entry.event)
        try insert.bind(entry.fromState)
        try insert.bind(entry.toState)
        try insert.bind(entry.actor)
        try insert.bind(at)
        try insert.bind(on)
        try insert.bind(recorded)
        try insert.bind(entry.dataJSON)
        try insert.bind(entry.note)
        try insert.bind(entry.previousHash)
        try insert.bind(entry.hash)
        try insert.bind(entry.encoding)
        try insert.run()
        return entry
    }

    public func recordSetting(_ draft: AuditDraft, recordedAt: Date) throws(StoreError) -> AuditEntry {
        try write("the audit trail") { db in
            do {
                let entry = try Self.append(
                    draft, recordedAt: recordedAt, after: auditTail, db)
                auditTail = (entry.seq, entry.hash)
                return entry
            } catch {
                auditTail = nil
                throw error
            }
        }
    }

    static func entry(_ row: Row) -> AuditEntry {
        let utc = DeploymentZone(timeZone: .gmt)
        let at: String = row["at"]
        let recorded: String = row["recorded_at"]
        let on: String = row["on_date"]
        return AuditEntry(
            seq: row["seq"], kind: AuditDraft.Kind(rawValue: row["kind"]) ?? .event, caseID: row["case_id"],
            event: row["event"], fromState: row["from_state"], toState: row["to_state"], actor: row["actor"],
            at: DeploymentZone.parseUTC(at) ?? utc.parseInstant(at) ?? Date(timeIntervalSince1970: 0),
            on: CivilDate(iso: on) ?? CivilDate(daysSinceEpoch: 0),
            recordedAt: DeploymentZone.parseUTC(recorded) ?? utc.parseInstant(recorded)
                ?? Date(timeIntervalSince1970: 0), dataJSON: row["data"], note: row["note"],
            previousHash: row["prev_hash"], hash: row["hash"], encoding: row["encoding"] ?? 1)
    }

    public func history(of caseID: String) throws(StoreError) -> [AuditEntry] {
        try read("the history of \(caseID)") { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM audit WHERE case_id = ? ORDER BY seq"), arguments: [caseID]
            ).map(Self.entry)
        }
    }

    /// Streams the trail in order, so that memory does not grow with it.
    public func eachAuditEntry(_ body: (AuditEntry) throws -> Bool) throws(StoreError) {
        try read("the audit trail") { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit ORDER BY seq")
            while let row = try cursor.next(), try body(Self.entry(row)) {}
        }
    }
}
