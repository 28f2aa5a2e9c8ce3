import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation

extension ReportCommand {
    struct Service: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "一段时间内的群众点单：受理、派单、办结、上报件数；响应率、解决率、满意率及计算公式；办理用时；办结最多的党员。",
                en:
                    "Service requests over a period: received, dispatched, completed, escalated; 响应率, 解决率, 满意率 with their formulas; times; top members."
            )
        )
        @Option(help: help(zh: "组织（含全部下级）。", en: "Organisation (with its whole subtree).")) var org: String?
        @Option(help: help(zh: "起始日期（默认取 --at 所在月的 1 日）。", en: "First day (default: the first of the month of --at)."))
        var from: String?
        @Option(help: help(zh: "截止日期（默认取 --at 的日期）。", en: "Last day (default: the date of --at).")) var to: String?
        @Option(
            help: help(
                zh: "按案件上级中这一类的组织分组（village、township……，也可写 村、乡镇）。",
                en: "Group by the organisations of this kind above each case (village, township, …)."))
        var by: String?
        @Option(help: help(zh: "工作流（默认 service-request）。", en: "The workflow (default service-request)."))
        var workflow = "service-request"
        @Flag(help: help(zh: "以 CSV 输出到标准输出，每组一行。", en: "CSV on stdout, one row per group.")) var csv = false
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let today = session.zone.date(of: session.now)
            guard
                let first = from.map({ CivilDate(typed: $0) })
                    ?? CivilDate(year: today.year, month: today.month, day: 1),
                let last = to.map({ CivilDate(typed: $0) }) ?? today, first <= last
            else {
                throw context.fail(
                    .invalidInput, zh: "--from/--to 应为日期（YYYY-MM-DD），且起始不晚于结束",
                    en: "--from/--to take dates (YYYY-MM-DD), the first not after the last")
            }
            _ = try WorkflowCommand.definition(workflow, version: nil, session, context)
            let report: ServiceReport
            let definition: WorkflowDefinition
            do {
                let span = DocketApp.ReportSpan(
                    organisation: org, groupKind: by, unplaced: context.text(zh: "（其他）", en: "(other)"))
                (report, definition) = try session.app.serviceReport(
                    workflow: workflow, from: first, to: last, span, by: session.caller)
            } catch {
                throw context.fail(error)
            }
            guard let reporting = definition.serviceReport else { return }
            if globals.json {
                context.emit(json: ServiceReportOutput.json(report))
            } else if csv {
                context.emit(ServiceReportOutput.csv(report, context))
            } else {
                context.emit(ServiceReportOutput.text(report, definition, reporting, session, context))
            }
        }
    }
}

/// The service report for people, scripts and spreadsheets.
enum ServiceReportOutput {
    static let formulas: [(id: String, zh: String, en: String)] = [
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

    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        return String(format: "%.1f%%", rate * 100)
    }

    static func hours(_ value: Double?) -> String {
        guard let value else { return "—" }
        return String(format: "%.1f", value)
    }

