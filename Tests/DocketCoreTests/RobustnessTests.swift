import DocketCore
import DocketMessages
import Foundation
import Testing

/// Inputs that used to trap the process: each is now a value or a refusal.
@Suite struct RobustnessTests {
    let day = CivilDate(year: 2026, month: 11, day: 23) ?? CivilDate(daysSinceEpoch: 0)

    @Test(
        "date arithmetic that would leave years 1 to 9999 says so instead of trapping or wrapping",
        arguments: [
            CalendarDuration(999_999, .years), CalendarDuration(Int.max, .days), CalendarDuration(Int.min, .days),
            CalendarDuration(Int.max, .months), CalendarDuration(Int.max / 3, .weeks),
            CalendarDuration(-999_999, .years),
        ])
    func outOfRange(duration: CalendarDuration) {
        #expect(throws: CalendarError.outOfRange()) { try duration.added(to: day) }
        #expect(throws: CalendarError.outOfRange()) {
            try duration.added(to: Date(timeIntervalSince1970: 1_800_000_000), in: .shanghai)
        }
    }

    @Test(
        "the last day of year 9999 is the last date; the day after is refused, and a far-out date prints all its digits"
    )
    func edges() throws {
        let last = try #require(CivilDate(iso: "9999-12-31"))
        #expect(last.addingChecked(days: 1) == nil && last.addingChecked(days: -1)?.description == "9999-12-30")
        #expect(try #require(CivilDate(iso: "0001-01-01")).addingChecked(days: -1) == nil)
        #expect(last.adding(days: 1).description == "10000-01-01", "never 0000-01-01")
        #expect(CivilDate(daysSinceEpoch: Int.max).year > 9999, "no trap at the extremes")
        #expect(DeploymentZone.shanghai.localTime(of: Date(timeIntervalSince1970: 1e300)).date.year == 9999)
        #expect(DeploymentZone.shanghai.localTime(of: Date(timeIntervalSince1970: .nan)).date.year == 1970)
        #expect(DeploymentZone.utcFormat(Date(timeIntervalSince1970: -1e300)).hasPrefix("0001-01-0"))
    }

    @Test(
        "integer arithmetic in a rule that overflows is an error of the rule, never a wrapped number",
        arguments: [
            "n + 1 > 0", "n * 2 > 0", "0 - n - 2 > 0", "today + n * 1 day > today", "- (0 - n - 1) > 0",
        ])
    func overflow(rule: String) throws {
        let expression = try RuleExpression(parsing: rule)
        let evaluator = ExpressionEvaluator(
            context: EvaluationContext(
                data: ["n": .integer(Int.max)], parameters: [:], records: [:], today: day, now: Date(), zone: .shanghai,
                actor: nil))
        #expect(throws: EvaluationError.outOfRange) { try evaluator.truth(expression.root) }
    }

    @Test("a chain of 18,000 operands is refused by the parser with its position, before any recursion")
    func longChain() {
        for joiner in [" + ", " or ", " and ", " * "] {
            let source = Array(repeating: "a", count: 18_000).joined(separator: joiner)
            do {
                _ = try RuleExpression(parsing: source)
                Issue.record("a chain of 18,000 was accepted")
            } catch {
                #expect(error.message.en?.contains("too long") == true && error.offset > 0)
            }
        }
        #expect(
            (try? RuleExpression(parsing: Array(repeating: "a", count: 50).joined(separator: " + "))) != nil,
            "a long real rule still parses")
    }

    @Test(
        "numbers past a quadrillion are not values: typed, they are malformed; stored as Int.min, they decode without trapping"
    )
    func numberLimit() {
        #expect(FieldType.integer.parse("-9223372036854775808", zone: .shanghai) == nil)
        #expect(FieldType.integer.parse("1000000000000001", zone: .shanghai) == nil)
        #expect(FieldType.integer.parse("1000000000000000", zone: .shanghai) == .integer(1_000_000_000_000_000))
        #expect(FieldType.number.parse("1e300", zone: .shanghai) == nil)
        #expect(ValueJSON.decodeObject("{\"round\": -9223372036854775808}") != nil)
    }
}

