/// Something that happens to a case: a step of the procedure, or a record such as a
/// half-yearly assessment that leaves the case where it is.
public struct EventDefinition: Sendable, Codable, Hashable {
    public var id: String
    public var title: LocalizedText
    public var source: EventSource
    public var target: EventTarget
    public var roles: [String]
    public var fields: [EventField]
    public var checks: [Check]
    /// A date field that receives the day the event happened (e.g. `applied-on`).
    public var dateField: String?
    /// A person field whose value becomes the case's assignee.
    public var assigns: String?
    /// Whether the event clears the case's assignee (a declined dispatch).
    public var unassigns: Bool
    /// Whether the event moves the case to its organisation's parent (escalation).
    /// Escalation restarts the clocks of the state, as if the case entered it anew.
    public var movesToParentOrganisation: Bool
    /// Whether only timers (the system actor) may fire the event.
    public var timerOnly: Bool = false
    /// Fields worked out when the event fires, after its checks, in order (e.g. the end
    /// of probation from the vote day).
    public var computes: [ComputedField] = []
    /// The step of the procedure this event is, as the regulation numbers it.
    public var step: Int?
    /// An item list the event adds items to, and how many it must add at least.
    public var adds: String?
    public var minimumAdded: Int = 0
    /// An item list one of whose open items the event closes (named by the `item` input).
    public var closes: String?
    /// A boolean parameter that switches the step on (a rule of a revision a deployment
    /// may not have adopted): while it is off the event is neither offered nor possible.
    public var enabledBy: String?

    /// Whether the event is switched on by the deployment's parameters.
    public func isEnabled(by parameters: [String: Value]) -> Bool {
        guard let enabledBy else { return true }
        return parameters[enabledBy] == .boolean(true)
    }

    public init(
        id: String, title: LocalizedText, source: EventSource, target: EventTarget = .stay, roles: [String] = [],
        fields: [EventField] = [], checks: [Check] = [], dateField: String? = nil, assigns: String? = nil,
        unassigns: Bool = false, movesToParentOrganisation: Bool = false
    ) {
        self.id = id
        self.title = title
        self.source = source
        self.target = target
        self.roles = roles
        self.fields = fields
        self.checks = checks
        self.dateField = dateField
        self.assigns = assigns
        self.unassigns = unassigns
        self.movesToParentOrganisation = movesToParentOrganisation
    }

    /// Whether the event records something without changing the state.
    public var isRecord: Bool { target == .stay }
}

/// Where an event may fire from.
public enum EventSource: Sendable, Codable, Hashable {
    /// The event starts a new case.
    case start
    /// The event fires from any of these states.
    case states([String])
    /// The event fires from any state that is not final.
    case anyOpen

    public func allows(state: StateDefinition) -> Bool {
        switch self {
        case .start: return false
        case .states(let ids): return ids.contains(state.id)
        case .anyOpen: return !state.isFinal
        }
    }
}

/// Where an event takes the case.
public enum EventTarget: Sendable, Codable, Hashable {
    /// The case stays in its state (a record).
    case stay
    case state(String)
    /// The first branch whose condition holds picks the state; a branch without a
    /// condition always holds.
    case conditional([ConditionalTarget])

    /// Every state the event may lead to.
    public var possibleStates: [String] {
        switch self {
        case .stay: return []
        case .state(let s): return [s]
        case .conditional(let branches): return branches.map(\.state)
        }
    }
}

public struct ConditionalTarget: Sendable, Codable, Hashable {
    public var condition: RuleExpression?
    public var state: String
    /// Whether taking this branch also moves the case to its organisation's parent
    /// (e.g. a third unsatisfied rating escalates the request).
    public var escalates: Bool

    public init(condition: RuleExpression?, state: String, escalates: Bool = false) {
        self.condition = condition
        self.state = state
        self.escalates = escalates
    }
}

/// A field an event takes, and whether it must be given.
public struct EventField: Sendable, Codable, Hashable {
    public var id: String
    public var required: Bool
    public init(id: String, required: Bool) {
        self.id = id
        self.required = required
    }
}

/// A rule an event must satisfy, with the message shown when it does not.
public struct Check: Sendable, Codable, Hashable {
    public var expression: RuleExpression
    public var message: LocalizedText
    public init(expression: RuleExpression, message: LocalizedText) {
        self.expression = expression
        self.message = message
    }
}

/// A field an event works out from the case: `probation-ends: vote-on + probation-period`.
public struct ComputedField: Sendable, Codable, Hashable {
    public var field: String
    public var expression: RuleExpression
    /// Only when this holds (e.g. only for the extension branch of a vote).
    public var condition: RuleExpression?

    public init(field: String, expression: RuleExpression, condition: RuleExpression? = nil) {
        self.field = field
        self.expression = expression
        self.condition = condition
    }
}
