public import Foundation

/// A time limit of one case, worked out to an instant.
public struct ScheduledDeadline: Sendable, Hashable, Codable {
    public var rule: String
    public var title: LocalizedText
    public var kind: DeadlineRule.Kind
    /// The first instant at which the limit is overdue.
    public var dueAt: Date
    /// For limits in days or longer: the last day on which it is still on time.
    public var dueDate: CivilDate?
    /// From when it is "due soon".
    public var warnAt: Date?
    public var fires: String?
    public var input: [String: String]
    /// Whether the limit was counted through a year whose holiday notice the working-day
    /// calendar does not hold yet, by the weekday rule: it may move when the notice is added.
    public var provisional: Bool

    public init(
        rule: String, title: LocalizedText, kind: DeadlineRule.Kind, dueAt: Date, dueDate: CivilDate?, warnAt: Date?,
        fires: String?, input: [String: String], provisional: Bool = false
    ) {
        self.provisional = provisional
        self.rule = rule
        self.title = title
        self.kind = kind
        self.dueAt = dueAt
        self.dueDate = dueDate
        self.warnAt = warnAt
        self.fires = fires
        self.input = input
    }

    /// Where the limit stands at an instant.
    public func status(at now: Date) -> Status {
        if now >= dueAt { return .overdue }
        if let warnAt, now >= warnAt { return .dueSoon }
        return .ok
    }

    public enum Status: String, Sendable, Hashable {
        case ok
        case dueSoon = "due-soon"
        case overdue
    }

    /// How late a limit is, for people: the catalogue (DocketMessages) words it as
    /// "3 days" for a day limit, "1 h 40 min" for an hour limit.
    public enum Lateness: Sendable, Hashable {
        /// Whole days past a day limit's last day (the first overdue day is 1).
        case days(Int)
        /// Time past an hour limit's instant, in whole minutes.
        case time(days: Int, hours: Int, minutes: Int)
    }

    /// How late it is at `now`: days for day limits, else days, hours and minutes; never
    /// less than nothing.
    public func lateness(at now: Date, zone: DeploymentZone) -> Lateness {
        if let dueDate { return .days(max(0, dueDate.days(until: zone.date(of: now)))) }
        let minutes = max(0, Int(now.timeIntervalSince(dueAt)) / 60)
        return .time(days: minutes / 1440, hours: minutes / 60 % 24, minutes: minutes % 60)
    }

    /// How late it is at `now`: whole days for day limits (the first overdue day is 1),
    /// else an ISO 8601 duration such as `PT3H20M`.
    public func overdueBy(at now: Date, zone: DeploymentZone) -> String {
        if let dueDate { return String(max(0, dueDate.days(until: zone.date(of: now)))) }
        let seconds = max(0, Int(now.timeIntervalSince(dueAt)))
        let days = seconds / 86_400
        let hours = seconds / 3600 % 24
        let minutes = seconds / 60 % 60
        var text = "P" + (days > 0 ? "\(days)D" : "")
        if hours > 0 || minutes > 0 || days == 0 {
            text += "T" + (hours > 0 ? "\(hours)H" : "") + (minutes > 0 || hours == 0 ? "\(minutes)M" : "")
        }
        return text
    }
}

