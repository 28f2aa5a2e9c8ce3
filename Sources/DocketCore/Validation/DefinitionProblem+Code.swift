extension DefinitionProblem {
    /// The kind of problem, with a stable name (`dead-end-state`) for front ends to print.
    ///
    /// Branch on the code, not on ``DefinitionProblem/Reason``, when only the kind matters:
    /// it is a struct over a private enum, so that kinds can be added without breaking a
    /// caller, which handles the ones it does not know with a `default`. Each reason has a
    /// code of its own; the reason keeps the ids and types its message names.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case duplicateID = "duplicate-id"
            case parameterNamedLikeField = "parameter-named-like-field"
            case reservedActor = "reserved-actor"
            case duplicateDeadlineID = "duplicate-deadline-id"
            case limitParameterNotDuration = "limit-parameter-not-duration"
            case periodNotTilingYear = "period-not-tiling-year"
            case baseNotDate = "base-not-date"
            case timerEventNotPossible = "timer-event-not-possible"
            case timerMissingField = "timer-missing-field"
            case invalidExpression = "invalid-expression"
            case itemListNamedLikeField = "item-list-named-like-field"
            case itemDueFieldNotDate = "item-due-field-not-date"
            case choicesMissing = "choices-missing"
            case choicesWithoutEnum = "choices-without-enum"
            case minimumAboveMaximum = "minimum-above-maximum"
            case minItemsAboveMaxItems = "min-items-above-max-items"
            case invalidPattern = "invalid-pattern"
            case aliasTaken = "alias-taken"
            case startWithoutTarget = "start-without-target"
            case switchNotBoolean = "switch-not-boolean"
            case dateFieldNotDate = "date-field-not-date"
            case assignsNotPerson = "assigns-not-person"
            case computedType = "computed-type"
            case unconditionalBranchNotLast = "unconditional-branch-not-last"
            case noStartEvent = "no-start-event"
            case unreachableState = "unreachable-state"
            case deadEndState = "dead-end-state"
            case undefined = "undefined"
            case reportFieldType = "report-field-type"
            case rateEventWithoutRating = "rate-event-without-rating"
            case escalationWithoutMaxReopens = "escalation-without-max-reopens"
            case limitNamesNone = "limit-names-none"
            case notAnUrgency = "not-an-urgency"
            case urgenciesUncovered = "urgencies-uncovered"
            case reportParameterType = "report-parameter-type"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Two states, events, fields, parameters, roles or stages share an id.
        public static let duplicateID = Code(.duplicateID)
        /// A parameter named like a field (or `actor`), so that rules could not tell them apart.
        public static let parameterNamedLikeField = Code(.parameterNamedLikeField)
        /// A field named `actor`, the name rules use for the person acting.
        public static let reservedActor = Code(.reservedActor)
        /// Two deadlines of one state share an id.
        public static let duplicateDeadlineID = Code(.duplicateDeadlineID)
        /// A deadline's `due`, `every` or `warn` names a parameter that is no duration.
        public static let limitParameterNotDuration = Code(.limitParameterNotDuration)
        /// A duty by calendar periods whose period does not divide the year.
        public static let periodNotTilingYear = Code(.periodNotTilingYear)
        /// A deadline counts from a field that is no date field.
        public static let baseNotDate = Code(.baseNotDate)
        /// A deadline's timer fires an event not possible in the deadline's state.
        public static let timerEventNotPossible = Code(.timerEventNotPossible)
        /// A deadline's timer fires an event without one of its required fields.
        public static let timerMissingField = Code(.timerMissingField)
        /// A rule, condition or computed value that does not parse or type-check: the
        /// ``ExpressionError/Code`` of the reason tells what is wrong with it.
        public static let invalidExpression = Code(.invalidExpression)
        /// An item list named like a field or a parameter.
        public static let itemListNamedLikeField = Code(.itemListNamedLikeField)
        /// An item list's `due-field` is none of its date fields.
        public static let itemDueFieldNotDate = Code(.itemDueFieldNotDate)
        /// An enum field without choices.
        public static let choicesMissing = Code(.choicesMissing)
        /// Choices on a field that is no enum.
        public static let choicesWithoutEnum = Code(.choicesWithoutEnum)
        /// A field's `min` is greater than its `max`.
        public static let minimumAboveMaximum = Code(.minimumAboveMaximum)
        /// A field's `min-items` is greater than its `max-items`.
        public static let minItemsAboveMaxItems = Code(.minItemsAboveMaxItems)
        /// A field's `pattern` is not a regular expression.
        public static let invalidPattern = Code(.invalidPattern)
        /// A field's alias is already another field's id or alias.
        public static let aliasTaken = Code(.aliasTaken)
        /// An event that starts a case without a target state.
        public static let startWithoutTarget = Code(.startWithoutTarget)
        /// An event's `enabled-by` names a parameter that is no boolean.
        public static let switchNotBoolean = Code(.switchNotBoolean)
        /// An event's `date-field` names a field that is no date field.
        public static let dateFieldNotDate = Code(.dateFieldNotDate)
        /// An event's `assigns` names a field that is no person field.
        public static let assignsNotPerson = Code(.assignsNotPerson)
        /// A computed value of another type than its field's.
        public static let computedType = Code(.computedType)
        /// A branch without `when` before the last: the branches after it are never chosen.
        public static let unconditionalBranchNotLast = Code(.unconditionalBranchNotLast)
        /// No event starts a case.
        public static let noStartEvent = Code(.noStartEvent)
        /// No event leads to the state.
        public static let unreachableState = Code(.unreachableState)
        /// An open state no event leaves.
        public static let deadEndState = Code(.deadEndState)
        /// A reference to an element (a state, a field, a role...) that is not defined.
        public static let undefined = Code(.undefined)
        /// A `service-report` field of a type the report cannot read.
        public static let reportFieldType = Code(.reportFieldType)
        /// The `service-report` rate event does not record the rating field.
        public static let rateEventWithoutRating = Code(.rateEventWithoutRating)
        /// The rate event can escalate, and no `max-reopens` parameter bounds it.
        public static let escalationWithoutMaxReopens = Code(.escalationWithoutMaxReopens)
        /// A `service-report` limit by urgency that names no limit at all.
        public static let limitNamesNone = Code(.limitNamesNone)
        /// A `service-report` limit for an urgency the urgency field does not have.
        public static let notAnUrgency = Code(.notAnUrgency)
        /// A `service-report` limit by urgency that leaves these urgencies without one.
        public static let urgenciesUncovered = Code(.urgenciesUncovered)
        /// A `service-report` parameter of a type the report cannot use.
        public static let reportParameterType = Code(.reportParameterType)

        /// The stable name, such as `dead-end-state`.
        public var description: String { base.rawValue }
    }

    /// The kind of problem; ``DefinitionProblem/reason`` has its facts.
    public var code: Code { reason.code }
}

