public import DocketCore
public import DocketEngine
public import Foundation

extension InMemoryTransaction {
    public func snapshot(of caseID: String) throws(StoreError) -> CaseSnapshot? {
        try readState { $0.cases[caseID]?.snapshot }
    }

    public func commit(_ decision: Decision, as change: CaseChange, recordedAt: Date) throws(StoreError) -> AuditEntry {
        try writeState("case \(decision.snapshot.id)") { (state) throws(StoreError) in
            switch change {
            case .create(let prefix): try state.insert(EncodedCase(decision, idPrefix: prefix), recordedAt: recordedAt)
            case .update(let expected):
                try state.update(EncodedUpdate(decision, expectedRevision: expected), recordedAt: recordedAt)
            }
        }
    }

    public func commit(_ update: EncodedUpdate, recordedAt: Date) throws(StoreError) -> AuditEntry {
        try writeState("case \(update.decision.snapshot.id)") { (state) throws(StoreError) in
            try state.update(update, recordedAt: recordedAt)
        }
    }

    public func cases(matching query: CaseQuery) throws(StoreError) -> [CaseSnapshot] {
        try readState { $0.cases(matching: query, under: nil) }
    }

    public func eachCase(matching query: CaseQuery, under roots: [String]?, _ body: (CaseSnapshot) throws -> Void)
        throws(StoreError)
    {
        try readState { (state) throws(StoreError) in
            for snapshot in state.cases(matching: query, under: roots) {
                try visit("cases") { try body(snapshot) }
            }
        }
    }

    @discardableResult
    public func commitBatch(_ cases: [EncodedCase], recordedAt: Date) throws(StoreError) -> [Int] {
        try writeState("\(cases.count) cases") { (state) throws(StoreError) in
            var taken: [Int] = []
            for (position, new) in cases.enumerated() {
                let chosen = new.decision.snapshot.id
                if !chosen.isEmpty, state.cases[chosen] != nil {
                    taken.append(position)
                    continue
                }
                _ = try state.insert(new, recordedAt: recordedAt)
            }
            return taken
        }
    }

    public func caseCount(upTo limit: Int) throws(StoreError) -> Int {
        try readState { limit < 0 ? $0.cases.count : min($0.cases.count, limit) }
    }

    /// Nothing to take down: the store keeps no indexes.
    public func deferIndexes() throws(StoreError) {}

    /// Nothing to build.
    public func restoreIndexes() throws(StoreError) {}

    public func createCampaign(
        name: String, workflow: String, decisions: [Decision], idPrefix: String, startedBy: String, at: Date,
        recordedAt: Date
    ) throws(StoreError) -> [String] {
        try writeState("campaign \(name)") { (state) throws(StoreError) in
            guard state.campaigns[name] == nil else {
                throw StoreError(.conflict, "a campaign named \(name) exists already", subject: .campaignExists(name))
            }
            state.campaigns[name] = CampaignSummary(
                name: name, workflow: workflow, startedAt: at, startedBy: startedBy, cases: decisions.count)
            var ids: [String] = []
            for decision in decisions {
                ids.append(try state.insert(EncodedCase(decision, idPrefix: idPrefix), recordedAt: recordedAt).caseID)
            }
            return ids
        }
    }

    public func campaigns() throws(StoreError) -> [CampaignSummary] {
        try readState { state in
            state.campaigns.values.sorted { a, b in
                a.startedAt != b.startedAt ? a.startedAt < b.startedAt : a.name.precedesAsBytes(b.name)
            }
        }
    }

    public func cases(inCampaign name: String) throws(StoreError) -> [CaseSnapshot] {
        try readState { state in
            state.cases.values.map(\.snapshot).filter { $0.campaign == name }.sorted { $0.id.precedesAsBytes($1.id) }
        }
    }

    public func history(of caseID: String) throws(StoreError) -> [AuditEntry] {
        try readState { $0.history(of: caseID) }
    }

