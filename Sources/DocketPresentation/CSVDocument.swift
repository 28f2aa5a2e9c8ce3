public import DocketCore
import Foundation

/// CSV as a spreadsheet opens it, for `--csv` on the command line and `?format=csv` on the
/// server alike: a UTF-8 byte-order mark first (without it Excel reads UTF-8 as the local
/// code page and shows Chinese as mojibake), and a header row in the reader's language.
/// The cells are ids and figures, as in the JSON; scripts that read columns by name ask
/// for English (`--lang en`, `Accept-Language: en`), whose headers are the JSON keys.
public enum CSVDocument {
    public static let byteOrderMark = "\u{FEFF}"

    /// The header row, with the byte-order mark: each column's Chinese title in Chinese
    /// (from ``titles``, or `extra` for columns of a workflow's own), else its key.
    public static func header(_ columns: [String], extra: [String: String] = [:], language: Language) -> String {
        byteOrderMark
            + columns.map { cell(language == .zh ? extra[$0] ?? titles[$0] ?? $0 : $0) }.joined(separator: ",")
    }

    /// A cell, quoted when it holds a comma, a quote or a line break.
    public static func cell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A row of cells.
    public static func row(_ cells: [String]) -> String { cells.map(cell).joined(separator: ",") }

    /// A list's `--json` (an array of objects) as CSV: a column per key of its objects, in
    /// their order; a list of texts in one cell joined by 「；」, a list of objects by their
    /// values joined with `@` (a role `member@dongcun`). `columns` are written first, so
    /// that an empty list still has its header row.
    public static func table(_ json: JSONValue, columns known: [String] = [], language: Language) -> String {
        guard case .array(let items) = json else { return header(known, language: language) }
        var columns = known
        for case .object(let pairs) in items {
            for (key, _) in pairs where !columns.contains(key) { columns.append(key) }
        }
        return ([header(columns, language: language)] + items.map { line($0, columns: columns) }).joined(
            separator: "\n")
    }

    /// One object of a list's JSON as a row of `columns`: what
    /// ``table(_:columns:language:)`` writes for each item, for lists written as they come
    /// (a tick's firings) rather than collected.
    public static func line(_ item: JSONValue, columns: [String]) -> String {
        guard case .object(let pairs) = item else { return row(columns.map { _ in "" }) }
        let values = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
        return row(columns.map { values[$0].map(text) ?? "" })
    }

    /// One cell's text of a JSON value.
    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .string(let s): return s
        case .array(let items):
            return items.map { item in
                if case .object(let pairs) = item { return pairs.map { text($0.1) }.joined(separator: "@") }
                return text(item)
            }.joined(separator: "；")
        default: return value.rendered(pretty: false)
        }
    }

    /// The Chinese titles of the columns the lists and reports write.
    public static let titles: [String: String] = [
        "case": "案件编号", "workflow": "工作流", "version": "版本", "state": "状态", "state_title": "状态名称",
        "org": "组织", "assignee": "承办人", "last_step_on": "最近一步", "updated_at": "更新时间",
        "deadline": "时限", "deadline_title": "时限名称", "due": "到期", "overdue_by": "已逾期", "status": "状况",
        "provisional": "暂按周一至周五计算", "name": "名称", "overdue": "逾期", "group": "组织编号",
        "group_name": "组织名称", "stage": "阶段", "final": "终态", "open": "在办", "entered_in_year": "年内进入",
        "median_days": "停留天数中位数", "group_overdue": "组织逾期案件", "cases": "案件数", "accepted": "已验收",
        "closed": "已结案", "received": "收到", "dispatched": "已派单", "completed": "已办结", "escalated": "已上报",
        "responded_in_time": "按时响应", "response_rate": "响应率", "solved": "已解决", "resolution_rate": "解决率",
        "satisfied": "满意", "ratings": "评价数", "satisfaction_rate": "满意率",
        "median_hours_to_dispatch": "派单用时中位数（小时）", "p90_hours_to_dispatch": "派单用时第90百分位（小时）",
        "median_hours_to_complete": "办结用时中位数（小时）", "p90_hours_to_complete": "办结用时第90百分位（小时）",
        "id": "编号", "roles": "角色", "skills": "技能", "seq": "序号", "at": "时间", "recorded_at": "记录时间",
        "actor": "操作人", "action": "操作", "required_roles": "所需角色", "reason": "原因", "reason_en": "原因（英文）",
        "started_at": "启动时间", "started_by": "启动人", "score": "得分", "grade": "等次", "grade_title": "等次名称",
        "open_case": "在办整顿案件", "rule": "时限规则", "event": "触发事件", "to": "结果状态",
    ]
}
