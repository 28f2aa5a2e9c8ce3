import DocketCore
import DocketEngine
import Foundation

extension PostgresTransaction {
    /// The columns ``snapshot(_:)`` reads, in the order it reads them by position.
    static let caseColumns = """
        id, workflow, version, state, organisation, assignee, data, records, last_step_on, opened_at, updated_at, \
        revision, state_entered_at, state_entered_on, items, campaign
        """

    public func snapshot(of caseID: String) throws(StoreError) -> CaseSnapshot? {
        let rows = try read("case \(caseID)") { db in
            try db.query("SELECT \(Self.caseColumns) FROM cases WHERE id = ?", [.text(caseID)])
        }
        return try rows.first.map(Self.snapshot)
    }

    /// A case from a row of ``caseColumns``.
    static func snapshot(_ row: Row) throws(StoreError) -> CaseSnapshot {
        CaseSnapshot(
            id: try row.string(0), workflow: try row.string(1), version: try row.int(2), state: try row.string(3),
            organisation: try row.string(4), assignee: try row.text(5),
            data: try decodeData(try row.string(6), what: "case data"), records: try decodeRecords(try row.string(7)),
            lastStepOn: try row.text(8).flatMap { CivilDate(iso: $0) } ?? CivilDate(daysSinceEpoch: 0),
            openedAt: Date(timeIntervalSince1970: try row.real(9) ?? 0),
            updatedAt: Date(timeIntervalSince1970: try row.real(10) ?? 0), revision: try row.int(11),
            stateEnteredAt: Date(timeIntervalSince1970: try row.real(12) ?? 0),
            stateEnteredOn: try row.text(13).flatMap { CivilDate(iso: $0) },
            items: try decodeItems(try row.text(14) ?? "{}"), campaign: try row.text(15))
    }

    static func decodeData(_ text: String, what: String) throws(StoreError) -> [String: Value] {
        guard let data = ValueJSON.decodeObject(text) else {
            throw StoreError(.invalidData, "stored \(what) does not decode")
        }
        return data
    }

    static func decodeRecords(_ text: String) throws(StoreError) -> [String: [CivilDate]] {
        guard let records = ValueJSON.decodeRecords(text) else {
            throw StoreError(.invalidData, "stored case records do not decode")
        }
        return records
    }

    static func decodeItems(_ text: String) throws(StoreError) -> [String: [CaseItem]] {
        text == "{}" ? [:] : try decode([String: [CaseItem]].self, text, what: "case items")
    }

    static func encodeItems(_ items: [String: [CaseItem]]) throws -> String {
        items.isEmpty ? "{}" : try encode(items)
    }

    public func commit(_ decision: Decision, as change: CaseChange, recordedAt: Date) throws(StoreError) -> AuditEntry {
        try write("case \(decision.snapshot.id)") { db in
            var counters = IDCounters()
            let entry: AuditEntry
            switch change {
            case .create(let prefix):
                entry = try insert(EncodedCase(decision, idPrefix: prefix), recordedAt: recordedAt, &counters).entry
            case .update(let expected):
                entry = try update(EncodedUpdate(decision, expectedRevision: expected), recordedAt: recordedAt)
            }
            try counters.save(db)
            return entry
        }
    }

    /// A change decided ahead (a storm's firing decided on the companion): the same
    /// update, with its texts already encoded.
    public func commit(_ update: EncodedUpdate, recordedAt: Date) throws(StoreError) -> AuditEntry {
        try write("case \(update.decision.snapshot.id)") { _ in try self.update(update, recordedAt: recordedAt) }
    }

    /// Indexes stay up during a large import: PostgreSQL builds nothing that a load
    /// would take down, and another process may be reading them meanwhile.
    public func deferIndexes() throws(StoreError) {}

    /// Nothing was taken down (see ``deferIndexes()``).
    public func restoreIndexes() throws(StoreError) {}

    @discardableResult
    public func commitBatch(_ cases: [EncodedCase], recordedAt: Date) throws(StoreError) -> [Int] {
        try write("\(cases.count) cases") { db in
            var counters = IDCounters()
            var taken: [Int] = []
            var chosen = Set<String>()
            for (position, new) in cases.enumerated() {
                let id = new.decision.snapshot.id
                if !id.isEmpty {
                    guard chosen.insert(id).inserted, try !Self.caseExists(id, db) else {
                        taken.append(position)
                        continue
                    }
                }
                _ = try insert(new, recordedAt: recordedAt, &counters)
            }
            try counters.save(db)
            return taken
        }
    }

