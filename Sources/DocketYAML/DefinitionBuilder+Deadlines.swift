import DocketCore
import DocketMessages
import Yams

extension DefinitionBuilder {
    static let deadlineKeys = [
        "id", "title", "title-en", "due", "from", "satisfied-by", "warn", "fires", "set", "when",
    ]
    static let dutyKeys = [
        "id", "title", "title-en", "every", "periods", "from", "done-by", "warn", "fires", "set", "when",
    ]

    /// The `deadlines:` and `duties:` lists of a state.
    func deadlineRules(deadlines: Node?, duties: Node?, state: String) -> [DeadlineRule] {
        var rules: [DeadlineRule] = []
        var index = 0
        for (node, kind) in [(deadlines, DeadlineRule.Kind.deadline), (duties, .duty)] {
            guard let node else { continue }
            guard let sequence = node.sequence else {
                document.report(node, zh: "应为列表", en: "expected a list")
                continue
            }
            for item in sequence {
                let path = ["states", state, "deadlines", String(index)]
                index += 1
                document.remember(item, at: path)
                if let rule = deadlineRule(item, kind: kind, path: path) { rules.append(rule) }
            }
        }
        return rules
    }

    private func deadlineRule(_ item: Node, kind: DeadlineRule.Kind, path: [String]) -> DeadlineRule? {
        let keys = kind == .deadline ? Self.deadlineKeys : Self.dutyKeys
        guard let pairs = document.mapping(item, allowed: keys, what: kind == .deadline ? "deadline" : "duty") else {
            return nil
        }
        let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        for pair in pairs { document.remember(pair.value, at: path + [pair.key]) }
        let dueKey = kind == .deadline ? "due" : "every"
        guard let idNode = map["id"], let id = document.identifier(idNode, what: "id"), let dueNode = map[dueKey] else {
            document.report(item, zh: "需要 id 和 \(dueKey)", en: "needs an 'id' and '\(dueKey)'")
            return nil
        }
        guard let due = durationSource(dueNode, what: dueKey) else { return nil }
        var title = text(map["title"], map["title-en"], what: "title")
        if title.zh.isEmpty { title = LocalizedText(zh: id) }
        var rule = DeadlineRule(id: id, title: title, kind: kind, due: due)
        if let from = map["from"], let text = document.string(from, what: "from") {
            if text == "entered" {
                rule.base = .entered
            } else if text.hasPrefix("last("), text.hasSuffix(")") {
                rule.base = .lastRecord(String(text.dropFirst(5).dropLast()))
            } else if YAMLDocument.isIdentifier(text) {
                rule.base = .field(text)
            } else {
                document.report(
                    from, zh: "from 应为 entered、日期字段或 last(事件)",
                    en: "'from' should be entered, a date field, or last(EVENT)")
            }
        }
        rule.satisfiedBy = (map["satisfied-by"] ?? map["done-by"]).flatMap { document.identifier($0, what: "event") }
        if kind == .duty && rule.satisfiedBy == nil {
            document.report(
                item, zh: "周期性任务需要 done-by（完成它的记录事件）", en: "a duty needs 'done-by': the record event that does it")
        }
        if let node = map["periods"], let text = document.string(node, what: "periods") {
            if let periods = DeadlineRule.DutyPeriods(rawValue: text) {
                rule.periods = periods
            } else {
                document.report(
                    node, zh: "periods 应为 rolling（自上次记录起算）或 calendar（按自然月、季、年）",
                    en:
                        "'periods' should be rolling (from the last record) or calendar (calendar months, quarters, years)"
                )
            }
        }
        rule.warning = map["warn"].flatMap { durationSource($0, what: "warn") }
        rule.fires = map["fires"].flatMap { document.identifier($0, what: "fires") }
        if let set = map["set"], let pairs = document.mapping(set, what: "set") {
            for pair in pairs {
                if let value = document.string(pair.value, what: pair.key) { rule.input[pair.key] = value }
            }
        }
        if let when = map["when"], let source = document.string(when, what: "when") {
            do {
                rule.condition = try RuleExpression(parsing: source)
            } catch {
                let position = YAMLDocument.Position(
                    line: when.mark?.line ?? 1, column: when.mark?.column ?? 1, style: when.scalar?.style)
                let (line, column) = ExpressionPlacement.locate(
                    offset: error.offset, scalarAt: position, lines: document.lines)
                document.report(line: line, column: column, message: error.message)
            }
        }
        return rule
    }

    /// `6 months`, `24 hours`, `1 working day`, or the id of a duration parameter.
    func durationSource(_ node: Node, what: String) -> DurationSource? {
        guard let text = document.string(node, what: what) else { return nil }
        if let duration = CalendarDuration(parsing: text) { return .literal(duration) }
        if YAMLDocument.isIdentifier(text) { return .parameter(text) }
        document.report(
            node, zh: "\(what)「\(text)」应为时长（如 1 month、24 hours、1 working day）或时长参数",
            en:
                "\(what) '\(text)' should be a duration (such as 1 month, 24 hours, 1 working day) or a duration parameter"
        )
        return nil
    }
}
