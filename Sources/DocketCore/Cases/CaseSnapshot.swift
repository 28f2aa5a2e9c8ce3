public import Foundation

/// A case as it stands: a plain, versioned value the core never knows the home of.
///
/// `revision` grows by one with every change; a store refuses to replace a snapshot
/// whose revision moved underneath it, which is how two clerks firing on the same case
/// at once are told apart.
public struct CaseSnapshot: Sendable, Codable, Hashable {
    public var id: String
    public var workflow: String
    public var version: Int
    public var state: String
    public var organisation: String
    public var assignee: String?
    public var data: [String: Value]
    /// The days each event happened, oldest first (records such as assessments included).
    public var records: [String: [CivilDate]]
    /// The day of the latest step, which a later step may not predate.
    public var lastStepOn: CivilDate
    public var openedAt: Date
    public var updatedAt: Date
    public var revision: Int
    /// When the case entered its state (or was escalated in it): the base of the state's
    /// clocks. The instant for hour limits, the day for day limits.
    public var stateEnteredAt: Date
    public var stateEnteredOn: CivilDate
    /// The items of each of the case's lists, in the order they were added.
    public var items: [String: [CaseItem]] = [:]
    /// The campaign the case was started in, if any.
    public var campaign: String?

    public init(
        id: String, workflow: String, version: Int, state: String, organisation: String, assignee: String? = nil,
        data: [String: Value] = [:], records: [String: [CivilDate]] = [:], lastStepOn: CivilDate, openedAt: Date,
        updatedAt: Date, revision: Int = 1, stateEnteredAt: Date? = nil, stateEnteredOn: CivilDate? = nil,
        items: [String: [CaseItem]] = [:], campaign: String? = nil
    ) {
        self.items = items
        self.campaign = campaign
        self.stateEnteredAt = stateEnteredAt ?? updatedAt
        self.stateEnteredOn = stateEnteredOn ?? lastStepOn
        self.id = id
        self.workflow = workflow
        self.version = version
        self.state = state
        self.organisation = organisation
        self.assignee = assignee
        self.data = data
        self.records = records
        self.lastStepOn = lastStepOn
        self.openedAt = openedAt
        self.updatedAt = updatedAt
        self.revision = revision
    }

    /// Restores field types lost in storage (dates kept as strings, say).
    ///
    /// Every event reads its case back: only the fields whose type storage loses are
    /// visited, each by a lookup in the case's data.
    public func restoringTypes(with definition: WorkflowDefinition) -> CaseSnapshot {
        var copy = self
        for field in definition.fields where field.type.restoresStoredValues {
            if let value = data[field.id] { copy.data[field.id] = field.type.restore(value) }
        }
        for (listID, items) in items {
            guard let list = definition.itemList(listID) else { continue }
            copy.items[listID] = items.map { item in
                var restored = item
                for (key, value) in item.values {
                    if let field = list.field(key) { restored.values[key] = field.type.restore(value) }
                }
                return restored
            }
        }
        return copy
    }
}

/// What the audit trail records of one change, before the store numbers and chains it.
public struct AuditDraft: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable {
        case start, event, `import`
        /// A change of the deployment's settings that moves limits (a calendar year
        /// added), under the id of what changed (`calendar/cn-mainland`), not a case's.
        case setting
    }

    public var kind: Kind
    public var caseID: String
    public var event: String
    public var fromState: String?
    public var toState: String
    public var actor: String
    /// The command's "now" (`--at`).
    public var at: Date
    /// The day the step happened (`--on`).
    public var on: CivilDate
    /// The fields given with the event.
    public var data: [String: Value]
    public var note: String?

    public init(
        kind: Kind, caseID: String, event: String, fromState: String?, toState: String, actor: String, at: Date,
        on: CivilDate, data: [String: Value], note: String?
    ) {
        self.kind = kind
        self.caseID = caseID
        self.event = event
        self.fromState = fromState
        self.toState = toState
        self.actor = actor
        self.at = at
        self.on = on
        self.data = data
        self.note = note
    }
}

/// The outcome of a transition: the new case, what to record, and the case's running
/// time limits (which replace the ones it had), as values.
public struct Decision: Sendable, Hashable {
    public var snapshot: CaseSnapshot
    public var audit: AuditDraft
    public var deadlines: [ScheduledDeadline]
    /// The case before the change (`nil` for a new one), so that a store can write only
    /// what changed.
    public var previous: CaseSnapshot? = nil
}