    public func recordSetting(_ draft: AuditDraft, recordedAt: Date) throws(StoreError) -> AuditEntry {
        try writeState("the audit trail") { state in state.append(draft, dataJSON: nil, recordedAt: recordedAt) }
    }

    public func eachCaseTrail(_ body: (CaseTrail) throws -> Bool) throws(StoreError) {
        try readState { (state) throws(StoreError) in
            let ids = Set(state.cases.keys).union(state.auditByCase.keys).sorted {
                $0.utf8.lexicographicallyPrecedes($1.utf8)
            }
            for id in ids {
                let trail = state.trail(of: id)
                // A setting's entries are filed under what changed, which is no case.
                if trail.steps.isEmpty && trail.row == nil { continue }
                var more = true
                try visit("the trail of \(id)") { more = try body(trail) }
                if !more { return }
            }
        }
    }

    public func eachAuditEntry(_ body: (AuditEntry) throws -> Bool) throws(StoreError) {
        try readState { (state) throws(StoreError) in
            for entry in state.audit {
                var more = true
                try visit("the audit trail") { more = try body(entry) }
                if !more { return }
            }
        }
    }
}

/// Runs a visitor's callback: an error it throws that is not a ``StoreError`` becomes
/// the cause of one, as the SQLite store reports it (the visitors throw store errors).
func visit(_ what: @autoclosure () -> String, _ body: () throws -> Void) throws(StoreError) {
    do {
        try body()
    } catch let error as StoreError {
        throw error
    } catch {
        throw StoreError(.unavailable, "cannot read \(what())", cause: error)
    }
}

extension State {
    /// The cases a query keeps, in id order (as bytes).
    func cases(matching query: CaseQuery, under roots: [String]?) -> [CaseSnapshot] {
        var bounds: [[String]] = []
        if let organisation = query.organisation {
            guard let path = paths[organisation] else { return [] }
            bounds.append([path])
        }
        if let roots {
            guard let found = rootPaths(roots) else { return [] }
            bounds.append(found)
        }
        let found = cases.values.lazy.map(\.snapshot).filter { snapshot in
            if let workflow = query.workflow, snapshot.workflow != workflow { return false }
            if let state = query.state, snapshot.state != state { return false }
            if let assignee = query.assignee, snapshot.assignee != assignee { return false }
            if let after = query.after, !after.precedesAsBytes(snapshot.id) { return false }
            return bounds.allSatisfy { isUnder(snapshot.organisation, anyOf: $0) }
        }
        .sorted { $0.id.precedesAsBytes($1.id) }
        return query.limit.map { Array(found.prefix(max(0, $0))) } ?? found
    }

    /// A case as the store gives it back: its field values, steps and items as their
    /// stored JSON reads back, as the SQLite store reads them.
    static func stored(_ snapshot: CaseSnapshot, dataJSON: String, recordsJSON: String) throws(StoreError)
        -> CaseSnapshot
    {
        var stored = snapshot
        guard let data = ValueJSON.decodeObject(dataJSON) else {
            throw StoreError(.invalidData, "the data of case \(snapshot.id) does not decode")
        }
        guard let records = ValueJSON.decodeRecords(recordsJSON) else {
            throw StoreError(.invalidData, "the records of case \(snapshot.id) do not decode")
        }
        stored.data = data
        stored.records = records
        if !snapshot.items.isEmpty {
            do {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                stored.items = try JSONDecoder().decode(
                    [String: [CaseItem]].self, from: try encoder.encode(snapshot.items))
            } catch {
                throw StoreError(.invalidData, "the items of case \(snapshot.id) do not read back", cause: error)
            }
        }
        return stored
    }

    private func requireOrganisation(_ organisation: String) throws(StoreError) {
        guard organisations[organisation] != nil else {
            throw StoreError(
                .invalidData, "organisation \(organisation) does not exist", subject: .unknownOrganisation(organisation)
            )
        }
    }

