public import Foundation

/// What an expression can see when it is evaluated: the case and the moment.
public struct EvaluationContext: Sendable {
    public var data: [String: Value]
    public var parameters: [String: Value]
    /// The days each record event happened, oldest first.
    public var records: [String: [CivilDate]]
    /// The day the event happened (`--on`), which is what `today` means in a rule.
    public var today: CivilDate
    public var now: Date
    public var zone: DeploymentZone
    public var actor: String?
    /// The working-day calendar, for durations in working days.
    public var calendar: WorkingCalendar?
    /// The case's item lists, for `count(list)` and `open(list)`.
    public var items: [String: [CaseItem]] = [:]

    public init(
        data: [String: Value], parameters: [String: Value], records: [String: [CivilDate]], today: CivilDate, now: Date,
        zone: DeploymentZone, actor: String?, calendar: WorkingCalendar? = nil
    ) {
        self.calendar = calendar
        self.data = data
        self.parameters = parameters
        self.records = records
        self.today = today
        self.now = now
        self.zone = zone
        self.actor = actor
    }
}

/// Why an expression could not be evaluated.
public enum EvaluationError: Error, Sendable, Hashable {
    /// A field the rule needs has no value yet.
    case missing(String)
    /// `last(e)` or `first(e)` of an event that was never recorded.
    case neverRecorded(String)
    case divisionByZero
    case mismatch(String)
    /// Working-day arithmetic beyond the calendar's years.
    case calendar(CalendarError)
    /// A number overflowed, or a date would leave years 1 to 9999.
    case outOfRange
}

/// Evaluates type-checked expressions. Never traps: every failure is an ``EvaluationError``.
public struct ExpressionEvaluator: Sendable {
    public let context: EvaluationContext

    public init(context: EvaluationContext) { self.context = context }

    public func evaluate(_ node: ExpressionNode) throws(EvaluationError) -> Value {
        switch node.kind {
        case .literal(let v): return v
        case .today: return .date(context.today)
        case .now: return .datetime(context.now)
        case .reference(let name):
            if name == "actor" {
                guard let actor = context.actor else { throw .missing(name) }
                return .text(actor)
            }
            if let v = context.data[name] ?? context.parameters[name] { return v }
            throw .missing(name)
        case .not(let inner): return .boolean(!(try truth(inner)))
        case .negate(let inner):
            switch try evaluate(inner) {
            case .integer(let i): return .integer(try checked(0.subtractingReportingOverflow(i)))
            case .number(let d): return .number(-d)
            case let v: throw .mismatch(v.display)
            }
        case .binary(.and, let l, let r):
            guard try truth(l) else { return .boolean(false) }
            return .boolean(try truth(r))
        case .binary(.or, let l, let r):
            if try truth(l) { return .boolean(true) }
            return .boolean(try truth(r))
        case .binary(let op, let l, let r): return try binary(op, try evaluate(l), try evaluate(r))
        case .call(let name, let arguments): return try call(name, arguments)
        }
    }

    public func truth(_ node: ExpressionNode) throws(EvaluationError) -> Bool {
        guard case .boolean(let b) = try evaluate(node) else { throw .mismatch("not a condition") }
        return b
    }

    private func binary(_ op: BinaryOperator, _ l: Value, _ r: Value) throws(EvaluationError) -> Value {
        if op.isComparison { return .boolean(try compare(op, l, r)) }
        switch (op, l, r) {
        case (.add, .integer(let a), .integer(let b)): return .integer(try checked(a.addingReportingOverflow(b)))
        case (.subtract, .integer(let a), .integer(let b)):
            return .integer(try checked(a.subtractingReportingOverflow(b)))
        case (.multiply, .integer(let a), .integer(let b)):
            return .integer(try checked(a.multipliedReportingOverflow(by: b)))
        case (.add, .date(let d), .duration(let x)), (.add, .duration(let x), .date(let d)):
            return .date(
                try calendarArithmetic { () throws(CalendarError) in try x.added(to: d, calendar: context.calendar) })
        case (.subtract, .date(let d), .duration(let x)):
            return .date(
                try calendarArithmetic { () throws(CalendarError) in
                    try x.negated.added(to: d, calendar: context.calendar)
                })
        case (.add, .datetime(let t), .duration(let x)), (.add, .duration(let x), .datetime(let t)):
            return .datetime(
                try calendarArithmetic { () throws(CalendarError) in
                    try x.added(to: t, in: context.zone, calendar: context.calendar)
                })
        case (.subtract, .datetime(let t), .duration(let x)):
            return .datetime(
                try calendarArithmetic { () throws(CalendarError) in
                    try x.negated.added(to: t, in: context.zone, calendar: context.calendar)
                })
        case (.subtract, .date(let a), .date(let b)): return .integer(b.days(until: a))
        case (.multiply, .integer(let n), .duration(let d)), (.multiply, .duration(let d), .integer(let n)):
            return .duration(CalendarDuration(try checked(d.amount.multipliedReportingOverflow(by: n)), d.unit))
        case (.add, .text(let a), .text(let b)): return .text(a + b)
        default:
            guard let a = Self.number(l), let b = Self.number(r) else {
                throw .mismatch("\(l.display) \(op.rawValue) \(r.display)")
            }
            let result: Double
            switch op {
            case .add: result = a + b
            case .subtract: result = a - b
            case .multiply: result = a * b
            case .divide:
                guard b != 0 else { throw .divisionByZero }
                result = a / b
            default: throw .mismatch(op.rawValue)
            }
            guard result.isFinite else { throw .outOfRange }
            return .number(result)
        }
    }

