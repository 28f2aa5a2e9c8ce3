extension DefinitionChecker {
    /// The `service-report` section: every event, field and parameter it names exists and
    /// has the type the report reads it as.
    func checkServiceReport(_ problems: inout [DefinitionProblem]) {
        guard let report = definition.serviceReport else { return }
        let path = ["service-report"]
        let events = definition.events.map(\.id)
        for (key, event) in [
            ("dispatch", report.dispatch), ("accept", report.accept), ("complete", report.complete),
            ("rate", report.rate),
        ] where !events.contains(event) {
            problems.append(undefined("event", event, among: events, at: path + [key]))
        }
        for event in report.escalate where !events.contains(event) {
            problems.append(undefined("event", event, among: events, at: path + ["escalate", event]))
        }

        let fields = definition.fields.map(\.id)
        for (key, id, types) in [
            ("category", report.category, [FieldType.choice, .text]), ("urgency", report.urgency, [.choice, .text]),
            ("rating", report.rating, [.integer]),
        ] {
            guard let field = definition.field(id) else {
                problems.append(undefined("field", id, among: fields, at: path + [key]))
                continue
            }
            if !types.contains(field.type) {
                let (zh, en) = types == [.integer] ? ("整数字段", "an integer field") : ("枚举或文字字段", "an enum or text field")
                problems.append(
                    .init(
                        path: path + [key], zh: "\(key)「\(id)」必须是\(zh)",
                        en: "\(key) '\(id)' must be \(en), not \(field.type.name)"))
            }
        }
        if let rate = definition.event(report.rate), definition.field(report.rating)?.type == .integer,
            !rate.fields.contains(where: { $0.id == report.rating })
                && !rate.computes.contains(where: { $0.field == report.rating })
        {
            problems.append(
                .init(
                    path: path + ["rating"], zh: "评价事件「\(rate.id)」不记录字段「\(report.rating)」",
                    en: "the rate event '\(rate.id)' does not record the field '\(report.rating)'"))
        }

        for (key, id) in [("unsatisfied-from", Optional(report.unsatisfiedFrom)), ("max-reopens", report.maxReopens)] {
            guard let id else { continue }
            check(parameter: id, is: .integer, at: path + [key], &problems)
        }
        if report.maxReopens == nil, let rate = definition.event(report.rate),
            case .conditional(let branches) = rate.target, branches.contains(where: \.escalates)
        {
            problems.append(
                .init(
                    path: path, zh: "评价事件「\(rate.id)」可能上报（分支有 escalates: true）：请用 max-reopens 指明限定重办次数的参数",
                    en:
                        "the rate event '\(rate.id)' can escalate (a branch has escalates: true): name the parameter that bounds the reopenings with max-reopens"
                ))
        }

        for (key, limit) in [("dispatch-within", report.dispatchWithin), ("accept-within", report.acceptWithin)] {
            switch limit {
            case .parameter(let id):
                check(parameter: id, is: .duration, at: path + [key], &problems)
            case .byUrgency(let ids):
                for choice in ids.keys.sorted() {
                    check(
                        parameter: ids[choice] ?? "", is: .duration, at: path + [key, choice, "parameter"], &problems)
                }
                guard let urgency = definition.field(report.urgency), urgency.type == .choice else {
                    if ids.isEmpty {
                        problems.append(
                            .init(path: path + [key], zh: "\(key) 没有给出任何时限", en: "\(key) names no limit"))
                    }
                    continue
                }
                let choices = urgency.choices.map(\.id)
                for choice in ids.keys.sorted() where !choices.contains(choice) {
                    problems.append(
                        .init(
                            path: path + [key, choice], zh: "「\(choice)」不是紧急程度「\(urgency.id)」的可选值",
                            en: "'\(choice)' is not a choice of the urgency field '\(urgency.id)'"))
                }
                let uncovered = choices.filter { ids[$0] == nil }
                if !uncovered.isEmpty {
                    problems.append(
                        .init(
                            path: path + [key], zh: "\(key) 缺少紧急程度「\(uncovered.joined(separator: "」「"))」的时限",
                            en:
                                "\(key) has no limit for the urgency \(uncovered.map { "'\($0)'" }.joined(separator: ", "))"
                        ))
                }
            }
        }
    }

    private func check(
        parameter id: String, is type: FieldType, at path: [String], _ problems: inout [DefinitionProblem]
    ) {
        guard let parameter = definition.parameter(id) else {
            problems.append(undefined("parameter", id, among: definition.parameters.map(\.id), at: path))
            return
        }
        if parameter.type != type {
            let key = path.dropFirst().first ?? ""
            let (zh, en) = type == .integer ? ("整数", "an integer") : ("时长", "a duration")
            problems.append(
                .init(
                    path: path, zh: "\(key)「\(id)」必须是\(zh)参数",
                    en: "\(key) '\(id)' must be \(en) parameter, not \(parameter.type.name)"))
        }
    }
}