/// Works out the running time limits of a case from its state's rules. Pure.
public enum Schedule {
    /// The limits of `snapshot` in its present state.
    ///
    /// A limit whose base is not known yet (a date field without a value) or whose
    /// condition does not hold is left out; a deadline already satisfied is left out.
    ///
    /// - Throws: ``CalendarError`` when working-day arithmetic leaves the calendar, or a
    ///   limit would fall after year 9999 (named by its rule).
    public static func deadlines(
        of snapshot: CaseSnapshot, definition: WorkflowDefinition, environment: TransitionEnvironment
    ) throws(CalendarError) -> [ScheduledDeadline] {
        guard let state = definition.state(snapshot.state), !state.isFinal else { return [] }
        let parameters = environment.parameters(of: definition)
        let evaluator = ExpressionEvaluator(
            context: EvaluationContext(
                data: snapshot.data, parameters: parameters, records: snapshot.records, today: snapshot.lastStepOn,
                now: environment.now, zone: environment.zone, actor: nil, calendar: environment.calendar))
        var result: [ScheduledDeadline] = []
        for rule in state.deadlines {
            do {
                if let limit = try deadline(
                    rule, of: snapshot, parameters: parameters, evaluator: evaluator, environment: environment)
                {
                    result.append(limit)
                }
            } catch {
                var named = error
                if named.rule == nil { named.rule = rule.id }
                throw named
            }
        }
        // Every open item with a due date of its own is a limit of the case.
        for list in definition.itemLists {
            guard let dueField = list.dueField else { continue }
            for item in snapshot.items[list.id] ?? [] where item.isOpen {
                guard case .date(let day) = item.values[dueField] else { continue }
                let name = item.values["title"]?.display ?? item.id
                result.append(
                    ScheduledDeadline(
                        rule: "\(list.id)/\(item.id)",
                        title: LocalizedText(zh: "\(list.title.zh)：\(name)", en: "\(list.title.text(.en)): \(name)"),
                        kind: .deadline, dueAt: try overdueFrom(day, environment.zone), dueDate: day, warnAt: nil,
                        fires: nil,
                        input: [:]))
            }
        }
        return result
    }

    /// One rule's limit for the case, or `nil` when it does not apply now.
    private static func deadline(
        _ rule: DeadlineRule, of snapshot: CaseSnapshot, parameters: [String: Value], evaluator: ExpressionEvaluator,
        environment: TransitionEnvironment
    ) throws(CalendarError) -> ScheduledDeadline? {
        if let condition = rule.condition, (try? evaluator.truth(condition.root)) != true { return nil }
        guard let period = duration(rule.due, parameters) else { return nil }
        let recorded = rule.satisfiedBy.map { snapshot.records[$0] ?? [] } ?? []

        // The base: a day for day-based limits, an instant for hour limits.
        var baseDay: CivilDate
        var baseInstant: Date?
        switch rule.base {
        case .entered:
            baseDay = snapshot.stateEnteredOn
            baseInstant = snapshot.stateEnteredAt
        case .field(let field):
            guard case .date(let day) = snapshot.data[field] else { return nil }
            baseDay = day
        case .lastRecord(let event):
            baseDay = snapshot.records[event]?.max() ?? snapshot.stateEnteredOn
            if snapshot.records[event] == nil { baseInstant = snapshot.stateEnteredAt }
        }
        // A duty by calendar periods is due by the end of the first period without a
        // record, from the base day's (or the latest record's) on.
        if rule.kind == .duty, rule.periods == .calendar {
            guard let calendarPeriod = CalendarPeriod(period) else { return nil }
            let lastDay = calendarPeriod.firstUnmet(from: baseDay, records: recorded)
            return try dayLimit(rule, dueOn: lastDay, provisional: false, parameters, environment)
        }
        // A deadline is met by a record on or after the day it counts from; a duty
        // starts its next period from its latest record.
        if rule.kind == .deadline && recorded.contains(where: { $0 >= baseDay }) { return nil }
        if rule.kind == .duty, let last = recorded.max(), last > baseDay {
            baseDay = last
            baseInstant = nil
        }

        if period.isDayBased {
            let lastDay = try period.added(to: baseDay, calendar: environment.calendar)
            return try dayLimit(
                rule, dueOn: lastDay,
                provisional: provisional(period, from: baseDay, to: lastDay, environment.calendar), parameters,
                environment)
        }
        let start = baseInstant ?? environment.zone.instant(date: baseDay)
        let dueAt = try period.added(to: start, in: environment.zone, calendar: environment.calendar)
        var scheduled = ScheduledDeadline(
            rule: rule.id, title: rule.title, kind: rule.kind, dueAt: dueAt, dueDate: nil, warnAt: nil,
            fires: rule.fires, input: rule.input)
        if let lead = rule.warning.flatMap({ duration($0, parameters) }) {
            scheduled.warnAt = try lead.negated.added(to: dueAt, in: environment.zone, calendar: environment.calendar)
        }
        return scheduled
    }

