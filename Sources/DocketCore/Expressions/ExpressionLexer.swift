/// A token of the expression language.
struct ExpressionToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case identifier(String)
        case number(Double, isInteger: Bool)
        case text(String)
        case date(CivilDate)
        case duration(CalendarDuration)
        case symbol(String)
        case end
    }
    let kind: Kind
    let offset: Int
}

/// Splits expression source into tokens.
///
/// Identifiers are kebab-case (`birth-date`, `leaving-within-3-months`): a hyphen
/// continues an identifier when a letter or digit follows it, so subtraction is written
/// with spaces (`x - 1`, `today - 1 year`).
struct ExpressionLexer {
    private let chars: [Character]
    private var index = 0

    init(source: String) { chars = Array(source) }

    mutating func tokens() throws(ExpressionError) -> [ExpressionToken] {
        var result: [ExpressionToken] = []
        while true {
            let token = try next()
            // A number followed by a unit word is a duration literal: `6 months`, and
            // `3 working days` takes one more word.
            var word = ""
            if case .identifier(let w) = token.kind { word = w }
            if word == "working" {
                let saved = index
                if case .identifier(let next) = try self.next().kind, next == "day" || next == "days" {
                    word = "working " + next
                } else {
                    index = saved
                }
            }
            if !word.isEmpty, let last = result.last,
                case .number(let amount, let isInteger) = last.kind, let unit = CalendarDuration.unit(named: word)
            {
                guard isInteger else {
                    throw ExpressionError(offset: last.offset, .durationNotWhole)
                }
                result[result.count - 1] = ExpressionToken(
                    kind: .duration(CalendarDuration(Int(amount), unit)), offset: last.offset)
                continue
            }
            result.append(token)
            if token.kind == .end { return result }
        }
    }

    private mutating func next() throws(ExpressionError) -> ExpressionToken {
        while index < chars.count, chars[index].isWhitespace { index += 1 }
        let start = index
        guard index < chars.count else { return ExpressionToken(kind: .end, offset: start) }
        let c = chars[index]
        if c.isASCII && c.isLetter || c == "_" {
            return ExpressionToken(kind: .identifier(readIdentifier()), offset: start)
        }
        if c.isASCII && c.isNumber { return try readNumberOrDate(start: start) }
        if c == "'" || c == "\"" { return try readText(quote: c, start: start) }
        let two = index + 1 < chars.count ? String([c, chars[index + 1]]) : ""
        if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
            index += 2
            let symbol = two == "&&" ? "and" : two == "||" ? "or" : two
            return ExpressionToken(kind: .symbol(symbol), offset: start)
        }
        if "+-*/()<>,!".contains(c) {
            index += 1
            return ExpressionToken(kind: .symbol(c == "!" ? "not" : String(c)), offset: start)
        }
        throw ExpressionError(offset: start, .unexpectedCharacter(c))
    }

    private mutating func readIdentifier() -> String {
        var name = ""
        while index < chars.count {
            let c = chars[index]
            if c.isASCII && (c.isLetter || c.isNumber) || c == "_" {
                name.append(c)
                index += 1
            } else if c == "-", index + 1 < chars.count, chars[index + 1].isASCII,
                chars[index + 1].isLetter || chars[index + 1].isNumber
            {
                name.append(c)
                index += 1
            } else {
                break
            }
        }
        return name
    }

    private mutating func readNumberOrDate(start: Int) throws(ExpressionError) -> ExpressionToken {
        // A date literal is exactly YYYY-MM-DD.
        if start + 10 <= chars.count {
            let candidate = String(chars[start..<start + 10])
            let endsWord = start + 10 == chars.count || !(chars[start + 10].isLetter || chars[start + 10].isNumber)
            if candidate.count == 10, candidate.dropFirst(4).first == "-", endsWord {
                guard let date = CivilDate(iso: candidate) else {
                    throw ExpressionError(offset: start, .invalidDate(candidate))
                }
                index = start + 10
                return ExpressionToken(kind: .date(date), offset: start)
            }
        }
        var text = ""
        var isInteger = true
        while index < chars.count, chars[index].isASCII, chars[index].isNumber || chars[index] == "." {
            if chars[index] == "." { isInteger = false }
            text.append(chars[index])
            index += 1
        }
        guard let value = Double(text), value.isFinite, text.count <= 15 else {
            throw ExpressionError(offset: start, .invalidNumber(text))
        }
        return ExpressionToken(kind: .number(value, isInteger: isInteger), offset: start)
    }

    private mutating func readText(quote: Character, start: Int) throws(ExpressionError) -> ExpressionToken {
        index += 1
        var text = ""
        while index < chars.count, chars[index] != quote {
            text.append(chars[index])
            index += 1
        }
        guard index < chars.count else {
            throw ExpressionError(offset: start, .unclosedText)
        }
        index += 1
        return ExpressionToken(kind: .text(text), offset: start)
    }
}
