import DocketCore
import DocketPresentation

/// `workflow show` for people: stages, states and their events, fields and parameters.
extension WorkflowDescription {
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
}
