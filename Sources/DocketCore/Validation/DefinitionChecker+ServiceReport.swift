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
            problems.append(undefined(.event, event, among: events, at: path + [key]))
        }
        for event in report.escalate where !events.contains(event) {
            problems.append(undefined(.event, event, among: events, at: path + ["escalate", event]))
        }

        let fields = definition.fields.map(\.id)
        for (key, id, types) in [
            ("category", report.category, [FieldType.choice, .text]), ("urgency", report.urgency, [.choice, .text]),
            ("rating", report.rating, [.integer]),
        ] {
            guard let field = definition.field(id) else {
                problems.append(undefined(.field, id, among: fields, at: path + [key]))
                continue
            }
            if !types.contains(field.type) {
                problems.append(
                    .init(
                        path: path + [key], .reportFieldType(key: key, field: id, expected: types, actual: field.type)))
            }
        }
        if let rate = definition.event(report.rate), definition.field(report.rating)?.type == .integer,
            !rate.fields.contains(where: { $0.id == report.rating })
                && !rate.computes.contains(where: { $0.field == report.rating })
        {
            problems.append(
                .init(path: path + ["rating"], .rateEventWithoutRating(event: rate.id, field: report.rating)))
        }

        for (key, id) in [("unsatisfied-from", Optional(report.unsatisfiedFrom)), ("max-reopens", report.maxReopens)] {
            guard let id else { continue }
            check(parameter: id, is: .integer, at: path + [key], &problems)
        }
        if report.maxReopens == nil, let rate = definition.event(report.rate),
            case .conditional(let branches) = rate.target, branches.contains(where: \.escalates)
        {
            problems.append(.init(path: path, .escalationWithoutMaxReopens(event: rate.id)))
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
                        problems.append(.init(path: path + [key], .limitNamesNone(key: key)))
                    }
                    continue
                }
                let choices = urgency.choices.map(\.id)
                for choice in ids.keys.sorted() where !choices.contains(choice) {
                    problems.append(.init(path: path + [key, choice], .notAnUrgency(choice, field: urgency.id)))
                }
                let uncovered = choices.filter { ids[$0] == nil }
                if !uncovered.isEmpty {
                    problems.append(.init(path: path + [key], .urgenciesUncovered(key: key, choices: uncovered)))
                }
            }
        }
    }

    private func check(
        parameter id: String, is type: FieldType, at path: [String], _ problems: inout [DefinitionProblem]
    ) {
        guard let parameter = definition.parameter(id) else {
            problems.append(undefined(.parameter, id, among: definition.parameters.map(\.id), at: path))
            return
        }
        if parameter.type != type {
            let key = path.dropFirst().first ?? ""
            problems.append(
                .init(
                    path: path, .reportParameterType(key: key, parameter: id, expected: type, actual: parameter.type)))
        }
    }
}