    public func createCampaign(
        name: String, workflow: String, decisions: [Decision], idPrefix: String, startedBy: String, at: Date,
        recordedAt: Date
    ) throws(StoreError) -> [String] {
        try write("campaign \(name)") { db in
            if try !db.query("SELECT 1 FROM campaigns WHERE name = ?", [.text(name)]).isEmpty {
                throw StoreError(.conflict, "a campaign named \(name) exists already", subject: .campaignExists(name))
            }
            try db.execute(
                "INSERT INTO campaigns (name, workflow, started_at, started_by, cases) VALUES (?, ?, ?, ?, ?)",
                [
                    .text(name), .text(workflow), .real(at.timeIntervalSince1970), .text(startedBy),
                    .int(decisions.count),
                ])
            var counters = IDCounters()
            let ids = try decisions.map {
                try insert(EncodedCase($0, idPrefix: idPrefix), recordedAt: recordedAt, &counters).entry.caseID
            }
            try counters.save(db)
            return ids
        }
    }

    /// The next number to try per id prefix within one write, saved at its end. The
    /// trail's head, held by every writer, keeps two writers from numbering at once.
    struct IDCounters {
        private var next: [String: Int] = [:]

        mutating func allocate(prefix: String, _ db: PostgresSession) throws -> String {
            var number: Int
            if let known = next[prefix] {
                number = known
            } else {
                number =
                    try db.query("SELECT next FROM case_counters WHERE prefix = ?", [.text(prefix)]).first?.int(0) ?? 1
            }
            while true {
                let digits = String(number)
                let id = prefix + "-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
                number += 1
                if try caseExists(id, db) { continue }
                next[prefix] = number
                return id
            }
        }

        func save(_ db: PostgresSession) throws {
            for (prefix, number) in next {
                try db.execute(
                    """
                    INSERT INTO case_counters (prefix, next) VALUES (?, ?)
                    ON CONFLICT (prefix) DO UPDATE SET next = excluded.next
                    """, [.text(prefix), .int(number)])
            }
        }
    }

    static func caseExists(_ id: String, _ db: PostgresSession) throws -> Bool {
        try !db.query("SELECT 1 FROM cases WHERE id = ?", [.text(id)]).isEmpty
    }

    func path(of organisation: String) throws -> String {
        guard let row = try session.query("SELECT path FROM organisations WHERE id = ?", [.text(organisation)]).first
        else {
            throw StoreError(
                .invalidData, "organisation \(organisation) does not exist", subject: .unknownOrganisation(organisation)
            )
        }
        return try row.string(0)
    }

    /// Inserts a new case with its limits and audit entry, inside the transaction.
    private func insert(
        _ new: EncodedCase, recordedAt: Date, _ counters: inout IDCounters
    ) throws -> (snapshot: CaseSnapshot, entry: AuditEntry) {
        let decision = new.decision
        var snapshot = decision.snapshot
        let orgPath = try path(of: snapshot.organisation)
        if snapshot.id.isEmpty {
            snapshot.id = try counters.allocate(prefix: new.idPrefix, session)
        } else if try Self.caseExists(snapshot.id, session) {
            throw StoreError(.conflict, "case \(snapshot.id) already exists", subject: .caseExists(snapshot.id))
        }
        try session.execute(
            """
            INSERT INTO cases (id, workflow, version, state, organisation, org_path, assignee, data, records,
                               last_step_on, opened_at, updated_at, revision, state_entered_at, state_entered_on,
                               items, campaign)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
            """,
            [
                .text(snapshot.id), .text(snapshot.workflow), .int(snapshot.version), .text(snapshot.state),
                .text(snapshot.organisation), .text(orgPath), .text(snapshot.assignee), .text(new.dataJSON),
                .text(new.recordsJSON), .text(snapshot.lastStepOn.description),
                .real(snapshot.openedAt.timeIntervalSince1970), .real(snapshot.updatedAt.timeIntervalSince1970),
                .real(snapshot.stateEnteredAt.timeIntervalSince1970), .text(snapshot.stateEnteredOn.description),
                .text(try Self.encodeItems(snapshot.items)), .text(snapshot.campaign),
            ])
        try insertDeadlines(decision.deadlines, of: snapshot, orgPath: orgPath)
        var draft = decision.audit
        draft.caseID = snapshot.id
        let entry = try append(
            draft, dataJSON: new.auditDataJSON, outcome: CaseOutcome(of: snapshot, dataJSON: new.dataJSON),
            recordedAt: recordedAt)
        return (snapshot, entry)
    }

