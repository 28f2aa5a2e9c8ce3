import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketPresentation
import Foundation

/// Supervisors' lists of limits: a table, the JSON of shared/CLI.md, or CSV.
enum DeadlineOutput {
    /// "2026-02-10" for day limits, "2026-11-22T10:30:00+08:00" for hour limits.
    static func due(_ d: ScheduledDeadline, _ zone: DeploymentZone) -> String { CaseDocument.due(d, zone) }

    /// The due day for people, an instant as every table shows one (`2026-11-22 11:30`):
    /// marked when it was counted through a year whose holiday notice is not in the
    /// calendar yet, since it may move when the notice is added.
    static func due(_ d: ScheduledDeadline, _ zone: DeploymentZone, marked language: Language) -> String {
        (d.dueDate?.description ?? zone.formatShort(d.dueAt))
            + (d.provisional ? (language == .zh ? "（暂按周一至周五计算）" : " (provisional: counted Monday to Friday)") : "")
    }

    /// Writes the rows `visit` produces as they come: JSON one per line, CSV, or a table
    /// whose widths are set by its first rows.
    static func emit(
        csv: Bool, _ session: CommandContext.Session, _ context: CommandContext,
        _ visit: ((DeadlineRow, ListNames) throws -> Void) throws -> ListEnd
    ) throws {
        let (now, zone) = (session.now, session.zone)
        // Read before the rows: they are visited inside the list's own transaction.
        let titles = try session.app.latestDefinitions()
        func stateTitle(_ row: DeadlineRow) -> LocalizedText? { titles[row.workflow]?.state(row.state)?.title }
        let fields = DeadlineDocument.fields(stateTitle: stateTitle, now: now, zone: zone)
        // Written row by row: a county's overdue list can run to tens of thousands.
        if context.globals.json {
            var json = StreamedJSONArray(opening: "[")
            _ = try visit { row, _ in
                json.append(DeadlineDocument.json(row, fields))
            }
            json.close(with: "]\n")
            return
        }
        if csv {
            context.emit(CSVDocument.header(fields.map(\.0), language: context.language))
            _ = try visit { row, _ in context.emit(CSVDocument.row(fields.map { $0.1(row) })) }
            return
        }
        let lang = context.language
        var table = StreamedTable(
            context.zh
                ? ["案件", "工作流", "状态", "组织", "承办人", "时限", "到期", "逾期"]
                : ["case", "workflow", "state", "organisation", "assignee", "limit", "due", "overdue by"])
        let end = try visit { row, names in
            let lateText =
                row.deadline.status(at: now) == .overdue
                ? row.deadline.overdueText(at: now, zone: zone, language: lang) : "—"
            table.add([
                row.caseID, row.workflow, stateTitle(row)?.text(lang) ?? row.state,
                ListNames.shown(names.organisation, id: row.organisation),
                row.assignee.map { ListNames.shown(names.assignee, id: $0) } ?? "—",
                row.deadline.title.text(lang), due(row.deadline, zone, marked: lang), lateText,
            ])
        }
        table.finish()
        context.emit(ListFooter.text(end, zh: "项", en: "item(s)", context))
    }

    /// `overdue --counts`: one line per organisation.
    static func emit(_ counts: [OverdueCount], csv: Bool, _ context: CommandContext) {
        if context.globals.json {
            context.emit(
                json: .array(
                    counts.map { count in
                        .object([
                            ("org", .string(count.organisation)), ("name", .string(count.name)),
                            ("overdue", .int(count.count)),
                        ])
                    }))
            return
        }
        if csv {
            let lines =
                [CSVDocument.header(["org", "name", "overdue"], language: context.language)]
                + counts.map { CSVDocument.row([$0.organisation, $0.name, String($0.count)]) }
            context.emit(lines.joined(separator: "\n"))
            return
        }
        var table = Table(context.zh ? ["组织", "名称", "逾期"] : ["organisation", "name", "overdue"])
        for count in counts { table.add([count.organisation, count.name, String(count.count)]) }
        context.emit(table.rendered())
        let total = counts.reduce(0) { $0 + $1.count }
        context.emit(context.text(zh: "共 \(total) 项逾期", en: "\(total) overdue in all"))
    }

}
