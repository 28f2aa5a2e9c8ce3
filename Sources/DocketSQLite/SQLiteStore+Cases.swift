import DocketCore
import DocketEngine
import Foundation
import GRDB
import Synchronization

extension SQLiteTransaction {
    public func snapshot(of caseID: String) throws(StoreError) -> CaseSnapshot? {
        try read("case \(caseID)") { db in
            // Read through SQLite's C interface: every event reads its case first.
            var query = RawStatement(try db.cachedStatement(sql: "SELECT \(Self.caseColumns) FROM cases WHERE id = ?"))
            try query.bind(caseID)
            guard try query.step() else { return nil }
            defer { query.finish() }
            return try Self.snapshot(query)
        }
    }

    /// The columns ``snapshot(_:)`` reads, in the order it reads them by position (a
    /// lookup by name costs more than the rest of the row).
    static let caseColumns = """
        id, workflow, version, state, organisation, assignee, data, records, last_step_on, opened_at, updated_at, revision, \
        state_entered_at, state_entered_on, items, campaign
        """

    /// A case from the row of ``caseColumns`` a ``RawStatement`` stands on.
    static func snapshot(_ row: RawStatement) throws(StoreError) -> CaseSnapshot {
        do {
            return CaseSnapshot(
                id: row.text(0) ?? "", workflow: row.text(1) ?? "", version: row.integer(2), state: row.text(3) ?? "",
                organisation: row.text(4) ?? "", assignee: row.text(5),
                data: try decodeData(row.text(6) ?? "", what: "case data"),
                records: try decodeRecords(row.text(7) ?? ""),
                lastStepOn: row.text(8).flatMap { CivilDate(iso: $0) } ?? CivilDate(daysSinceEpoch: 0),
                openedAt: Date(timeIntervalSince1970: row.real(9) ?? 0),
                updatedAt: Date(timeIntervalSince1970: row.real(10) ?? 0),
                revision: row.integer(11), stateEnteredAt: Date(timeIntervalSince1970: row.real(12) ?? 0),
                stateEnteredOn: row.text(13).flatMap { CivilDate(iso: $0) },
                items: try decodeItems(row.text(14) ?? "{}"), campaign: row.text(15))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.invalidData, "a stored case does not decode", cause: error)
        }
    }

    public func commit(_ decision: Decision, as change: CaseChange, recordedAt: Date) throws(StoreError) -> AuditEntry {
        try write("case \(decision.snapshot.id)") { db in
            try withWriteContext(db) { context in
                switch change {
                case .create(let prefix):
                    try Self.insert(EncodedCase(decision, idPrefix: prefix), recordedAt: recordedAt, &context, db).entry
                case .update(let expected):
                    try Self.update(
                        EncodedUpdate(decision, expectedRevision: expected), recordedAt: recordedAt, &context, db)
                }
            }
        }
    }

    public func commit(_ update: EncodedUpdate, recordedAt: Date) throws(StoreError) -> AuditEntry {
        try write("case \(update.decision.snapshot.id)") { db in
            try withWriteContext(db) { context in try Self.update(update, recordedAt: recordedAt, &context, db) }
        }
    }

    @discardableResult
    public func commitBatch(_ cases: [EncodedCase], recordedAt: Date) throws(StoreError) -> [Int] {
        try write("\(cases.count) cases") { db in
            try withWriteContext(db) { context in
                var taken: [Int] = []
                for (position, new) in cases.enumerated() {
                    let chosen = new.decision.snapshot.id
                    if !chosen.isEmpty, try Self.caseExists(chosen, db) {
                        taken.append(position)
                        continue
                    }
                    _ = try Self.insert(new, recordedAt: recordedAt, &context, db)
                }
                return taken
            }
        }
    }

    /// Runs case writes with the transaction's ``WriteContext``: the audit trail's tail
    /// carries over from one commit to the next of the same transaction (a tick's batch
    /// of firings reads it once), and the id counters are saved at the end.
    private func withWriteContext<T>(_ db: Database, _ body: (inout WriteContext) throws -> T) throws -> T {
        var context = WriteContext(directory: directory, auditTail: auditTail)
        do {
            let result = try body(&context)
            try context.saveCounters(db)
            auditTail = context.auditTail
            return result
        } catch {
            // An entry may have been written before the failure: read the tail afresh.
            auditTail = nil
            throw error
        }
    }

    public func createCampaign(
        name: String, workflow: String, decisions: [Decision], idPrefix: String, startedBy: String, at: Date,
        recordedAt: Date
    ) throws(StoreError) -> [String] {
        try write("campaign \(name)") { db in
            if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM campaigns WHERE name = ?"), arguments: [name])
                == true
            {
                throw StoreError(
                    .conflict, "a campaign named \(name) exists already", subject: .campaignExists(name))
            }
            try db.cachedStatement(
                sql: "INSERT INTO campaigns (name, workflow, started_at, started_by, cases) VALUES (?, ?, ?, ?, ?)"
            )
            .execute(arguments: [name, workflow, at.timeIntervalSince1970, startedBy, decisions.count])
            return try withWriteContext(db) { context in
                try decisions.map {
                    try Self.insert(EncodedCase($0, idPrefix: idPrefix), recordedAt: recordedAt, &context, db).entry
                        .caseID
                }
            }
        }
    }

    /// What one write transaction has read already, so that a batch of a thousand cases
    /// reads each id counter and the audit trail's tail once (organisation paths come
    /// from the directory cache). It lives only inside the transaction, whose write lock
    /// keeps it true.
    struct WriteContext {
        let directory: DirectoryCache
        /// The next number to try per id prefix, written back by ``saveCounters(_:)``.
        private var counters: [String: Int] = [:]
        /// The last audit entry's number and hash.
        var auditTail: AuditTail?

        init(directory: DirectoryCache, auditTail: AuditTail?) {
            self.directory = directory
            self.auditTail = auditTail
        }

        func path(of organisation: String, _ db: Database) throws -> String {
            let path = try directory.value(\.paths, organisation) {
                var lookup = RawStatement(try db.cachedStatement(sql: "SELECT path FROM organisations WHERE id = ?"))
                try lookup.bind(organisation)
                guard try lookup.step() else { return nil }
                defer { lookup.finish() }
                return lookup.text(0)
            }
            guard let path else {
                throw StoreError(
                    .invalidData, "organisation \(organisation) does not exist",
                    subject: .unknownOrganisation(organisation))
            }
            return path
        }

        /// The next free `PREFIX-000001` id; skips ids a caller chose by hand.
        mutating func allocateID(prefix: String, _ db: Database) throws -> String {
            var next: Int
            if let known = counters[prefix] {
                next = known
            } else {
                let stored = try db.cachedStatement(sql: "SELECT next FROM case_counters WHERE prefix = ?")
                next = try Int.fetchOne(stored, arguments: [prefix]) ?? 1
            }
            while true {
                let digits = String(next)
                let id = prefix + "-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
                next += 1
                if try caseExists(id, db) { continue }
                counters[prefix] = next
                return id
            }
        }

        func saveCounters(_ db: Database) throws {
            for (prefix, next) in counters {
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO case_counters (prefix, next) VALUES (?, ?)")
                    .execute(arguments: [prefix, next])
            }
        }
    }

    /// Whether a case id is taken: asked for every new case (ids are also chosen by hand).
    static func caseExists(_ id: String, _ db: Database) throws -> Bool {
        var probe = RawStatement(try db.cachedStatement(sql: "SELECT 1 FROM cases WHERE id = ?"))
        try probe.bind(id)
        defer { probe.finish() }
        return try probe.step()
    }

    /// Inserts a new case with its limits and audit entry, inside the caller's transaction.
    private static func insert(
        _ new: EncodedCase, recordedAt: Date, _ context: inout WriteContext, _ db: Database
    ) throws -> (snapshot: CaseSnapshot, entry: AuditEntry) {
        let decision = new.decision
        var snapshot = decision.snapshot
        let orgPath = try context.path(of: snapshot.organisation, db)
        if snapshot.id.isEmpty {
            snapshot.id = try context.allocateID(prefix: new.idPrefix, db)
        } else if try caseExists(snapshot.id, db) {
            throw StoreError(
                .conflict, "case \(snapshot.id) already exists", subject: .caseExists(snapshot.id))
        }
        var insert = RawStatement(
            try db.cachedStatement(
                sql: """
                    INSERT INTO cases (id, workflow, version, state, organisation, org_path, assignee, data, records,
                                       last_step_on, opened_at, updated_at, revision, state_entered_at, state_entered_on,
                                       items, campaign)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
                    """))
        try insert.bind(snapshot.id)
        try insert.bind(snapshot.workflow)
        try insert.bind(snapshot.version)
        try insert.bind(snapshot.state)
        try insert.bind(snapshot.organisation)
        try insert.bind(orgPath)
        try insert.bind(snapshot.assignee)
        try insert.bind(new.dataJSON)
        try insert.bind(new.recordsJSON)
        try insert.bind(snapshot.lastStepOn.description)
        try insert.bind(snapshot.openedAt.timeIntervalSince1970)
        try insert.bind(snapshot.updatedAt.timeIntervalSince1970)
        try insert.bind(snapshot.stateEnteredAt.timeIntervalSince1970)
        try insert.bind(snapshot.stateEnteredOn.description)
        try insert.bind(try encodeItems(snapshot.items))
        try insert.bind(snapshot.campaign)
        try insert.run()
        try insertDeadlines(decision.deadlines, of: snapshot, orgPath: orgPath, db)
        let entry = try appendEntry(
            of: decision, dataJSON: new.auditDataJSON, outcome: CaseOutcome(of: snapshot, dataJSON: new.dataJSON),
            caseID: snapshot.id, recordedAt: recordedAt, &context, db)
        return (snapshot, entry)
    }

    /// Replaces a case whose revision is still the one its change was decided on, inside
    /// the caller's transaction.
    private static func update(
        _ change: EncodedUpdate, recordedAt: Date, _ context: inout WriteContext, _ db: Database
    ) throws -> AuditEntry {
        let decision = change.decision
        let snapshot = decision.snapshot
        let orgPath = try context.path(of: snapshot.organisation, db)
        // An indexed column named in SET rewrites its index entry even when the value is
        // the same, so state, organisation and assignee are set only when they change.
        let previous = decision.previous
        let stateChanged = previous?.state != snapshot.state
        let organisationChanged = previous?.organisation != snapshot.organisation
        let assigneeChanged = previous.map { $0.assignee != snapshot.assignee } ?? true
        // A case moved to another version of its workflow (a migration).
        let versionChanged = previous.map { $0.version != snapshot.version } ?? false
        var assignments = """
            data = ?, records = ?, last_step_on = ?, updated_at = ?, revision = revision + 1, \
            state_entered_at = ?, state_entered_on = ?, items = ?
            """
        if stateChanged { assignments += ", state = ?" }
        if organisationChanged { assignments += ", organisation = ?, org_path = ?" }
        if assigneeChanged { assignments += ", assignee = ?" }
        if versionChanged { assignments += ", version = ?" }
        var update = RawStatement(
            try db.cachedStatement(sql: "UPDATE cases SET \(assignments) WHERE id = ? AND revision = ?"))
        try update.bind(change.dataJSON)
        try update.bind(change.recordsJSON)
        try update.bind(snapshot.lastStepOn.description)
        try update.bind(snapshot.updatedAt.timeIntervalSince1970)
        try update.bind(snapshot.stateEnteredAt.timeIntervalSince1970)
        try update.bind(snapshot.stateEnteredOn.description)
        try update.bind(try encodeItems(snapshot.items))
        if stateChanged { try update.bind(snapshot.state) }
        if organisationChanged {
            try update.bind(snapshot.organisation)
            try update.bind(orgPath)
        }
        if assigneeChanged { try update.bind(snapshot.assignee) }
        if versionChanged { try update.bind(snapshot.version) }
        try update.bind(snapshot.id)
        try update.bind(change.expectedRevision)
        try update.run()
        guard db.changesCount == 1 else {
            throw StoreError(
                .conflict, "case \(snapshot.id) was changed by someone else since it was read; nothing was written",
                subject: .caseChanged(snapshot.id))
        }
        // The limits change with the case, and the audit entry is appended, in the same transaction.
        try replaceDeadlines(
            decision.deadlines, of: snapshot, orgPath: orgPath, organisationChanged: organisationChanged, db)
        return try appendEntry(
            of: decision, dataJSON: change.auditDataJSON,
            outcome: CaseOutcome(of: snapshot, dataJSON: change.dataJSON), caseID: snapshot.id,
            recordedAt: recordedAt, &context, db)
    }

    private static func appendEntry(
        of decision: Decision, dataJSON: String? = nil, outcome: CaseOutcome, caseID: String, recordedAt: Date,
        _ context: inout WriteContext, _ db: Database
    ) throws -> AuditEntry {
        var draft = decision.audit
        draft.caseID = caseID
        let entry = try append(
            draft, dataJSON: dataJSON, outcome: outcome, recordedAt: recordedAt, after: context.auditTail, db)
        context.auditTail = (entry.seq, entry.hash)
        return entry
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
            var arguments: [any DatabaseValueConvertible] = []
            if let workflow = query.workflow {
                clauses.append("workflow = ?")
                arguments.append(workflow)
            }
            if let state = query.state {
                clauses.append("state = ?")
                arguments.append(state)
            }
            if let assignee = query.assignee {
                clauses.append("assignee = ?")
                arguments.append(assignee)
            }
            if let after = query.after {
                // Text compares as bytes (BINARY), the order of the list.
                clauses.append("id > ?")
                arguments.append(after)
            }
            if let org = query.organisation {
                guard let range = try Self.subtreeRange(of: org, db) else { return }
                clauses.append("org_path >= ? AND org_path < ?")
                arguments += [range.low, range.high]
            }
            if let roots {
                guard let under = try Self.underAny(roots, db) else { return }
                clauses.append(under.sql)
                arguments += under.arguments
            }
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            let limitSQL = query.limit.map { " LIMIT \(max(0, $0))" } ?? ""
            let query = try RawStatement(
                boundBy: StatementArguments(arguments),
                db.makeStatement(sql: "SELECT \(Self.caseColumns) FROM cases \(whereSQL) ORDER BY id\(limitSQL)"))
            defer { query.finish() }
            while try query.step() { try body(try Self.snapshot(query)) }
        }
    }
}

