import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation
import Hummingbird

/// 报表: the service report per village or township, its three rates with their
/// formulas, and the stage report of a workflow (发展党员 by default): each as a table, as
/// a chart drawn on the server (SVG, no script), and as CSV to open in Excel.
extension PageRoutes {
    @Sendable func reportsPage(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, lang) = (app, caller(request, context), context.language)
        let zh = lang == .zh
        let query = request.uri.queryParameters
        // A form's field left empty is sent empty: on a page that means "the default".
        func typed(_ key: String) -> String? { query.get(key).flatMap { $0.isEmpty ? nil : $0 } }
        let period = try ReportPeriod(
            from: typed("from"), to: typed("to"), today: app.zone.date(of: caller.now), language: lang)
        let year = try ReportPeriod.year(typed("year"), lang)
        let (from, to) = (period.from, period.to)
        let by = query.get("by") == "township" ? "township" : "village"
        let span = DocketApp.ReportSpan(
            organisation: typed("org"), groupKind: by, unplaced: APIRoutes.unplaced(lang))
        let (report, _) = try await blocking {
            try app.serviceReport(workflow: "service-request", from: from, to: to, span, by: caller)
        }
        let deployed = try await blocking { try app.deployedWorkflows(by: caller) }
        // 发展党员 unless another workflow is asked for (or it is not deployed here).
        let workflow =
            typed("workflow") ?? deployed.first { $0.id == "member-development" }?.id ?? deployed.first?.id
        var stages: StageReport?
        if let workflow {
            stages = try await blocking { try app.stageReport(workflow: workflow, year: year, span, by: caller) }
        }
        func byOptions() -> String {
            """
            <label>\(zh ? "分组" : "By") <select name="by">\
            <option value="village"\(by == "village" ? " selected" : "")>\(zh ? "村" : "village")</option>\
            <option value="township"\(by == "township" ? " selected" : "")>\(zh ? "乡镇" : "township")</option></select></label>
            """
        }
        func hidden(_ key: String, _ value: String?) -> String {
            value.map { "<input type=\"hidden\" name=\"\(key)\" value=\"\(Page.escape($0))\">" } ?? ""
        }

