import DocketCore
import DocketEngine
import Foundation
import GRDB
import Synchronization

extension SQLiteTransaction {
    /// Appends one audit entry, sealed by ``AuditChain/seal(_:dataJSON:outcome:recordedAt:after:)``
    /// after the trail's head, inside the transaction.
    ///
    /// - Parameters:
    ///   - dataJSON: the draft's data in canonical JSON, when the caller has it already.
    ///   - outcome: what the change left its case as; `nil` for a setting.
    ///   - tail: the last entry's number and hash when the caller knows them (it wrote
    ///     that entry in this transaction); read from the trail otherwise.
    static func append(
        _ draft: AuditDraft, dataJSON: String? = nil, outcome: CaseOutcome? = nil, recordedAt: Date,
        after tail: AuditTail? = nil, _ db: Database
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
        let sealed = AuditChain.seal(draft, dataJSON: dataJSON, outcome: outcome, recordedAt: recordedAt, after: head)
        let entry = sealed.entry
        // The instants are stored as the hash covers them: in UTC, to the second.
        let (at, on, recorded) = (sealed.at, sealed.on, sealed.recordedAt)
        var insert = RawStatement(
            try db.cachedStatement(
                sql: """
                    INSERT INTO audit (seq, kind, case_id, event, from_state, to_state, actor, at, on_date, recorded_at, data,
                                       note, prev_hash, hash, encoding, outcome)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
        try insert.bind(outcome?.text)
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
        let encoding: Int = row["encoding"] ?? 1
        return AuditEntry(
            seq: row["seq"], kind: AuditDraft.Kind(rawValue: row["kind"]) ?? .event, caseID: row["case_id"],
            event: row["event"], fromState: row["from_state"], toState: row["to_state"], actor: row["actor"],
            at: DeploymentZone.parseUTC(at) ?? utc.parseInstant(at) ?? Date(timeIntervalSince1970: 0),
            on: CivilDate(iso: on) ?? CivilDate(daysSinceEpoch: 0),
            recordedAt: DeploymentZone.parseUTC(recorded) ?? utc.parseInstant(recorded)
                ?? Date(timeIntervalSince1970: 0), dataJSON: row["data"], note: row["note"],
            previousHash: row["prev_hash"], hash: row["hash"], encoding: encoding,
            outcome: outcome(row["outcome"], encoding: encoding))
    }

    /// An entry's outcome, read only where its hash covers it (encoding 3 on): an outcome
    /// written beside an older entry would be believed unproven.
    static func outcome(_ text: String?, encoding: Int) -> CaseOutcome? {
        guard encoding >= 3 else { return nil }
        return text.flatMap(CaseOutcome.init(text:))
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

extension SQLiteTransaction {
    /// Streams the cases with their trails, rows and limits in the byte order of their ids
    /// (SQLite's `BINARY` order of text), by walking three cursors side by side: the trail
    /// by its `(case_id, seq)` index, the cases and their limits by their keys. Each case
    /// is handed on as soon as all three have passed it, so that memory holds one case.
    public func eachCaseTrail(_ body: (CaseTrail) throws -> Bool) throws(StoreError) {
        try read("the cases and their trail") { db in
            var steps = try Self.Peeked(
                Row.fetchCursor(
                    db,
                    sql: """
                        SELECT case_id, seq, to_state, outcome, encoding FROM audit
                        WHERE kind != 'setting' ORDER BY case_id, seq
                        """))
            var rows = try Self.Peeked(
                Row.fetchCursor(
                    db,
                    sql: """
                        SELECT id, workflow, version, state, organisation, assignee, revision, data FROM cases
                        ORDER BY id
                        """))
            var limits = try Self.Peeked(
                Row.fetchCursor(
                    db,
                    sql: """
                        SELECT case_id, rule, workflow, state, organisation, assignee FROM deadlines
                        ORDER BY case_id, rule
                        """))
            while let id = [steps.id, rows.id, limits.id].compactMap({ $0 }).min(by: Self.precedes) {
                var trail = CaseTrail(caseID: id, steps: [], row: nil, limits: [])
                while steps.id == id, let row = steps.row {
                    trail.steps.append(
                        CaseTrail.Step(
                            seq: row["seq"], toState: row["to_state"],
                            outcome: Self.outcome(row["outcome"], encoding: row["encoding"])))
                    try steps.advance()
                }
                if rows.id == id, let row = rows.row {
                    trail.row = CaseTrail.Row(
                        workflow: row["workflow"], version: row["version"], state: row["state"],
                        organisation: row["organisation"], assignee: row["assignee"], revision: row["revision"],
                        dataHash: AuditChain.sha256Hex(row["data"]))
                    try rows.advance()
                }
                while limits.id == id, let row = limits.row {
                    trail.limits.append(
                        CaseTrail.Limit(
                            rule: row["rule"], workflow: row["workflow"], state: row["state"],
                            organisation: row["organisation"], assignee: row["assignee"]))
                    try limits.advance()
                }
                guard try body(trail) else { return }
            }
        }
    }

    /// Text ids in SQLite's `BINARY` order: their UTF-8 bytes compared.
    private static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// A cursor with its current row at hand, and the case id that row belongs to (its
    /// first column).
    private struct Peeked {
        private let cursor: RowCursor
        private(set) var row: Row?
        private(set) var id: String?

        init(_ cursor: RowCursor) throws {
            self.cursor = cursor
            try advance()
        }

        mutating func advance() throws {
            // The cursor reuses its row: keep a copy that outlives the next step.
            row = try cursor.next()?.copy()
            id = row.map { $0[0] }
        }
    }
}
