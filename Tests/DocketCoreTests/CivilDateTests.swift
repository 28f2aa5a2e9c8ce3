import DocketCore
import Testing

@Suite struct CivilDateTests {
    @Test("one year after 2017-08-09 is 2018-08-09")
    func oneYear() throws {
        let date = try #require(CivilDate(iso: "2017-08-09"))
        #expect(date.adding(years: 1).description == "2018-08-09")
    }

    @Test(
        "a month after 31 January is the last day of February",
        arguments: [
            ("2026-01-31", "2026-02-28"), ("2028-01-31", "2028-02-29"), ("2026-03-31", "2026-04-30"),
            ("2026-12-31", "2027-01-31"),
        ])
    func monthEnd(start: String, expected: String) throws {
        #expect(try #require(CivilDate(iso: start)).adding(months: 1).description == expected)
    }

    @Test("one year after 29 February is 28 February")
    func leapDay() throws {
        #expect(try #require(CivilDate(iso: "2028-02-29")).adding(years: 1).description == "2029-02-28")
        #expect(try #require(CivilDate(iso: "2028-02-29")).adding(years: 4).description == "2032-02-29")
    }

    @Test(
        "days that do not exist are rejected",
        arguments: ["2026-02-29", "2026-13-01", "2026-00-10", "2026-4-1", "20260401", "abcd-ef-gh", ""])
    func invalid(text: String) {
        #expect(CivilDate(iso: text) == nil)
    }

    @Test("conversion to and from days since the epoch round-trips over centuries")
    func epochRoundTrip() {
        for days in stride(from: -200_000, through: 200_000, by: 997) {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
            #expect(CivilDate(year: date.year, month: date.month, day: date.day) == date)
        }
        #expect(CivilDate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(CivilDate(daysSinceEpoch: 0).isoWeekday == 4)
    }

    @Test("months going backwards clamp too")
    func backwards() throws {
        #expect(try #require(CivilDate(iso: "2026-03-31")).adding(months: -1).description == "2026-02-28")
        #expect(try #require(CivilDate(iso: "2026-01-15")).adding(months: -13).description == "2024-12-15")
    }
}

@Suite struct DeploymentZoneTests {
    let zone = DeploymentZone.shanghai

    @Test("a date alone means midnight in Shanghai")
    func dateAlone() throws {
        let instant = try #require(zone.parseInstant("2026-11-22"))
        #expect(zone.format(instant) == "2026-11-22T00:00:00+08:00")
        #expect(DeploymentZone.utcFormat(instant) == "2026-11-21T16:00:00Z")
    }

    @Test(
        "local times and explicit offsets are both understood",
        arguments: [
            ("2026-11-22T09:30", "2026-11-22T09:30:00+08:00"), ("2026-11-22T01:30:00Z", "2026-11-22T09:30:00+08:00"),
            ("2026-11-22T09:30:00+08:00", "2026-11-22T09:30:00+08:00"),
            ("2026-11-21T20:30-05:00", "2026-11-22T09:30:00+08:00"),
        ])
    func forms(text: String, expected: String) throws {
        #expect(zone.format(try #require(zone.parseInstant(text))) == expected)
    }

    @Test(
        "malformed times are refused",
        arguments: ["2026-11-22T25:00", "2026-11-22T", "tomorrow", "2026-11-22 09:30", "2026-11-22T09:30+99"])
    func malformed(text: String) {
        #expect(zone.parseInstant(text) == nil)
    }

    @Test("durations in calendar units keep the time of day")
    func durationOnInstant() throws {
        let start = try #require(zone.parseInstant("2026-01-31T10:00"))
        #expect(zone.format(try CalendarDuration(1, .months).added(to: start, in: zone)) == "2026-02-28T10:00:00+08:00")
        #expect(zone.format(try CalendarDuration(24, .hours).added(to: start, in: zone)) == "2026-02-01T10:00:00+08:00")
    }

    @Test(
        "durations parse in English and Chinese",
        arguments: [
            ("1 year", CalendarDuration(1, .years)), ("6 months", CalendarDuration(6, .months)),
            ("3 days", CalendarDuration(3, .days)),
            ("24 hours", CalendarDuration(24, .hours)), ("2 weeks", CalendarDuration(2, .weeks)),
            ("6个月", CalendarDuration(6, .months)),
        ])
    func durations(text: String, expected: CalendarDuration) {
        #expect(CalendarDuration(parsing: text) == expected)
    }
}