        var body = """
            <form method="get" action="/reports" class="inline">\
            <label>\(zh ? "起" : "From") <input type="date" name="from" value="\(from)"></label>\
            <label>\(zh ? "止" : "To") <input type="date" name="to" value="\(to)"></label>\(byOptions())\
            \(hidden("workflow", typed("workflow")))\(hidden("year", typed("year")))\
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

        if let stages {
            var choices = ""
            for deployed in deployed {
                choices +=
                    "<option value=\"\(Page.escape(deployed.id))\"\(deployed.id == stages.definition.id ? " selected" : "")>\(Page.escape(deployed.title.text(lang)))</option>"
            }
            body += """
                <h2 id="stages">\(zh ? "各阶段报表" : "Stage report")</h2>\
                <form method="get" action="/reports#stages" class="inline">\
                <label>\(zh ? "工作流" : "Workflow") <select name="workflow">\(choices)</select></label>\
                <label>\(zh ? "年度" : "Year") <input type="number" name="year" min="1" max="9999" value="\(stages.year)"></label>\
                \(byOptions())\(hidden("from", typed("from")))\(hidden("to", typed("to")))\
                <button>\(zh ? "查看" : "Show")</button></form>
                """
            body += StageReportView(report: stages, language: lang).html
            body += """
                <p><a href="/api/v1/reports/stages?workflow=\(Page.percent(stages.definition.id))&amp;year=\(stages.year)&amp;by=\(by)&amp;format=csv">\(zh
                    ? "导出 CSV（Excel 可直接打开）" : "Download CSV (opens in Excel)")</a></p>
                """
        }
        return page(zh ? "报表" : "Reports", body, context).response()
    }
}

/// The stage report as `report stages` prints it, for a page: per group the open cases
/// at each stage, what ended in each final state in the year and the cases overdue; a
/// chart of the open cases by stage; and, folded, each state's open cases, entries in the
/// year and median days.
struct StageReportView {
    var report: StageReport
    var language: Language

    var html: String {
        let zh = language == .zh
        let d = report.definition
        let finals = d.states.filter(\.isFinal)
        var out =
            "<h3>\(Page.escape(d.title.text(language))) · \(zh ? "各阶段人数与\(report.year)年办理情况" : "cases by stage and what happened in \(report.year)")</h3>"
        guard !report.groups.isEmpty else {
            return out + "<p class=\"empty\">\(zh ? "没有案件。" : "No cases.")</p>"
        }
        var rows = ""
        for g in report.groups {
            let cells =
                d.stages.map { String(g.open(in: $0.id, of: d)) } + finals.map { String(g.enteredInYear[$0.id] ?? 0) }
                + [String(g.overdueCases)]
            rows += "<tr><td>\(Page.escape(g.name))</td>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
        }
        out += Page.table(
            [zh ? "组织" : "Group"] + d.stages.map { $0.title.text(language) }
                + finals.map { (zh ? "\(report.year)年" : "\(report.year) ") + $0.title.text(language) }
                + [zh ? "逾期" : "Overdue"], rows)
        out += "<h3>\(zh ? "各阶段在办人数" : "Open cases by stage")</h3>"
        out +=
            StackedBarChart(
                bars: report.groups.map { g in (g.name, d.stages.map { g.open(in: $0.id, of: d) }) },
                legend: d.stages.map { $0.title.text(language) }
            ).svg
        var detail = ""
        for g in report.groups {
            for s in d.states where !s.isFinal {
                let open = g.openByState[s.id] ?? 0
                let entered = g.enteredInYear[s.id] ?? 0
                let median = g.medianDays(in: s.id)
                guard open > 0 || entered > 0 || median != nil else { continue }
                detail += """
                    <tr><td>\(Page.escape(g.name))</td><td>\(Page.escape(s.title.text(language)))</td>\
                    <td>\(open)</td><td>\(entered)</td><td>\(median.map(String.init) ?? "—")</td></tr>
                    """
            }
        }
        out += "<details><summary>\(zh ? "各状态明细" : "By state")</summary>"
        out += Page.table(
            zh
                ? ["组织", "状态（步骤）", "在办", "本年进入", "停留天数中位数"]
                : ["Group", "State (step)", "Open", "Entered", "Median days"], detail)
        return out + "</details>"
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

/// Horizontal bars made of segments (a group's open cases at each stage), each segment's
/// colour named in a legend, the bar's total written at its end.
struct StackedBarChart {
    var bars: [(label: String, values: [Int])]
    var legend: [String]

    /// Colours told apart in print and by most readers with a colour deficiency.
    static let colours = ["#b3261e", "#e8a33d", "#3b7dd8", "#1b7f3b", "#7b4bb7", "#5f6368", "#d45087", "#2aa198"]

    var svg: String {
        // Narrower than `BarChart`: on a phone the drawing shrinks to the screen's width,
        // and the stage names of the legend must stay readable.
        let rowHeight = 28
        let labelWidth = 110
        let barWidth = 240
        let legendHeight = 24 * legend.count
        let height = max(rowHeight, bars.count * rowHeight) + 8 + legendHeight
        let top = max(1, bars.map { $0.values.reduce(0, +) }.max() ?? 1)
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 \(labelWidth + barWidth + 60) \(height)" \
            style="max-width:100%;height:auto" font-size="14">
            """
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 4
            var x = labelWidth
            out += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 18)\" text-anchor=\"end\">\(Page.escape(bar.label))</text>"
            for (segment, value) in bar.values.enumerated() where value > 0 {
                let width = max(1, Int(Double(value) / Double(top) * Double(barWidth)))
                out +=
                    "<rect x=\"\(x)\" y=\"\(y + 4)\" width=\"\(width)\" height=\"\(rowHeight - 10)\" fill=\"\(Self.colour(segment))\"><title>\(Page.escape(legend.indices.contains(segment) ? legend[segment] : "")) \(value)</title></rect>"
                x += width
            }
            out += "<text x=\"\(x + 6)\" y=\"\(y + 18)\">\(bar.values.reduce(0, +))</text>"
        }
        let legendTop = max(rowHeight, bars.count * rowHeight) + 8
        for (index, name) in legend.enumerated() {
            let y = legendTop + index * 24
            out += """
                <rect x="\(labelWidth)" y="\(y + 4)" width="14" height="14" fill="\(Self.colour(index))"></rect>\
                <text x="\(labelWidth + 20)" y="\(y + 16)">\(Page.escape(name))</text>
                """
        }
        return out + "</svg>"
    }

    static func colour(_ index: Int) -> String { colours[index % colours.count] }
}