    /// Writes a new case with its limits and audit entry; checks come before any change.
    mutating func insert(_ new: EncodedCase, recordedAt: Date) throws(StoreError) -> AuditEntry {
        let decision = new.decision
        try requireOrganisation(decision.snapshot.organisation)
        var snapshot = try Self.stored(decision.snapshot, dataJSON: new.dataJSON, recordsJSON: new.recordsJSON)
        if snapshot.id.isEmpty {
            snapshot.id = allocateID(prefix: new.idPrefix)
        } else if cases[snapshot.id] != nil {
            throw StoreError(.conflict, "case \(snapshot.id) already exists", subject: .caseExists(snapshot.id))
        }
        snapshot.revision = 1
        cases[snapshot.id] = StoredCase(snapshot: snapshot, ordinal: nextOrdinal)
        nextOrdinal += 1
        deadlines[snapshot.id] = decision.deadlines.isEmpty ? nil : decision.deadlines
        var draft = decision.audit
        draft.caseID = snapshot.id
        return append(
            draft, dataJSON: new.auditDataJSON, outcome: CaseOutcome(of: snapshot, dataJSON: new.dataJSON),
            recordedAt: recordedAt)
    }

    /// Replaces a case still at the revision its change was decided on; checks come
    /// before any change. The case's workflow, opening and campaign stay; its version
    /// changes only when it moves to another version of its workflow (a migration).
    mutating func update(_ change: EncodedUpdate, recordedAt: Date) throws(StoreError) -> AuditEntry {
        let decision = change.decision
        let id = decision.snapshot.id
        try requireOrganisation(decision.snapshot.organisation)
        guard var stored = cases[id], stored.snapshot.revision == change.expectedRevision else {
            throw StoreError(
                .conflict, "case \(id) was changed by someone else since it was read; nothing was written",
                subject: .caseChanged(id))
        }
        let decided = try Self.stored(decision.snapshot, dataJSON: change.dataJSON, recordsJSON: change.recordsJSON)
        stored.snapshot.version = decided.version
        stored.snapshot.state = decided.state
        stored.snapshot.organisation = decided.organisation
        stored.snapshot.assignee = decided.assignee
        stored.snapshot.data = decided.data
        stored.snapshot.records = decided.records
        stored.snapshot.items = decided.items
        stored.snapshot.lastStepOn = decided.lastStepOn
        stored.snapshot.updatedAt = decided.updatedAt
        stored.snapshot.stateEnteredAt = decided.stateEnteredAt
        stored.snapshot.stateEnteredOn = decided.stateEnteredOn
        stored.snapshot.revision += 1
        cases[id] = stored
        deadlines[id] = decision.deadlines.isEmpty ? nil : decision.deadlines
        return append(
            decision.audit, dataJSON: change.auditDataJSON,
            outcome: CaseOutcome(of: stored.snapshot, dataJSON: change.dataJSON), recordedAt: recordedAt)
    }

    /// The next free `PREFIX-000001`; skips ids chosen by hand.
    private mutating func allocateID(prefix: String) -> String {
        var next = counters[prefix] ?? 1
        while true {
            let digits = String(next)
            let id = prefix + "-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
            next += 1
            if cases[id] != nil { continue }
            counters[prefix] = next
            return id
        }
    }

    /// Appends one audit entry, sealed by `AuditChain` after the trail's last.
    mutating func append(_ draft: AuditDraft, dataJSON: String?, outcome: CaseOutcome? = nil, recordedAt: Date)
        -> AuditEntry
    {
        let head = audit.last.map { AuditChain.Head(seq: $0.seq, hash: $0.hash) }
        let entry = AuditChain.seal(draft, dataJSON: dataJSON, outcome: outcome, recordedAt: recordedAt, after: head)
            .entry
        auditByCase[entry.caseID, default: []].append(audit.count)
        audit.append(entry)
        return entry
    }
}
