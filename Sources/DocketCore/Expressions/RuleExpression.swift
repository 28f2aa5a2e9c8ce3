/// A parsed check or condition: the small, safe language of workflow rules.
///
/// The language has field and parameter references, literals (numbers, `'text'`, dates
/// such as `2026-01-01`, durations such as `1 year` or `24 hours`, `true`/`false`),
/// `today` (the day the event happened) and `now` (the command's instant), arithmetic,
/// comparisons, `and`/`or`/`not`, and a few functions: `count(list)`,
/// `age(birth-date, at)`, `contains(list, value)`, `present(field)`, and for record
/// events `happened(e)`, `times(e)`, `first(e)`, `last(e)`. It cannot loop, call out or
/// reach anything but the case, so a workflow author cannot hurt the system.
///
/// An expression is stored as its source text and parsed again when read, so the stored
/// form is exactly what the author wrote.
public struct RuleExpression: Sendable, Hashable, Codable, CustomStringConvertible {
    public let source: String
    public let root: ExpressionNode

    /// Parses source text.
    ///
    /// - Throws: ``ExpressionError`` with the offset of the problem in `source`.
    public init(parsing source: String) throws(ExpressionError) {
        self.source = source
        var parser = ExpressionParser(source: source)
        self.root = try parser.parseAll()
    }

    public var description: String { source }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            // For logs only: the words are the catalogue's, and a stored rule that no
            // longer parses is a fault of the store, not of a person.
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "not a rule: \(error.reason) at character \(error.offset)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(source)
    }
}

/// A node of a parsed expression, with its offset (in characters) in the source.
public struct ExpressionNode: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case literal(Value)
        case reference(String)
        case today
        case now
        case not(ExpressionNode)
        case negate(ExpressionNode)
        case binary(BinaryOperator, ExpressionNode, ExpressionNode)
        case call(String, [ExpressionNode])
    }

    public let kind: Kind
    public let offset: Int

    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }
}

public enum BinaryOperator: String, Sendable, Hashable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case and, or

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return true
        default: return false
        }
    }
}
