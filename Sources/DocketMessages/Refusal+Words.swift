public import DocketCore

extension Refusal {
    /// The refusal in words, in Chinese or English, naming the case, its state, the event
    /// and the rule.
    public func message(in language: Language, definition: WorkflowDefinition? = nil) -> String {
        let zh = language == .zh
        let caseText =
            caseID.flatMap { $0.isEmpty ? nil : $0 }.map { zh ? "案件 \($0)" : "case \($0)" } ?? (zh ? "新案件" : "new case")
        let stateText = state.map { s in
            let title = definition?.state(s)?.title.text(language)
            return title.map { "\($0) (\(s))" } ?? s
        }
        let atState = stateText.map { zh ? "（当前状态：\($0)）" : " (state: \($0))" } ?? ""
        func list(_ ids: [String]) -> String { ids.isEmpty ? (zh ? "无" : "none") : ids.joined(separator: ", ") }
        switch reason {
        case .unknownEvent(let possible):
            let known = definition?.events.map(\.id) ?? possible
            let hint = Suggestion.closest(to: event, among: known)
            return zh
                ? "\(caseText)\(atState)：没有事件「\(event)」\(hint.map { "（是否应为「\($0)」？）" } ?? "")。当前可用的事件：\(list(possible))"
                : "\(caseText)\(atState): there is no event '\(event)'\(hint.map { " (did you mean '\($0)'?)" } ?? ""). Events possible now: \(list(possible))"
        case .notPossibleInState(let possible):
            return zh
                ? "\(caseText)\(atState)：当前状态下不能执行「\(event)」。当前可用的事件：\(list(possible))"
                : "\(caseText)\(atState): '\(event)' is not possible in this state. Events possible now: \(list(possible))"
        case .notAStartEvent(let starts):
            return zh
                ? "「\(event)」不能创建案件；可创建案件的事件：\(list(starts))"
                : "'\(event)' does not start a case; events that do: \(list(starts))"
        case .unknownState(let possible):
            return zh
                ? "\(caseText)：没有状态「\(state ?? "")」。可用的状态：\(list(possible))"
                : "\(caseText): there is no state '\(state ?? "")'. States: \(list(possible))"
        case .invalidFields(let problems):
            let lines = problems.map { "  - " + $0.message(in: language) }.joined(separator: "\n")
            return
                (zh
                ? "\(caseText)\(atState)：「\(event)」的输入有误：\n"
                : "\(caseText)\(atState): the input of '\(event)' is not valid:\n") + lines
        case .checkFailed(let failure):
            var text =
                zh
                ? "\(caseText)\(atState)：「\(event)」被规则拒绝：\(failure.message.text(language))"
                : "\(caseText)\(atState): '\(event)' was refused by a rule: \(failure.message.text(language))"
            if let day = failure.possibleFrom {
                text += zh ? "\n  最早可于 \(day) 办理" : "\n  possible from \(day)"
            }
            text += zh ? "\n  规则：\(failure.rule)" : "\n  rule: \(failure.rule)"
            let seen = failure.values.map { "\($0.name) = \($0.value ?? (zh ? "（无）" : "(none)"))" }
            if !seen.isEmpty { text += (zh ? "\n  所见的值：" : "\n  values seen: ") + seen.joined(separator: ", ") }
            return text
        case .dateAfterNow(let on, let today):
            return zh
                ? "\(caseText)：办理日期 \(on) 晚于当前日期 \(today)"
                : "\(caseText): the date of the step, \(on), is later than today, \(today)"
        case .dateBeforePreviousStep(let on, let previous):
            return zh
                ? "\(caseText)：办理日期 \(on) 早于上一步的日期 \(previous)"
                : "\(caseText): the date of the step, \(on), is earlier than the previous step, \(previous)"
        case .noTargetMatched:
            return zh
                ? "\(caseText)\(atState)：「\(event)」的所有分支条件都不成立，无法确定目标状态"
                : "\(caseText)\(atState): no branch of '\(event)' applies, so it has no target state"
        case .computation(let field, let rule):
            return zh
                ? "\(caseText)\(atState)：无法计算字段「\(field)」（\(rule)），所需的值尚未录入"
                : "\(caseText)\(atState): cannot work out '\(field)' (\(rule)): a value it needs has not been entered"
        case .notPermitted(let actor, let required) where required.isEmpty:
            return zh
                ? "\(caseText)：\(actor) 无权查看：在本案件所属组织及其上级没有任何角色"
                : "\(caseText): \(actor) may not read this case: they hold no role at its organisation or above"
        case .notPermitted(let actor, let required):
            let titles = required.map { id in
                definition?.roles.first { $0.id == id }.map { "\($0.title.text(language)) (\(id))" } ?? id
            }
            let needed = titles.isEmpty ? (zh ? "无" : "none") : titles.joined(separator: zh ? "、" : ", ")
            return zh
                ? "\(caseText)\(atState)：\(actor) 无权执行「\(event)」：需在本案件所属组织或其上级担任 \(needed)"
                : "\(caseText)\(atState): \(actor) may not fire '\(event)': it needs \(needed) at the case's organisation or above"
        case .timerOnly:
            return zh
                ? "\(caseText)\(atState)：「\(event)」只能由系统定时触发，任何人都不能手动执行"
                : "\(caseText)\(atState): '\(event)' is fired by timers only; no person may fire it"
        case .switchedOff(let parameter, let possible):
            let list = possible.isEmpty ? (zh ? "无" : "none") : possible.joined(separator: ", ")
            return zh
                ? "\(caseText)\(atState)：「\(event)」在本部署未启用（参数 \(parameter) 为关）；当前可执行：\(list)"
                : "\(caseText)\(atState): '\(event)' is switched off in this deployment (parameter \(parameter) is false); possible now: \(list)"
        case .calendar(let error):
            return "\(caseText)\(atState)" + (zh ? "：" : ": ") + error.message.text(language)
        case .noParentOrganisation(let org):
            return zh
                ? "\(caseText)：组织 \(org) 没有上级组织，无法上报" : "\(caseText): organisation \(org) has no parent to escalate to"
        @unknown default:
            // A reason added to the core after these words were written: named by its code.
            return zh
                ? "\(caseText)\(atState)：「\(event)」被拒绝（\(code)）"
                : "\(caseText)\(atState): '\(event)' was refused (\(code))"
        }
    }
}

