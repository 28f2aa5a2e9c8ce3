/// Evaluates one check and, when it fails, explains the failure.
enum CheckOutcome {
    /// The failure of a check, or `nil` when it holds.
    ///
    /// - Throws: ``CalendarError`` when the rule's arithmetic leaves the calendar or the
    ///   years 1 to 9999: that is not the rule refusing, and must be reported as what it is.
    static func failure(of check: Check, with evaluator: ExpressionEvaluator) throws(CalendarError) -> CheckFailure? {
        let holds: Bool
        do {
            holds = try evaluator.truth(check.expression.root)
        } catch .calendar(let error) {
            throw error
        } catch .outOfRange {
            throw .outOfRange(rule: check.expression.source)
        } catch {
            holds = false
        }
        if holds { return nil }
        let context = evaluator.context
        var seen: [CheckFailure.SeenValue] = check.expression.root.references.map { name in
            if context.data[name] == nil, context.parameters[name] == nil, let items = context.items[name] {
                // An item list: how many of its items are still open.
                return CheckFailure.SeenValue(
                    name: "open(\(name))", value: "\(items.filter(\.isOpen).count)/\(items.count)")
            }
            let value = name == "actor" ? context.actor.map(Value.text) : context.data[name] ?? context.parameters[name]
            return CheckFailure.SeenValue(name: name, value: value?.display(in: context.zone))
        }
        if usesToday(check.expression.root) { seen.append(.init(name: "today", value: context.today.description)) }
        return CheckFailure(
            message: check.message, rule: check.expression.source, values: seen,
            possibleFrom: possibleFrom(check.expression.root, evaluator))
    }

    /// For a waiting period written `today >= X` (or `today > X`, `X <= today`, and such
    /// comparisons inside `and` and `or`), the first day on which it will hold.
    private static func possibleFrom(_ node: ExpressionNode, _ evaluator: ExpressionEvaluator) -> CivilDate? {
        switch node.kind {
        case .binary(.and, let l, let r):
            let dates = [l, r].filter { (try? evaluator.truth($0)) != true }.compactMap { possibleFrom($0, evaluator) }
            return dates.max()
        case .binary(.or, let l, let r):
            // Either alternative will do: the earliest day one of them comes to hold.
            return [l, r].compactMap { possibleFrom($0, evaluator) }.min()
        case .binary(let op, let l, let r):
            let bound: ExpressionNode
            let strict: Bool
            switch (op, l.kind, r.kind) {
            case (.greaterOrEqual, .today, _): (bound, strict) = (r, false)
            case (.greater, .today, _): (bound, strict) = (r, true)
            case (.lessOrEqual, _, .today): (bound, strict) = (l, false)
            case (.less, _, .today): (bound, strict) = (l, true)
            default: return nil
            }
            guard case .date(let day) = try? evaluator.evaluate(bound) else { return nil }
            return strict ? day.adding(days: 1) : day
        default:
            return nil
        }
    }

    private static func usesToday(_ node: ExpressionNode) -> Bool {
        switch node.kind {
        case .today: return true
        case .not(let x), .negate(let x): return usesToday(x)
        case .binary(_, let a, let b): return usesToday(a) || usesToday(b)
        case .call(_, let args): return args.contains(where: usesToday)
        default: return false
        }
    }
}