    private func calendarArithmetic<T>(_ body: () throws(CalendarError) -> T) throws(EvaluationError) -> T {
        do {
            return try body()
        } catch {
            if error.code == .outOfRange { throw .outOfRange }
            throw .calendar(error)
        }
    }

    /// The result of an integer operation, or ``EvaluationError/outOfRange`` when it
    /// overflowed: a rule never computes with a wrapped number.
    private func checked(_ outcome: (partialValue: Int, overflow: Bool)) throws(EvaluationError) -> Int {
        guard !outcome.overflow else { throw .outOfRange }
        return outcome.partialValue
    }

    private func compare(_ op: BinaryOperator, _ l: Value, _ r: Value) throws(EvaluationError) -> Bool {
        let order: Int
        switch (l, r) {
        case (.date(let a), .date(let b)): order = a == b ? 0 : (a < b ? -1 : 1)
        case (.datetime(let a), .datetime(let b)): order = a == b ? 0 : (a < b ? -1 : 1)
        case (.text(let a), .text(let b)): order = a == b ? 0 : (a < b ? -1 : 1)
        default:
            if let a = Self.number(l), let b = Self.number(r) {
                order = a == b ? 0 : (a < b ? -1 : 1)
            } else if op == .equal || op == .notEqual {
                return (l == r) == (op == .equal)
            } else {
                throw .mismatch("\(l.display) \(op.rawValue) \(r.display)")
            }
        }
        switch op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }

    private func call(_ name: String, _ arguments: [ExpressionNode]) throws(EvaluationError) -> Value {
        func eventName() -> String {
            if case .reference(let e) = arguments[0].kind { return e }
            return ""
        }
        switch name {
        case "count":
            // A name that is neither a field nor a parameter is an item list (the type
            // checker allows nothing else); an empty list may have no entry yet.
            if case .reference(let name) = arguments[0].kind, context.data[name] == nil, context.parameters[name] == nil
            {
                return .integer((context.items[name] ?? []).count)
            }
            guard case .list(let items) = try evaluate(arguments[0]) else { throw .mismatch("count") }
            return .integer(items.count)
        case "open":
            guard case .reference(let list) = arguments[0].kind else { throw .mismatch("open") }
            return .integer((context.items[list] ?? []).filter(\.isOpen).count)
        case "contains-all":
            guard case .list(let items) = try evaluate(arguments[0]),
                case .list(let wanted) = try evaluate(arguments[1])
            else {
                throw .mismatch("contains-all")
            }
            return .boolean(wanted.allSatisfy { items.contains($0) })
        case "age":
            guard case .date(let birth) = try evaluate(arguments[0]), case .date(let at) = try evaluate(arguments[1])
            else {
                throw .mismatch("age")
            }
            // Whole years completed, by the rule anniversaries follow: the birthday itself
            // counts (born 2008-11-23 is 18 on 2026-11-23; born 2008-02-29, on 2026-02-28).
            return .integer(birth.wholeYears(until: at))
        case "contains":
            guard case .list(let items) = try evaluate(arguments[0]) else { throw .mismatch("contains") }
            let needle = try evaluate(arguments[1])
            return .boolean(items.contains(needle))
        case "present":
            guard case .reference(let field) = arguments[0].kind else { throw .mismatch("present") }
            return .boolean(context.data[field] != nil || context.parameters[field] != nil)
        case "happened": return .boolean(!(context.records[eventName()] ?? []).isEmpty)
        case "times": return .integer((context.records[eventName()] ?? []).count)
        case "first", "last":
            let days = context.records[eventName()] ?? []
            guard let day = name == "first" ? days.min() : days.max() else { throw .neverRecorded(eventName()) }
            return .date(day)
        default:
            throw .mismatch(name)
        }
    }

    private static func number(_ v: Value) -> Double? {
        switch v {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }
}

extension ExpressionNode {
    /// The field and parameter names this expression reads, in order of appearance.
    public var references: [String] {
        var names: [String] = []
        func walk(_ n: ExpressionNode) {
            switch n.kind {
            case .reference(let name): if !names.contains(name) { names.append(name) }
            case .not(let x), .negate(let x): walk(x)
            case .binary(_, let a, let b):
                walk(a)
                walk(b)
            case .call(let fn, let args):
                if ["happened", "times", "first", "last"].contains(fn) { return }
                args.forEach(walk)
            default: break
            }
        }
        walk(self)
        return names
    }
}
