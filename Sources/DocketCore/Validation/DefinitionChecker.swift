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
                problems.append(.init(path: [kind, id], zh: "重复的标识「\(id)」", en: "duplicate id '\(id)'"))
            }
        }
        let fieldIDs = Set(definition.fields.map(\.id))
        for parameter in definition.parameters where fieldIDs.contains(parameter.id) || parameter.id == "actor" {
            problems.append(
                .init(
                    path: ["parameters", parameter.id], zh: "参数「\(parameter.id)」与字段同名，规则中无法区分",
                    en: "parameter '\(parameter.id)' has the same name as a field, so rules could not tell them apart"))
        }
        if definition.fields.contains(where: { $0.id == "actor" }) {
            problems.append(
                .init(
                    path: ["fields", "actor"], zh: "「actor」是保留名（当前操作人）", en: "'actor' is reserved for the person acting"
                ))
        }
    }

    private func checkStates(_ problems: inout [DefinitionProblem]) {
        let stages = definition.stages.map(\.id)
        for state in definition.states {
            if let stage = state.stage, !stages.contains(stage) {
                problems.append(undefined("stage", stage, among: stages, at: ["states", state.id, "stage"]))
            }
            var seen = Set<String>()
            for (index, rule) in state.deadlines.enumerated() {
                let path = ["states", state.id, "deadlines", String(index)]
                if !seen.insert(rule.id).inserted {
                    problems.append(
                        .init(path: path + ["id"], zh: "重复的时限标识「\(rule.id)」", en: "duplicate deadline id '\(rule.id)'"))
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
                problems.append(undefined("parameter", name, among: definition.parameters.map(\.id), at: path + [key]))
                continue
            }
            if parameter.type != .duration {
                problems.append(
                    .init(
                        path: path + [key], zh: "参数「\(name)」必须是时长",
                        en: "parameter '\(name)' must be a duration, not \(parameter.type.name)"))
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
                problems.append(
                    .init(
                        path: path + ["every"], zh: "按自然周期的任务，周期须为 1、2、3、4、6 或 12 个月，或 1 年",
                        en: "a duty by calendar periods needs a period of 1, 2, 3, 4, 6 or 12 months, or 1 year"))
            }
        }
        switch rule.base {
        case .entered: break
        case .field(let field):
            if let f = definition.field(field) {
                if f.type != .date {
                    problems.append(
                        .init(path: path + ["from"], zh: "「\(field)」必须是日期字段", en: "'\(field)' must be a date field"))
                }
            } else {
                problems.append(undefined("field", field, among: definition.fields.map(\.id), at: path + ["from"]))
            }
        case .lastRecord(let event):
            if !events.contains(event) {
                problems.append(undefined("event", event, among: events, at: path + ["from"]))
            }
        }
        if let event = rule.satisfiedBy, !events.contains(event) {
            problems.append(
                undefined(
                    "event", event, among: events, at: path + [rule.kind == .deadline ? "satisfied-by" : "done-by"]))
        }
        if let event = rule.fires {
            if !events.contains(event) {
                problems.append(undefined("event", event, among: events, at: path + ["fires"]))
            } else if !fromHere.contains(event) {
                problems.append(
                    .init(
                        path: path + ["fires"], zh: "事件「\(event)」不能在状态「\(state.id)」执行，计时器无法触发它",
                        en: "event '\(event)' is not possible in state '\(state.id)', so the timer could never fire it")
                )
            } else if let fired = definition.event(event) {
                let given = Set(rule.input.keys)
                for field in fired.fields where field.required && !given.contains(field.id) {
                    problems.append(
                        .init(
                            path: path + ["fires"], zh: "计时器触发「\(event)」时缺少必填字段「\(field.id)」（用 set 给出）",
                            en:
                                "the timer fires '\(event)' without its required field '\(field.id)' (give it with 'set')"
                        ))
                }
            }
        }
        if let condition = rule.condition {
            do {
                try ExpressionTypeChecker(scope: ExpressionScope(definition: definition)).checkCondition(condition.root)
            } catch {
                problems.append(
                    DefinitionProblem(path: path + ["when"], message: error.message, expressionOffset: error.offset))
            }
        }
    }

    private func checkItemLists(_ problems: inout [DefinitionProblem]) {
        let names = Set(definition.fields.map(\.id) + definition.parameters.map(\.id))
        for list in definition.itemLists {
            if names.contains(list.id) {
                problems.append(
                    .init(
                        path: ["items", list.id], zh: "条目列表「\(list.id)」与字段或参数同名",
                        en: "item list '\(list.id)' has the same name as a field or parameter"))
            }
            if let due = list.dueField, list.field(due)?.type != .date {
                problems.append(
                    .init(
                        path: ["items", list.id, "due-field"], zh: "due-field「\(due)」须为该列表的日期字段",
                        en: "due-field '\(due)' must be a date field of the list"))
            }
        }
    }

    private func checkFields(_ problems: inout [DefinitionProblem]) {
        for field in definition.fields {
            let isChoice = field.type == .choice || field.type == .list(.choice)
            if isChoice && field.choices.isEmpty {
                problems.append(
                    .init(
                        path: ["fields", field.id, "type"], zh: "枚举字段「\(field.id)」需要 choices",
                        en: "enum field '\(field.id)' needs its choices"))
            }
            if !isChoice && !field.choices.isEmpty {
                problems.append(
                    .init(
                        path: ["fields", field.id, "choices"], zh: "只有枚举字段才能有 choices",
                        en: "only enum fields have choices"))
            }
            let c = field.constraints
            if let lo = c.minimum, let hi = c.maximum, lo > hi {
                problems.append(
                    .init(path: ["fields", field.id, "min"], zh: "最小值大于最大值", en: "min is greater than max"))
            }
            if let lo = c.minItems, let hi = c.maxItems, lo > hi {
                problems.append(
                    .init(
                        path: ["fields", field.id, "min-items"], zh: "最少项数大于最多项数",
                        en: "min-items is greater than max-items"))
            }
            if let pattern = c.pattern, (try? Regex(pattern)) == nil {
                problems.append(
                    .init(
                        path: ["fields", field.id, "pattern"], zh: "无效的正则表达式",
                        en: "'\(pattern)' is not a valid regular expression"))
            }
            for alias in field.aliases
            where definition.fields.contains(where: {
                $0.id == alias || ($0.id != field.id && $0.aliases.contains(alias))
            }) {
                problems.append(
                    .init(
                        path: ["fields", field.id, "aliases"], zh: "别名「\(alias)」已是另一字段的标识或别名",
                        en: "the alias '\(alias)' is already another field's id or alias"))
            }
            let roles = definition.roles.map(\.id)
            if let role = c.personRole, !roles.contains(role) {
                problems.append(undefined("role", role, among: roles, at: ["fields", field.id, "person-role"]))
            }
        }
    }

    private func check(_ event: EventDefinition, _ problems: inout [DefinitionProblem]) {
        let path = ["events", event.id]
        let states = definition.states.map(\.id)
        if case .states(let from) = event.source {
            for state in from where !states.contains(state) {
                problems.append(undefined("state", state, among: states, at: path + ["from", state]))
            }
        }
        if event.source == .start, event.target == .stay {
            problems.append(
                .init(
                    path: path + ["to"], zh: "开始事件必须有目标状态（to）",
                    en: "an event that starts a case needs a target state ('to')"))
        }
        for (index, state) in event.target.possibleStates.enumerated() where !states.contains(state) {
            let at: [String] =
                if case .conditional = event.target { path + ["to", String(index), "state"] } else { path + ["to"] }
            problems.append(undefined("state", state, among: states, at: at))
        }
        if let switchParameter = event.enabledBy {
            if let parameter = definition.parameter(switchParameter) {
                if parameter.type != .boolean {
                    problems.append(
                        .init(
                            path: path + ["enabled-by"], zh: "enabled-by「\(switchParameter)」必须是布尔参数",
                            en:
                                "enabled-by '\(switchParameter)' must be a boolean parameter, not \(parameter.type.name)"
                        ))
                }
            } else {
                problems.append(
                    undefined(
                        "parameter", switchParameter, among: definition.parameters.map(\.id), at: path + ["enabled-by"])
                )
            }
        }
        let roles = definition.roles.map(\.id)
        for role in event.roles where !roles.contains(role) {
            problems.append(undefined("role", role, among: roles, at: path + ["roles", role]))
        }
        let fields = definition.fields.map(\.id)
        for field in event.fields where !fields.contains(field.id) {
            problems.append(undefined("field", field.id, among: fields, at: path + ["fields", field.id]))
        }
        if let dateField = event.dateField {
            if let field = definition.field(dateField) {
                if field.type != .date {
                    problems.append(
                        .init(
                            path: path + ["date-field"], zh: "date-field「\(dateField)」必须是日期字段",
                            en: "date-field '\(dateField)' must be a date field, not \(field.type.name)"))
                }
            } else {
                problems.append(undefined("field", dateField, among: fields, at: path + ["date-field"]))
            }
        }
        let lists = definition.itemLists.map(\.id)
        if let list = event.adds, !lists.contains(list) {
            problems.append(undefined("item list", list, among: lists, at: path + ["adds"]))
        }
        if let list = event.closes, !lists.contains(list) {
            problems.append(undefined("item list", list, among: lists, at: path + ["closes"]))
        }
        if let assigns = event.assigns {
            if let field = definition.field(assigns) {
                if field.type != .person {
                    problems.append(
                        .init(
                            path: path + ["assigns"], zh: "assigns「\(assigns)」必须是人员字段",
                            en: "assigns '\(assigns)' must be a person field"))
                }
            } else {
                problems.append(undefined("field", assigns, among: fields, at: path + ["assigns"]))
            }
        }
        let checker = ExpressionTypeChecker(scope: ExpressionScope(definition: definition))
        for (index, check) in event.checks.enumerated() {
            typeCheck(check.expression, checker, at: path + ["checks", String(index), "rule"], &problems)
        }
        for (index, computed) in event.computes.enumerated() {
            let here = path + ["compute", String(index)]
            guard let field = definition.field(computed.field) else {
                problems.append(undefined("field", computed.field, among: fields, at: here + ["field"]))
                continue
            }
            do {
                let type = try checker.type(of: computed.expression.root)
                if type != field.type && !(type.isNumeric && field.type.isNumeric) {
                    problems.append(
                        .init(
                            path: here + ["value"], zh: "「\(field.id)」是\(field.type.name)，而算式得到\(type.name)",
                            en: "'\(field.id)' is \(field.type.name), but the value is \(type.name)",
                            expressionOffset: 0))
                }
            } catch {
                problems.append(
                    DefinitionProblem(path: here + ["value"], message: error.message, expressionOffset: error.offset))
            }
            if let condition = computed.condition { typeCheck(condition, checker, at: here + ["when"], &problems) }
        }
        if case .conditional(let branches) = event.target {
            for (index, branch) in branches.enumerated() {
                if let condition = branch.condition {
                    typeCheck(condition, checker, at: path + ["to", String(index), "when"], &problems)
                } else if index < branches.count - 1 {
                    problems.append(
                        .init(
                            path: path + ["to", String(index)], zh: "无条件的分支必须放在最后，否则后面的分支永远不会被选中",
                            en: "a branch without 'when' must come last; the branches after it could never be chosen"))
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
            problems.append(DefinitionProblem(path: path, message: error.message, expressionOffset: error.offset))
        }
    }

    /// Reachability from the start events, and a way out of every open state.
    private func checkGraph(_ problems: inout [DefinitionProblem]) {
        let starts = definition.startEvents
        if starts.isEmpty {
            problems.append(
                .init(path: ["events"], zh: "没有开始事件（starts: true），无法创建案件", en: "no event starts a case (starts: true)"))
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
                problems.append(
                    .init(
                        path: ["states", state.id], zh: "状态「\(state.id)」无法到达：没有事件通向它",
                        en: "state '\(state.id)' is unreachable: no event leads to it"))
            } else if !state.isFinal {
                let exits = definition.events(from: state.id).flatMap(\.target.possibleStates).filter { $0 != state.id }
                if exits.isEmpty {
                    problems.append(
                        .init(
                            path: ["states", state.id], zh: "非终止状态「\(state.id)」没有出路：没有事件离开它（若为终点请标记 final: true）",
                            en:
                                "non-final state '\(state.id)' has no way out: no event leaves it (mark it final: true if it is an end)"
                        ))
                }
            }
        }
    }

    func undefined(_ kind: String, _ id: String, among known: [String], at path: [String]) -> DefinitionProblem {
        let kinds = [
            "state": "状态", "field": "字段", "role": "角色", "stage": "阶段", "event": "事件", "parameter": "参数",
            "item list": "条目列表",
        ]
        let suggestion = Suggestion.closest(to: id, among: known)
        return DefinitionProblem(
            path: path,
            zh: "未定义的\(kinds[kind] ?? kind)「\(id)」" + (suggestion.map { "；是否应为「\($0)」？" } ?? ""),
            en: "undefined \(kind) '\(id)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
    }
}
