/// Which days are working days, year by year, as published by the 国务院办公厅.
///
/// Weekends are days off and Monday to Friday are working days, except for the
/// published holidays (days off) and the weekend days moved to working days (调休).
///
/// The notice for a year comes out each November, so a running case's limit can reach a
/// year the calendar does not list yet. Such a year is counted **provisionally** by the
/// weekday rule (Monday to Friday), and every limit that relied on it is marked so, until
/// its notice is added (``adding(_:)``) and the limits are worked out again. A deployment
/// may choose to refuse such arithmetic instead (``UncoveredYears/refuse``).
public struct WorkingCalendar: Sendable, Hashable, Codable {
    public var id: String
    public var title: LocalizedText
    public var years: Set<Int>
    public var holidays: Set<CivilDate>
    public var workingWeekends: Set<CivilDate>
    /// The notice each year was taken from, for people checking the calendar.
    public var sources: [Int: String]
    /// What arithmetic does in a year the calendar does not list.
    public var uncoveredYears: UncoveredYears

    /// What working-day arithmetic does in a year whose notice is not in the calendar.
    public enum UncoveredYears: String, Sendable, Hashable, Codable, CaseIterable {
        /// Count it by the weekday rule and mark the limits that relied on it.
        case provisional
        /// Refuse with ``CalendarError`` (status 12 at the command line).
        case refuse
    }

    public init(
        id: String, title: LocalizedText, years: Set<Int>, holidays: Set<CivilDate>, workingWeekends: Set<CivilDate>,
        sources: [Int: String] = [:], uncoveredYears: UncoveredYears = .provisional
    ) {
        self.id = id
        self.title = title
        self.years = years
        self.holidays = holidays
        self.workingWeekends = workingWeekends
        self.sources = sources
        self.uncoveredYears = uncoveredYears
    }

    /// Whether the calendar holds the notice for `year`.
    public func covers(_ year: Int) -> Bool { years.contains(year) }

    /// Whether a day is a working day.
    ///
    /// - Throws: ``CalendarError`` when the calendar does not cover the day's year and
    ///   the deployment refuses to count such years provisionally.
    public func isWorkingDay(_ day: CivilDate) throws(CalendarError) -> Bool {
        guard years.contains(day.year) else {
            if uncoveredYears == .refuse { throw CalendarError(calendar: id, year: day.year) }
            return day.isoWeekday <= 5
        }
        if holidays.contains(day) { return false }
        if workingWeekends.contains(day) { return true }
        return day.isoWeekday <= 5
    }

    /// The day `count` working days after `day` (before it when negative); `day` itself
    /// is not counted, so one working day after a Friday is the next working Monday.
    public func adding(workingDays count: Int, to day: CivilDate) throws(CalendarError) -> CivilDate {
        var current = day
        var remaining = count.magnitude
        let step = count < 0 ? -1 : 1
        // A million working days is a mistake in a rule, not a date: stop at once rather
        // than walk four thousand years (each year has at least 104 days off).
        guard remaining <= UInt(CivilDate.yearRange.count) * 261 else { throw .outOfRange() }
        while remaining > 0 {
            guard let next = current.addingChecked(days: step) else { throw .outOfRange() }
            current = next
            if try isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// Whether counting working days from one day to another walked through a year the
    /// calendar does not list, so that the result is provisional.
    public func isProvisional(from first: CivilDate, to last: CivilDate) -> Bool {
        let (low, high) = first <= last ? (first.year, last.year) : (last.year, first.year)
        return (low...high).contains { !years.contains($0) }
    }

    /// The calendar with one year's notice added, or put in place of the one it had.
    public func adding(_ notice: YearNotice) -> WorkingCalendar {
        var copy = self
        copy.years.insert(notice.year)
        copy.holidays = copy.holidays.filter { $0.year != notice.year }.union(notice.holidays)
        copy.workingWeekends = copy.workingWeekends.filter { $0.year != notice.year }.union(notice.workingWeekends)
        copy.sources[notice.year] = notice.source
        return copy
    }

    /// This calendar with the years that only `older` holds kept: a year added with
    /// `docket calendar add` survives deploying the calendar files again.
    public func keepingYears(of older: WorkingCalendar) -> WorkingCalendar {
        var merged = self
        for year in older.years.subtracting(years).sorted() {
            if let notice = older.notice(for: year) { merged = merged.adding(notice) }
        }
        return merged
    }

    /// The days off and the moved working days of one year.
    public func notice(for year: Int) -> YearNotice? {
        guard years.contains(year) else { return nil }
        return YearNotice(
            year: year, source: sources[year], holidays: holidays.filter { $0.year == year },
            workingWeekends: workingWeekends.filter { $0.year == year })
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, years, holidays, workingWeekends, sources, uncoveredYears
    }

    /// Calendars stored before sources and the provisional rule existed read as
    /// provisional, with no sources.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decode(LocalizedText.self, forKey: .title)
        years = try container.decode(Set<Int>.self, forKey: .years)
        holidays = try container.decode(Set<CivilDate>.self, forKey: .holidays)
        workingWeekends = try container.decode(Set<CivilDate>.self, forKey: .workingWeekends)
        sources = try container.decodeIfPresent([Int: String].self, forKey: .sources) ?? [:]
        uncoveredYears = try container.decodeIfPresent(UncoveredYears.self, forKey: .uncoveredYears) ?? .provisional
    }
}

/// One year's notice of the 国务院办公厅: its days off and its weekend days that are
/// working days (调休).
public struct YearNotice: Sendable, Hashable {
    public var year: Int
    public var source: String?
    public var holidays: Set<CivilDate>
    public var workingWeekends: Set<CivilDate>

    public init(year: Int, source: String?, holidays: Set<CivilDate>, workingWeekends: Set<CivilDate>) {
        self.year = year
        self.source = source
        self.holidays = holidays
        self.workingWeekends = workingWeekends
    }
}

/// Date arithmetic reached a year the working-day calendar does not cover (and the
/// deployment refuses provisional counting), needed a calendar where none is
/// configured, or left the years Docket's dates live in (1 to 9999). The facts only: the
/// words are the catalogue's (DocketMessages).
public struct CalendarError: Error, Sendable, Hashable {
    /// The calendar's id, or empty when no calendar was available.
    public var calendar: String
    public var year: Int
    public var reason: Reason = .notCovered
    /// The rule or limit whose arithmetic it was, when known.
    public var rule: String?

    /// Which failure it is. A caller that branches on it uses ``CalendarError/code``, which
    /// can grow without breaking it.
    public enum Reason: Sendable, Hashable {
        /// The calendar does not list the year (or there is no calendar).
        case notCovered
        /// The result would lie outside years 1 to 9999, or the numbers overflowed.
        case outOfRange
    }

    public init(calendar: String, year: Int) {
        self.calendar = calendar
        self.year = year
    }

    /// Arithmetic that would leave years 1 to 9999.
    public static func outOfRange(rule: String? = nil) -> CalendarError {
        var error = CalendarError(calendar: "", year: 0)
        error.reason = .outOfRange
        error.rule = rule
        return error
    }
}
