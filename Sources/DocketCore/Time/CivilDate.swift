/// A day on the calendar, with no time of day and no time zone.
///
/// Business dates in Docket (`applied-on`, `vote-on`, the `--on` of an event) are civil
/// dates: "one year after 2017-08-09" is 2018-08-09 whatever the clock says. Arithmetic
/// on months and years clamps to the end of the month, so one month after 31 January is
/// the last day of February and one year after 29 February is 28 February.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or returns `nil` when the day does not exist (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`; anything else, or a day that does not exist, is `nil`.
    public init?(iso text: some StringProtocol) {
        self.init(iso: text.utf8)
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes.
    init?(iso utf8: some Sequence<UInt8>) {
        // Byte by byte: stored cases carry dozens of dates, so this runs on every load.
        var fields = (0, 0, 0)
        var digits = 0
        var index = 0
        for byte in utf8 {
            switch index {
            case 4, 7:
                guard byte == UInt8(ascii: "-") else { return nil }
            case 0..<10:
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                if index < 4 {
                    fields.0 = fields.0 * 10 + digit
                } else if index < 7 {
                    fields.1 = fields.1 * 10 + digit
                } else {
                    fields.2 = fields.2 * 10 + digit
                }
                digits += 1
            default:
                return nil
            }
            index += 1
        }
        guard index == 10, digits == 8 else { return nil }
        self.init(year: fields.0, month: fields.1, day: fields.2)
    }

    /// Days since 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int {
        // Days-from-civil over 400-year eras, with March as the first month of the year
        // so that the leap day falls at the end.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = (month + 9) % 12
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date a number of days after 1970-01-01. Outside ``yearRange`` the date is
    /// only good for telling how far out it is: amounts past a billion years are held there.
    public init(daysSinceEpoch: Int) {
        let bounded = min(max(daysSinceEpoch, -(1 << 40)), 1 << 40)
        let z = bounded + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let m = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0)
        // The arithmetic above only produces valid dates.
        self.year = y
        self.month = m
        self.day = d
    }

    /// ISO weekday: 1 is Monday, 7 is Sunday.
    public var isoWeekday: Int {
        let w = (daysSinceEpoch + 3) % 7 // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    public func adding(days: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// Adds calendar months, clamping the day to the end of the target month.
    public func adding(months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        let y = index >= 0 ? index / 12 : (index - 11) / 12
        let m = index - y * 12 + 1
        let d = min(day, CivilDate.daysIn(month: m, year: y))
        return CivilDate(unchecked: y, m, d)
    }

    public func adding(years: Int) -> CivilDate { adding(months: years * 12) }

    /// Whole years from `self` to `other`: the most years that, added to `self` as
    /// ``adding(years:)`` adds them, do not pass `other`. Age and anniversaries follow this
    /// one rule (民法典 art 202: a period ending on a day the month lacks ends on its last
    /// day), so someone born on 29 February is 18 on 28 February of the year they turn 18,
    /// the day a one-year probation from 29 February ends.
    public func wholeYears(until other: CivilDate) -> Int {
        var years = other.year - year
        if (addingChecked(years: years) ?? other) > other { years -= 1 }
        return years
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CivilDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// The years a date may have. Every operation that could leave them has a checked
    /// form that says so (``addingChecked(days:)``), used wherever the amount comes from
    /// a rule, a parameter or a user.
    public static let yearRange = 1...9999

    /// The date `days` later, or `nil` when it would leave ``yearRange``.
    public func addingChecked(days: Int) -> CivilDate? {
        let (total, overflow) = daysSinceEpoch.addingReportingOverflow(days)
        guard !overflow, (Self.firstDay...Self.lastDay).contains(total) else { return nil }
        return CivilDate(daysSinceEpoch: total)
    }

    /// The date `months` later (clamped to the month's end), or `nil` when it would leave
    /// ``yearRange``.
    public func addingChecked(months: Int) -> CivilDate? {
        let (index, overflow) = (year * 12 + (month - 1)).addingReportingOverflow(months)
        guard !overflow, index >= 12, index < 10_000 * 12 else { return nil }
        return adding(months: months)
    }

    /// The date `years` later, or `nil` when it would leave ``yearRange``.
    public func addingChecked(years: Int) -> CivilDate? {
        let (months, overflow) = years.multipliedReportingOverflow(by: 12)
        return overflow ? nil : addingChecked(months: months)
    }

    /// Days since the epoch of 0001-01-01 and 9999-12-31.
    static let firstDay = -719_162
    static let lastDay = 2_932_896

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        appendISO(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `YYYY-MM-DD` as UTF-8 (a year outside 1–9999, which only unchecked
    /// arithmetic makes, with all its digits and sign rather than four wrong ones).
    func appendISO(to bytes: inout [UInt8]) {
        if Self.yearRange.contains(year) {
            CivilDate.appendDigits(year, count: 4, to: &bytes)
        } else {
            bytes += Array(String(year).utf8)
        }
        bytes.append(UInt8(ascii: "-"))
        CivilDate.appendDigits(month, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        CivilDate.appendDigits(day, count: 2, to: &bytes)
    }

    /// Appends `value` as exactly `count` decimal digits, zero-padded (`value` fits).
    static func appendDigits(_ value: Int, count: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
