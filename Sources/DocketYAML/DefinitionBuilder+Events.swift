import DocketCore
import DocketMessages
import Yams

extension DefinitionBuilder {
    static let eventKeys = [
        "title", "title-en", "from", "to", "starts", "roles", "fields", "checks", "date-field", "assigns", "unassigns",
        "escalates", "timer-only", "compute", "step", "adds", "min-added", "closes", "enabled-by",
    ]

    func events(_ node: Node?) -> [EventDefinition] {
        entries(node, section: "events").compactMap { entry in
            let path = ["events", entry.id]
            guard let pairs = document.mapping(entry.value, allowed: Self.eventKeys, what: "event") else { return nil }
            let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            for pair in pairs {
                document.remember(pair.value, at: path + [pair.key])
                for item in pair.value.sequence ?? [] {
                    if let text = item.scalar?.string { document.remember(item, at: path + [pair.key, text]) }
                }
            }
            var event = EventDefinition(
                id: entry.id, title: text(map["title"], map["title-en"], what: "title"), source: .states([]))
            if event.title.zh.isEmpty { event.title = LocalizedText(zh: entry.id) }

            let starts = map["starts"].flatMap { document.bool($0, what: "starts") } ?? false
            switch (starts, map["from"]) {
            case (true, let from?):
                document.report(
                    from, zh: "开始事件（starts: true）不能有 from",
                    en: "an event that starts a case (starts: true) has no 'from'")
            case (true, nil):
                event.source = .start
            case (false, nil):
                document.report(
                    entry.keyNode, zh: "事件「\(entry.id)」缺少 from（或 starts: true）",
                    en: "event '\(entry.id)' needs 'from' (or starts: true)")
            case (false, let from?):
                event.source =
                    from.scalar?.string == "any" ? .anyOpen : .states(document.identifiers(from, what: "from"))
            }
            if let to = map["to"] { event.target = target(to, path: path) }
            event.roles = map["roles"].map { document.identifiers($0, what: "roles") } ?? []
            event.fields = map["fields"].map { eventFields($0, path: path) } ?? []
            event.checks = map["checks"].map { checks($0, path: path) } ?? []
            event.dateField = map["date-field"].flatMap { document.identifier($0, what: "date-field") }
            event.assigns = map["assigns"].flatMap { document.identifier($0, what: "assigns") }
            event.unassigns = map["unassigns"].flatMap { document.bool($0, what: "unassigns") } ?? false
            event.movesToParentOrganisation = map["escalates"].flatMap { document.bool($0, what: "escalates") } ?? false
            event.timerOnly = map["timer-only"].flatMap { document.bool($0, what: "timer-only") } ?? false
            event.step = map["step"].flatMap { document.integer($0, what: "step") }
            event.adds = map["adds"].flatMap { document.identifier($0, what: "adds") }
            event.minimumAdded = map["min-added"].flatMap { document.integer($0, what: "min-added") } ?? 0
            event.closes = map["closes"].flatMap { document.identifier($0, what: "closes") }
            event.computes = map["compute"].map { computes($0, path: path) } ?? []
            event.enabledBy = map["enabled-by"].flatMap { document.identifier($0, what: "enabled-by") }
            return event
        }
    }

    /// `to: state`, or a list of `{when: condition, state: id}` branches.
    private func target(_ node: Node, path: [String]) -> EventTarget {
        if node.scalar != nil { return document.identifier(node, what: "to").map(EventTarget.state) ?? .stay }
        guard let sequence = node.sequence else {
            document.report(node, zh: "to 应为状态或分支列表", en: "'to' should be a state or a list of branches")
            return .stay
        }
        var branches: [ConditionalTarget] = []
        for (index, item) in sequence.enumerated() {
            let here = path + ["to", String(index)]
            document.remember(item, at: here)
            guard let pairs = document.mapping(item, allowed: ["when", "state", "escalates"], what: "branch") else {
                continue
            }
            let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            for pair in pairs { document.remember(pair.value, at: here + [pair.key]) }
            guard let stateNode = map["state"], let state = document.identifier(stateNode, what: "state") else {
                document.report(item, zh: "分支缺少 state", en: "a branch needs a 'state'")
                continue
            }
            let condition = map["when"].flatMap { expression($0, what: "when") }
            if map["when"] != nil && condition == nil { continue }
            let escalates = map["escalates"].flatMap { document.bool($0, what: "escalates") } ?? false
            branches.append(ConditionalTarget(condition: condition, state: state, escalates: escalates))
        }
        return .conditional(branches)
    }