extension FieldProblem {
    /// One line naming the field, what was given and the rule it broke.
    public func message(in language: Language) -> String {
        let zh = language == .zh
        func bounds(_ lo: Double?, _ hi: Double?) -> String {
            let f = { (d: Double) in d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d) }
            switch (lo, hi) {
            case (let l?, let h?): return "\(f(l))–\(f(h))"
            case (let l?, nil): return "≥ \(f(l))"
            case (nil, let h?): return "≤ \(f(h))"
            default: return ""
            }
        }
        switch kind {
        case .missing:
            return zh ? "\(field)：必填，但未提供（--set \(field)=…）" : "\(field): required but not given (--set \(field)=…)"
        case .unknown(let suggestion, let accepted):
            let hint = suggestion.map { zh ? "；是否应为「\($0)」？" : "; did you mean '\($0)'?" } ?? ""
            let list = accepted.isEmpty ? (zh ? "无" : "none") : accepted.joined(separator: ", ")
            return zh ? "\(field)：此处不接受该字段\(hint)（可用：\(list)）" : "\(field): not a field here\(hint) (accepted: \(list))"
        case .malformed(let raw, let expected):
            return zh
                ? "\(field)：「\(raw)」格式不对，应为\(expected.zh)"
                : "\(field): '\(raw)' is not valid, expected \(expected.text(.en))"
        case .notAChoice(let raw, let choices):
            return zh
                ? "\(field)：「\(raw)」不是可选值（可选：\(choices.joined(separator: ", "))）"
                : "\(field): '\(raw)' is not one of the choices (\(choices.joined(separator: ", ")))"
        case .ambiguousChoice(let raw, let choices):
            return zh
                ? "\(field)：「\(raw)」可指多个选项（\(choices.joined(separator: "、"))），请写明标识"
                : "\(field): '\(raw)' could be any of \(choices.joined(separator: ", ")); give the id"
        case .outOfRange(let raw, let lo, let hi):
            return zh
                ? "\(field)：\(raw) 超出范围 \(bounds(lo, hi))" : "\(field): \(raw) is outside the range \(bounds(lo, hi))"
        case .patternMismatch(let raw, let pattern):
            if let words = PatternWords.describe(pattern) {
                return zh
                    ? "\(field)：「\(raw)」格式不对，应为\(words.zh.first?.isNumber == true ? " " : "")\(words.zh)"
                    : "\(field): '\(raw)' is not valid, expected \(words.text(.en))"
            }
            return zh ? "\(field)：「\(raw)」不符合格式 \(pattern)" : "\(field): '\(raw)' does not match the pattern \(pattern)"
        case .itemCount(let count, let lo, let hi):
            // Exactly two introducers: 「应为 2 项」, not 「2–2 项」.
            let range = lo != nil && lo == hi ? "\(lo ?? 0)" : bounds(lo.map(Double.init), hi.map(Double.init))
            return zh ? "\(field)：给了 \(count) 项，应为 \(range) 项" : "\(field): \(count) item(s) given, \(range) required"
        case .unknownPerson(let id):
            return zh ? "\(field)：人员「\(id)」不存在" : "\(field): no person '\(id)' in the store"
        case .personStatus(let person, let status, let required):
            let names: [Person.Status: (String, String)] = [
                .full: ("正式党员", "a full member"), .probationary: ("预备党员", "a probationary member"),
                .none: ("非党员", "not a member"),
            ]
            let (isZh, isEn) = names[status] ?? ("", "")
            let (needZh, needEn) = names[required] ?? ("", "")
            return zh
                ? "\(field)：\(person) 是\(isZh)，须为\(needZh)" : "\(field): \(person) is \(isEn), and must be \(needEn)"
        case .duplicateItems(let raw):
            return zh ? "\(field)：「\(raw)」中有重复的项" : "\(field): '\(raw)' names someone twice"
        case .unknownOrganisation(let id):
            return zh ? "\(field)：组织「\(id)」不存在" : "\(field): no organisation '\(id)' in the store"
        case .tooLong(let length, let limit):
            return zh
                ? "\(field)：长 \(length) 字，超过上限 \(limit) 字"
                : "\(field): \(length) characters, more than the \(limit) allowed"
        case .personRole(let person, let role):
            return zh
                ? "\(field)：\(person) 在本案件所属组织及其上级均未担任「\(role)」角色，不能由其承办"
                : "\(field): \(person) holds no '\(role)' role at the case's organisation or above, so cannot take it"
        case .clockBase(let limit, let state, let event):
            let how =
                event.map {
                    zh ? "--set \(field)=日期，或 --record \($0)@日期" : "--set \(field)=DATE, or --record \($0)@DATE"
                }
                ?? (zh ? "--set \(field)=日期" : "--set \(field)=DATE")
            return zh
                ? "\(field)：状态「\(state)」的时限 \(limit) 从此日期起算，但导入未给出（\(how)）"
                : "\(field): the limit \(limit) of the state '\(state)' counts from this date, which the import does not give (\(how))"
        }
    }
}
