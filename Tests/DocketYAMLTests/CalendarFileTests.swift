import DocketCore
import DocketYAML
import Foundation
import Testing

@Suite struct CalendarFileTests {
    static func shipped() throws -> WorkingCalendar {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(
            contentsOf: root.appendingPathComponent("Workflows/calendars/cn-mainland.yaml"), encoding: .utf8)
        let loaded = CalendarFile.load(source: text, file: "cn-mainland.yaml")
        #expect(loaded.diagnostics.isEmpty)
        return try #require(loaded.calendar)
    }

    @Test(
        "the shipped calendar covers 2025 and 2026 as published",
        arguments: [
            ("2026-01-01", false), ("2026-01-04", true), ("2026-02-14", true), ("2026-02-16", false),
            ("2026-02-23", false),
            ("2026-02-24", true), ("2026-02-28", true), ("2026-10-07", false), ("2026-10-10", true),
            ("2026-11-23", true),
            ("2026-11-22", false), ("2025-01-26", true), ("2025-02-04", false), ("2025-10-08", false),
            ("2025-10-11", true),
        ])
    func days(day: String, working: Bool) throws {
        #expect(try Self.shipped().isWorkingDay(try #require(CivilDate(iso: day))) == working)
    }

    @Test("one working day after the last day before the 2026 Spring Festival is 14 February, then 24 February")
    func springFestival() throws {
        let calendar = try Self.shipped()
        let friday = try #require(CivilDate(iso: "2026-02-13"))
        #expect(try calendar.adding(workingDays: 1, to: friday).description == "2026-02-14")
        #expect(try calendar.adding(workingDays: 2, to: friday).description == "2026-02-24")
        // 2027's notice is not in: counted Monday to Friday, provisionally.
        #expect(
            try calendar.adding(workingDays: 10, to: try #require(CivilDate(iso: "2026-12-25"))).description
                == "2027-01-08")
    }

    @Test("a calendar file with a weekday marked as a weekend working day, or a day outside its year, is refused")
    func bad() {
        let text = "calendar: x\nyears:\n  2026:\n    holidays: [2025-12-31]\n    working-weekends: [2026-01-05]\n"
        let messages = CalendarFile.load(source: text, file: "x.yaml").diagnostics.map {
            "\($0.line):\($0.column) \($0.message.en ?? "")"
        }
        #expect(
            messages == [
                "4:16 '2025-12-31' is not within 2026",
                "5:23 2026-01-05 is not a weekend day, so it cannot be a working weekend",
            ])
    }

    @Test("a year's notice for docket calendar add is read with its days; mistakes are named by line and column")
    func notice() throws {
        let good =
            "calendar: cn-mainland\nyear: 2027\nsource: 通知\nholidays:\n  - 2027-01-01..2027-01-03\nworking-weekends: [2027-02-14]\n"
        let loaded = CalendarFile.loadNotice(source: good, file: "n.yaml")
        #expect(loaded.diagnostics.isEmpty && loaded.calendar == "cn-mainland")
        #expect(
            loaded.notice?.holidays.count == 3 && loaded.notice?.workingWeekends.map(\.description) == ["2027-02-14"]
                && loaded.notice?.source == "通知")
        let bad =
            "calendar: cn-mainland\nyear: 2027\nholidays: [2026-12-31]\nworking-weekends: [2027-02-15]\nweekends: []\n"
        let messages = CalendarFile.loadNotice(source: bad, file: "n.yaml").diagnostics.map {
            "\($0.line):\($0.column) \($0.message.en ?? "")"
        }
        #expect(messages.count == 3)
        #expect(messages.contains("3:12 '2026-12-31' is not within 2027"))
        #expect(messages.contains("4:19 2027-02-15 is not a weekend day, so it cannot be a working weekend"))
        #expect(messages.contains { $0.hasPrefix("5:1 ") }, "an unknown key is named where it stands: \(messages)")
        #expect(
            CalendarFile.loadNotice(source: "calendar: x\n", file: "n.yaml").diagnostics.first?.message.en?.contains(
                "'year'") == true)
        let policy = CalendarFile.load(source: "calendar: x\nuncovered-years: refuse\nyears: {}\n", file: "c.yaml")
        #expect(policy.calendar?.uncoveredYears == .refuse)
        #expect(
            CalendarFile.load(source: "calendar: x\nuncovered-years: maybe\nyears: {}\n", file: "c.yaml").diagnostics
                .count == 1)
    }
}