    /// `fields: {talker: required, note: optional}` or `fields: [talker, note?]`.
    private func eventFields(_ node: Node, path: [String]) -> [EventField] {
        if let sequence = node.sequence {
            return sequence.compactMap { item in
                guard var name = document.string(item, what: "field") else { return nil }
                let optional = name.hasSuffix("?")
                if optional { name.removeLast() }
                document.remember(item, at: path + ["fields", name])
                guard YAMLDocument.isIdentifier(name) else {
                    document.report(item, zh: "「\(name)」不是有效的字段标识", en: "'\(name)' is not a valid field id")
                    return nil
                }
                return EventField(id: name, required: !optional)
            }
        }
        guard let pairs = document.mapping(node, what: "fields") else { return [] }
        return pairs.compactMap { pair in
            document.remember(pair.keyNode, at: path + ["fields", pair.key])
            switch pair.value.scalar?.string {
            case "required": return EventField(id: pair.key, required: true)
            case "optional": return EventField(id: pair.key, required: false)
            default:
                document.report(pair.value, zh: "应为 required 或 optional", en: "expected 'required' or 'optional'")
                return nil
            }
        }
    }

    /// `compute: [{field: probation-ends, value: "vote-on + 1 year", when: …}]`.
    private func computes(_ node: Node, path: [String]) -> [ComputedField] {
        guard let sequence = node.sequence else {
            document.report(node, zh: "compute 应为列表", en: "'compute' should be a list")
            return []
        }
        var result: [ComputedField] = []
        for (index, item) in sequence.enumerated() {
            let here = path + ["compute", String(index)]
            document.remember(item, at: here)
            guard let pairs = document.mapping(item, allowed: ["field", "value", "when"], what: "compute") else {
                continue
            }
            let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            for pair in pairs { document.remember(pair.value, at: here + [pair.key]) }
            guard let fieldNode = map["field"], let field = document.identifier(fieldNode, what: "field"),
                let valueNode = map["value"]
            else {
                document.report(
                    item, zh: "compute 的每项需要 field 和 value", en: "each computed field needs 'field' and 'value'")
                continue
            }
            guard let value = expression(valueNode, what: "value") else { continue }
            let condition = map["when"].flatMap { expression($0, what: "when") }
            result.append(ComputedField(field: field, expression: value, condition: condition))
        }
        return result
    }

    private func checks(_ node: Node, path: [String]) -> [Check] {
        guard let sequence = node.sequence else {
            document.report(node, zh: "checks 应为列表", en: "'checks' should be a list")
            return []
        }
        var result: [Check] = []
        for (index, item) in sequence.enumerated() {
            let here = path + ["checks", String(index)]
            document.remember(item, at: here)
            guard let pairs = document.mapping(item, allowed: ["rule", "message", "message-en"], what: "check") else {
                continue
            }
            let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            for pair in pairs { document.remember(pair.value, at: here + [pair.key]) }
            guard let ruleNode = map["rule"], map["message"] != nil else {
                document.report(item, zh: "每条检查都需要 rule 和 message", en: "a check needs a 'rule' and a 'message'")
                continue
            }
            guard let expression = expression(ruleNode, what: "rule") else { continue }
            result.append(
                Check(expression: expression, message: text(map["message"], map["message-en"], what: "message")))
        }
        return result
    }

    private func expression(_ node: Node, what: String) -> RuleExpression? {
        guard let source = document.string(node, what: what) else { return nil }
        do {
            return try RuleExpression(parsing: source)
        } catch {
            let position = YAMLDocument.Position(
                line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, style: node.scalar?.style)
            let (line, column) = ExpressionPlacement.locate(
                offset: error.offset, scalarAt: position, lines: document.lines)
            document.report(line: line, column: column, message: error.message)
            return nil
        }
    }
}
