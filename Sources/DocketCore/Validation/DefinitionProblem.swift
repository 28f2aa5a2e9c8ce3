/// One thing wrong with a workflow definition, located by its path in the definition.
///
/// The path names the element as the file is laid out, e.g. `["events", "talk", "to"]`;
/// the YAML loader turns it into a line and column. For a problem inside an expression,
/// `expressionOffset` is the character offset within the expression's text. What is wrong
/// is a ``Reason`` with its facts; the words are the catalogue's (DocketMessages).
public struct DefinitionProblem: Sendable, Hashable {
    /// What is wrong, with the ids and types its message names. New reasons may be added:
    /// a caller that needs only the kind branches on its ``code``.
    public enum Reason: Sendable, Hashable {
        /// Two states, events, fields, parameters, roles or stages share an id.
        case duplicateID(String)
        /// A parameter named like a field (or `actor`): rules could not tell them apart.
        case parameterNamedLikeField(String)
        /// A field named `actor`, the name rules use for the person acting.
        case reservedActor
        /// Two deadlines of one state share an id.
        case duplicateDeadlineID(String)
        /// A deadline's `due`, `every` or `warn` names a parameter that is no duration.
        case limitParameterNotDuration(String, type: FieldType)
        /// A duty by calendar periods whose period does not divide the year.
        case periodNotTilingYear
        /// A deadline counts from a field that is no date field.
        case baseNotDate(String)
        /// A deadline's timer fires an event not possible in the deadline's state.
        case timerEventNotPossible(event: String, state: String)
        /// A deadline's timer fires an event without one of its required fields.
        case timerMissingField(event: String, field: String)
        /// A rule, condition or computed value that does not type-check.
        case expression(ExpressionError.Reason)
        /// An item list named like a field or a parameter.
        case itemListNamedLikeField(String)
        /// An item list's `due-field` is none of its date fields.
        case itemDueFieldNotDate(String)
        /// An enum field without choices.
        case choicesMissing(field: String)
        /// Choices on a field that is no enum.
        case choicesWithoutEnum
        /// A field's `min` is greater than its `max`.
        case minimumAboveMaximum
        /// A field's `min-items` is greater than its `max-items`.
        case minItemsAboveMaxItems
        /// A field's `pattern` is not a regular expression.
        case invalidPattern(String)
        /// A field's alias is already another field's id or alias.
        case aliasTaken(String)
        /// An event that starts a case without a target state.
        case startWithoutTarget
        /// An event's `enabled-by` names a parameter that is no boolean.
        case switchNotBoolean(String, type: FieldType)
        /// An event's `date-field` names a field that is no date field.
        case dateFieldNotDate(String, type: FieldType)
        /// An event's `assigns` names a field that is no person field.
        case assignsNotPerson(String)
        /// A computed value of another type than its field's.
        case computedType(field: String, fieldType: FieldType, valueType: FieldType)
        /// A branch without `when` before the last: the branches after it are never chosen.
        case unconditionalBranchNotLast
        /// No event starts a case.
        case noStartEvent
        /// No event leads to the state.
        case unreachableState(String)
        /// An open state no event leaves.
        case deadEndState(String)
        /// A reference to an element that is not defined, with the nearest defined one.
        case undefined(Element, String, suggestion: String?)
        /// A `service-report` field (`key`) of a type the report cannot read as `expected`.
        case reportFieldType(key: String, field: String, expected: [FieldType], actual: FieldType)
        /// The `service-report` rate event does not record the rating field.
        case rateEventWithoutRating(event: String, field: String)
        /// The rate event can escalate, and no `max-reopens` parameter bounds it.
        case escalationWithoutMaxReopens(event: String)
        /// A `service-report` limit by urgency that names no limit at all.
        case limitNamesNone(key: String)
        /// A `service-report` limit for an urgency the urgency field does not have.
        case notAnUrgency(String, field: String)
        /// A `service-report` limit by urgency that leaves these urgencies without one.
        case urgenciesUncovered(key: String, choices: [String])
        /// A `service-report` parameter (`key`) that is not of the `expected` type.
        case reportParameterType(key: String, parameter: String, expected: FieldType, actual: FieldType)
    }

    /// The kinds of element a definition refers to by id.
    public enum Element: String, Sendable, Hashable, CaseIterable {
        case state, field, role, stage, event, parameter
        case itemList = "item list"
    }

    /// Where the problem is, as the file lays the definition out.
    public var path: [String]
    /// What is wrong, for the catalogue to word.
    public var reason: Reason
    /// For a problem inside an expression, the character it points to.
    public var expressionOffset: Int?

    /// A problem at `path`, for a reason.
    public init(path: [String], _ reason: Reason, expressionOffset: Int? = nil) {
        self.path = path
        self.reason = reason
        self.expressionOffset = expressionOffset
    }

    /// A problem inside an expression, at the place the error points to.
    public init(path: [String], _ error: ExpressionError) {
        self.init(path: path, .expression(error.reason), expressionOffset: error.offset)
    }
}
