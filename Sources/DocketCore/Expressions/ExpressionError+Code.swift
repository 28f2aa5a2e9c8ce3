extension ExpressionError {
    /// The kind of problem, with a stable name (`unknown-name`) for front ends to print.
    ///
    /// Branch on the code, not on ``ExpressionError/Reason``, when only the kind matters: it
    /// is a struct over a private enum, so that kinds can be added without breaking a
    /// caller, which handles the ones it does not know with a `default`. Each reason has a
    /// code of its own; the reason keeps the facts its message names.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case durationNotWhole = "duration-not-whole"
            case unexpectedCharacter = "unexpected-character"
            case invalidDate = "invalid-date"
            case invalidNumber = "invalid-number"
            case unclosedText = "unclosed-text"
            case tooLong = "too-long"
            case empty = "empty"
            case unexpected = "unexpected"
            case unclosedParenthesis = "unclosed-parenthesis"
            case valueMissingBefore = "value-missing-before"
            case unclosedCall = "unclosed-call"
            case valueMissing = "value-missing"
            case nestedTooDeeply = "nested-too-deeply"
            case unknownName = "unknown-name"
            case negationNeedsNumber = "negation-needs-number"
            case notACondition = "not-a-condition"
            case operandType = "operand-type"
            case cannotCombine = "cannot-combine"
            case notAChoice = "not-a-choice"
            case argumentCount = "argument-count"
            case countNeedsList = "count-needs-list"
            case openNeedsItemList = "open-needs-item-list"
            case containsAllNeedsLists = "contains-all-needs-lists"
            case containsNeedsList = "contains-needs-list"
            case elementType = "element-type"
            case presentNeedsField = "present-needs-field"
            case needsEvent = "needs-event"
            case unknownFunction = "unknown-function"
            case other = "other"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A number before a unit word has a fraction: `1.5 months`.
        public static let durationNotWhole = Code(.durationNotWhole)
        /// A character the language has no use for (`#`, `;`, a letter not in ASCII).
        public static let unexpectedCharacter = Code(.unexpectedCharacter)
        /// Written as a date (`YYYY-MM-DD`), but no such day exists.
        public static let invalidDate = Code(.invalidDate)
        /// Digits that make no number the language takes (`1.2.3`, more than 15 digits).
        public static let invalidNumber = Code(.invalidNumber)
        /// A quoted text runs to the end without its closing quote.
        public static let unclosedText = Code(.unclosedText)
        /// The rule has too many tokens to check safely.
        public static let tooLong = Code(.tooLong)
        /// The rule has no text at all.
        public static let empty = Code(.empty)
        /// Something is left over after a whole expression.
        public static let unexpected = Code(.unexpected)
        /// A parenthesis opened is not closed.
        public static let unclosedParenthesis = Code(.unclosedParenthesis)
        /// An operator word (`and`, `or`, `not`) stands where a value should.
        public static let valueMissingBefore = Code(.valueMissingBefore)
        /// A function call is not closed by `)`.
        public static let unclosedCall = Code(.unclosedCall)
        /// A value should come here, and something else came.
        public static let valueMissing = Code(.valueMissing)
        /// Parentheses, calls, `not` or `-` nested deeper than the parser safely goes.
        public static let nestedTooDeeply = Code(.nestedTooDeeply)
        /// A name that is no field or parameter of the workflow.
        public static let unknownName = Code(.unknownName)
        /// `-` before a value that is not a number.
        public static let negationNeedsNumber = Code(.negationNeedsNumber)
        /// A rule whose value is not true or false.
        public static let notACondition = Code(.notACondition)
        /// An operator or function was given a value of a type it does not take.
        public static let operandType = Code(.operandType)
        /// An operator that cannot combine values of these two types.
        public static let cannotCombine = Code(.cannotCombine)
        /// A text compared with an enum field is none of its choices.
        public static let notAChoice = Code(.notAChoice)
        /// A function called with the wrong number of arguments.
        public static let argumentCount = Code(.argumentCount)
        /// `count` of something that is neither a list nor an item list.
        public static let countNeedsList = Code(.countNeedsList)
        /// `open` of something that is no item list of the workflow.
        public static let openNeedsItemList = Code(.openNeedsItemList)
        /// `contains-all` of two values that are not lists of one kind.
        public static let containsAllNeedsLists = Code(.containsAllNeedsLists)
        /// `contains` whose first argument is no list.
        public static let containsNeedsList = Code(.containsNeedsList)
        /// `contains(list, x)` where `x` cannot be an element of the list.
        public static let elementType = Code(.elementType)
        /// `present` of something that is no field or parameter name.
        public static let presentNeedsField = Code(.presentNeedsField)
        /// `happened`, `times`, `first` or `last` of something that is no event.
        public static let needsEvent = Code(.needsEvent)
        /// A call of a function the language does not have.
        public static let unknownFunction = Code(.unknownFunction)
        /// Worded by its maker, outside the core: none of the kinds above.
        public static let other = Code(.other)

        /// The stable name, such as `unknown-name`.
        public var description: String { base.rawValue }
    }

    /// The kind of problem; ``ExpressionError/reason`` has its facts.
    public var code: Code { reason.code }
}

extension ExpressionError.Reason {
    /// The kind of problem, for a caller that holds the reason alone (a definition problem
    /// inside an expression).
    public var code: ExpressionError.Code {
        switch self {
        case .durationNotWhole: .durationNotWhole
        case .unexpectedCharacter: .unexpectedCharacter
        case .invalidDate: .invalidDate
        case .invalidNumber: .invalidNumber
        case .unclosedText: .unclosedText
        case .tooLong: .tooLong
        case .empty: .empty
        case .unexpected: .unexpected
        case .unclosedParenthesis: .unclosedParenthesis
        case .valueMissingBefore: .valueMissingBefore
        case .unclosedCall: .unclosedCall
        case .valueMissing: .valueMissing
        case .nestedTooDeeply: .nestedTooDeeply
        case .unknownName: .unknownName
        case .negationNeedsNumber: .negationNeedsNumber
        case .notACondition: .notACondition
        case .operandType: .operandType
        case .cannotCombine: .cannotCombine
        case .notAChoice: .notAChoice
        case .argumentCount: .argumentCount
        case .countNeedsList: .countNeedsList
        case .openNeedsItemList: .openNeedsItemList
        case .containsAllNeedsLists: .containsAllNeedsLists
        case .containsNeedsList: .containsNeedsList
        case .elementType: .elementType
        case .presentNeedsField: .presentNeedsField
        case .needsEvent: .needsEvent
        case .unknownFunction: .unknownFunction
        case .described: .other
        }
    }
}
