/// Adds and closes the items of a case's lists for an event, checking every value.
struct ItemInput {
    let definition: WorkflowDefinition
    let environment: TransitionEnvironment

    /// The case's items after the event, and every problem with the request's items.
    func apply(
        _ event: EventDefinition, request: EventRequest, to items: [String: [CaseItem]], on day: CivilDate
    ) -> (items: [String: [CaseItem]], added: [CaseItem], closed: CaseItem?, problems: [FieldProblem]) {
        var items = items
        var problems: [FieldProblem] = []
        var added: [CaseItem] = []
        var closed: CaseItem?
        if let listID = event.adds, let list = definition.itemList(listID) {
            var existing = items[listID] ?? []
            let prefix = String(listID.prefix(1)).uppercased()
            for (index, raw) in request.items.enumerated() {
                let label = "\(listID)[\(index + 1)]"
                var values: [String: Value] = [:]
                for key in raw.keys.sorted() {
                    guard let field = list.field(key) else {
                        let suggestion = Suggestion.closest(to: key, among: list.fields.map(\.id))
                        problems.append(
                            FieldProblem(
                                field: "\(label).\(key)",
                                kind: .unknown(suggestion: suggestion, accepted: list.fields.map(\.id))))
                        continue
                    }
                    let parser = FieldInput(definition: definition, environment: environment)
                    guard let parsed = FieldInput.value(of: raw[key] ?? "", for: field, zone: environment.zone) else {
                        problems.append(
                            FieldProblem(
                                field: "\(label).\(key)",
                                kind: .malformed(raw: raw[key] ?? "", expected: field.type.inputHint)))
                        continue
                    }
                    let (value, choiceProblem) = FieldInput.choices(in: parsed, of: field)
                    if let problem = choiceProblem ?? parser.validate(value, raw: raw[key] ?? "", of: field) {
                        problems.append(FieldProblem(field: "\(label).\(problem.field)", kind: problem.kind))
                    } else {
                        values[key] = value
                    }
                }
                for field in list.fields where values[field.id] == nil && raw[field.id] == nil {
                    problems.append(FieldProblem(field: "\(label).\(field.id)", kind: .missing))
                }
                let item = CaseItem(id: "\(prefix)\(existing.count + 1)", values: values, addedOn: day)
                existing.append(item)
                added.append(item)
            }
            if request.items.count < event.minimumAdded {
                problems.append(
                    FieldProblem(
                        field: listID,
                        kind: .itemCount(count: request.items.count, minimum: event.minimumAdded, maximum: nil)))
            }
            items[listID] = existing
        } else if !request.items.isEmpty {
            problems.append(FieldProblem(field: "item", kind: .unknown(suggestion: nil, accepted: [])))
        }
        if let listID = event.closes {
            let open = (items[listID] ?? []).filter(\.isOpen).map(\.id)
            if let id = request.input["item"],
                let index = items[listID]?.firstIndex(where: { $0.id == id && $0.isOpen })
            {
                items[listID]?[index].closedOn = day
                closed = items[listID]?[index]
            } else if let id = request.input["item"] {
                problems.append(FieldProblem(field: "item", kind: .notAChoice(raw: id, choices: open)))
            } else {
                problems.append(FieldProblem(field: "item", kind: .missing))
            }
        }
        return (items, added, closed, problems)
    }
}
