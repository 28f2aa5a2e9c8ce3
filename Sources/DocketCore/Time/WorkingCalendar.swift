/// Which days are working days, year by year, as published by the 国务院办公厅.
///
/// Weekends are days off and Monday to Friday are working days, except for the
/// published holidays (days off) and the weekend days moved to working days (调休).
/// A calendar covers only the years it lists: arithmetic that reaches any other year is
/// an error naming the calendar, never a silent guess.
public struct WorkingCalendar: Sendable, Hashable, Codable {
    public var id: String
    public var title: LocalizedText
    public var years: Set<Int>
    public var holidays: Set<CivilDate>
    public var workingWeekends: Set<CivilDate>

    public init(id: String, title: LocalizedText, years: Set<Int>, holidays: Set<CivilDate>, workingWeekends: Set<CivilDate>) {
        self.id = id
        self.title = title
        self.years = years
        self.holidays = holidays
        self.workingWeekends = workingWeekends
    }

    /// Whether a day is a working day.
    ///
    /// - Throws: ``CalendarError`` when the calendar does not cover the day's year.
    public func isWorkingDay(_ day: CivilDate) throws(CalendarError) -> Bool {
        guard years.contains(day.year) else { throw CalendarError(calendar: id, year: day.year) }
        if holidays.contains(day) { return false }
        if workingWeekends.contains(day) { return true }
        return day.isoWeekday <= 5
    }

    /// The day `count` working days after `day` (before it when negative); `day` itself
    /// is not counted, so one working day after a Friday is the next working Monday.
    public func adding(workingDays count: Int, to day: CivilDate) throws(CalendarError) -> CivilDate {
        var current = day
        var remaining = abs(count)
        let step = count < 0 ? -1 : 1
        while remaining > 0 {
            current = current.adding(days: step)
            if try isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }
}

/// Date arithmetic reached a year the working-day calendar does not cover, or needed a
/// calendar where none is configured.
public struct CalendarError: Error, Sendable, Hashable {
    /// The calendar's id, or empty when no calendar was available.
    public var calendar: String
    public var year: Int

    public init(calendar: String, year: Int) {
        self.calendar = calendar
        self.year = year
    }

    public var message: LocalizedText {
        calendar.isEmpty
            ? LocalizedText(zh: "按工作日计算需要工作日历，但未配置（Workflows/calendars/）", en: "working days need a working-day calendar, and none is configured (Workflows/calendars/)")
            : LocalizedText(
                zh: "工作日历「\(calendar)」不包含 \(year) 年，无法按工作日计算；请补充该年的节假日安排",
                en: "the working-day calendar '\(calendar)' does not cover \(year); add that year's holidays to it")
    }
}