extension SQLiteTransaction {
    static func decodeData(_ text: String, what: String) throws -> [String: Value] {
        guard let data = ValueJSON.decodeObject(text) else {
            throw StoreError(.invalidData, "stored \(what) does not decode")
        }
        return data
    }

    static func decodeRecords(_ text: String) throws -> [String: [CivilDate]] {
        guard let records = ValueJSON.decodeRecords(text) else {
            throw StoreError(.invalidData, "stored case records do not decode")
        }
        return records
    }

    /// Items are rare and small; an empty set of lists skips the decoder altogether.
    static func decodeItems(_ text: String) throws -> [String: [CaseItem]] {
        text == "{}" ? [:] : try decode([String: [CaseItem]].self, text, what: "case items")
    }

    static func encodeItems(_ items: [String: [CaseItem]]) throws -> String {
        items.isEmpty ? "{}" : try encode(items)
    }

    public func campaigns() throws(StoreError) -> [CampaignSummary] {
        try read("campaigns") { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM campaigns ORDER BY started_at, name")).map {
                CampaignSummary(
                    name: $0["name"], workflow: $0["workflow"],
                    startedAt: Date(timeIntervalSince1970: $0["started_at"]),
                    startedBy: $0["started_by"], cases: $0["cases"])
            }
        }
    }

    public func cases(inCampaign name: String) throws(StoreError) -> [CaseSnapshot] {
        try read("the cases of campaign \(name)") { db in
            var query = RawStatement(
                try db.cachedStatement(sql: "SELECT \(Self.caseColumns) FROM cases WHERE campaign = ? ORDER BY id"))
            try query.bind(name)
            var result: [CaseSnapshot] = []
            while try query.step() { result.append(try Self.snapshot(query)) }
            return result
        }
    }
}
