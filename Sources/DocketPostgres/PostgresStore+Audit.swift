import DocketCore
import DocketEngine
import Foundation

extension PostgresTransaction {
    /// Appends one audit entry after the trail's head, which this transaction holds (its
    /// first write took it), and moves the head.
    func append(
        _ draft: AuditDraft, dataJSON: String? = nil, outcome: CaseOutcome? = nil, recordedAt: Date
    ) throws -> AuditEntry {
        let head = auditTail.map { AuditChain.Head(seq: $0.seq, hash: $0.hash) }
        let sealed = AuditChain.seal(draft, dataJSON: dataJSON, outcome: outcome, recordedAt: recordedAt, after: head)
        let entry = sealed.entry
        try session.execute(
            """
            INSERT INTO audit (seq, kind, case_id, event, from_state, to_state, actor, at, on_date, recorded_at, data,
                               note, prev_hash, hash, encoding, outcome)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .int(entry.seq), .text(entry.kind.rawValue), .text(entry.caseID), .text(entry.event),
                .text(entry.fromState), .text(entry.toState), .text(entry.actor), .text(sealed.at), .text(sealed.on),
                .text(sealed.recordedAt), .text(entry.dataJSON), .text(entry.note), .text(entry.previousHash),
                .text(entry.hash), .int(entry.encoding), .text(outcome?.text),
            ])
        try session.execute(
            "UPDATE audit_head SET seq = ?, hash = ? WHERE one", [.int(entry.seq), .text(entry.hash)])
        auditTail = (entry.seq, entry.hash)
        return entry
    }

    public func recordSetting(_ draft: AuditDraft, recordedAt: Date) throws(StoreError) -> AuditEntry {
        try write("the audit trail") { _ in try append(draft, recordedAt: recordedAt) }
    }

    static let entryColumns = """
        seq, kind, case_id, event, from_state, to_state, actor, at, on_date, recorded_at, data, note, prev_hash, hash, \
        encoding, outcome
        """

    /// An entry from a row of ``entryColumns``.
    static func entry(_ row: Row) throws(StoreError) -> AuditEntry {
        let utc = DeploymentZone(timeZone: .gmt)
        let at = try row.string(7)
        let on = try row.string(8)
        let recorded = try row.string(9)
        let encoding = try row.optionalInt(14) ?? 1
        return AuditEntry(
            seq: try row.int(0), kind: AuditDraft.Kind(rawValue: try row.string(1)) ?? .event,
            caseID: try row.string(2), event: try row.string(3), fromState: try row.text(4), toState: try row.string(5),
            actor: try row.string(6),
            at: DeploymentZone.parseUTC(at) ?? utc.parseInstant(at) ?? Date(timeIntervalSince1970: 0),
            on: CivilDate(iso: on) ?? CivilDate(daysSinceEpoch: 0),
            recordedAt: DeploymentZone.parseUTC(recorded) ?? utc.parseInstant(recorded)
                ?? Date(timeIntervalSince1970: 0), dataJSON: try row.string(10), note: try row.text(11),
            previousHash: try row.string(12), hash: try row.string(13), encoding: encoding,
            outcome: outcome(try row.text(15), encoding: encoding))
    }

    /// An entry's outcome, read only where its hash covers it (encoding 3 on).
    static func outcome(_ text: String?, encoding: Int) -> CaseOutcome? {
        guard encoding >= 3 else { return nil }
        return text.flatMap(CaseOutcome.init(text:))
    }

    public func history(of caseID: String) throws(StoreError) -> [AuditEntry] {
        try read("the history of \(caseID)") { db in
            try db.query("SELECT \(Self.entryColumns) FROM audit WHERE case_id = ? ORDER BY seq", [.text(caseID)])
                .map(Self.entry)
        }
    }

    /// Streams the trail in order through a cursor, so that memory does not grow with it.
    public func eachAuditEntry(_ body: (AuditEntry) throws -> Bool) throws(StoreError) {
        try read("the audit trail") { db in
            try db.each("SELECT \(Self.entryColumns) FROM audit ORDER BY seq") { try body(try Self.entry($0)) }
        }
    }

    /// Streams the cases with their trails, rows and limits in the byte order of their ids
    /// (`COLLATE "C"`), by walking three cursors side by side; each case is handed on as
    /// soon as all three have passed it, so that memory holds one case.
    public func eachCaseTrail(_ body: (CaseTrail) throws -> Bool) throws(StoreError) {
        try read("the cases and their trail") { db in
            var steps = try Peeked(
                db,
                "SELECT case_id, seq, to_state, outcome, encoding FROM audit WHERE kind <> 'setting' ORDER BY case_id, seq"
            )
            defer { steps.close() }
            var rows = try Peeked(
                db, "SELECT id, workflow, version, state, organisation, assignee, revision, data FROM cases ORDER BY id"
            )
            defer { rows.close() }
            var limits = try Peeked(
                db,
                "SELECT case_id, rule, workflow, state, organisation, assignee FROM deadlines ORDER BY case_id, rule")
            defer { limits.close() }
            while let id = [steps.id, rows.id, limits.id].compactMap({ $0 }).min(by: Self.precedes) {
                var trail = CaseTrail(caseID: id, steps: [], row: nil, limits: [])
                while steps.id == id, let row = steps.row {
                    let encoding = try row.int(4)
                    trail.steps.append(
                        CaseTrail.Step(
                            seq: try row.int(1), toState: try row.string(2),
                            outcome: Self.outcome(try row.text(3), encoding: encoding)))
                    try steps.advance()
                }
                if rows.id == id, let row = rows.row {
                    trail.row = CaseTrail.Row(
                        workflow: try row.string(1), version: try row.int(2), state: try row.string(3),
                        organisation: try row.string(4), assignee: try row.text(5), revision: try row.int(6),
                        dataHash: AuditChain.sha256Hex(try row.string(7)))
                    try rows.advance()
                }
                while limits.id == id, let row = limits.row {
                    trail.limits.append(
                        CaseTrail.Limit(
                            rule: try row.string(1), workflow: try row.string(2), state: try row.string(3),
                            organisation: try row.string(4), assignee: try row.text(5)))
                    try limits.advance()
                }
                guard try body(trail) else { return }
            }
        }
    }

    /// Text ids in `COLLATE "C"` order: their UTF-8 bytes compared.
    private static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// A cursor with its current row at hand, and the case id that row belongs to (its
    /// first column).
    private struct Peeked {
        private var cursor: PostgresSession.Cursor
        private(set) var row: Row?
        private(set) var id: String?

        init(_ session: PostgresSession, _ sql: String) throws {
            cursor = try PostgresSession.Cursor(sql, [], on: session)
            try advance()
        }

        mutating func advance() throws {
            row = try cursor.next()
            id = try row?.string(0)
        }

        mutating func close() { cursor.close() }
    }
}
