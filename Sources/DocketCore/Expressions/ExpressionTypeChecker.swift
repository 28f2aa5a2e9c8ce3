/// The names an expression may refer to, and their types.
public struct ExpressionScope: Sendable {
    public struct Symbol: Sendable {
        public var type: FieldType
        /// For enum fields: the valid choice ids, so that `result == 'pased'` is caught.
        public var choices: [String]

        public init(type: FieldType, choices: [String]) {
            self.type = type
            self.choices = choices
        }
    }

    public var symbols: [String: Symbol]
    public var events: Set<String>
    /// The item lists of the workflow, which `count` and `open` take.
    public var itemLists: Set<String> = []

    public init(symbols: [String: Symbol], events: Set<String>) {
        self.symbols = symbols
        self.events = events
    }

    /// The scope of a workflow: its fields, its parameters, its events, and `actor`.
    public init(definition: WorkflowDefinition) {
        var symbols: [String: Symbol] = ["actor": Symbol(type: .person, choices: [])]
        for parameter in definition.parameters {
            symbols[parameter.id] = Symbol(type: parameter.type, choices: [])
        }
        for field in definition.fields {
            symbols[field.id] = Symbol(type: field.type, choices: field.choices.map(\.id))
        }
        self.init(symbols: symbols, events: Set(definition.events.map(\.id)))
        self.itemLists = Set(definition.itemLists.map(\.id))
    }
}

/// Works out the type of an expression, or says where and why it is wrong.
public struct ExpressionTypeChecker: Sendable {
    public let scope: ExpressionScope

    public init(scope: ExpressionScope) { self.scope = scope }

    /// The type of `node`.
    ///
    /// - Throws: ``ExpressionError`` at the offending node.
    public func type(of node: ExpressionNode) throws(ExpressionError) -> FieldType {
        switch node.kind {
        case .literal(let value): return Self.type(of: value)
        case .today: return .date
        case .now: return .datetime
        case .reference(let name):
            guard let symbol = scope.symbols[name] else {
                let suggestion = Suggestion.closest(to: name, among: Array(scope.symbols.keys))
                throw ExpressionError(offset: node.offset, .unknownName(name, suggestion: suggestion))
            }
            return symbol.type
        case .not(let inner):
            try expect(inner, .boolean, "not")
            return .boolean
        case .negate(let inner):
            let t = try type(of: inner)
            guard t.isNumeric else {
                throw ExpressionError(offset: node.offset, .negationNeedsNumber(t))
            }
            return t
        case .binary(let op, let left, let right): return try binaryType(op, left, right, at: node.offset)
        case .call(let name, let arguments): return try callType(name, arguments, at: node.offset)
        }
    }

    /// Checks that `node` is a condition (boolean).
    public func checkCondition(_ node: ExpressionNode) throws(ExpressionError) {
        let t = try type(of: node)
        guard t == .boolean else {
            throw ExpressionError(offset: node.offset, .notACondition(t))
        }
    }

    static func type(of value: Value) -> FieldType {
        switch value {
        case .text: return .text
        case .integer: return .integer
        case .number: return .number
        case .boolean: return .boolean
        case .date: return .date
        case .datetime: return .datetime
        case .duration: return .duration
        case .list(let items): return .list(items.first.map(type(of:)) ?? .text)
        }
    }

    private func expect(_ node: ExpressionNode, _ wanted: FieldType, _ what: String) throws(ExpressionError) {
        let t = try type(of: node)
        guard t == wanted else {
            throw ExpressionError(offset: node.offset, .operandType(what, needs: wanted, found: t))
        }
    }

