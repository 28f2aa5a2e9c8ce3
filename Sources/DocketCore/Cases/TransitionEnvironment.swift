public import Foundation

/// What an event needs to know beyond the definition and the case, gathered by the
/// engine before the core decides: the moment, the zone, and facts from the store.
public struct TransitionEnvironment: Sendable {
    public var now: Date
    public var zone: DeploymentZone
    /// Parameter values overridden by the deployment; the rest take their defaults.
    public var parameterOverrides: [String: Value] {
        didSet { resolved = nil }
    }
    /// The ids, among those the request names, of people that exist in the store.
    public var knownPeople: Set<String>
    /// The Party membership of the people the request names, for status constraints.
    public var peopleStatus: [String: Person.Status] = [:]
    /// The roles that the people the request names hold over the case's organisation (at
    /// it or above), for fields that require one; gathered only for such fields.
    public var peopleRoles: [String: Set<String>] = [:]
    /// The roles the actor holds over the case's organisation (at it or above it); `nil`
    /// when permissions are not checked (the system actor, or a caller that checks itself).
    public var actorRoles: Set<String>?
    /// The ids, among those the request names, of organisations that exist in the store.
    public var knownOrganisations: Set<String>
    /// The parent of the case's organisation, for escalation.
    public var parentOrganisation: String?
    /// The working-day calendar of the workflow, if it has one.
    public var calendar: WorkingCalendar?

    public init(
        now: Date, zone: DeploymentZone, parameterOverrides: [String: Value] = [:], knownPeople: Set<String> = [],
        knownOrganisations: Set<String> = [], parentOrganisation: String? = nil, calendar: WorkingCalendar? = nil
    ) {
        self.calendar = calendar
        self.now = now
        self.zone = zone
        self.parameterOverrides = parameterOverrides
        self.knownPeople = knownPeople
        self.knownOrganisations = knownOrganisations
        self.parentOrganisation = parentOrganisation
    }

    public var today: CivilDate { zone.date(of: now) }

    /// The effective parameters of one workflow version, worked out once by
    /// ``resolveParameters(for:)``: an event asks for them several times.
    private var resolved: (workflow: String, version: Int, values: [String: Value])?

    /// Works out the effective parameters of `definition` once, for every later
    /// ``parameters(of:)`` of the same workflow version.
    public mutating func resolveParameters(for definition: WorkflowDefinition) {
        let values = parameters(of: definition)
        resolved = (definition.id, definition.version, values)
    }

    /// Takes the effective parameters of `definition` as worked out before for the same
    /// overrides (``parameters(of:)`` of an environment with the same ``parameterOverrides``).
    public mutating func useResolvedParameters(_ values: [String: Value], for definition: WorkflowDefinition) {
        resolved = (definition.id, definition.version, values)
    }

    /// The effective parameters of a workflow: defaults, then overrides.
    public func parameters(of definition: WorkflowDefinition) -> [String: Value] {
        if let resolved, resolved.workflow == definition.id, resolved.version == definition.version {
            return resolved.values
        }
        var values: [String: Value] = [:]
        for parameter in definition.parameters {
            values[parameter.id] = parameterOverrides[parameter.id] ?? parameter.defaultValue
        }
        return values
    }
}

/// An event as asked for: which, with what input, on which day, by whom.
public struct EventRequest: Sendable, Hashable {
    /// The actor timers fire events as; no person may act as it.
    public static let systemActor = "system"

    public var event: String
    /// Field values as typed (`--set field=value`), parsed against the field types.
    public var input: [String: String]
    /// The day the step happened; defaults to the date of "now".
    public var on: CivilDate?
    public var actor: String
    public var note: String?
    /// New items for the event's list, each as field values typed as text.
    public var items: [[String: String]] = []

    public init(
        event: String, input: [String: String] = [:], on: CivilDate? = nil, actor: String, note: String? = nil,
        items: [[String: String]] = []
    ) {
        self.items = items
        self.event = event
        self.input = input
        self.on = on
        self.actor = actor
        self.note = note
    }
}
