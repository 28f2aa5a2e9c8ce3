/// A problem in an expression: where it is, and what is wrong as facts that a front end
/// words (the DocketMessages catalogue), so that the core holds no words.
public struct ExpressionError: Error, Sendable, Hashable {
    /// What is wrong with the expression, with the facts its message names. New reasons
    /// may be added: a caller that needs only the kind branches on its ``code``.
    public enum Reason: Sendable, Hashable {
        /// A number before a unit word has a fraction: `1.5 months`.
        case durationNotWhole
        /// A character the language has no use for (`#`, `;`, a letter not in ASCII).
        case unexpectedCharacter(Character)
        /// Written as a date (`YYYY-MM-DD`), but no such day exists.
        case invalidDate(String)
        /// Digits that make no number the language takes (`1.2.3`, more than 15 digits).
        case invalidNumber(String)
        /// A quoted text runs to the end without its closing quote.
        case unclosedText
        /// The rule has more than `limit` tokens, too many to check safely.
        case tooLong(limit: Int)
        /// The rule has no text at all.
        case empty
        /// Something is left over after a whole expression.
        case unexpected(Found)
        /// A parenthesis opened is not closed; `found` is what came instead.
        case unclosedParenthesis(found: Found)
        /// An operator word (`and`, `or`, `not`) stands where a value should.
        case valueMissingBefore(String)
        /// The call of `function` is not closed by `)`.
        case unclosedCall(function: String)
        /// A value should come here; `found` is what came instead.
        case valueMissing(found: Found)
        /// Parentheses, calls, `not` or `-` nested deeper than the parser safely goes.
        case nestedTooDeeply
        /// A name that is no field or parameter of the workflow, with the nearest one.
        case unknownName(String, suggestion: String?)
        /// `-` before a value that is not a number.
        case negationNeedsNumber(FieldType)
        /// A rule whose value is not true or false.
        case notACondition(FieldType)
        /// An operator or function (`what`) takes a `needs`, and was given a `found`.
        case operandType(String, needs: FieldType, found: FieldType)
        /// An operator that cannot combine values of these two types.
        case cannotCombine(String, FieldType, FieldType)
        /// A text compared with an enum field is none of its choices.
        case notAChoice(String, field: String, choices: [String])
        /// A function called with the wrong number of arguments.
        case argumentCount(function: String, expected: Int, given: Int)
        /// `count` of something that is neither a list nor an item list.
        case countNeedsList
        /// `open` of something that is no item list of the workflow.
        case openNeedsItemList
        /// `contains-all` of two values that are not lists of one kind.
        case containsAllNeedsLists
        /// `contains` whose first argument is no list.
        case containsNeedsList
        /// `contains(list, x)` where `x` cannot be an element of the list.
        case elementType(element: FieldType, found: FieldType)
        /// `present` of something that is no field or parameter name.
        case presentNeedsField
        /// `happened`, `times`, `first` or `last` of something that is no event.
        case needsEvent(function: String, suggestion: String?)
        /// A call of a function the language does not have, with the nearest one.
        case unknownFunction(String, suggestion: String?)
        /// Worded by its maker, outside the core.
        case described(LocalizedText)
    }

    /// What the parser found where it expected something else.
    public enum Found: Sendable, Hashable {
        /// The end of the expression's text.
        case end
        /// An operator or punctuation: `+`, `)`, `and`.
        case symbol(String)
        /// A name: a field, a parameter, a function.
        case name(String)
        case number(Double)
        /// A quoted text.
        case text(String)
        case date(CivilDate)
        case duration(CalendarDuration)
    }

    /// Offset in characters from the start of the source.
    public let offset: Int
    /// What is wrong, for the catalogue to word.
    public let reason: Reason

    /// An error at `offset` in the expression's text.
    public init(offset: Int, _ reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    /// An error worded by its maker, in Chinese and English.
    public init(offset: Int, _ zh: String, _ en: String) {
        self.init(offset: offset, .described(LocalizedText(zh: zh, en: en)))
    }
}