    private func binaryType(
        _ op: BinaryOperator, _ left: ExpressionNode, _ right: ExpressionNode, at offset: Int
    ) throws(ExpressionError) -> FieldType {
        if op == .and || op == .or {
            try expect(left, .boolean, op.rawValue)
            try expect(right, .boolean, op.rawValue)
            return .boolean
        }
        let l = try type(of: left)
        let r = try type(of: right)
        let mismatch = ExpressionError(offset: offset, .cannotCombine(op.rawValue, l, r))
        if op.isComparison {
            try checkChoiceLiteral(left, against: right)
            try checkChoiceLiteral(right, against: left)
            if l.isNumeric && r.isNumeric || l.isTextual && r.isTextual { return .boolean }
            if l == r && (l == .date || l == .datetime) { return .boolean }
            if l == r && (op == .equal || op == .notEqual) { return .boolean }
            throw mismatch
        }
        switch (op, l, r) {
        case (.add, .integer, .integer), (.subtract, .integer, .integer), (.multiply, .integer, .integer):
            return .integer
        case (_, let a, let b) where a.isNumeric && b.isNumeric:
            return .number
        case (.add, .date, .duration), (.subtract, .date, .duration), (.add, .duration, .date):
            return .date
        case (.add, .datetime, .duration), (.subtract, .datetime, .duration), (.add, .duration, .datetime):
            return .datetime
        case (.subtract, .date, .date):
            return .integer
        case (.multiply, .integer, .duration), (.multiply, .duration, .integer):
            return .duration
        case (.add, .text, .text):
            return .text
        default:
            throw mismatch
        }
    }

    /// `review-result == 'pased'` is a typo the author should hear about at load time.
    private func checkChoiceLiteral(_ literal: ExpressionNode, against other: ExpressionNode) throws(ExpressionError) {
        guard case .literal(.text(let text)) = literal.kind, case .reference(let name) = other.kind,
            let symbol = scope.symbols[name], !symbol.choices.isEmpty, !symbol.choices.contains(text)
        else { return }
        throw ExpressionError(offset: literal.offset, .notAChoice(text, field: name, choices: symbol.choices))
    }

    private func callType(_ name: String, _ arguments: [ExpressionNode], at offset: Int) throws(ExpressionError)
        -> FieldType
    {
        func arity(_ n: Int) throws(ExpressionError) {
            guard arguments.count == n else {
                throw ExpressionError(
                    offset: offset, .argumentCount(function: name, expected: n, given: arguments.count))
            }
        }
        switch name {
        case "count":
            try arity(1)
            if case .reference(let name) = arguments[0].kind, scope.itemLists.contains(name) { return .integer }
            guard try type(of: arguments[0]).isList else {
                throw ExpressionError(offset: arguments[0].offset, .countNeedsList)
            }
            return .integer
        case "open":
            try arity(1)
            guard case .reference(let name) = arguments[0].kind, scope.itemLists.contains(name) else {
                throw ExpressionError(offset: arguments[0].offset, .openNeedsItemList)
            }
            return .integer
        case "contains-all":
            try arity(2)
            guard case .list(let a) = try type(of: arguments[0]), case .list(let b) = try type(of: arguments[1]),
                a == b || a.isTextual && b.isTextual
            else {
                throw ExpressionError(offset: arguments[0].offset, .containsAllNeedsLists)
            }
            return .boolean
        case "age":
            try arity(2)
            try expect(arguments[0], .date, "age")
            try expect(arguments[1], .date, "age")
            return .integer
        case "contains":
            try arity(2)
            guard case .list(let inner) = try type(of: arguments[0]) else {
                throw ExpressionError(offset: arguments[0].offset, .containsNeedsList)
            }
            let t = try type(of: arguments[1])
            guard t == inner || t.isTextual && inner.isTextual || t.isNumeric && inner.isNumeric else {
                throw ExpressionError(offset: arguments[1].offset, .elementType(element: inner, found: t))
            }
            return .boolean
        case "present":
            try arity(1)
            guard case .reference(let field) = arguments[0].kind, scope.symbols[field] != nil else {
                throw ExpressionError(offset: arguments[0].offset, .presentNeedsField)
            }
            return .boolean
        case "happened", "times", "first", "last":
            try arity(1)
            guard case .reference(let event) = arguments[0].kind, scope.events.contains(event) else {
                let suggestion = Suggestion.closest(to: Self.name(arguments[0]), among: Array(scope.events))
                throw ExpressionError(offset: arguments[0].offset, .needsEvent(function: name, suggestion: suggestion))
            }
            switch name {
            case "happened": return .boolean
            case "times": return .integer
            default: return .date
            }
        default:
            let known = [
                "count", "open", "contains-all", "age", "contains", "present", "happened", "times", "first", "last",
            ]
            let suggestion = Suggestion.closest(to: name, among: known)
            throw ExpressionError(offset: offset, .unknownFunction(name, suggestion: suggestion))
        }
    }

    private static func name(_ node: ExpressionNode) -> String {
        if case .reference(let n) = node.kind { return n }
        return ""
    }
}
