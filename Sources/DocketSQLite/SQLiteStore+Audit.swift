import DocketCore
import DocketEngine
import Foundation
import GRDB
import Synchronization

extension SQLiteTransaction {
    /// Numbers, chains and inserts one audit entry inside the caller's transaction.
    ///
    /// - Parameters:
    ///   - dataJSON: the draft's data in canonical JSON, when the caller has it already.
    ///   - tail: the last entry's number and hash when the caller knows them (it wrote
    ///     that entry in this transaction); read from the trail otherwise.
    static func append(
        _ draft: AuditDraft, dataJSON: String? = nil, recordedAt: Date, after tail: AuditTail? = nil, _ db: Database
    ) throws -> AuditEntry {
        var seq = 1
        var previous = AuditChain.genesis
        if let tail {
            (seq, previous) = (tail.seq + 1, tail.hash)
        } else {
            // The trail's tail, read at the first entry of every transaction.
            let last = RawStatement(
                try db.cachedStatement(sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"))
            if try last.step() {
                (seq, previous) = (last.integer(0) + 1, last.text(1) ?? "")
                last.finish()
            }
        }
        var entry = AuditEntry(
            seq: seq, kind: draft.kind, caseID: draft.caseID, event: draft.event, fromState: draft.fromState,
            toState: draft.toState, actor: draft.actor, at: draft.at, on: draft.on,
            recordedAt: Date(timeIntervalSince1970: recordedAt.timeIntervalSince1970.rounded(.down)),
            dataJSON: dataJSON ?? AuditChain.canonicalJSON(draft.data), note: draft.note, previousHash: previous,
            hash: "")
        entry.at = Date(timeIntervalSince1970: entry.at.timeIntervalSince1970.rounded(.down))
        // The texts are hashed and stored as they are: formatted once.
        let at = DeploymentZone.utcFormat(entry.at)
        let on = entry.on.description
        let recorded = DeploymentZone.utcFormat(entry.recordedAt)
        entry.hash = AuditChain.hash(
            seq: entry.seq, kind: entry.kind.rawValue, caseID: entry.caseID, event: entry.event,
            fromState: entry.fromState,
            toState: entry.toState, actor: entry.actor, at: at, on: on, recordedAt: recorded, dataJSON: entry.dataJSON,
            note: entry.note, previousHash: entry.previousHash)
        var insert = RawStatement(
            try db.cachedStatement(
                sql: """
                    INSERT INTO audit (seq, kind, case_id, event, from_state, to_state, actor, at, on_date, recorded_at, data,
                                       note, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
            previousHash: row["prev_hash"], hash: row["hash"])
    }

    public func history(of caseID: String) throws(StoreError) -> [AuditEntry] {
        try read("the history of \(caseID)") { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM audit WHERE case_id = ? ORDER BY seq"), arguments: [caseID]
            ).map(Self.entry)
        }
    }

    /// Walks the whole trail in order, recomputing every hash and link; streams rows
    /// so memory does not grow with the trail.
    public func verifyAuditTrail() throws(StoreError) -> AuditVerification {
        try read("the audit trail") { db in
            var previous = AuditChain.genesis
            var expectedSeq = 1
            var checked = 0
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit ORDER BY seq")
            while let row = try cursor.next() {
                let entry = Self.entry(row)
                checked += 1
                let raw: [String: String] = ["at": row["at"], "recorded_at": row["recorded_at"], "on": row["on_date"]]
                let recomputed = AuditChain.hash(
                    seq: entry.seq, kind: row["kind"], caseID: entry.caseID, event: entry.event,
                    fromState: entry.fromState,
                    toState: entry.toState, actor: entry.actor, at: raw["at"] ?? "", on: raw["on"] ?? "",
                    recordedAt: raw["recorded_at"] ?? "", dataJSON: entry.dataJSON, note: entry.note,
                    previousHash: entry.previousHash)
                if entry.seq != expectedSeq || entry.previousHash != previous || recomputed != entry.hash {
                    return AuditVerification(entriesChecked: checked, firstBroken: entry.seq)
                }
                previous = entry.hash
                expectedSeq += 1
            }
            return AuditVerification(
                entriesChecked: checked, firstBroken: nil, headHash: checked == 0 ? nil : previous)
        }
    }
}
