/// Decides whether a workflow definition is coherent, and reports every problem at once.
///
/// It checks that every state, stage, field, event, role and parameter an element refers
/// to exists; that every check and condition type-checks; that there is a way to start a
/// case; that every state can be reached; and that no open state is a dead end.
public struct DefinitionChecker: Sendable {
    public let definition: WorkflowDefinition

    public init(_ definition: WorkflowDefinition) { self.definition = definition }

    public func problems() -> [DefinitionProblem] {
        var problems: [DefinitionProblem] = []
        checkNames(&problems)
        checkStates(&problems)
        checkFields(&problems)
        checkItemLists(&problems)
        for event in definition.events { check(event, &problems) }
        checkGraph(&problems)
        checkServiceReport(&problems)
        return problems
    }

    private func checkNames(_ problems: inout [DefinitionProblem]) {
        for (kind, ids) in [
            ("states", definition.states.map(\.id)), ("events", definition.events.map(\.id)),
            ("fields", definition.fields.map(\.id)), ("parameters", definition.parameters.map(\.id)),
            ("roles", definition.roles.map(\.id)), ("stages", definition.stages.map(\.id)),
        ] {
            var seen = Set<String>()
            for id in ids where !seen.insert(id).inserted {
                problems.append(.init(path: [kind, id], .duplicateID(id)))
            }
        }
        let fieldIDs = Set(definition.fields.map(\.id))
        for parameter in definition.parameters where fieldIDs.contains(parameter.id) || parameter.id == "actor" {
            problems.append(.init(path: ["parameters", parameter.id], .parameterNamedLikeField(parameter.id)))
        }
        if definition.fields.contains(where: { $0.id == "actor" }) {
            problems.append(.init(path: ["fields", "actor"], .reservedActor))
        }
    }

    private func checkStates(_ problems: inout [DefinitionProblem]) {
        let stages = definition.stages.map(\.id)
        for state in definition.states {
            if let stage = state.stage, !stages.contains(stage) {
                problems.append(undefined(.stage, stage, among: stages, at: ["states", state.id, "stage"]))
            }
            var seen = Set<String>()
            for (index, rule) in state.deadlines.enumerated() {
                let path = ["states", state.id, "deadlines", String(index)]
                if !seen.insert(rule.id).inserted {
                    problems.append(.init(path: path + ["id"], .duplicateDeadlineID(rule.id)))
                }
                check(rule, in: state, at: path, &problems)
            }
        }
    }

    private func check(
        _ rule: DeadlineRule, in state: StateDefinition, at path: [String], _ problems: inout [DefinitionProblem]
    ) {
        let events = definition.events.map(\.id)
        let fromHere = definition.events(from: state.id).map(\.id)
        for (key, source) in [(rule.kind == .deadline ? "due" : "every", Optional(rule.due)), ("warn", rule.warning)] {
            guard case .parameter(let name)? = source else { continue }
            guard let parameter = definition.parameter(name) else {
                problems.append(undefined(.parameter, name, among: definition.parameters.map(\.id), at: path + [key]))
                continue
            }
            if parameter.type != .duration {
                problems.append(.init(path: path + [key], .limitParameterNotDuration(name, type: parameter.type)))
            }
        }
        if rule.periods == .calendar {
            // A calendar period must tile the year: 1, 2, 3, 4, 6 or 12 months, or a year.
            let tiles: Bool
            switch rule.due {
            case .literal(let d): tiles = CalendarPeriod(d) != nil
            case .parameter: tiles = true // checked when the limit is worked out
            }
            if !tiles {
                problems.append(.init(path: path + ["every"], .periodNotTilingYear))
            }
        }
        switch rule.base {
        case .entered: break
        case .field(let field):
            if let f = definition.field(field) {
                if f.type != .date {
                    problems.append(.init(path: path + ["from"], .baseNotDate(field)))
                }
            } else {
                problems.append(undefined(.field, field, among: definition.fields.map(\.id), at: path + ["from"]))
            }
        case .lastRecord(let event):
            if !events.contains(event) {
                problems.append(undefined(.event, event, among: events, at: path + ["from"]))
            }
        }
        if let event = rule.satisfiedBy, !events.contains(event) {
            problems.append(
                undefined(
                    .event, event, among: events, at: path + [rule.kind == .deadline ? "satisfied-by" : "done-by"]))
        }
        if let event = rule.fires {
            if !events.contains(event) {
                problems.append(undefined(.event, event, among: events, at: path + ["fires"]))
            } else if !fromHere.contains(event) {
                problems.append(.init(path: path + ["fires"], .timerEventNotPossible(event: event, state: state.id)))
            } else if let fired = definition.event(event) {
                let given = Set(rule.input.keys)
                for field in fired.fields where field.required && !given.contains(field.id) {
                    problems.append(.init(path: path + ["fires"], .timerMissingField(event: event, field: field.id)))
                }
            }
        }
        if let condition = rule.condition {
            do {
                try ExpressionTypeChecker(scope: ExpressionScope(definition: definition)).checkCondition(condition.root)
            } catch {
                problems.append(DefinitionProblem(path: path + ["when"], error))
            }
        }
    }

