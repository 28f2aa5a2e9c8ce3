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
        /// Days spent in each state, for stays that ended during the year.
        public var staysInYear: [String: [Int]] = [:]
        public var overdueCases = 0

        public func open(in stage: String, of definition: WorkflowDefinition) -> Int {
            definition.states.filter { $0.stage == stage && !$0.isFinal }.reduce(0) { $0 + (openByState[$1.id] ?? 0) }
        }

        /// The median of the days spent in a state (the lower middle of an even count).
        public func medianDays(in state: String) -> Int? {
            let days = (staysInYear[state] ?? []).sorted()
            guard !days.isEmpty else { return nil }
            return days[(days.count - 1) / 2]
        }
    }

    public var definition: WorkflowDefinition
    public var year: Int
    public var groups: [Group]

    /// Builds the report.
    ///
    /// - Parameters:
    ///   - cases: (case id, state, organisation) of every case of the workflow in scope.
    ///   - changes: every state change of those cases, in order per case.
    ///   - overdueCases: the ids of the cases with an overdue limit now.
    ///   - group: the group (id, name) a case's organisation counts under.
    public static func build(
        definition: WorkflowDefinition, year: Int, cases: [(id: String, state: String, organisation: String)],
        changes: [StateChange], overdueCases: Set<String>, group: (String) -> (id: String, name: String)
    ) -> StageReport {
        var groups: [String: Group] = [:]
        var groupOfCase: [String: String] = [:]
        for c in cases {
            let g = group(c.organisation)
            groupOfCase[c.id] = g.id
            var entry = groups[g.id] ?? Group(id: g.id, name: g.name)
            if definition.state(c.state)?.isFinal == false { entry.openByState[c.state, default: 0] += 1 }
            if overdueCases.contains(c.id) { entry.overdueCases += 1 }
            groups[g.id] = entry
        }
        var entered: [String: (state: String, on: CivilDate)] = [:]
        for change in changes {
            guard let g = groupOfCase[change.caseID] else { continue }
            if change.from != change.to || change.from == nil {
                if let previous = entered[change.caseID], change.on.year == year {
                    groups[g]?.staysInYear[previous.state, default: []].append(max(0, previous.on.days(until: change.on)))
                }
                entered[change.caseID] = (change.to, change.on)
                if change.on.year == year { groups[g]?.enteredInYear[change.to, default: 0] += 1 }
            }
        }
        return StageReport(definition: definition, year: year, groups: groups.values.sorted { $0.id < $1.id })
    }
}
