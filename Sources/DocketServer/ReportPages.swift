import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation
import Hummingbird

/// 报表: the service report per village or township, its three rates with their
/// formulas, as a table and as a chart drawn on the server (SVG, no script).
extension PageRoutes {
    @Sendable func reportsPage(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, lang) = (app, caller(request, context), context.language)
        let zh = lang == .zh
        let query = request.uri.queryParameters
        let today = app.zone.date(of: caller.now)
        let typedFrom = query.get("from").flatMap { $0.isEmpty ? nil : $0 }
        let typedTo = query.get("to").flatMap { $0.isEmpty ? nil : $0 }
        guard
            let from = typedFrom.map({ CivilDate(typed: $0) })
                ?? CivilDate(year: today.year, month: today.month, day: 1),
            let to = typedTo.map({ CivilDate(typed: $0) }) ?? today, from <= to
        else {
            throw Failure(
                .invalidInput, zh: "起止日期应写作 \(CivilDate.typedForms)，且起不晚于止",
                en: "from and to take dates such as \(CivilDate.typedForms), the first not after the last",
                language: lang)
        }
        let by = query.get("by") == "township" ? "township" : "village"
        let span = DocketApp.ReportSpan(
            organisation: query.get("org").flatMap { $0.isEmpty ? nil : $0 }, groupKind: by,
            unplaced: zh ? "（其他）" : "(other)")
        let (report, _) = try await blocking {
            try app.serviceReport(workflow: "service-request", from: from, to: to, span, by: caller)
        }
        var body = """
            <form method="get" action="/reports" class="inline">\
            <label>\(zh ? "起" : "From") <input type="date" name="from" value="\(from)"></label>\
            <label>\(zh ? "止" : "To") <input type="date" name="to" value="\(to)"></label>\
            <label>\(zh ? "分组" : "By") <select name="by">\
            <option value="village"\(by == "village" ? " selected" : "")>\(zh ? "村" : "village")</option>\
            <option value="township"\(by == "township" ? " selected" : "")>\(zh ? "乡镇" : "township")</option></select></label>\
            <button>\(zh ? "查看" : "Show")</button></form>
            """
        body += "<h2>\(zh ? "群众点单服务" : "Service requests") \(from) – \(to)</h2>"
        func percent(_ rate: Double?) -> String { rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        var rows = ""
        for group in report.groups {
            let f = group.figures
            rows += """
                <tr><td>\(Page.escape(group.name))</td><td>\(f.received)</td><td>\(f.dispatched)</td>\
                <td>\(f.completed)</td><td>\(f.escalated)</td><td>\(percent(f.responseRate))</td>\
                <td>\(percent(f.resolutionRate))</td><td>\(percent(f.satisfactionRate))</td></tr>
                """
        }
        body += Page.table(
            zh
                ? ["组织", "受理", "派单", "办结", "上报", "响应率", "解决率", "满意率"]
                : [
                    "Organisation", "Received", "Dispatched", "Completed", "Escalated", "Response", "Resolution",
                    "Satisfaction",
                ],
            rows)
        body += """
            <p class="empty">\(zh
                ? "响应率 = 时限内派单且时限内接单的件数 ÷ 点单件数；解决率 = 以“已解决”办结的件数 ÷ 办结件数（含未评价办结、驳回）；满意率 = 满意评价 ÷ 全部评价。"
                : "Response rate = dispatched and accepted within their limits ÷ ordered; resolution rate = closed as solved ÷ closed (solved, unrated or rejected); satisfaction rate = satisfied ratings ÷ all ratings.")</p>
            """
        body += "<h2>\(zh ? "受理件数" : "Requests received")</h2>"
        body += BarChart(bars: report.groups.map { ($0.name, Double($0.figures.received)) }).svg
        body += """
            <p><a href="/api/v1/reports/service?from=\(from)&amp;to=\(to)&amp;by=\(by)&amp;format=csv">\(zh
                ? "导出 CSV（Excel 可直接打开）" : "Download CSV (opens in Excel)")</a></p>
            """
        return page(zh ? "报表" : "Reports", body, context).response()
    }
}

/// A horizontal bar chart as SVG: one bar per label, its value written at its end.
struct BarChart {
    var bars: [(label: String, value: Double)]

    var svg: String {
        let rowHeight = 28
        let labelWidth = 160
        let barWidth = 420
        let height = max(rowHeight, bars.count * rowHeight) + 8
        let top = max(1, bars.map(\.value).max() ?? 1)
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 \(labelWidth + barWidth + 60) \(height)" \
            style="max-width:100%;height:auto" font-size="14">
            """
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 4
            let width = Int((bar.value / top) * Double(barWidth))
            let value = bar.value == bar.value.rounded() ? String(Int(bar.value)) : String(format: "%.1f", bar.value)
            out += """
                <text x="\(labelWidth - 6)" y="\(y + 18)" text-anchor="end">\(Page.escape(bar.label))</text>\
                <rect class="bar" x="\(labelWidth)" y="\(y + 4)" width="\(width)" height="\(rowHeight - 10)"></rect>\
                <text x="\(labelWidth + width + 6)" y="\(y + 18)">\(value)</text>
                """
        }
        return out + "</svg>"
    }
}
