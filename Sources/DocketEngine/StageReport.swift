public import DocketCore

/// One change of state of one case, as the report reads the audit trail.
public struct StateChange: Sendable, Hashable {
    public var caseID: String
    public var from: String?
    public var to: String
    public var on: CivilDate

    public init(caseID: String, from: String?, to: String, on: CivilDate) {
        self.caseID = caseID
        self.from = from
        self.to = to
        self.on = on
    }
}

/// A state change with the case as it stands now, as
/// ``ReportRecords/eachStateChange(workflow:under:overdueAt:_:)`` gives it.
public struct StateChangeRow: Sendable, Hashable {
    public var change: StateChange
    /// The case's organisation and state now.
    public var organisation: String
    public var state: String
    /// Whether the case has a limit overdue at the report's instant.
    public var overdue: Bool

    public init(change: StateChange, organisation: String, state: String, overdue: Bool) {
        self.change = change
        self.organisation = organisation
        self.state = state
        self.overdue = overdue
    }
}

/// The open cases of a workflow, and what happened to them, per organisation group:
/// how many stand at each stage and state, how many entered each state in a year (so how
/// many were admitted, extended, cancelled, declined or withdrew), how long each state
/// took (median days), and how many are overdue. It works for any workflow, by its own
/// stages and states.
public struct StageReport: Sendable {
    public struct Group: Sendable {
        public var id: String
        public var name: String
        /// Open (non-final) cases by state.
        public var openByState: [String: Int] = [:]
        /// Entries into each state during the year.
        public var enteredInYear: [String: Int] = [:]
        /// How many stays that ended during the year lasted each number of days, by
        /// state: the medians come from these counts, which stay small however many
        /// cases there are.
        public var staysInYear: [String: [Int: Int]] = [:]
        public var overdueCases = 0

        public func open(in stage: String, of definition: WorkflowDefinition) -> Int {
            definition.states.filter { $0.stage == stage && !$0.isFinal }.reduce(0) { $0 + (openByState[$1.id] ?? 0) }
        }

        /// The median of the days spent in a state (the lower middle of an even count).
        public func medianDays(in state: String) -> Int? {
            let counts = staysInYear[state] ?? [:]
            let total = counts.values.reduce(0, +)
            guard total > 0 else { return nil }
            var seen = 0
            for days in counts.keys.sorted() {
                seen += counts[days] ?? 0
                if seen > (total - 1) / 2 { return days }
            }
            return nil
        }
    }

    public var definition: WorkflowDefinition
    public var year: Int
    public var groups: [Group]

    public init(definition: WorkflowDefinition, year: Int, groups: [Group]) {
        self.definition = definition
        self.year = year
        self.groups = groups
    }
}

/// Builds a ``StageReport`` from state changes given case by case, keeping only totals.
public struct StageReportBuilder {
    private let definition: WorkflowDefinition
    private let year: Int
    private let group: (String) -> (id: String, name: String)
    private var groups: [String: StageReport.Group] = [:]
    /// The case being read, its group, and the state it last entered and when.
    private var current: (caseID: String, group: String)?
    private var entered: (state: String, on: CivilDate)?

    /// - Parameters:
    ///   - definition: the workflow the changes are of (its states, stages and final states).
    ///   - year: the year whose entries into states, and stays ended, are counted.
    ///   - group: the group (id, name) a case's organisation counts under.
    public init(definition: WorkflowDefinition, year: Int, group: @escaping (String) -> (id: String, name: String)) {
        self.definition = definition
        self.year = year
        self.group = group
    }

    /// Takes the next state change; a case's changes come together, in order.
    public mutating func add(_ row: StateChangeRow) {
        if row.change.caseID != current?.caseID {
            let g = group(row.organisation)
            current = (row.change.caseID, g.id)
            entered = nil
            var entry = groups[g.id] ?? StageReport.Group(id: g.id, name: g.name)
            if definition.state(row.state)?.isFinal == false { entry.openByState[row.state, default: 0] += 1 }
            if row.overdue { entry.overdueCases += 1 }
            groups[g.id] = entry
        }
        guard let g = current?.group else { return }
        let change = row.change
        guard change.from != change.to || change.from == nil else { return }
        if let previous = entered, change.on.year == year {
            groups[g]?.staysInYear[previous.state, default: [:]][
                max(0, previous.on.days(until: change.on)), default: 0] += 1
        }
        entered = (change.to, change.on)
        if change.on.year == year { groups[g]?.enteredInYear[change.to, default: 0] += 1 }
    }

    public func finish() -> StageReport {
        StageReport(definition: definition, year: year, groups: groups.values.sorted { $0.id < $1.id })
    }
}
