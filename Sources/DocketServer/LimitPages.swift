import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketPresentation
import Foundation
import Hummingbird

/// 逾期 and 即将到期: the tree the reader may see with the overdue count at each node,
/// drilling down to the worst cases; a supervisor reaches a township's in two clicks.
extension PageRoutes {
    /// The most rows a list page shows; the JSON API and `?limit=` give more.
    static let pageRows = 100

    @Sendable func overduePage(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, lang) = (app, caller(request, context), context.language)
        let zh = lang == .zh
        let org = request.uri.queryParameters.get("org").flatMap { $0.isEmpty ? nil : $0 }
        let filter = DocketApp.LimitFilter(organisation: org, limit: Self.pageRows)
        let counts = try await blocking { try app.overdueCounts(filter, by: caller) }
        let rows = try await blocking {
            var rows: [DeadlineRow] = []
            try app.eachOverdue(filter, by: caller) { rows.append($0) }
            return rows
        }
        let titles = try await blocking { try app.latestDefinitions() }
        var body = ""
        if let org {
            let (tree, _) = try await blocking { try app.organisationTree(under: nil, by: caller) }
            let crumbs = tree.lineage(of: org).reversed().map { node in
                "<li><a href=\"/overdue?org=\(Page.percent(node.id))\">\(Page.escape(node.name))</a></li>"
            }
            body +=
                "<ol class=\"crumbs\"><li><a href=\"/overdue\">\(zh ? "全部" : "All")</a></li>\(crumbs.joined())</ol>"
        }
        if !counts.isEmpty {
            var countRows = ""
            for count in counts {
                countRows +=
                    "<tr class=\"\(count.count > 0 ? "overdue" : "")\"><td><a href=\"/overdue?org=\(Page.percent(count.organisation))\">\(Page.escape(count.name))</a></td><td>\(count.count)</td></tr>"
            }
            body += "<h2>\(zh ? "各下级组织逾期数" : "Overdue below")</h2>"
            body += Page.table(zh ? ["组织", "逾期"] : ["Organisation", "Overdue"], countRows)
        }
        body += "<h2>\(zh ? "逾期事项（逾期最久的在前）" : "Overdue, most overdue first")</h2>"
        body += limitTable(rows, titles: titles, now: caller.now, lang: lang, overdue: true)
        return page(zh ? "逾期" : "Overdue", body, context).response()
    }

    @Sendable func dueSoonPage(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, lang) = (app, caller(request, context), context.language)
        let zh = lang == .zh
        let org = request.uri.queryParameters.get("org").flatMap { $0.isEmpty ? nil : $0 }
        let filter = DocketApp.LimitFilter(organisation: org, limit: Self.pageRows)
        let within = CalendarDuration(parsing: "7 days")!
        let rows = try await blocking {
            var rows: [DeadlineRow] = []
            try app.eachDueSoon(filter, within: within, by: caller) { rows.append($0) }
            return rows
        }
        let titles = try await blocking { try app.latestDefinitions() }
        let body =
            "<p>\(zh ? "7 天内到期或已进入预警期的事项。" : "Due within 7 days, or in their warning period.")</p>"
            + limitTable(rows, titles: titles, now: caller.now, lang: lang, overdue: false)
        return page(zh ? "即将到期" : "Due soon", body, context).response()
    }

    func limitTable(
        _ rows: [DeadlineRow], titles: [String: WorkflowDefinition], now: Date, lang: Language, overdue: Bool
    ) -> String {
        let zh = lang == .zh
        guard !rows.isEmpty else { return "<p class=\"empty\">\(zh ? "没有。" : "None.")</p>" }
        var html = ""
        for row in rows {
            let definition = titles[row.workflow]
            let state = definition?.state(row.state)?.title.text(lang) ?? row.state
            let late =
                row.deadline.status(at: now) == .overdue
                ? row.deadline.overdueText(at: now, zone: app.zone, language: lang) : "—"
            html += """
                <tr><td><a href="/cases/\(Page.percent(row.caseID))">\(Page.escape(row.caseID))</a></td>\
                <td>\(Page.escape(definition?.title.text(lang) ?? row.workflow))</td><td>\(Page.escape(state))</td>\
                <td>\(Page.escape(app.organisationName(row.organisation) ?? row.organisation))</td>\
                <td>\(Page.escape(row.deadline.title.text(lang)))</td>\
                <td>\(Page.escape(row.deadline.dueDate?.description ?? app.zone.formatShort(row.deadline.dueAt)))</td>\
                <td class="\(overdue ? "overdue" : "")">\(Page.escape(late))</td></tr>
                """
        }
        return Page.table(
            zh
                ? ["案件", "工作流", "状态", "组织", "时限", "到期", "逾期"]
                : ["Case", "Workflow", "State", "Organisation", "Limit", "Due", "Overdue by"], html)
    }
}
