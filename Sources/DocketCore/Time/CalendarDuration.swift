public import Foundation

/// A length of time in the units people use in regulations: "1 month", "6 months",
/// "3 days", "24 hours".
///
/// Months and years are calendar units, not fixed numbers of days: adding one month to
/// 31 January lands on the last day of February. Hours are exact; adding them to a date
/// counts from the start of that day.
public struct CalendarDuration: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Unit: String, Sendable, Codable, CaseIterable {
        case hours, days, weeks, months, years
        /// Days that are working days by the deployment's calendar.
        case workingDays = "working days"
    }

    public let amount: Int
    public let unit: Unit

    public init(_ amount: Int, _ unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// Parses `1 year`, `6 months`, `3 days`, `24 hours`, `2 weeks`, `1 working day`
    /// (singular or plural; also `1y`, `6mo`, `3d`, `24h`, `2w`, `1wd` and the Chinese
    /// 年/个月/月/天/日/小时/周/个工作日).
    public init?(parsing text: String) {
        let trimmed = text.trimmedOfSpaces
        let digits = trimmed.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count <= 6, let amount = Int(digits) else { return nil }
        let word = trimmed.dropFirst(digits.count).trimmedOfSpaces.lowercased()
        guard let unit = CalendarDuration.unit(named: word) else { return nil }
        self.init(amount, unit)
    }

    /// The unit a word names, or `nil`: every spelling `InputVocabulary` lists.
    public static func unit(named word: String) -> Unit? { InputVocabulary.durationUnits[word] }

    /// The duration backwards (`Int.min` turns into `Int.max`, which no date survives).
    public var negated: CalendarDuration { CalendarDuration(amount == .min ? .max : -amount, unit) }

    /// Whether the duration is measured in whole days (or longer), so that adding it to a
    /// date gives a date.
    public var isDayBased: Bool { unit != .hours }

    /// Adds the duration to a civil date. Hours are rounded down to whole days.
    ///
    /// - Throws: ``CalendarError`` for working days beyond the calendar, or without one.
    /// - Throws: ``CalendarError`` for working days beyond the calendar, or without one,
    ///   and (``CalendarError/Reason/outOfRange``) for a result outside years 1 to 9999.
    public func added(to date: CivilDate, calendar: WorkingCalendar? = nil) throws(CalendarError) -> CivilDate {
        let result: CivilDate?
        switch unit {
        case .hours: result = date.addingChecked(days: amount / 24)
        case .days: result = date.addingChecked(days: amount)
        case .weeks:
            let (days, overflow) = amount.multipliedReportingOverflow(by: 7)
            result = overflow ? nil : date.addingChecked(days: days)
        case .months: result = date.addingChecked(months: amount)
        case .years: result = date.addingChecked(years: amount)
        case .workingDays:
            guard let calendar else { throw CalendarError(calendar: "", year: date.year) }
            return try calendar.adding(workingDays: amount, to: date)
        }
        guard let result else { throw .outOfRange() }
        return result
    }

    /// Adds the duration to an instant, keeping the local time of day for calendar units.
    public func added(to instant: Date, in zone: DeploymentZone, calendar: WorkingCalendar? = nil) throws(CalendarError)
        -> Date
    {
        if unit == .hours {
            let later = instant.addingTimeInterval(Double(amount) * 3600)
            guard DeploymentZone.instantRange.contains(later.timeIntervalSince1970) else { throw .outOfRange() }
            return later
        }
        let local = zone.localTime(of: instant)
        return zone.instant(date: try added(to: local.date, calendar: calendar), secondsIntoDay: local.secondsIntoDay)
    }

    public var description: String {
        let singular = amount.magnitude == 1
        let word: String
        switch unit {
        case .hours: word = singular ? "hour" : "hours"
        case .days: word = singular ? "day" : "days"
        case .weeks: word = singular ? "week" : "weeks"
        case .months: word = singular ? "month" : "months"
        case .years: word = singular ? "year" : "years"
        case .workingDays: word = singular ? "working day" : "working days"
        }
        return "\(amount) \(word)"
    }

    /// ISO 8601 form, e.g. `P6M`, `PT24H`.
    public var iso8601: String {
        switch unit {
        case .hours: return "PT\(amount)H"
        case .days: return "P\(amount)D"
        case .weeks: return "P\(amount)W"
        case .months: return "P\(amount)M"
        case .years: return "P\(amount)Y"
        case .workingDays: return "P\(amount)D"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = CalendarDuration(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a duration: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