    static func json(_ report: ServiceReport) -> JSONValue {
        func number(_ d: Double?) -> JSONValue { d.map { .double(($0 * 1000).rounded() / 1000) } ?? .null }
        func times(_ values: [Double]) -> JSONValue {
            .object([
                ("median_hours", number(ServiceReport.median(values))),
                ("p90_hours", number(ServiceReport.percentile90(values))),
            ])
        }
        return .object([
            ("from", .string(report.from.description)), ("to", .string(report.to.description)),
            ("formulas", .object(formulas.map { ($0.id, .string($0.zh)) })),
            ("formulas_en", .object(formulas.map { ($0.id, .string($0.en)) })),
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

    static func csv(_ report: ServiceReport, _ context: CommandContext) -> String {
        var lines = [
            CSVOutput.header(
                [
                    "group", "group_name", "received", "dispatched", "completed", "escalated", "responded_in_time",
                    "response_rate", "solved", "closed", "resolution_rate", "satisfied", "ratings", "satisfaction_rate",
                    "median_hours_to_dispatch", "p90_hours_to_dispatch", "median_hours_to_complete",
                    "p90_hours_to_complete",
                ], context)
        ]
        for g in report.groups {
            let f = g.figures
            let rate = { (r: Double?) in r.map { String(format: "%.4f", $0) } ?? "" }
            let h = { (d: Double?) in d.map { String(format: "%.2f", $0) } ?? "" }
            lines.append(
                [
                    g.id, g.name, String(f.received), String(f.dispatched), String(f.completed), String(f.escalated),
                    String(f.respondedInTime),
                    rate(f.responseRate), String(f.solved), String(f.closed), rate(f.resolutionRate),
                    String(f.satisfied), String(f.ratings),
                    rate(f.satisfactionRate), h(ServiceReport.median(f.hoursToDispatch)),
                    h(ServiceReport.percentile90(f.hoursToDispatch)),
                    h(ServiceReport.median(f.hoursToComplete)), h(ServiceReport.percentile90(f.hoursToComplete)),
                ].map(CSVOutput.cell).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    static func text(
        _ report: ServiceReport, _ definition: WorkflowDefinition, _ reporting: ServiceReporting,
        _ session: CommandContext.Session,
        _ context: CommandContext
    ) -> String {
        let lang = context.language
        var out =
            context.text(
                zh: "\(definition.title.zh)：\(report.from) 至 \(report.to)",
                en: "\(definition.title.text(.en)): \(report.from) to \(report.to)") + "\n"
        var summary = Table(
            context.zh
                ? ["组织", "受理", "派单", "办结", "上报", "响应率", "解决率", "满意率"]
                : [
                    "group", "received", "dispatched", "completed", "escalated", "response", "resolution",
                    "satisfaction",
                ])
        for g in report.groups {
            let f = g.figures
            summary.add([
                g.name, String(f.received), String(f.dispatched), String(f.completed), String(f.escalated),
                "\(percent(f.responseRate)) (\(f.respondedInTime)/\(f.received))",
                "\(percent(f.resolutionRate)) (\(f.solved)/\(f.closed))",
                "\(percent(f.satisfactionRate)) (\(f.satisfied)/\(f.ratings))",
            ])
        }
        out += summary.rendered() + "\n\n" + formulas.map { context.zh ? $0.zh : $0.en }.joined(separator: "\n") + "\n"
        let categoryTitle = { (id: String) in
            definition.field(reporting.category)?.choices.first { $0.id == id }?.title.text(lang) ?? id
        }
        let urgencyTitle = { (id: String) in
            definition.field(reporting.urgency)?.choices.first { $0.id == id }?.title.text(lang) ?? id
        }
        for g in report.groups {
            let f = g.figures
            out += "\n" + g.name + "\n"
            out +=
                "  " + context.text(zh: "按类别：", en: "by category: ")
                + f.byCategory.keys.sorted().map { "\(categoryTitle($0)) \(f.byCategory[$0] ?? 0)" }.joined(
                    separator: "，") + "\n"
            out +=
                "  " + context.text(zh: "按紧急程度：", en: "by urgency: ")
                + f.byUrgency.keys.sorted().map { "\(urgencyTitle($0)) \(f.byUrgency[$0] ?? 0)" }.joined(separator: "，")
                + "\n"
            var times = Table(
                context.zh ? ["用时（小时）", "中位数", "第90百分位"] : ["hours from order", "median", "90th percentile"])
            for (label, values) in [
                (context.text(zh: "至派单", en: "to dispatch"), f.hoursToDispatch),
                (context.text(zh: "至接单", en: "to accept"), f.hoursToAccept),
                (context.text(zh: "至办结", en: "to complete"), f.hoursToComplete),
            ] {
                times.add([label, hours(ServiceReport.median(values)), hours(ServiceReport.percentile90(values))])
            }
            out += times.rendered(indent: "  ") + "\n"
            let top = f.topMembers(5).map { member in
                let name = session.app.personName(member.person) ?? member.person
                return "\(name) \(member.completed)"
            }
            out +=
                "  " + context.text(zh: "办结最多的党员：", en: "most completed: ")
                + (top.isEmpty ? "—" : top.joined(separator: "，")) + "\n"
        }
        return String(out.dropLast())
    }
}
