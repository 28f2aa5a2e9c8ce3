public import DocketCore

extension DefinitionProblem {
    /// The problem in words, in Chinese and English, for the diagnostic at its place.
    public var message: LocalizedText { reason.message }
}

extension DefinitionProblem.Reason {
    /// What is wrong with the definition, in Chinese and English.
    public var message: LocalizedText {
        func words(_ zh: String, _ en: String) -> LocalizedText { LocalizedText(zh: zh, en: en) }
        switch self {
        case .duplicateID(let id):
            return words("重复的标识「\(id)」", "duplicate id '\(id)'")
        case .parameterNamedLikeField(let id):
            return words(
                "参数「\(id)」与字段同名，规则中无法区分",
                "parameter '\(id)' has the same name as a field, so rules could not tell them apart")
        case .reservedActor:
            return words("「actor」是保留名（当前操作人）", "'actor' is reserved for the person acting")
        case .duplicateDeadlineID(let id):
            return words("重复的时限标识「\(id)」", "duplicate deadline id '\(id)'")
        case .limitParameterNotDuration(let name, let type):
            return words("参数「\(name)」必须是时长", "parameter '\(name)' must be a duration, not \(type.name)")
        case .periodNotTilingYear:
            return words(
                "按自然周期的任务，周期须为 1、2、3、4、6 或 12 个月，或 1 年",
                "a duty by calendar periods needs a period of 1, 2, 3, 4, 6 or 12 months, or 1 year")
        case .baseNotDate(let field):
            return words("「\(field)」必须是日期字段", "'\(field)' must be a date field")
        case .timerEventNotPossible(let event, let state):
            return words(
                "事件「\(event)」不能在状态「\(state)」执行，计时器无法触发它",
                "event '\(event)' is not possible in state '\(state)', so the timer could never fire it")
        case .timerMissingField(let event, let field):
            return words(
                "计时器触发「\(event)」时缺少必填字段「\(field)」（用 set 给出）",
                "the timer fires '\(event)' without its required field '\(field)' (give it with 'set')")
        case .expression(let reason):
            return reason.message
        case .itemListNamedLikeField(let id):
            return words("条目列表「\(id)」与字段或参数同名", "item list '\(id)' has the same name as a field or parameter")
        case .itemDueFieldNotDate(let field):
            return words("due-field「\(field)」须为该列表的日期字段", "due-field '\(field)' must be a date field of the list")
        case .choicesMissing(let field):
            return words("枚举字段「\(field)」需要 choices", "enum field '\(field)' needs its choices")
        case .choicesWithoutEnum:
            return words("只有枚举字段才能有 choices", "only enum fields have choices")
        case .minimumAboveMaximum:
            return words("最小值大于最大值", "min is greater than max")
        case .minItemsAboveMaxItems:
            return words("最少项数大于最多项数", "min-items is greater than max-items")
        case .invalidPattern(let pattern):
            return words("无效的正则表达式", "'\(pattern)' is not a valid regular expression")
        case .aliasTaken(let alias):
            return words("别名「\(alias)」已是另一字段的标识或别名", "the alias '\(alias)' is already another field's id or alias")
        case .startWithoutTarget:
            return words("开始事件必须有目标状态（to）", "an event that starts a case needs a target state ('to')")
        case .switchNotBoolean(let parameter, let type):
            return words(
                "enabled-by「\(parameter)」必须是布尔参数",
                "enabled-by '\(parameter)' must be a boolean parameter, not \(type.name)")
        case .dateFieldNotDate(let field, let type):
            return words(
                "date-field「\(field)」必须是日期字段", "date-field '\(field)' must be a date field, not \(type.name)")
        case .assignsNotPerson(let field):
            return words("assigns「\(field)」必须是人员字段", "assigns '\(field)' must be a person field")
        case .computedType(let field, let fieldType, let valueType):
            return words(
                "「\(field)」是\(fieldType.name)，而算式得到\(valueType.name)",
                "'\(field)' is \(fieldType.name), but the value is \(valueType.name)")
        case .unconditionalBranchNotLast:
            return words(
                "无条件的分支必须放在最后，否则后面的分支永远不会被选中",
                "a branch without 'when' must come last; the branches after it could never be chosen")
        case .noStartEvent:
            return words("没有开始事件（starts: true），无法创建案件", "no event starts a case (starts: true)")
        case .unreachableState(let state):
            return words("状态「\(state)」无法到达：没有事件通向它", "state '\(state)' is unreachable: no event leads to it")
        case .deadEndState(let state):
            return words(
                "非终止状态「\(state)」没有出路：没有事件离开它（若为终点请标记 final: true）",
                "non-final state '\(state)' has no way out: no event leaves it (mark it final: true if it is an end)")
        case .undefined(let kind, let id, let suggestion):
            return words(
                "未定义的\(kind.chinese)「\(id)」" + (suggestion.map { "；是否应为「\($0)」？" } ?? ""),
                "undefined \(kind.rawValue) '\(id)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
        case .reportFieldType(let key, let field, let expected, let actual):
            let (zh, en) =
                expected == [.integer] ? ("整数字段", "an integer field") : ("枚举或文字字段", "an enum or text field")
            return words("\(key)「\(field)」必须是\(zh)", "\(key) '\(field)' must be \(en), not \(actual.name)")
        case .rateEventWithoutRating(let event, let field):
            return words(
                "评价事件「\(event)」不记录字段「\(field)」", "the rate event '\(event)' does not record the field '\(field)'")
        case .escalationWithoutMaxReopens(let event):
            return words(
                "评价事件「\(event)」可能上报（分支有 escalates: true）：请用 max-reopens 指明限定重办次数的参数",
                "the rate event '\(event)' can escalate (a branch has escalates: true): name the parameter that bounds the reopenings with max-reopens"
            )
        case .limitNamesNone(let key):
            return words("\(key) 没有给出任何时限", "\(key) names no limit")
        case .notAnUrgency(let choice, let field):
            return words(
                "「\(choice)」不是紧急程度「\(field)」的可选值", "'\(choice)' is not a choice of the urgency field '\(field)'")
        case .urgenciesUncovered(let key, let choices):
            return words(
                "\(key) 缺少紧急程度「\(choices.joined(separator: "」「"))」的时限",
                "\(key) has no limit for the urgency \(choices.map { "'\($0)'" }.joined(separator: ", "))")
        case .reportParameterType(let key, let parameter, let expected, let actual):
            let (zh, en) = expected == .integer ? ("整数", "an integer") : ("时长", "a duration")
            return words(
                "\(key)「\(parameter)」必须是\(zh)参数", "\(key) '\(parameter)' must be \(en) parameter, not \(actual.name)")
        @unknown default:
            // A reason added to the core after these words were written: named by its code.
            return words("此处的定义有误（\(code)）", "the definition is not valid here (\(code))")
        }
    }
}

extension DefinitionProblem.Element {
    /// The kind of element in Chinese, as "undefined …" names it.
    var chinese: String {
        switch self {
        case .state: "状态"
        case .field: "字段"
        case .role: "角色"
        case .stage: "阶段"
        case .event: "事件"
        case .parameter: "参数"
        case .itemList: "条目列表"
        }
    }
}
