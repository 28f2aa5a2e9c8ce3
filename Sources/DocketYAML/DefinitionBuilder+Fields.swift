import DocketCore
import DocketMessages
import Yams

extension DefinitionBuilder {
    static let fieldKeys = [
        "type", "title", "title-en", "choices", "min", "max", "pattern", "min-items", "max-items", "person-status",
        "person-role", "unit", "aliases",
    ]

    /// `items: {measures: {title, fields: {…}, due-field: due}}`.
    func itemLists(_ node: Node?) -> [ItemListDefinition] {
        entries(node, section: "items").compactMap { entry in
            guard
                let pairs = document.mapping(
                    entry.value, allowed: ["title", "title-en", "fields", "due-field"], what: "item list")
            else { return nil }
            let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            for pair in pairs { document.remember(pair.value, at: ["items", entry.id, pair.key]) }
            var title = text(map["title"], map["title-en"], what: "title")
            if title.zh.isEmpty { title = LocalizedText(zh: entry.id) }
            return ItemListDefinition(
                id: entry.id, title: title, fields: fields(map["fields"], section: "items/\(entry.id)/fields"),
                dueField: map["due-field"].flatMap { document.identifier($0, what: "due-field") })
        }
    }

    func fields(_ node: Node?, section: String = "fields") -> [FieldDefinition] {
        entries(node, section: section).compactMap { entry in
            guard let pairs = document.mapping(entry.value, allowed: Self.fieldKeys, what: "field") else { return nil }
            let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            for pair in pairs { document.remember(pair.keyNode, at: [section, entry.id, pair.key]) }
            guard let typeNode = map["type"] else {
                document.report(entry.keyNode, zh: "字段「\(entry.id)」缺少 type", en: "field '\(entry.id)' has no type")
                return nil
            }
            guard let type = type(typeNode) else {
                document.poisoned.insert(entry.id)
                return FieldDefinition(id: entry.id, title: LocalizedText(zh: entry.id), type: .text)
            }
            var field = FieldDefinition(
                id: entry.id, title: text(map["title"], map["title-en"], what: "title"), type: type)
            if field.title.zh.isEmpty { field.title = LocalizedText(zh: entry.id) }
            if let choices = map["choices"] {
                field.choices = titled(choices, section: "fields/\(entry.id)/choices").map {
                    FieldDefinition.Choice(id: $0.id, title: $0.title)
                }
            }
            field.constraints = FieldConstraints(
                minimum: map["min"].flatMap { document.number($0, what: "min") },
                maximum: map["max"].flatMap { document.number($0, what: "max") },
                pattern: map["pattern"].flatMap { document.string($0, what: "pattern") },
                minItems: map["min-items"].flatMap { document.integer($0, what: "min-items") },
                maxItems: map["max-items"].flatMap { document.integer($0, what: "max-items") },
                personStatus: map["person-status"].flatMap { node in
                    let raw = document.string(node, what: "person-status") ?? ""
                    guard let status = Person.Status(rawValue: raw) else {
                        document.report(
                            node, zh: "person-status 应为 full、probationary 或 none",
                            en: "person-status should be full, probationary or none")
                        return nil
                    }
                    return status
                },
                personRole: map["person-role"].flatMap { document.identifier($0, what: "person-role") })
            if let node = map["person-role"], field.constraints.personRole != nil {
                let element: FieldType = if case .list(let inner) = type { inner } else { type }
                if element != .person {
                    document.report(node, zh: "只有人员字段才能有 person-role", en: "only person fields have person-role")
                }
                document.remember(node, at: [section, entry.id, "person-role"])
            }
            if let node = map["unit"], let word = document.string(node, what: "unit") {
                if type != .duration {
                    document.report(node, zh: "只有时长字段才能有 unit", en: "only duration fields have a unit")
                } else if CalendarDuration.unit(named: word) == .months {
                    field.constraints.durationUnit = .months
                } else {
                    document.report(node, zh: "unit 目前只能是 months（月）", en: "unit can only be months for now")
                }
            }
            if let node = map["aliases"] {
                field.aliases = document.identifiers(node, what: "aliases")
                document.remember(node, at: [section, entry.id, "aliases"])
            }
            for key in ["min-items", "max-items"] where map[key] != nil && !type.isList {
                document.report(map[key] ?? typeNode, zh: "只有列表字段才能有 \(key)", en: "only list fields have \(key)")
            }
            return field
        }
    }

    func type(_ node: Node) -> FieldType? {
        guard let name = document.string(node, what: "type") else { return nil }
        guard let type = FieldType(name: name) else {
            let names = FieldType.scalarNames.keys.sorted()
            let hint = Suggestion.closest(to: name, among: names)
            document.report(
                node,
                zh: "未知类型「\(name)」" + (hint.map { "；是否应为「\($0)」？" } ?? "")
                    + "（可用：\(names.joined(separator: ", "))，或 list of X）",
                en: "unknown type '\(name)'" + (hint.map { "; did you mean '\($0)'?" } ?? "")
                    + " (types: \(names.joined(separator: ", ")), or list of X)")
            return nil
        }
        return type
    }

    func parameters(_ node: Node?) -> [ParameterDefinition] {
        entries(node, section: "parameters").compactMap { entry in
            guard
                let pairs = document.mapping(
                    entry.value, allowed: ["type", "default", "title", "title-en"], what: "parameter")
            else { return nil }
            let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            guard let typeNode = map["type"], let defaultNode = map["default"] else {
                document.report(
                    entry.keyNode, zh: "参数「\(entry.id)」需要 type 和 default",
                    en: "parameter '\(entry.id)' needs a type and a default")
                return nil
            }
            guard let type = type(typeNode), let value = value(defaultNode, of: type, what: "default") else {
                document.poisoned.insert(entry.id)
                return ParameterDefinition(
                    id: entry.id, title: LocalizedText(zh: entry.id), type: .text, defaultValue: .text(""))
            }
            var title = text(map["title"], map["title-en"], what: "title")
            if title.zh.isEmpty { title = LocalizedText(zh: entry.id) }
            return ParameterDefinition(id: entry.id, title: title, type: type, defaultValue: value)
        }
    }

    /// A value written in YAML for a given type (a scalar, or a list for list types).
    func value(_ node: Node, of type: FieldType, what: String) -> Value? {
        if case .list(let inner) = type, let sequence = node.sequence {
            let items = sequence.compactMap { value($0, of: inner, what: what) }
            return items.count == sequence.count ? .list(items) : nil
        }
        guard let raw = document.string(node, what: what) else { return nil }
        guard let parsed = type.parse(raw, zone: .shanghai) else {
            document.report(
                node, zh: "\(what)「\(raw)」格式不对（应为\(type.inputHint.zh)）",
                en: "\(what) '\(raw)' is not a \(type.name) (expected \(type.inputHint.text(.en)))")
            return nil
        }
        return parsed
    }
}