    private func checkItemLists(_ problems: inout [DefinitionProblem]) {
        let names = Set(definition.fields.map(\.id) + definition.parameters.map(\.id))
        for list in definition.itemLists {
            if names.contains(list.id) {
                problems.append(.init(path: ["items", list.id], .itemListNamedLikeField(list.id)))
            }
            if let due = list.dueField, list.field(due)?.type != .date {
                problems.append(.init(path: ["items", list.id, "due-field"], .itemDueFieldNotDate(due)))
            }
        }
    }

    private func checkFields(_ problems: inout [DefinitionProblem]) {
        for field in definition.fields {
            let isChoice = field.type == .choice || field.type == .list(.choice)
            if isChoice && field.choices.isEmpty {
                problems.append(.init(path: ["fields", field.id, "type"], .choicesMissing(field: field.id)))
            }
            if !isChoice && !field.choices.isEmpty {
                problems.append(.init(path: ["fields", field.id, "choices"], .choicesWithoutEnum))
            }
            let c = field.constraints
            if let lo = c.minimum, let hi = c.maximum, lo > hi {
                problems.append(.init(path: ["fields", field.id, "min"], .minimumAboveMaximum))
            }
            if let lo = c.minItems, let hi = c.maxItems, lo > hi {
                problems.append(.init(path: ["fields", field.id, "min-items"], .minItemsAboveMaxItems))
            }
            if let pattern = c.pattern, (try? Regex(pattern)) == nil {
                problems.append(.init(path: ["fields", field.id, "pattern"], .invalidPattern(pattern)))
            }
            for alias in field.aliases
            where definition.fields.contains(where: {
                $0.id == alias || ($0.id != field.id && $0.aliases.contains(alias))
            }) {
                problems.append(.init(path: ["fields", field.id, "aliases"], .aliasTaken(alias)))
            }
            let roles = definition.roles.map(\.id)
            if let role = c.personRole, !roles.contains(role) {
                problems.append(undefined(.role, role, among: roles, at: ["fields", field.id, "person-role"]))
            }
        }
    }

