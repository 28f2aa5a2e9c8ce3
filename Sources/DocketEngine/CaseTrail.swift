/// One case as ``AuditRecords/eachCaseTrail(_:)`` gives it: the steps its trail records,
/// its row as the store holds it, and its open time limits, for ``CaseReplay`` to compare.
///
/// A case with entries and no row (its row deleted), or a row with no entries (a row
/// inserted behind the trail's back) comes with the part that is missing left empty.
public struct CaseTrail: Sendable, Hashable {
    /// One entry of the case's trail, as much of it as a replay reads.
    public struct Step: Sendable, Hashable {
        public var seq: Int
        public var toState: String
        /// What the change left the case as; `nil` for entries written before encoding 3.
        public var outcome: CaseOutcome?

        public init(seq: Int, toState: String, outcome: CaseOutcome?) {
            self.seq = seq
            self.toState = toState
            self.outcome = outcome
        }
    }

    /// The case's row, with its data by hash (``CaseOutcome/dataHash``).
    public struct Row: Sendable, Hashable {
        public var workflow: String
        public var version: Int
        public var state: String
        public var organisation: String
        public var assignee: String?
        public var revision: Int
        /// The SHA-256 of the row's data as stored (canonical JSON).
        public var dataHash: String

        public init(
            workflow: String, version: Int, state: String, organisation: String, assignee: String?, revision: Int,
            dataHash: String
        ) {
            self.workflow = workflow
            self.version = version
            self.state = state
            self.organisation = organisation
            self.assignee = assignee
            self.revision = revision
            self.dataHash = dataHash
        }
    }

    /// An open time limit of the case, with the facts of the case a limit repeats (so
    /// that overdue lists read one table): they must be the case's.
    public struct Limit: Sendable, Hashable {
        public var rule: String
        public var workflow: String
        public var state: String
        public var organisation: String
        public var assignee: String?

        public init(rule: String, workflow: String, state: String, organisation: String, assignee: String?) {
            self.rule = rule
            self.workflow = workflow
            self.state = state
            self.organisation = organisation
            self.assignee = assignee
        }
    }

    public var caseID: String
    /// The case's entries in the order of their numbers (no setting entries).
    public var steps: [Step]
    public var row: Row?
    public var limits: [Limit]

    public init(caseID: String, steps: [Step], row: Row?, limits: [Limit]) {
        self.caseID = caseID
        self.steps = steps
        self.row = row
        self.limits = limits
    }
}
