import DocketCore
import DocketEngine
import Testing

@Suite struct StageReportTests {
    let definition = WorkflowDefinition(
        id: "w", version: 1, title: LocalizedText(zh: "流程"), casePrefix: "W",
        states: [
            StateDefinition(id: "a", title: LocalizedText(zh: "甲")),
            StateDefinition(id: "b", title: LocalizedText(zh: "乙")),
            StateDefinition(id: "done", title: LocalizedText(zh: "完"), isFinal: true),
        ],
        events: [])

    func row(
        _ id: String, _ from: String?, _ to: String, _ day: String, now state: String, org: String = "v1",
        overdue: Bool = false
    ) -> StateChangeRow {
        StateChangeRow(
            change: StateChange(
                caseID: id, from: from, to: to, on: CivilDate(iso: day) ?? CivilDate(daysSinceEpoch: 0)),
            organisation: org, state: state, overdue: overdue)
    }

    @Test(
        "cases given one by one count where they stand, what they entered in the year, and the lower-middle median stay"
    )
    func builtCaseByCase() throws {
        var builder = StageReportBuilder(definition: definition, year: 2026) { org in
            (org == "v9" ? "t2" : "t1", org == "v9" ? "二镇" : "一镇")
        }
        // Stays in "a" that end in 2026: 10, 30 and 20 days; the one ending in 2025 is not counted.
        for (id, start, end) in [
            ("W-1", "2026-01-01", "2026-01-11"), ("W-2", "2026-02-01", "2026-03-03"),
            ("W-3", "2026-03-01", "2026-03-21"), ("W-4", "2025-01-01", "2025-06-01"),
        ] {
            builder.add(row(id, nil, "a", start, now: "b", overdue: id == "W-2"))
            builder.add(row(id, "a", "b", end, now: "b", overdue: id == "W-2"))
        }
        builder.add(row("W-5", nil, "a", "2026-05-01", now: "done", org: "v9"))
        builder.add(row("W-5", "a", "a", "2026-05-02", now: "done", org: "v9"))
        builder.add(row("W-5", "a", "done", "2026-05-05", now: "done", org: "v9"))
        let report = builder.finish()
        let first = try #require(report.groups.first { $0.id == "t1" })
        #expect(first.openByState == ["b": 4])
        #expect(first.overdueCases == 1)
        #expect(first.enteredInYear == ["a": 3, "b": 3])
        #expect(first.medianDays(in: "a") == 20)
        let second = try #require(report.groups.first { $0.id == "t2" })
        #expect(second.openByState.isEmpty, "a case in a final state is not open")
        #expect(second.medianDays(in: "a") == 4, "a change within the state does not end the stay")
        #expect(second.medianDays(in: "b") == nil)
    }
}