@Suite struct TypedInputTests {
    @Test(
        "dates are read as written on paper; impossible or ambiguous forms are not",
        arguments: [
            ("2026-11-22", "2026-11-22"), ("2026-3-5", "2026-03-05"), ("2026/11/22", "2026-11-22"),
            ("2026.1.2", "2026-01-02"),
            ("2026年11月22日", "2026-11-22"), ("2026年3月5", "2026-03-05"), ("２０２６－１１－２２", "2026-11-22"),
            (" 2026/1/31 ", "2026-01-31"),
        ])
    func dates(typed: String, expected: String) {
        #expect(CivilDate(typed: typed)?.description == expected)
    }

    @Test(
        "what is not a date stays none",
        arguments: ["2026-2-30", "22/11/2026", "2026/11-22", "26-11-22", "2026年11月", "2026-11-22x", "", "2026..1"])
    func notDates(typed: String) {
        #expect(CivilDate(typed: typed) == nil)
    }

    @Test("full-width digits and signs are read in numbers and times")
    func fullWidth() throws {
        #expect(FieldType.integer.parse("２", zone: .shanghai) == .integer(2))
        #expect(FieldType.number.parse("－１．５", zone: .shanghai) == .number(-1.5))
        let at = try #require(DeploymentZone.shanghai.parseTyped("２０２６－１１－２２ ０９：３０"))
        #expect(DeploymentZone.shanghai.format(at) == "2026-11-22T09:30:00+08:00")
        #expect(DeploymentZone.shanghai.parseTyped("2026-11-22 24:00") == nil)
    }

    @Test("a text over the input limit is cut at 20,000 characters, counting what is left out; a shorter one is whole")
    func clippedText() {
        let whole = ClippedText(String(repeating: "漏", count: 20_000))
        #expect(whole.omitted == 0 && whole.shown.count == 20_000)
        let long = ClippedText(String(repeating: "a", count: 19_999) + "水管漏水")
        #expect(long.shown == String(repeating: "a", count: 19_999) + "水" && long.omitted == 3)
        // A character of several scalars is not split.
        let flags = ClippedText(String(repeating: "🇨🇳", count: 20_001))
        #expect(flags.shown.count == 20_000 && flags.omitted == 2)
    }

    @Test("a pattern is worded for the clerk it refused; a count of exactly two is 「2 项」, not 「2–2 项」")
    func patternsInWords() {
        func message(_ kind: FieldProblem.Kind, _ language: Language) -> String {
            FieldProblem(field: "phone", kind: kind).message(in: language)
        }
        let phone = FieldProblem.Kind.patternMismatch(raw: "abc", pattern: "[0-9+\\- ]{5,20}")
        #expect(message(phone, .zh) == "phone：「abc」格式不对，应为 5 至 20 个（数字、+、-、空格）")
        #expect(message(phone, .en) == "phone: 'abc' is not valid, expected 5 to 20 of (digits, +, -, space)")
        let idNumber = FieldProblem.Kind.patternMismatch(raw: "12", pattern: "[0-9]{17}[0-9Xx]")
        #expect(message(idNumber, .zh).hasSuffix("应为 17 个（数字），再 1 个（数字、X、x）"))
        // A pattern of another shape is shown as written rather than worded wrongly.
        let other = FieldProblem.Kind.patternMismatch(raw: "x", pattern: "(ab|cd)+")
        #expect(message(other, .zh) == "phone：「x」不符合格式 (ab|cd)+")
        let word = FieldProblem.Kind.patternMismatch(raw: "x", pattern: "[\\w.-]{3,}")
        #expect(message(word, .zh) == "phone：「x」不符合格式 [\\w.-]{3,}", "\\w is a class, not the letter w")
        let two = FieldProblem.Kind.itemCount(count: 3, minimum: 2, maximum: 2)
        #expect(message(two, .zh) == "phone：给了 3 项，应为 2 项")
        #expect(message(.itemCount(count: 0, minimum: 1, maximum: 2), .zh) == "phone：给了 0 项，应为 1–2 项")
    }
}