    /// Replaces a case whose revision is still the one its change was decided on.
    private func update(_ change: EncodedUpdate, recordedAt: Date) throws -> AuditEntry {
        let decision = change.decision
        let snapshot = decision.snapshot
        let orgPath = try path(of: snapshot.organisation)
        let changed = try session.execute(
            """
            UPDATE cases SET data = ?, records = ?, last_step_on = ?, updated_at = ?, revision = revision + 1,
                state_entered_at = ?, state_entered_on = ?, items = ?, state = ?, organisation = ?, org_path = ?,
                assignee = ?, version = ?
            WHERE id = ? AND revision = ?
            """,
            [
                .text(change.dataJSON), .text(change.recordsJSON), .text(snapshot.lastStepOn.description),
                .real(snapshot.updatedAt.timeIntervalSince1970), .real(snapshot.stateEnteredAt.timeIntervalSince1970),
                .text(snapshot.stateEnteredOn.description), .text(try Self.encodeItems(snapshot.items)),
                .text(snapshot.state), .text(snapshot.organisation), .text(orgPath), .text(snapshot.assignee),
                .int(snapshot.version), .text(snapshot.id), .int(change.expectedRevision),
            ])
        guard changed == 1 else {
            throw StoreError(
                .conflict, "case \(snapshot.id) was changed by someone else since it was read; nothing was written",
                subject: .caseChanged(snapshot.id))
        }
        try replaceDeadlines(decision.deadlines, of: snapshot, orgPath: orgPath)
        var draft = decision.audit
        draft.caseID = snapshot.id
        return try append(
            draft, dataJSON: change.auditDataJSON, outcome: CaseOutcome(of: snapshot, dataJSON: change.dataJSON),
            recordedAt: recordedAt)
    }

    public func cases(matching query: CaseQuery) throws(StoreError) -> [CaseSnapshot] {
        var result: [CaseSnapshot] = []
        try eachCase(matching: query, under: nil) { result.append($0) }
        return result
    }

    public func eachCase(matching query: CaseQuery, under roots: [String]?, _ body: (CaseSnapshot) throws -> Void)
        throws(StoreError)
    {
        try read("cases") { db in
            var clauses: [String] = []
            var binds: [Bind] = []
            if let workflow = query.workflow {
                clauses.append("workflow = ?")
                binds.append(.text(workflow))
            }
            if let state = query.state {
                clauses.append("state = ?")
                binds.append(.text(state))
            }
            if let assignee = query.assignee {
                clauses.append("assignee = ?")
                binds.append(.text(assignee))
            }
            if let after = query.after {
                // Ids compare as bytes (COLLATE "C"), the order of the list.
                clauses.append("id > ?")
                binds.append(.text(after))
            }
            if let org = query.organisation {
                guard let range = try subtreeRange(of: org) else { return }
                clauses.append("org_path >= ? AND org_path < ?")
                binds += [.text(range.low), .text(range.high)]
            }
            if let roots {
                guard let under = try underAny(roots) else { return }
                clauses.append(under.sql)
                binds += under.binds
            }
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            let limitSQL = query.limit.map { " LIMIT \(max(0, $0))" } ?? ""
            try db.each("SELECT \(Self.caseColumns) FROM cases \(whereSQL) ORDER BY id\(limitSQL)", binds) {
                try body(try Self.snapshot($0))
                return true
            }
        }
    }

    public func caseCount(upTo limit: Int) throws(StoreError) -> Int {
        try read("the number of cases") { db in
            try db.query("SELECT count(*) FROM (SELECT 1 FROM cases LIMIT ?) AS c", [.int(limit)]).first?.int(0) ?? 0
        }
    }

    public func campaigns() throws(StoreError) -> [CampaignSummary] {
        try read("campaigns") { db in
            try db.query(
                "SELECT name, workflow, started_at, started_by, cases FROM campaigns ORDER BY started_at, name"
            )
            .map {
                CampaignSummary(
                    name: try $0.string(0), workflow: try $0.string(1),
                    startedAt: Date(timeIntervalSince1970: try $0.real(2) ?? 0), startedBy: try $0.string(3),
                    cases: try $0.int(4))
            }
        }
    }

    public func cases(inCampaign name: String) throws(StoreError) -> [CaseSnapshot] {
        try read("the cases of campaign \(name)") { db in
            try db.query("SELECT \(Self.caseColumns) FROM cases WHERE campaign = ? ORDER BY id", [.text(name)])
                .map(Self.snapshot)
        }
    }
}