extension DefinitionProblem.Reason {
    /// The kind of problem, for a caller that holds the reason alone.
    public var code: DefinitionProblem.Code {
        switch self {
        case .duplicateID: .duplicateID
        case .parameterNamedLikeField: .parameterNamedLikeField
        case .reservedActor: .reservedActor
        case .duplicateDeadlineID: .duplicateDeadlineID
        case .limitParameterNotDuration: .limitParameterNotDuration
        case .periodNotTilingYear: .periodNotTilingYear
        case .baseNotDate: .baseNotDate
        case .timerEventNotPossible: .timerEventNotPossible
        case .timerMissingField: .timerMissingField
        case .expression: .invalidExpression
        case .itemListNamedLikeField: .itemListNamedLikeField
        case .itemDueFieldNotDate: .itemDueFieldNotDate
        case .choicesMissing: .choicesMissing
        case .choicesWithoutEnum: .choicesWithoutEnum
        case .minimumAboveMaximum: .minimumAboveMaximum
        case .minItemsAboveMaxItems: .minItemsAboveMaxItems
        case .invalidPattern: .invalidPattern
        case .aliasTaken: .aliasTaken
        case .startWithoutTarget: .startWithoutTarget
        case .switchNotBoolean: .switchNotBoolean
        case .dateFieldNotDate: .dateFieldNotDate
        case .assignsNotPerson: .assignsNotPerson
        case .computedType: .computedType
        case .unconditionalBranchNotLast: .unconditionalBranchNotLast
        case .noStartEvent: .noStartEvent
        case .unreachableState: .unreachableState
        case .deadEndState: .deadEndState
        case .undefined: .undefined
        case .reportFieldType: .reportFieldType
        case .rateEventWithoutRating: .rateEventWithoutRating
        case .escalationWithoutMaxReopens: .escalationWithoutMaxReopens
        case .limitNamesNone: .limitNamesNone
        case .notAnUrgency: .notAnUrgency
        case .urgenciesUncovered: .urgenciesUncovered
        case .reportParameterType: .reportParameterType
        }
    }
}
