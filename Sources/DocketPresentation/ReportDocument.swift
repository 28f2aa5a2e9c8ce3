public import DocketCore
public import DocketEngine
import Foundation

/// The supervisors' reports as JSON and CSV: what `report stages` and `report service`
/// print with `--json` and `--csv` and what the server answers under `/api/v1/reports`,
/// built in one place so that the two front ends cannot drift apart. The tables for
/// people stay with each front end.
public enum ReportDocument {
    // MARK: Stages

    /// `report stages --json`: per group its open cases by stage and by state, what entered
    /// each state in the report's year, the median days per state and the cases overdue.
    public static func stages(_ report: StageReport) -> JSONValue {
        let d = report.definition
        return .object([
            ("workflow", .string(d.id)), ("year", .int(report.year)),
            (
                "groups",
                .array(
                    report.groups.map { g in
                        .object([
                            ("id", .string(g.id)), ("name", .string(g.name)), ("overdue", .int(g.overdueCases)),
                            (
                                "stages",
                                .array(
                                    d.stages.map { s in
                                        .object([
                                            ("id", .string(s.id)), ("title", .string(s.title.zh)),
                                            ("open", .int(g.open(in: s.id, of: d))),
                                        ])
                                    })
                            ),
                            (
                                "states",
                                .array(
                                    d.states.map { s in
                                        .object([
                                            ("id", .string(s.id)), ("title", .string(s.title.zh)),
                                            ("stage", .string(s.stage)), ("final", .bool(s.isFinal)),
                                            ("open", .int(g.openByState[s.id] ?? 0)),
                                            ("entered_in_year", .int(g.enteredInYear[s.id] ?? 0)),
                                            ("median_days", g.medianDays(in: s.id).map(JSONValue.int) ?? .null),
                                        ])
                                    })
                            ),
                            (
                                "outcomes_in_year",
                                .object(
                                    d.states.filter(\.isFinal).map { s in
                                        (s.outcome ?? s.id, .int(g.enteredInYear[s.id] ?? 0))
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    /// `report stages --csv`: one row per group and state, with the group's overdue cases
    /// on each, so that a spreadsheet filters and pivots it without the JSON's nesting.
    public static func stagesCSV(_ report: StageReport, language: Language) -> String {
        var lines = [
            CSVDocument.header(
                [
                    "group", "group_name", "stage", "state", "state_title", "final", "open", "entered_in_year",
                    "median_days", "group_overdue",
                ], language: language)
        ]
        for g in report.groups {
            for s in report.definition.states {
                let cells = [
                    g.id, g.name, s.stage ?? "", s.id, s.title.zh, s.isFinal ? "true" : "false",
                    String(g.openByState[s.id] ?? 0),
                    String(g.enteredInYear[s.id] ?? 0), g.medianDays(in: s.id).map(String.init) ?? "",
                    String(g.overdueCases),
                ]
                lines.append(CSVDocument.row(cells))
            }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Service requests

    /// How the three rates of the service report are worked out, in both languages: the
    /// JSON carries them beside the figures so that a reader can check a rate by hand.
    public static let serviceFormulas: [(id: String, zh: String, en: String)] = [
        (
            "response_rate", "响应率 = 在派单时限内派单、且在接单时限内接单的件数 ÷ 受理件数",
            "response rate = requests dispatched within the dispatch limit and accepted within the acceptance limit ÷ requests received"
        ),
        (
            "resolution_rate", "解决率 = 解决后关闭的件数 ÷ 已关闭件数（含未评价关闭、不予受理）",
            "resolution rate = requests closed as solved ÷ requests closed (solved, unrated or rejected)"
        ),
        (
            "satisfaction_rate", "满意率 = 满意的评价数（评分低于不满意下限）÷ 全部评价数",
            "satisfaction rate = satisfied ratings (below the unsatisfied threshold) ÷ all ratings"
        ),
    ]

    /// `report service --json`: per group the requests received, dispatched, completed and
    /// escalated, by category and urgency, the three rates with the counts behind them
    /// (rates to three places, `null` when nothing was counted), the hours to each step
    /// and the members who completed most.
    public static func service(_ report: ServiceReport) -> JSONValue {
        func number(_ d: Double?) -> JSONValue { d.map { .double(($0 * 1000).rounded() / 1000) } ?? .null }
        func times(_ values: [Double]) -> JSONValue {
            .object([
                ("median_hours", number(ServiceReport.median(values))),
                ("p90_hours", number(ServiceReport.percentile90(values))),
            ])
        }
        return .object([
            ("from", .string(report.from.description)), ("to", .string(report.to.description)),
            ("formulas", .object(serviceFormulas.map { ($0.id, .string($0.zh)) })),
            ("formulas_en", .object(serviceFormulas.map { ($0.id, .string($0.en)) })),
            (
                "groups",
                .array(
                    report.groups.map { g in
                        let f = g.figures
                        return .object([
                            ("id", .string(g.id)), ("name", .string(g.name)), ("received", .int(f.received)),
                            ("dispatched", .int(f.dispatched)),
                            ("completed", .int(f.completed)), ("escalated", .int(f.escalated)),
                            (
                                "by_category",
                                .object(f.byCategory.keys.sorted().map { ($0, .int(f.byCategory[$0] ?? 0)) })
                            ),
                            ("by_urgency", .object(f.byUrgency.keys.sorted().map { ($0, .int(f.byUrgency[$0] ?? 0)) })),
                            ("response_rate", number(f.responseRate)), ("responded_in_time", .int(f.respondedInTime)),
                            ("resolution_rate", number(f.resolutionRate)), ("solved", .int(f.solved)),
                            ("closed", .int(f.closed)),
                            ("satisfaction_rate", number(f.satisfactionRate)), ("satisfied", .int(f.satisfied)),
                            ("ratings", .int(f.ratings)),
                            ("time_to_dispatch", times(f.hoursToDispatch)), ("time_to_accept", times(f.hoursToAccept)),
                            ("time_to_complete", times(f.hoursToComplete)),
                            (
                                "top_members",
                                .array(
                                    f.topMembers(5).map {
                                        .object([("person", .string($0.person)), ("completed", .int($0.completed))])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    /// `report service --csv`: one row per group, rates to four places and hours to two,
    /// empty where nothing was counted.
    public static func serviceCSV(_ report: ServiceReport, language: Language) -> String {
        var lines = [
            CSVDocument.header(
                [
                    "group", "group_name", "received", "dispatched", "completed", "escalated", "responded_in_time",
                    "response_rate", "solved", "closed", "resolution_rate", "satisfied", "ratings", "satisfaction_rate",
                    "median_hours_to_dispatch", "p90_hours_to_dispatch", "median_hours_to_complete",
                    "p90_hours_to_complete",
                ], language: language)
        ]
        for g in report.groups {
            let f = g.figures
            let rate = { (r: Double?) in r.map { String(format: "%.4f", $0) } ?? "" }
            let h = { (d: Double?) in d.map { String(format: "%.2f", $0) } ?? "" }
            lines.append(
                CSVDocument.row([
                    g.id, g.name, String(f.received), String(f.dispatched), String(f.completed), String(f.escalated),
                    String(f.respondedInTime),
                    rate(f.responseRate), String(f.solved), String(f.closed), rate(f.resolutionRate),
                    String(f.satisfied), String(f.ratings),
                    rate(f.satisfactionRate), h(ServiceReport.median(f.hoursToDispatch)),
                    h(ServiceReport.percentile90(f.hoursToDispatch)),
                    h(ServiceReport.median(f.hoursToComplete)), h(ServiceReport.percentile90(f.hoursToComplete)),
                ]))
        }
        return lines.joined(separator: "\n")
    }
}
