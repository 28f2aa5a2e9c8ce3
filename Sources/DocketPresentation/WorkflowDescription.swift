public import DocketCore

/// A workflow printed for people (`workflow show`) or as the JSON of shared/CLI.md.
public enum WorkflowDescription {
    public static func json(_ d: WorkflowDefinition, overrides: [String: Value]) -> JSONValue {
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
    public static func events(taking field: String, in d: WorkflowDefinition) -> (
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
    public static func typeName(_ type: FieldType, _ language: Language) -> String {
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

    private static func from(_ source: EventSource, _ d: WorkflowDefinition) -> JSONValue {
        switch source {
        case .start: return .array([])
        case .states(let ids): return .array(ids.map(JSONValue.string))
        case .anyOpen: return .array(d.states.filter { !$0.isFinal }.map { .string($0.id) })
        }
    }
}
