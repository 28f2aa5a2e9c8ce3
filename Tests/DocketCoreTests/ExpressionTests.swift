import DocketCore
import DocketMessages
import Foundation
import Testing

@Suite struct ExpressionTests {
    let scope = ExpressionScope(
        symbols: [
            "birth-date": .init(type: .date, choices: []), "applied-on": .init(type: .date, choices: []),
            "yes-votes": .init(type: .integer, choices: []), "eligible-voters": .init(type: .integer, choices: []),
            "introducers": .init(type: .list(.person), choices: []),
            "review-result": .init(type: .choice, choices: ["passed", "failed"]),
            "min-wait": .init(type: .duration, choices: []), "training-hours": .init(type: .number, choices: []),
        ],
        events: ["file-activist", "assess"])

    func evaluate(
        _ source: String, data: [String: Value] = [:], records: [String: [CivilDate]] = [:],
        today: String = "2026-11-23"
    ) throws -> Value {
        let expression = try RuleExpression(parsing: source)
        let context = EvaluationContext(
            data: data, parameters: ["min-wait": .duration(CalendarDuration(6, .months))], records: records,
            today: try #require(CivilDate(iso: today)), now: Date(timeIntervalSince1970: 0), zone: .shanghai,
            actor: "p-1")
        return try ExpressionEvaluator(context: context).evaluate(expression.root)
    }

    func typeError(_ source: String) throws -> ExpressionError {
        let expression = try RuleExpression(parsing: source)
        do {
            try ExpressionTypeChecker(scope: scope).checkCondition(expression.root)
        } catch {
            return error
        }
        Issue.record("expected a type error for \(source)")
        return ExpressionError(offset: -1, "", "")
    }

    @Test("an applicant born 2008-11-23 is 18 on 2026-11-23 but not on 2026-11-22")
    func ageRule() throws {
        let data: [String: Value] = ["birth-date": .date(try #require(CivilDate(iso: "2008-11-23")))]
        #expect(try evaluate("age(birth-date, today) >= 18", data: data, today: "2026-11-23") == .boolean(true))
        #expect(try evaluate("age(birth-date, today) >= 18", data: data, today: "2026-11-22") == .boolean(false))
    }

    @Test(
        "someone born on 29 February is 18 on 28 February of the year they turn 18, as a year after a leap day ends then",
        arguments: [
            ("2008-02-29", "2026-02-28", 18), ("2008-02-29", "2026-02-27", 17), ("2008-02-29", "2026-03-01", 18),
            ("2008-02-29", "2028-02-28", 19), ("2008-02-29", "2028-02-29", 20), ("2000-03-01", "2026-02-28", 25),
        ])
    func leapDayAge(born: String, on day: String, age: Int) throws {
        let birth = try #require(CivilDate(iso: born))
        let data: [String: Value] = ["birth-date": .date(birth)]
        #expect(try evaluate("age(birth-date, today)", data: data, today: day) == .integer(age))
        // The same rule as "N years after": the birthday on which the age is reached.
        #expect(birth.adding(years: age) <= (try #require(CivilDate(iso: day))))
    }

    @Test("date arithmetic with duration literals and parameters")
    func dateArithmetic() throws {
        let data: [String: Value] = ["applied-on": .date(try #require(CivilDate(iso: "2026-01-31")))]
        #expect(try evaluate("applied-on + 1 month", data: data) == .date(try #require(CivilDate(iso: "2026-02-28"))))
        #expect(try evaluate("applied-on + min-wait", data: data) == .date(try #require(CivilDate(iso: "2026-07-31"))))
        #expect(try evaluate("today - applied-on", data: data) == .integer(296))
    }

    @Test("the vote rule counts yes votes against those who should attend")
    func voteRule() throws {
        let rule = "yes-votes * 2 > eligible-voters"
        #expect(try evaluate(rule, data: ["yes-votes": .integer(5), "eligible-voters": .integer(9)]) == .boolean(true))
        #expect(
            try evaluate(rule, data: ["yes-votes": .integer(4), "eligible-voters": .integer(9)]) == .boolean(false))
    }

    @Test("records: happened, times, last")
    func records() throws {
        let day = try #require(CivilDate(iso: "2026-05-01"))
        let records = ["assess": [day, day.adding(months: 6)]]
        #expect(try evaluate("happened(file-activist)", records: records) == .boolean(false))
        #expect(try evaluate("times(assess) >= 2", records: records) == .boolean(true))
        #expect(try evaluate("last(assess)", records: records) == .date(day.adding(months: 6)))
        #expect(throws: EvaluationError.neverRecorded("file-activist")) { try evaluate("last(file-activist) < today") }
    }

    @Test("and, or, not, count, contains and precedence")
    func logic() throws {
        let data: [String: Value] = ["introducers": .list([.text("a"), .text("b")]), "review-result": .text("passed")]
        #expect(try evaluate("count(introducers) == 2 and review-result == 'passed'", data: data) == .boolean(true))
        #expect(try evaluate("not contains(introducers, 'c') or false", data: data) == .boolean(true))
        #expect(try evaluate("1 + 2 * 3 == 7 and (1 + 2) * 3 == 9") == .boolean(true))
    }

    @Test("a missing field is reported, not guessed")
    func missing() {
        #expect(throws: EvaluationError.missing("yes-votes")) { try evaluate("yes-votes > 1") }
    }

    @Test(
        "syntax errors carry the offset of the problem",
        arguments: [
            ("yes-votes >", 11), ("(1 + 2", 6), ("1 + * 2", 4), ("'open", 0), ("a # b", 2), ("2026-02-30 < today", 0),
            ("", 0),
        ])
    func syntax(source: String, offset: Int) {
        #expect {
            try RuleExpression(parsing: source)
        } throws: { error in
            (error as? ExpressionError)?.offset == offset
        }
    }

    @Test("type errors name the problem and where it is")
    func typeErrors() throws {
        let unknown = try typeError("yes-vote > 1")
        #expect(unknown.offset == 0)
        #expect(unknown.message.en == "unknown field or parameter 'yes-vote'; did you mean 'yes-votes'?")
        let mismatch = try typeError("applied-on + 1 > 3")
        #expect(mismatch.message.en == "'+' cannot combine date and integer")
        #expect(mismatch.offset == 11)
        let choice = try typeError("review-result == 'pased'")
        #expect(choice.message.en == "'pased' is not a choice of 'review-result' (choices: passed, failed)")
        #expect(choice.offset == 17)
        let notCondition = try typeError("yes-votes + 1")
        #expect(notCondition.message.en == "a rule must be a condition (true or false), not integer")
        let event = try typeError("happened(file-activst)")
        #expect(
            event.message.en == "happened() needs the id of an event of this workflow; did you mean 'file-activist'?")
    }

    @Test("hostile input neither crashes nor recurses without bound")
    func hostile() {
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(throws: ExpressionError.self) { try RuleExpression(parsing: deep) }
        let nots = String(repeating: "not ", count: 5_000) + "true"
        #expect(throws: ExpressionError.self) { try RuleExpression(parsing: nots) }
        #expect(throws: ExpressionError.self) { try RuleExpression(parsing: "99999999999999999999 > 1") }
        #expect(throws: ExpressionError.self) { try RuleExpression(parsing: "\u{0}\u{7}") }
    }
}
