extension Refusal {
    /// The kind of refusal, with a stable name for scripts (`--json`) and exit statuses.
    ///
    /// Branch on the code, not on ``Refusal/reason``, when only the kind matters (which
    /// exit status, which HTTP status): it is a struct over a private enum, so that kinds
    /// can be added without breaking a caller, which handles the ones it does not know
    /// with a `default`. Several reasons may share a code: ``eventNotPossible`` is an event
    /// not possible in the state, one that starts no case, and one switched off. Its
    /// `description` (`event-not-possible`) is what front ends print, and does not change.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unknownEvent = "unknown-event"
            case eventNotPossible = "event-not-possible"
            case unknownState = "unknown-state"
            case invalidFields = "invalid-fields"
            case checkFailed = "check-failed"
            case invalidDate = "invalid-date"
            case noTarget = "no-target"
            case noParentOrganisation = "no-parent-organisation"
            case timerOnly = "timer-only"
            case calendarNotCovering = "calendar-not-covering"
            case computationFailed = "computation-failed"
            case notPermitted = "not-permitted"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The workflow has no such event.
        public static let unknownEvent = Code(.unknownEvent)
        /// The event is not possible now: not in the case's state, not one that starts a
        /// case, or switched off in this deployment.
        public static let eventNotPossible = Code(.eventNotPossible)
        /// The workflow has no such state (the state an import names).
        public static let unknownState = Code(.unknownState)
        /// Fields of the event's input are missing, unknown or not valid.
        public static let invalidFields = Code(.invalidFields)
        /// A rule of the event does not hold.
        public static let checkFailed = Code(.checkFailed)
        /// The step's date is later than today, or earlier than the previous step's.
        public static let invalidDate = Code(.invalidDate)
        /// No branch of the event applies, so it has no target state.
        public static let noTarget = Code(.noTarget)
        /// The case's organisation has no parent to escalate to.
        public static let noParentOrganisation = Code(.noParentOrganisation)
        /// Only timers fire the event.
        public static let timerOnly = Code(.timerOnly)
        /// Date arithmetic left the working-day calendar, or the years 1 to 9999: the
        /// ``CalendarError`` of the reason tells which.
        public static let calendarNotCovering = Code(.calendarNotCovering)
        /// A computed field could not be worked out.
        public static let computationFailed = Code(.computationFailed)
        /// The actor holds none of the roles the event needs over the case's organisation.
        public static let notPermitted = Code(.notPermitted)

        /// The stable name, such as `check-failed`.
        public var description: String { base.rawValue }
    }

    /// The kind of refusal; ``Refusal/reason`` has its facts.
    public var code: Code {
        switch reason {
        case .unknownEvent: .unknownEvent
        case .notPossibleInState, .notAStartEvent, .switchedOff: .eventNotPossible
        case .unknownState: .unknownState
        case .invalidFields: .invalidFields
        case .checkFailed: .checkFailed
        case .dateAfterNow, .dateBeforePreviousStep: .invalidDate
        case .noTargetMatched: .noTarget
        case .noParentOrganisation: .noParentOrganisation
        case .timerOnly: .timerOnly
        case .calendar: .calendarNotCovering
        case .computation: .computationFailed
        case .notPermitted: .notPermitted
        }
    }
}