    /// A limit due on a day: overdue from the next midnight, "due soon" from its warning
    /// lead before that day, provisional if the day or the warning was counted so.
    private static func dayLimit(
        _ rule: DeadlineRule, dueOn lastDay: CivilDate, provisional counted: Bool, _ parameters: [String: Value],
        _ environment: TransitionEnvironment
    ) throws(CalendarError) -> ScheduledDeadline {
        var scheduled = ScheduledDeadline(
            rule: rule.id, title: rule.title, kind: rule.kind, dueAt: try overdueFrom(lastDay, environment.zone),
            dueDate: lastDay,
            warnAt: nil, fires: rule.fires, input: rule.input, provisional: counted)
        if let lead = rule.warning.flatMap({ duration($0, parameters) }) {
            let warnDay = try lead.negated.added(to: lastDay, calendar: environment.calendar)
            scheduled.warnAt = environment.zone.instant(date: warnDay)
            if provisional(lead, from: warnDay, to: lastDay, environment.calendar) { scheduled.provisional = true }
        }
        return scheduled
    }

    /// The first instant a limit due on `day` is overdue: the next midnight.
    ///
    /// - Throws: ``CalendarError/Reason/outOfRange`` when that is past year 9999.
    private static func overdueFrom(_ day: CivilDate, _ zone: DeploymentZone) throws(CalendarError) -> Date {
        guard let next = day.addingChecked(days: 1) else { throw .outOfRange() }
        return zone.instant(date: next)
    }

    /// Whether counting `period` between two days relied on a year the calendar counts
    /// provisionally. Only working days depend on the calendar.
    private static func provisional(
        _ period: CalendarDuration, from first: CivilDate, to last: CivilDate, _ calendar: WorkingCalendar?
    ) -> Bool {
        guard period.unit == .workingDays, let calendar else { return false }
        return calendar.isProvisional(from: first, to: last)
    }

    static func duration(_ source: DurationSource, _ parameters: [String: Value]) -> CalendarDuration? {
        switch source {
        case .literal(let d): return d
        case .parameter(let name):
            if case .duration(let d) = parameters[name] { return d }
            return nil
        }
    }
}

/// A period of the calendar that tiles the year (a month, a quarter, a half-year, a
/// year), for duties judged by calendar periods.
public struct CalendarPeriod: Sendable, Hashable {
    /// Months per period: 1, 2, 3, 4, 6 or 12.
    public let months: Int

    /// The calendar period a duration names, or `nil` when it does not tile the year.
    public init?(_ duration: CalendarDuration) {
        let months: Int
        switch duration.unit {
        case .months: months = duration.amount
        case .years: months = duration.amount * 12
        default: return nil
        }
        guard [1, 2, 3, 4, 6, 12].contains(months) else { return nil }
        self.months = months
    }

    /// The first day of the period `day` falls in.
    public func start(of day: CivilDate) -> CivilDate {
        let month = (day.month - 1) / months * months + 1
        return CivilDate(year: day.year, month: month, day: 1) ?? day
    }

    /// The last day of the first period without a record, from the one `base` falls in,
    /// or from the latest record's: a period missed stays overdue until a record in a
    /// later one (as a rolling duty stays overdue until its next record).
    public func firstUnmet(from base: CivilDate, records: [CivilDate]) -> CivilDate {
        let counted = records.filter { $0 >= base }
        let done = Set(counted.map { start(of: $0) })
        var first = start(of: max(base, counted.max() ?? base))
        while done.contains(first) { first = first.adding(months: months) }
        return first.adding(months: months).adding(days: -1)
    }
}