    private func check(_ event: EventDefinition, _ problems: inout [DefinitionProblem]) {
        let path = ["events", event.id]
        let states = definition.states.map(\.id)
        if case .states(let from) = event.source {
            for state in from where !states.contains(state) {
                problems.append(undefined(.state, state, among: states, at: path + ["from", state]))
            }
        }
        if event.source == .start, event.target == .stay {
            problems.append(.init(path: path + ["to"], .startWithoutTarget))
        }
        for (index, state) in event.target.possibleStates.enumerated() where !states.contains(state) {
            let at: [String] =
                if case .conditional = event.target { path + ["to", String(index), "state"] } else { path + ["to"] }
            problems.append(undefined(.state, state, among: states, at: at))
        }
        if let switchParameter = event.enabledBy {
            if let parameter = definition.parameter(switchParameter) {
                if parameter.type != .boolean {
                    problems.append(
                        .init(path: path + ["enabled-by"], .switchNotBoolean(switchParameter, type: parameter.type)))
                }
            } else {
                problems.append(
                    undefined(
                        .parameter, switchParameter, among: definition.parameters.map(\.id), at: path + ["enabled-by"])
                )
            }
        }
        let roles = definition.roles.map(\.id)
        for role in event.roles where !roles.contains(role) {
            problems.append(undefined(.role, role, among: roles, at: path + ["roles", role]))
        }
        let fields = definition.fields.map(\.id)
        for field in event.fields where !fields.contains(field.id) {
            problems.append(undefined(.field, field.id, among: fields, at: path + ["fields", field.id]))
        }
        if let dateField = event.dateField {
            if let field = definition.field(dateField) {
                if field.type != .date {
                    problems.append(.init(path: path + ["date-field"], .dateFieldNotDate(dateField, type: field.type)))
                }
            } else {
                problems.append(undefined(.field, dateField, among: fields, at: path + ["date-field"]))
            }
        }
        let lists = definition.itemLists.map(\.id)
        if let list = event.adds, !lists.contains(list) {
            problems.append(undefined(.itemList, list, among: lists, at: path + ["adds"]))
        }
        if let list = event.closes, !lists.contains(list) {
            problems.append(undefined(.itemList, list, among: lists, at: path + ["closes"]))
        }
        if let assigns = event.assigns {
            if let field = definition.field(assigns) {
                if field.type != .person {
                    problems.append(.init(path: path + ["assigns"], .assignsNotPerson(assigns)))
                }
            } else {
                problems.append(undefined(.field, assigns, among: fields, at: path + ["assigns"]))
            }
        }
        let checker = ExpressionTypeChecker(scope: ExpressionScope(definition: definition))
        for (index, check) in event.checks.enumerated() {
            typeCheck(check.expression, checker, at: path + ["checks", String(index), "rule"], &problems)
        }
        for (index, computed) in event.computes.enumerated() {
            let here = path + ["compute", String(index)]
            guard let field = definition.field(computed.field) else {
                problems.append(undefined(.field, computed.field, among: fields, at: here + ["field"]))
                continue
            }
            do {
                let type = try checker.type(of: computed.expression.root)
                if type != field.type && !(type.isNumeric && field.type.isNumeric) {
                    problems.append(
                        .init(
                            path: here + ["value"],
                            .computedType(field: field.id, fieldType: field.type, valueType: type),
                            expressionOffset: 0))
                }
            } catch {
                problems.append(DefinitionProblem(path: here + ["value"], error))
            }
            if let condition = computed.condition { typeCheck(condition, checker, at: here + ["when"], &problems) }
        }
        if case .conditional(let branches) = event.target {
            for (index, branch) in branches.enumerated() {
                if let condition = branch.condition {
                    typeCheck(condition, checker, at: path + ["to", String(index), "when"], &problems)
                } else if index < branches.count - 1 {
                    problems.append(.init(path: path + ["to", String(index)], .unconditionalBranchNotLast))
                }
            }
        }
    }

    private func typeCheck(
        _ expression: RuleExpression, _ checker: ExpressionTypeChecker, at path: [String],
        _ problems: inout [DefinitionProblem]
    ) {
        do {
            try checker.checkCondition(expression.root)
        } catch {
            problems.append(DefinitionProblem(path: path, error))
        }
    }

    /// Reachability from the start events, and a way out of every open state.
    private func checkGraph(_ problems: inout [DefinitionProblem]) {
        let starts = definition.startEvents
        if starts.isEmpty {
            problems.append(.init(path: ["events"], .noStartEvent))
            return
        }
        // Undefined target states were reported above; they still count as a way out
        // below, so that one typo is not reported twice.
        var reached = Set(starts.flatMap(\.target.possibleStates))
        var frontier = Array(reached)
        while let state = frontier.popLast() {
            for event in definition.events(from: state) {
                for next in event.target.possibleStates where reached.insert(next).inserted { frontier.append(next) }
            }
        }
        // With a target misspelt, "unreachable" would only echo that typo.
        let targetsDefined = definition.events.allSatisfy {
            $0.target.possibleStates.allSatisfy { definition.state($0) != nil }
        }
        for state in definition.states {
            if !reached.contains(state.id) {
                guard targetsDefined else { continue }
                problems.append(.init(path: ["states", state.id], .unreachableState(state.id)))
            } else if !state.isFinal {
                let exits = definition.events(from: state.id).flatMap(\.target.possibleStates).filter { $0 != state.id }
                if exits.isEmpty {
                    problems.append(.init(path: ["states", state.id], .deadEndState(state.id)))
                }
            }
        }
    }

    /// A reference to an element not defined, with the nearest of the `known` ids.
    func undefined(
        _ kind: DefinitionProblem.Element, _ id: String, among known: [String], at path: [String]
    ) -> DefinitionProblem {
        DefinitionProblem(path: path, .undefined(kind, id, suggestion: Suggestion.closest(to: id, among: known)))
    }
}
