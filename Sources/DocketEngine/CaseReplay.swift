/// Replays each case from its audit trail and compares the result with the case's row and
/// its open time limits: what Docket reads and carries on from must be what the trail says.
///
/// The chain and the checkpoints prove the trail; they prove nothing of the `cases` table
/// beside it. Someone who can write to the store can change a case's state or assignee
/// there alone, and Docket would carry on from the forged row (a step accepted from a
/// state the trail never reached, a request completed by a member it was never assigned
/// to). A replay folds the case's entries in order: the state the last one led to, one
/// revision per entry, and, from encoding 3 on, the workflow, version, organisation,
/// assignee and data hash each change left the case with (``CaseOutcome``). A case whose
/// row or limits disagree with the fold is a ``CaseDisagreement``.
///
/// Entries written before encoding 3 say only the state and the count: a case whose last
/// entry is older is compared on those alone.
public enum CaseReplay {
    /// What a replay of a whole store found.
    public struct Summary: Sendable, Hashable {
        /// How many cases were replayed (with a trail, a row, or both).
        public var casesChecked = 0
        /// Every case whose row or limits disagree with its trail, in case id order.
        public var disagreements: [CaseDisagreement] = []
        /// How many of the cases checked were compared on state and revision only (their
        /// last entry written before encoding 3).
        public var comparedOnStateOnly = 0

        public init() {}

        public var agrees: Bool { disagreements.isEmpty }

        /// Replays one case and adds what it found.
        public mutating func add(_ trail: CaseTrail) {
            casesChecked += 1
            if trail.steps.last.map({ $0.outcome == nil }) ?? false { comparedOnStateOnly += 1 }
            let found = CaseReplay.differences(in: trail)
            if !found.isEmpty { disagreements.append(CaseDisagreement(caseID: trail.caseID, differences: found)) }
        }
    }

    /// Replays every case a store holds, one case at a time (a store of a million cases
    /// takes the memory of one case and of the cases that disagree).
    public static func replay(_ store: some AuditRecords) throws(StoreError) -> Summary {
        var summary = Summary()
        try store.eachCaseTrail { trail in
            summary.add(trail)
            return true
        }
        return summary
    }

    /// How a case's row and limits differ from what its trail says; empty when they agree.
    public static func differences(in trail: CaseTrail) -> [CaseDisagreement.Difference] {
        guard let last = trail.steps.last else { return [.noTrail] }
        guard let row = trail.row else { return [.noRow(state: last.toState)] }
        var found: [CaseDisagreement.Difference] = []
        if row.state != last.toState { found.append(.state(row: row.state, trail: last.toState)) }
        if row.revision != trail.steps.count { found.append(.revision(row: row.revision, trail: trail.steps.count)) }
        if let outcome = last.outcome {
            if row.workflow != outcome.workflow || row.version != outcome.version {
                found.append(
                    .workflow(
                        row: "\(row.workflow) v\(row.version)", trail: "\(outcome.workflow) v\(outcome.version)"))
            }
            if row.organisation != outcome.organisation {
                found.append(.organisation(row: row.organisation, trail: outcome.organisation))
            }
            if row.assignee != outcome.assignee { found.append(.assignee(row: row.assignee, trail: outcome.assignee)) }
            if row.dataHash != outcome.dataHash { found.append(.data) }
        }
        // The limits repeat the case's facts: they must be the trail's too, or overdue
        // lists and timers act on a case as it never was.
        for limit in trail.limits {
            let expected = (
                workflow: last.outcome?.workflow ?? row.workflow,
                organisation: last.outcome?.organisation ?? row.organisation,
                assignee: last.outcome.map(\.assignee) ?? row.assignee
            )
            if limit.state != last.toState || limit.workflow != expected.workflow
                || limit.organisation != expected.organisation || limit.assignee != expected.assignee
            {
                found.append(.limit(rule: limit.rule))
            }
        }
        return found
    }
}

/// A case whose row or open limits disagree with what its audit trail says.
public struct CaseDisagreement: Sendable, Hashable {
    /// One way the row differs from the trail: the row's value, then the trail's.
    public enum Difference: Sendable, Hashable {
        case state(row: String, trail: String)
        case revision(row: Int, trail: Int)
        case workflow(row: String, trail: String)
        case organisation(row: String, trail: String)
        case assignee(row: String?, trail: String?)
        /// The row's data is not the data the trail's last change left.
        case data
        /// An open limit names another state, organisation or assignee than the case's.
        case limit(rule: String)
        /// The trail records the case, in `state`, and the store has no row for it.
        case noRow(state: String)
        /// The store has a row for a case the trail never recorded.
        case noTrail
    }

    public var caseID: String
    public var differences: [Difference]

    public init(caseID: String, differences: [Difference]) {
        self.caseID = caseID
        self.differences = differences
    }
}
