import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: words(zh: "供督查使用的统计报表。", en: "Reports for supervisors."),
        subcommands: [Stages.self, Service.self])

    struct Stages: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "按组织分组：各阶段、各状态的案件数，本年办理情况，各状态停留天数中位数，逾期数。",
                en:
                    "Per organisation group: cases at each stage and state, what happened in the year, median days per state, overdue."
            )
        )
        @Option(help: help(zh: "工作流 id。", en: "Workflow id.")) var workflow: String
        @Option(help: help(zh: "组织（含全部下级）。", en: "Organisation (with its whole subtree).")) var org: String?
        @Option(
            help: help(
                zh: "按案件上级中这一类的组织分组（township、village……，也可写 乡镇、村）。",
                en: "Group by the organisations of this kind above each case (township, village, …)."))
        var by: String?
        @Option(
            help: help(
                zh: "统计哪一年的事件（默认取 --at 所在年份）。", en: "The year whose events are counted (default: the year of --at)."))
        var year: Int?
        @Flag(help: help(zh: "以 CSV 输出到标准输出，每组每个状态一行。", en: "CSV on stdout, one row per group and state."))
        var csv = false
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            _ = try WorkflowCommand.definition(workflow, version: nil, session, context)
            let report: StageReport
            do {
                let span = DocketApp.ReportSpan(
                    organisation: org, groupKind: by, unplaced: context.text(zh: "（其他）", en: "(other)"))
                report = try session.app.stageReport(workflow: workflow, year: year, span, by: session.caller)
            } catch {
                throw context.fail(error)
            }
            if globals.json {
                context.emit(json: ReportDocument.stages(report))
            } else if csv {
                context.emit(ReportDocument.stagesCSV(report, language: context.language))
            } else {
                context.emit(text(report, context))
            }
        }

        private func text(_ report: StageReport, _ context: CommandContext) -> String {
            let d = report.definition
            let lang = context.language
            let finals = d.states.filter(\.isFinal)
            var summary = Table(
                [context.text(zh: "组织", en: "group")] + d.stages.map { $0.title.text(lang) }
                    + finals.map { context.text(zh: "\(report.year)年", en: "\(report.year) ") + $0.title.text(lang) }
                    + [context.text(zh: "逾期", en: "overdue")])
            for g in report.groups {
                summary.add(
                    [g.name] + d.stages.map { String(g.open(in: $0.id, of: d)) }
                        + finals.map { String(g.enteredInYear[$0.id] ?? 0) }
                        + [String(g.overdueCases)])
            }
            var out =
                "\(d.title.text(lang)) · "
                + context.text(
                    zh: "各阶段人数与\(report.year)年办理情况", en: "cases by stage and what happened in \(report.year)") + "\n"
            out += summary.rendered()
            var detail = Table(
                [
                    context.text(zh: "组织", en: "group"), context.text(zh: "状态（步骤）", en: "state (step)"),
                    context.text(zh: "在办", en: "open"),
                    context.text(zh: "本年进入", en: "entered"), context.text(zh: "停留天数中位数", en: "median days"),
                ])
            for g in report.groups {
                for s in d.states where !s.isFinal {
                    let open = g.openByState[s.id] ?? 0
                    let entered = g.enteredInYear[s.id] ?? 0
                    guard open > 0 || entered > 0 || g.medianDays(in: s.id) != nil else { continue }
                    detail.add([
                        g.name, s.title.text(lang), String(open), String(entered),
                        g.medianDays(in: s.id).map(String.init) ?? "—",
                    ])
                }
            }
            out += "\n\n" + detail.rendered()
            return out
        }
    }
}
