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
                context.emit(json: ReportDocument.service(report))
            } else if csv {
                context.emit(ReportDocument.serviceCSV(report, language: context.language))
            } else {
                context.emit(ServiceReportOutput.text(report, definition, reporting, session, context))
            }
        }
    }
}

/// The service report for people (its JSON and CSV are ``ReportDocument``'s).
enum ServiceReportOutput {
    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        return String(format: "%.1f%%", rate * 100)
    }

    static func hours(_ value: Double?) -> String {
        guard let value else { return "—" }
        return String(format: "%.1f", value)
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
        out +=
            summary.rendered() + "\n\n"
            + ReportDocument.serviceFormulas.map { context.zh ? $0.zh : $0.en }.joined(separator: "\n") + "\n"
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
