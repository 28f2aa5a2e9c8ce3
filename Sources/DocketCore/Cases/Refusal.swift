/// Why an event (or a case start or import) was refused, with everything needed to say so.
///
/// A refusal names the case, its state and the event, and the rule that refused it. The
/// facts stay in ``reason``; its kind, for a caller that only branches on it, is ``code``;
/// the words are DocketMessages' (`message(in:definition:)`).
public struct Refusal: Error, Sendable, Hashable {
    /// What refused the event, with the facts its message names. New reasons may be
    /// added: a caller that needs only the kind branches on ``Refusal/code``.
    public enum Reason: Sendable, Hashable {
        case unknownEvent(possible: [String])
        case notPossibleInState(possible: [String])
        case notAStartEvent(startEvents: [String])
        case unknownState(possible: [String])
        case invalidFields([FieldProblem])
        case checkFailed(CheckFailure)
        case dateAfterNow(on: CivilDate, today: CivilDate)
        case dateBeforePreviousStep(on: CivilDate, previous: CivilDate)
        case noTargetMatched
        case noParentOrganisation(String)
        /// Only timers fire this event.
        case timerOnly
        /// The event is a step this deployment has switched off (its parameter is false).
        case switchedOff(parameter: String, possible: [String])
        /// Date arithmetic left the working-day calendar.
        case calendar(CalendarError)
        /// A computed field could not be worked out (a value it needs is missing).
        case computation(field: String, rule: String)
        /// The actor holds none of the roles the event needs over the case's organisation.
        case notPermitted(actor: String, required: [String])
    }

    public var reason: Reason
    public var caseID: String?
    public var state: String?
    public var event: String

    public init(_ reason: Reason, caseID: String?, state: String?, event: String) {
        self.reason = reason
        self.caseID = caseID
        self.state = state
        self.event = event
    }
}

/// A failed rule: its message, its text and the values it saw.
public struct CheckFailure: Sendable, Hashable {
    public var message: LocalizedText
    public var rule: String
    public var values: [SeenValue]
    /// For a waiting period (`today >= x + 1 year`), the first day the rule will hold.
    public var possibleFrom: CivilDate?

    public struct SeenValue: Sendable, Hashable {
        public var name: String
        /// `nil` when the field has no value yet.
        public var value: String?

        public init(name: String, value: String?) {
            self.name = name
            self.value = value
        }
    }
}

/// What is wrong with one field of an event's input.
public struct FieldProblem: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case missing
        case unknown(suggestion: String?, accepted: [String])
        case malformed(raw: String, expected: InputHint)
        case notAChoice(raw: String, choices: [String])
        /// A title more than one choice has (their ids).
        case ambiguousChoice(raw: String, choices: [String])
        case outOfRange(raw: String, minimum: Double?, maximum: Double?)
        case patternMismatch(raw: String, pattern: String)
        case itemCount(count: Int, minimum: Int?, maximum: Int?)
        case unknownPerson(String)
        case unknownOrganisation(String)
        case personStatus(person: String, status: Person.Status, required: Person.Status)
        case duplicateItems(raw: String)
        /// An imported case's state has a limit counted from this date, which the import
        /// does not give; `event` is the step whose day it is, when one records it.
        case clockBase(limit: String, state: String, event: String?)
        /// The person does not hold the role the field requires over the case's organisation.
        case personRole(person: String, role: String)
        /// A text (a field's value or an event's note) longer than `limit` characters (20,000).
        case tooLong(length: Int, limit: Int)
    }

    public var field: String
    public var kind: Kind
    public init(field: String, kind: Kind) {
        self.field = field
        self.kind = kind
    }
}
