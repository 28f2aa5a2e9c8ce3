import DocketCore

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
            (
                "fields",
                .array(
                    d.fields.map {
                        .object([
                            ("id", .string($0.id)), ("title", .string($0.title.zh)), ("type", .string($0.type.name)),
                        ])
                    })
            ),
            (
                "parameters",
                .array(
                    d.parameters.map { p in
                        .object([
                            ("id", .string(p.id)), ("type", .string(p.type.name)),
                            ("default", .string(p.defaultValue.display)),
                            ("value", .string((overrides[p.id] ?? p.defaultValue).display)),
                        ])
                    })
            ),
        ])
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
        if !d.parameters.isEmpty {
            out += "\n\n" + (zh ? "参数" : "Parameters") + "\n"
            var params = Table(
                zh ? ["参数", "名称", "类型", "默认值", "本地设定"] : ["parameter", "title", "type", "default", "deployment"])
            for p in d.parameters {
                params.add([
                    p.id, p.title.text(language), p.type.name, p.defaultValue.display, overrides[p.id]?.display ?? "—",
                ])
            }
            out += params.rendered(indent: "  ")
        }
        return out
    }
}
