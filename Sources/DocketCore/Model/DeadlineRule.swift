/// A time limit that runs while a case is in a state: a deadline (due once) or a
/// recurring duty (due again after each time it is done).
///
/// A deadline is satisfied by leaving the state or by recording its `satisfiedBy` event;
/// a duty is never satisfied while the state lasts: each record of its `satisfiedBy`
/// event moves it to the next period. Either may fire an event when it passes (an
/// escalation, say), which `docket tick` does as the system actor.
public struct DeadlineRule: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable {
        case deadline, duty
    }

    public var id: String
    public var title: LocalizedText
    public var kind: Kind
    /// How long after the base the limit falls due (for a duty: its period).
    public var due: DurationSource
    public var base: DeadlineBase
    public var satisfiedBy: String?
    /// The warning lead (预警): "due soon" from this long before the due time.
    public var warning: DurationSource?
    /// An event fired by the system when the limit passes.
    public var fires: String?
    /// Field values given to the fired event.
    public var input: [String: String]
    /// The rule applies only when this holds (e.g. `urgency == 'emergency'`).
    public var condition: RuleExpression?
    /// For a duty: how its periods are counted. `nil` is rolling.
    public var periods: DutyPeriods?

    /// How a recurring duty's periods run.
    public enum DutyPeriods: String, Sendable, Codable, Hashable {
        /// Each period starts from the latest record (or the base): "within a month of
        /// the last report".
        case rolling
        /// Calendar months, quarters, half-years or years, as 三会一课 is judged: due by
        /// the end of the first period without a record, counting from the one the base
        /// day (or the latest record) falls in.
        case calendar
    }

    public init(
        id: String, title: LocalizedText, kind: Kind = .deadline, due: DurationSource, base: DeadlineBase = .entered,
        satisfiedBy: String? = nil, warning: DurationSource? = nil, fires: String? = nil, input: [String: String] = [:],
        condition: RuleExpression? = nil
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.due = due
        self.base = base
        self.satisfiedBy = satisfiedBy
        self.warning = warning
        self.fires = fires
        self.input = input
        self.condition = condition
    }
}

/// A duration written in the workflow, or the name of a duration parameter.
public enum DurationSource: Sendable, Codable, Hashable {
    case literal(CalendarDuration)
    case parameter(String)
}

/// What a limit counts from.
public enum DeadlineBase: Sendable, Codable, Hashable {
    /// The moment the case entered the state (its `--on` day for day-based limits).
    case entered
    /// A date field of the case, e.g. `applied-on`.
    case field(String)
    /// The last day an event was recorded (the state's entry when it never was).
    case lastRecord(String)
}
