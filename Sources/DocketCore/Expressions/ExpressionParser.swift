/// A recursive-descent parser for the expression language.
///
/// Precedence, loosest first: `or`, `and`, `not`, comparisons, `+ -`, `* /`, unary `-`.
/// Nesting is limited so that hostile input cannot exhaust the stack.
struct ExpressionParser {
    private var tokens: [ExpressionToken] = []
    private var position = 0
    private var depth = 0
    private let source: String
    private static let maximumDepth = 64
    /// The most tokens a rule may have. A chain of operators (`a + a + …`) nests its tree
    /// as deep as it is long, and the checker and evaluator recurse through that depth,
    /// on threads whose stacks may be small: a bound on length bounds every recursion.
    /// A real rule has a few dozen.
    static let maximumTokens = 400

    init(source: String) { self.source = source }

    mutating func parseAll() throws(ExpressionError) -> ExpressionNode {
        var lexer = ExpressionLexer(source: source)
        tokens = try lexer.tokens()
        if tokens.count > Self.maximumTokens {
            throw ExpressionError(offset: tokens[Self.maximumTokens].offset, .tooLong(limit: Self.maximumTokens))
        }
        if tokens.first?.kind == .end {
            throw ExpressionError(offset: 0, .empty)
        }
        let node = try parseOr()
        guard current.kind == .end else {
            throw ExpressionError(offset: current.offset, .unexpected(found(current)))
        }
        return node
    }

    private var current: ExpressionToken { tokens[position] }

    private mutating func advance() -> ExpressionToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func isSymbol(_ s: String) -> Bool {
        switch current.kind {
        case .symbol(let x): return x == s
        case .identifier(let x): return (s == "and" || s == "or" || s == "not") && x == s
        default: return false
        }
    }

    private mutating func parseOr() throws(ExpressionError) -> ExpressionNode {
        var left = try parseAnd()
        while isSymbol("or") {
            let op = advance()
            left = ExpressionNode(.binary(.or, left, try parseAnd()), at: op.offset)
        }
        return left
    }

    private mutating func parseAnd() throws(ExpressionError) -> ExpressionNode {
        var left = try parseNot()
        while isSymbol("and") {
            let op = advance()
            left = ExpressionNode(.binary(.and, left, try parseNot()), at: op.offset)
        }
        return left
    }

    private mutating func parseNot() throws(ExpressionError) -> ExpressionNode {
        if isSymbol("not") {
            let op = advance()
            return try nested { (p) throws(ExpressionError) in ExpressionNode(.not(try p.parseNot()), at: op.offset) }
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(ExpressionError) -> ExpressionNode {
        let left = try parseAdditive()
        for op in [BinaryOperator.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater]
        where isSymbol(op.rawValue) {
            let token = advance()
            let right = try parseAdditive()
            return ExpressionNode(.binary(op, left, right), at: token.offset)
        }
        return left
    }

    private mutating func parseAdditive() throws(ExpressionError) -> ExpressionNode {
        var left = try parseMultiplicative()
        while isSymbol("+") || isSymbol("-") {
            let token = advance()
            let op: BinaryOperator = token.kind == .symbol("+") ? .add : .subtract
            left = ExpressionNode(.binary(op, left, try parseMultiplicative()), at: token.offset)
        }
        return left
    }

    private mutating func parseMultiplicative() throws(ExpressionError) -> ExpressionNode {
        var left = try parseUnary()
        while isSymbol("*") || isSymbol("/") {
            let token = advance()
            let op: BinaryOperator = token.kind == .symbol("*") ? .multiply : .divide
            left = ExpressionNode(.binary(op, left, try parseUnary()), at: token.offset)
        }
        return left
    }

    private mutating func parseUnary() throws(ExpressionError) -> ExpressionNode {
        if isSymbol("-") {
            let token = advance()
            return try nested { (p) throws(ExpressionError) in
                ExpressionNode(.negate(try p.parseUnary()), at: token.offset)
            }
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ExpressionError) -> ExpressionNode {
        let token = advance()
        switch token.kind {
        case .number(let value, let isInteger):
            return ExpressionNode(.literal(isInteger ? .integer(Int(value)) : .number(value)), at: token.offset)
        case .text(let s): return ExpressionNode(.literal(.text(s)), at: token.offset)
        case .date(let d): return ExpressionNode(.literal(.date(d)), at: token.offset)
        case .duration(let d): return ExpressionNode(.literal(.duration(d)), at: token.offset)
        case .symbol("("):
            let inner = try nested { (p) throws(ExpressionError) in try p.parseOr() }
            guard isSymbol(")") else {
                throw ExpressionError(offset: current.offset, .unclosedParenthesis(found: found(current)))
            }
            _ = advance()
            return inner
        case .identifier(let name):
            switch name {
            case "true": return ExpressionNode(.literal(.boolean(true)), at: token.offset)
            case "false": return ExpressionNode(.literal(.boolean(false)), at: token.offset)
            case "today": return ExpressionNode(.today, at: token.offset)
            case "now": return ExpressionNode(.now, at: token.offset)
            case "and", "or", "not":
                throw ExpressionError(offset: token.offset, .valueMissingBefore(name))
            default: break
            }
            guard isSymbol("(") else { return ExpressionNode(.reference(name), at: token.offset) }
            _ = advance()
            var arguments: [ExpressionNode] = []
            if !isSymbol(")") {
                repeat {
                    if !arguments.isEmpty { _ = advance() }
                    arguments.append(try nested { (p) throws(ExpressionError) in try p.parseOr() })
                } while isSymbol(",")
            }
            guard isSymbol(")") else {
                throw ExpressionError(offset: current.offset, .unclosedCall(function: name))
            }
            _ = advance()
            return ExpressionNode(.call(name, arguments), at: token.offset)
        default:
            throw ExpressionError(offset: token.offset, .valueMissing(found: found(token)))
        }
    }

    private mutating func nested(
        _ body: (inout ExpressionParser) throws(ExpressionError) -> ExpressionNode
    ) throws(ExpressionError) -> ExpressionNode {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maximumDepth else {
            throw ExpressionError(offset: current.offset, .nestedTooDeeply)
        }
        return try body(&self)
    }

    /// A token as an error names what was found.
    private func found(_ token: ExpressionToken) -> ExpressionError.Found {
        switch token.kind {
        case .end: return .end
        case .symbol(let s): return .symbol(s)
        case .identifier(let s): return .name(s)
        case .number(let n, _): return .number(n)
        case .text(let s): return .text(s)
        case .date(let d): return .date(d)
        case .duration(let d): return .duration(d)
        }
    }
}
