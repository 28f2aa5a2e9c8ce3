public import DocketCore

extension ExpressionError {
    /// The error in words, in Chinese and English, for the diagnostic at its offset.
    public var message: LocalizedText { reason.message }
}

extension ExpressionError.Reason {
    /// What is wrong with the expression, in Chinese and English.
    public var message: LocalizedText {
        func words(_ zh: String, _ en: String) -> LocalizedText { LocalizedText(zh: zh, en: en) }
        func hint(_ suggestion: String?) -> String { suggestion.map { "; did you mean '\($0)'?" } ?? "" }
        switch self {
        case .durationNotWhole:
            return words("时长必须是整数", "a duration needs a whole number")
        case .unexpectedCharacter(let c):
            return words("无法识别的字符「\(c)」", "unexpected character '\(c)'")
        case .invalidDate(let text):
            return words("无效日期「\(text)」", "'\(text)' is not a valid date")
        case .invalidNumber(let text):
            return words("无效数字「\(text)」", "'\(text)' is not a valid number")
        case .unclosedText:
            return words("文字缺少结束引号", "text is missing its closing quote")
        case .tooLong(let limit):
            return words("规则过长（超过 \(limit) 个部分），请拆分", "the rule is too long (over \(limit) parts); split it")
        case .empty:
            return words("表达式为空", "the expression is empty")
        case .unexpected(let found):
            return words("多余的内容：\(found.text)", "unexpected \(found.text)")
        case .unclosedParenthesis(let found):
            return words("缺少右括号「)」", "expected ')' but found \(found.text)")
        case .valueMissingBefore(let name):
            return words("此处缺少一个值", "expected a value before '\(name)'")
        case .unclosedCall(let function):
            return words("函数调用缺少「)」", "expected ')' to close the call of \(function)")
        case .valueMissing(let found):
            return words("此处缺少一个值（看到\(found.text)）", "expected a value but found \(found.text)")
        case .nestedTooDeeply:
            return words("表达式嵌套过深", "the expression is nested too deeply")
        case .unknownName(let name, let suggestion):
            return words(
                "未定义的字段或参数「\(name)」" + (suggestion.map { "；是否应为「\($0)」？" } ?? ""),
                "unknown field or parameter '\(name)'\(hint(suggestion))")
        case .negationNeedsNumber(let type):
            return words("负号只能用于数字，而这里是\(type.name)", "'-' needs a number, not \(type.name)")
        case .notACondition(let type):
            return words(
                "规则必须是条件（真或假），而这里是\(type.name)", "a rule must be a condition (true or false), not \(type.name)")
        case .operandType(let what, let needs, let found):
            return words(
                "「\(what)」需要\(needs.name)，而这里是\(found.name)", "'\(what)' needs \(needs.name), not \(found.name)")
        case .cannotCombine(let op, let left, let right):
            return words(
                "「\(op)」不能用于\(left.name)和\(right.name)", "'\(op)' cannot combine \(left.name) and \(right.name)")
        case .notAChoice(let text, let field, let choices):
            let valid = choices.joined(separator: ", ")
            return words(
                "「\(text)」不是「\(field)」的选项（可选：\(valid)）", "'\(text)' is not a choice of '\(field)' (choices: \(valid))")
        case .argumentCount(let function, let expected, let given):
            return words(
                "\(function)() 需要\(expected)个参数，而给了\(given)个",
                "\(function)() takes \(expected) argument(s), not \(given)")
        case .countNeedsList:
            return words("count() 需要一个列表", "count() needs a list")
        case .openNeedsItemList:
            return words("open() 需要一个条目列表（items）", "open() needs an item list of this workflow")
        case .containsAllNeedsLists:
            return words("contains-all() 需要两个同类列表", "contains-all() needs two lists of the same kind")
        case .containsNeedsList:
            return words("contains() 的第一个参数需要列表", "contains() needs a list first")
        case .elementType(let element, let found):
            return words("列表元素是\(element.name)，不能查找\(found.name)", "the list holds \(element.name), not \(found.name)")
        case .presentNeedsField:
            return words("present() 需要一个字段名", "present() needs a field name")
        case .needsEvent(let function, let suggestion):
            return words(
                "\(function)() 需要一个已定义的事件名",
                "\(function)() needs the id of an event of this workflow\(hint(suggestion))")
        case .unknownFunction(let name, let suggestion):
            return words("未知函数「\(name)」", "unknown function '\(name)'\(hint(suggestion))")
        case .described(let text):
            return text
        @unknown default:
            // A reason added to the core after these words were written: named by its code.
            return words("表达式有误（\(code)）", "the expression is not valid (\(code))")
        }
    }
}

extension ExpressionError.Found {
    /// What was found, as the messages name it in both languages: `'x'`, `number 5.0`,
    /// `end of expression`.
    var text: String {
        switch self {
        case .end: return "end of expression"
        case .symbol(let s), .name(let s), .text(let s): return "'\(s)'"
        case .number(let n): return "number \(n)"
        case .date(let d): return "date \(d)"
        case .duration(let d): return "duration \(d)"
        }
    }
}
