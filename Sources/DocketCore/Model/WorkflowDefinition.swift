/// A workflow: the states a case moves through, the fields it carries, and the events
/// that move it, with the rules each event must satisfy.
///
/// A definition is a plain value. ``DefinitionChecker`` decides whether it is coherent
/// (every reference resolves, every expression type-checks, every state is reachable);
/// ``Transition`` decides what an event does to a case under it. Neither performs I/O.
///
/// ## Topics
/// - ``StateDefinition``
/// - ``EventDefinition``
/// - ``FieldDefinition``
/// - ``ParameterDefinition``
/// - ``ServiceReporting``
public struct WorkflowDefinition: Sendable, Codable, Hashable {
    public var id: String
    public var version: Int
    public var title: LocalizedText
    public var description: LocalizedText?
    /// The prefix of case ids Docket assigns, e.g. `SR` for `SR-000001`.
    public var casePrefix: String
    public var roles: [RoleDefinition]
    public var stages: [StageDefinition]
    public var states: [StateDefinition]
    public var fields: [FieldDefinition]
    public var parameters: [ParameterDefinition]
    public var events: [EventDefinition]
    /// The working-day calendar the workflow counts working days by.
    public var calendar: String?
    /// Lists of records inside a case (a plan's measures).
    public var itemLists: [ItemListDefinition] = []
    /// What `report service` and dispatch advice read the workflow by (its
    /// `service-report` section); `nil` when it declares none.
    public var serviceReport: ServiceReporting?

    public init(
        id: String, version: Int, title: LocalizedText, description: LocalizedText? = nil, casePrefix: String,
        roles: [RoleDefinition] = [], stages: [StageDefinition] = [], states: [StateDefinition],
        fields: [FieldDefinition] = [], parameters: [ParameterDefinition] = [], events: [EventDefinition],
        calendar: String? = nil, itemLists: [ItemListDefinition] = [], serviceReport: ServiceReporting? = nil
    ) {
        self.serviceReport = serviceReport
        self.calendar = calendar
        self.itemLists = itemLists
        self.id = id
        self.version = version
        self.title = title
        self.description = description
        self.casePrefix = casePrefix
        self.roles = roles
        self.stages = stages
        self.states = states
        self.fields = fields
        self.parameters = parameters
        self.events = events
    }

    public func state(_ id: String) -> StateDefinition? { states.first { $0.id == id } }
    public func event(_ id: String) -> EventDefinition? { events.first { $0.id == id } }
    public func field(_ id: String) -> FieldDefinition? { fields.first { $0.id == id } }

    /// Input with every field given by an alias or by its title (`服务类别=…`) renamed to
    /// the field's id; a key given beside its field, or a title several fields share, is
    /// left as it is, to be refused as unknown.
    public func canonicalInput(_ input: [String: String]) -> [String: String] {
        var result = input
        for key in input.keys where field(key) == nil {
            guard let id = fieldID(named: key), result[id] == nil else { continue }
            result[id] = result.removeValue(forKey: key)
        }
        return result
    }

    /// The field a name means: an alias of one, or the Chinese or English title of exactly one.
    public func fieldID(named name: String) -> String? {
        let typed = name.trimmedOfSpaces
        if let field = fields.first(where: { $0.id == typed || $0.aliases.contains(typed) }) { return field.id }
        let byTitle = fields.filter { $0.title.isNamed(typed) }
        return byTitle.count == 1 ? byTitle[0].id : nil
    }

    /// The event a clerk means: its id, or the Chinese or English title of exactly one
    /// event (`派单`, `Dispatch`).
    public func event(named name: String) -> EventDefinition? {
        let typed = name.trimmedOfSpaces
        if let event = event(typed) { return event }
        let byTitle = events.filter { $0.title.isNamed(typed) }
        return byTitle.count == 1 ? byTitle[0] : nil
    }
    public func parameter(_ id: String) -> ParameterDefinition? { parameters.first { $0.id == id } }
    public func stage(_ id: String) -> StageDefinition? { stages.first { $0.id == id } }
    public func itemList(_ id: String) -> ItemListDefinition? { itemLists.first { $0.id == id } }

    /// The events that start a case.
    public var startEvents: [EventDefinition] { events.filter { $0.source == .start } }

    /// Whether a case can be in `state` after `event` has fired: the state is one of the
    /// event's targets or reachable from one. An imported case's earlier steps are such
    /// events, whether or not the import records them.
    public func leads(_ event: EventDefinition, toward state: String) -> Bool {
        var seen = Set<String>()
        var next = targets(of: event)
        while let current = next.popLast() {
            if current == state { return true }
            guard seen.insert(current).inserted else { continue }
            for later in events(from: current) { next += targets(of: later) }
        }
        return false
    }

    /// The states an event can leave a case in (its sources, for a record).
    private func targets(of event: EventDefinition) -> [String] {
        switch event.target {
        case .state(let s): return [s]
        case .conditional(let branches): return branches.map(\.state)
        case .stay:
            switch event.source {
            case .states(let ids): return ids
            case .start, .anyOpen: return []
            }
        }
    }

    /// The events that may fire from a state, in the order the workflow lists them.
    public func events(from state: String) -> [EventDefinition] {
        guard let definition = self.state(state) else { return [] }
        return events.filter { $0.source.allows(state: definition) }
    }
}

public struct RoleDefinition: Sendable, Codable, Hashable {
    public var id: String
    public var title: LocalizedText
    public init(id: String, title: LocalizedText) {
        self.id = id
        self.title = title
    }
}

public struct StageDefinition: Sendable, Codable, Hashable {
    public var id: String
    public var title: LocalizedText
    public init(id: String, title: LocalizedText) {
        self.id = id
        self.title = title
    }
}

