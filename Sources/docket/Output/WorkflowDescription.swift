import DocketCore
import DocketPresentation

/// A workflow printed for people (`workflow show`) or as the JSON of shared/CLI.md.
enum WorkflowDescription {
    static func json(_ d: WorkflowDefinition, overrides: [String: Value]) -> JSONValue {
        .object([
            ("id", .string(d.id)), ("version", .int(d.version)), ("title", .string(d.title.zh)),
            ("title_en", .string(d.title.en)),
            ("stages", .array(d.stages.map { .object([("id", .string($0.id)), ("title", .string($0.title.zh))]) })),
            (
                "states",
                .array(
                    d.states.map {
                        .object([
                            ("id", .string($0.id)), ("title", .string($0.title.zh)), ("stage", .string($0.stage)),
                            ("final", .bool($0.isFinal)), ("outcome", .string($0.outcome)),
                        ])
                    })
            ),
            (
                "events",
                .array(
                    d.events.map { e in
                        .object([
                            ("id", .string(e.id)), ("title", .string(e.title.zh)), ("from", from(e.source, d)),
                            ("to", .array(e.target.possibleStates.map(JSONValue.string))),
                            ("record", .bool(e.isRecord)),
                            ("roles", .array(e.roles.map(JSONValue.string))),
                            (
                                "fields",
                                .array(
                                    e.fields.map {
                                        .object([("id", .string($0.id)), ("required", .bool($0.required))])
                                    })
                            ),
                            (
                                "checks",
                                .array(
                                    e.checks.map {
                                        .object([
                                            ("rule", .string($0.expression.source)),
                                            ("message", .string($0.message.zh)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
            ("roles", .array(d.roles.map { .object([("id", .string($0.id)), ("title", .string($0.title.zh))]) })),
            ("fields", .array(d.fields.map { field(json: $0, in: d) })),
            (
                "item_lists",
                .array(
                    d.itemLists.map { list in
                        .object([
                            ("id", .string(list.id)), ("title", .string(list.title.zh)),
                            ("title_en", .string(list.title.en)), ("due_field", .string(list.dueField)),
                            ("fields", .array(list.fields.map { field(json: $0, in: nil) })),
                        ])
                    })
            ),
            (
                "parameters",
                .array(
                    d.parameters.map { p in
                        .object([
                            ("id", .string(p.id)), ("title", .string(p.title.zh)), ("title_en", .string(p.title.en)),
                            ("type", .string(p.type.name)),
                            ("default", .string(p.defaultValue.display)),
                            ("value", .string((overrides[p.id] ?? p.defaultValue).display)),
                        ])
                    })
            ),
        ])
    }

    /// A field with everything a clerk or a script needs to give it: its type, its
    /// choices with their titles, its bounds, and the events that require or take it.
    private static func field(json f: FieldDefinition, in d: WorkflowDefinition?) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("id", .string(f.id)), ("title", .string(f.title.zh)), ("title_en", .string(f.title.en)),
            ("type", .string(f.type.name)),
            (
                "choices",
                .array(
                    f.choices.map {
                        .object([
                            ("id", .string($0.id)), ("title", .string($0.title.zh)), ("title_en", .string($0.title.en)),
                        ])
                    })
            ),
        ]
        let c = f.constraints
        if let minimum = c.minimum { pairs.append(("min", .double(minimum))) }
        if let maximum = c.maximum { pairs.append(("max", .double(maximum))) }
        if let minItems = c.minItems { pairs.append(("min_items", .int(minItems))) }
        if let maxItems = c.maxItems { pairs.append(("max_items", .int(maxItems))) }
        if let d {
            let (required, optional) = events(taking: f.id, in: d)
            pairs.append(("required_by", .array(required.map(JSONValue.string))))
            pairs.append(("optional_in", .array(optional.map(JSONValue.string))))
        }
        return .object(pairs)
    }

    /// The events that require the field, and those that take it when given.
    private static func events(taking field: String, in d: WorkflowDefinition) -> (
        required: [String], optional: [String]
    ) {
        var required: [String] = []
        var optional: [String] = []
        for event in d.events {
            guard let use = event.fields.first(where: { $0.id == field }) else { continue }
            if use.required { required.append(event.id) } else { optional.append(event.id) }
        }
        return (required, optional)
    }

    /// A field's type in the reader's words.
    static func typeName(_ type: FieldType, _ language: Language) -> String {
        guard language == .zh else { return type.name }
        switch type {
        case .text: return "文字"
        case .integer: return "整数"
        case .number: return "数值"
        case .boolean: return "是/否"
        case .date: return "日期"
        case .datetime: return "日期时间"
        case .duration: return "时长"
        case .choice: return "选项"
        case .person: return "人员"
        case .organisation: return "组织"
        case .list(let inner): return typeName(inner, language) + "列表"
        }
    }

    /// A field's rows of the text table: its choices as `id（标题）`, its bounds.
    private static func fieldRow(_ f: FieldDefinition, _ language: Language) -> (type: String, values: String) {
        let zh = language == .zh
        var values = f.choices.map { "\($0.id)（\($0.title.text(language))）" }.joined(separator: zh ? "、" : ", ")
        let c = f.constraints
        func number(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        }
        if c.minimum != nil || c.maximum != nil {
            values += (c.minimum.map(number) ?? "") + "–" + (c.maximum.map(number) ?? "")
        }
        if c.minItems != nil || c.maxItems != nil {
            values +=
                (values.isEmpty ? "" : "; ")
                + (zh ? "项数 " : "items ") + (c.minItems.map(String.init) ?? "0") + "–"
                + (c.maxItems.map(String.init) ?? "")
        }
        return (typeName(f.type, language), values)
    }

    private static func from(_ source: EventSource, _ d: WorkflowDefinition) -> JSONValue {
        switch source {
        case .start: return .array([])
        case .states(let ids): return .array(ids.map(JSONValue.string))
        case .anyOpen: return .array(d.states.filter { !$0.isFinal }.map { .string($0.id) })
        }
    }

    static func text(_ d: WorkflowDefinition, overrides: [String: Value], _ language: Language) -> String {
        let zh = language == .zh
        var out = "\(d.title.text(language))  (\(d.id) v\(d.version))\n"
        if let description = d.description { out += description.text(language) + "\n" }
        for stage in d.stages + [StageDefinition(id: "", title: LocalizedText(zh: "（未分阶段）", en: "(no stage)"))] {
            let states = d.states.filter { ($0.stage ?? "") == stage.id }
            if states.isEmpty { continue }
            out +=
                "\n" + (stage.id.isEmpty ? stage.title.text(language) : "\(stage.title.text(language)) [\(stage.id)]")
                + "\n"
            var table = Table(zh ? ["状态", "名称", "可执行事件"] : ["state", "title", "events"])
            for state in states {
                let events = d.events(from: state.id).map { e in
                    e.isRecord ? "\(e.id)↺" : "\(e.id)→\(e.target.possibleStates.joined(separator: "/"))"
                }
                let title =
                    state.isFinal ? state.title.text(language) + (zh ? "（终）" : " (final)") : state.title.text(language)
                table.add([state.id, title, events.joined(separator: " ")])
            }
            out += table.rendered(indent: "  ") + "\n"
        }
        out += "\n" + (zh ? "事件" : "Events") + "\n"
        var events = Table(zh ? ["事件", "名称", "角色", "字段", "检查"] : ["event", "title", "roles", "fields", "checks"])
        for e in d.events {
            let fields = e.fields.map { $0.required ? $0.id : $0.id + "?" }.joined(separator: ",")
            events.add([
                e.id, e.title.text(language), e.roles.joined(separator: ","), fields,
                e.checks.map(\.expression.source).joined(separator: "; "),
            ])
        }
        out += events.rendered(indent: "  ")
        if !d.fields.isEmpty {
            out += "\n\n" + (zh ? "字段（?：选填）" : "Fields (?: optional)") + "\n"
            var fields = Table(
                zh
                    ? ["字段", "名称", "类型", "可选值或范围", "用于事件"]
                    : ["field", "title", "type", "choices or range", "events"])
            for f in d.fields {
                let (type, values) = fieldRow(f, language)
                let (required, optional) = Self.events(taking: f.id, in: d)
                fields.add([
                    f.id, f.title.text(language), type, values,
                    (required + optional.map { $0 + "?" }).joined(separator: ","),
                ])
            }
            out += fields.rendered(indent: "  ")
        }
        for list in d.itemLists {
            out += "\n\n" + (zh ? "条目清单 " : "Item list ") + "\(list.title.text(language)) [\(list.id)]" + "\n"
            var fields = Table(zh ? ["字段", "名称", "类型", "可选值或范围"] : ["field", "title", "type", "choices or range"])
            for f in list.fields {
                let (type, values) = fieldRow(f, language)
                fields.add([
                    f.id + (f.id == list.dueField ? (zh ? "（到期日）" : " (due)") : ""), f.title.text(language), type,
                    values,
                ])
            }
            out += fields.rendered(indent: "  ")
        }
        if !d.parameters.isEmpty {
            out += "\n\n" + (zh ? "参数" : "Parameters") + "\n"
            var params = Table(
                zh ? ["参数", "名称", "类型", "默认值", "本地设定"] : ["parameter", "title", "type", "default", "deployment"])
            for p in d.parameters {
                params.add([
                    p.id, p.title.text(language), typeName(p.type, language), p.defaultValue.display,
                    overrides[p.id]?.display ?? "—",
                ])
            }
            out += params.rendered(indent: "  ")
        }
        return out
    }
}