public struct StateDefinition: Sendable, Codable, Hashable {
    public var id: String
    public var title: LocalizedText
    public var stage: String?
    public var isFinal: Bool
    /// For a final state, how the case ended (e.g. `admitted`, `withdrawn`).
    public var outcome: String?
    /// The time limits and duties that run while a case is in this state.
    public var deadlines: [DeadlineRule]

    public init(
        id: String, title: LocalizedText, stage: String? = nil, isFinal: Bool = false, outcome: String? = nil,
        deadlines: [DeadlineRule] = []
    ) {
        self.id = id
        self.title = title
        self.stage = stage
        self.isFinal = isFinal
        self.outcome = outcome
        self.deadlines = deadlines
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, stage, isFinal, outcome, deadlines
    }

    /// Definitions stored before deadlines existed decode with none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), title: try c.decode(LocalizedText.self, forKey: .title),
            stage: try c.decodeIfPresent(String.self, forKey: .stage),
            isFinal: try c.decode(Bool.self, forKey: .isFinal),
            outcome: try c.decodeIfPresent(String.self, forKey: .outcome),
            deadlines: try c.decodeIfPresent([DeadlineRule].self, forKey: .deadlines) ?? [])
    }
}

public struct FieldDefinition: Sendable, Codable, Hashable {
    public var id: String
    public var title: LocalizedText
    public var type: FieldType
    /// For `enum` fields (and lists of them): the allowed ids with their titles.
    public var choices: [Choice]
    public var constraints: FieldConstraints
    /// Other ids the field is also given by (an id it had before it was renamed, say
    /// `extension-months` for `extension`): input under them counts as the field.
    public var aliases: [String] = []

    public init(
        id: String, title: LocalizedText, type: FieldType, choices: [Choice] = [],
        constraints: FieldConstraints = FieldConstraints(), aliases: [String] = []
    ) {
        self.aliases = aliases
        self.id = id
        self.title = title
        self.type = type
        self.choices = choices
        self.constraints = constraints
    }

    public struct Choice: Sendable, Codable, Hashable {
        public var id: String
        public var title: LocalizedText
        public init(id: String, title: LocalizedText) {
            self.id = id
            self.title = title
        }
    }

    /// What a typed choice names.
    public enum ChoiceMatch: Sendable, Hashable {
        case choice(String)
        case none
        /// A title that more than one choice has: their ids.
        case ambiguous([String])
    }

    /// The choice a clerk means by `text`: its id, or its Chinese or English title
    /// (exact after trimming; English in any case), as written on the paper form.
    public func choice(matching text: String) -> ChoiceMatch {
        let typed = text.trimmedOfSpaces
        if choices.contains(where: { $0.id == typed }) { return .choice(typed) }
        let byTitle = choices.filter { $0.title.isNamed(typed) }
        switch byTitle.count {
        case 0: return .none
        case 1: return .choice(byTitle[0].id)
        default: return .ambiguous(byTitle.map(\.id))
        }
    }

    /// The choices as errors list them: `repair（维修）`.
    public var choiceList: [String] { choices.map { "\($0.id)（\($0.title.zh)）" } }

    private enum CodingKeys: String, CodingKey {
        case id, title, type, choices, constraints, aliases
    }

    /// Definitions stored before aliases existed read with none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), title: try c.decode(LocalizedText.self, forKey: .title),
            type: try c.decode(FieldType.self, forKey: .type), choices: try c.decode([Choice].self, forKey: .choices),
            constraints: try c.decode(FieldConstraints.self, forKey: .constraints),
            aliases: try c.decodeIfPresent([String].self, forKey: .aliases) ?? [])
    }
}

/// Limits on a field's value, checked whenever an event sets it.
public struct FieldConstraints: Sendable, Codable, Hashable {
    /// Inclusive bounds for numbers.
    public var minimum: Double?
    public var maximum: Double?
    /// A regular expression the whole text must match.
    public var pattern: String?
    public var minItems: Int?
    public var maxItems: Int?
    /// For person fields: the Party membership every named person must have (e.g. mentors
    /// and introducers are full members).
    public var personStatus: Person.Status?
    /// For person fields: a role every named person must hold at the case's organisation
    /// or above (a request is dispatched only to someone who may accept it).
    public var personRole: String?
    /// For duration fields: the one unit the value is counted in (a bare number means it,
    /// and `minimum`/`maximum` are in it). Only months have this today: years convert.
    public var durationUnit: CalendarDuration.Unit?

    public init(
        minimum: Double? = nil, maximum: Double? = nil, pattern: String? = nil, minItems: Int? = nil,
        maxItems: Int? = nil, personStatus: Person.Status? = nil, personRole: String? = nil,
        durationUnit: CalendarDuration.Unit? = nil
    ) {
        self.durationUnit = durationUnit
        self.personStatus = personStatus
        self.personRole = personRole
        self.minimum = minimum
        self.maximum = maximum
        self.pattern = pattern
        self.minItems = minItems
        self.maxItems = maxItems
    }
}

/// A value a deployment may override without editing the workflow.
public struct ParameterDefinition: Sendable, Codable, Hashable {
    public var id: String
    public var title: LocalizedText
    public var type: FieldType
    public var defaultValue: Value

    public init(id: String, title: LocalizedText, type: FieldType, defaultValue: Value) {
        self.id = id
        self.title = title
        self.type = type
        self.defaultValue = defaultValue
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, type, defaultValue
    }

    /// Stored values are untyped JSON (a duration is a string); the declared type gives
    /// the default back its type.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(FieldType.self, forKey: .type)
        self.init(
            id: try c.decode(String.self, forKey: .id), title: try c.decode(LocalizedText.self, forKey: .title),
            type: type,
            defaultValue: type.restore(try c.decode(Value.self, forKey: .defaultValue)))
    }
}
