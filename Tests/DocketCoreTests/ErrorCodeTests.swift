import DocketCore
import DocketMessages
import Foundation
import Testing

/// Every error of the core has a code whose name front ends print (`--json`) and scripts
/// compare: these tables are that promise. A name here changes only with the contract.
@Suite struct ErrorCodeTests {
    static let day = CivilDate(daysSinceEpoch: 0)

    static let refusals: [(Refusal.Reason, String)] = [
        (.unknownEvent(possible: ["talk"]), "unknown-event"),
        (.notPossibleInState(possible: []), "event-not-possible"),
        (.notAStartEvent(startEvents: ["apply"]), "event-not-possible"),
        (.switchedOff(parameter: "publicity", possible: []), "event-not-possible"),
        (.unknownState(possible: ["open"]), "unknown-state"),
        (.invalidFields([FieldProblem(field: "f", kind: .missing)]), "invalid-fields"),
        (.dateAfterNow(on: day, today: day), "invalid-date"),
        (.dateBeforePreviousStep(on: day, previous: day), "invalid-date"),
        (.noTargetMatched, "no-target"),
        (.noParentOrganisation("county"), "no-parent-organisation"),
        (.timerOnly, "timer-only"),
        (.calendar(CalendarError(calendar: "cn", year: 2031)), "calendar-not-covering"),
        (.calendar(.outOfRange(rule: "today + 9999 years")), "calendar-not-covering"),
        (.computation(field: "due-on", rule: "applied-on + 1 year"), "computation-failed"),
        (.notPermitted(actor: "p-1", required: ["clerk"]), "not-permitted"),
    ]

    @Test("each refusal's code has the stable name scripts read in the JSON 'refusal' field", arguments: refusals)
    func refusal(reason: Refusal.Reason, name: String) {
        let refusal = Refusal(reason, caseID: "M-1", state: "applied", event: "talk")
        #expect(refusal.code.description == name)
        #expect("\(refusal.code)" == name, "printed as its name")
        #expect(!refusal.message(in: .en).isEmpty && !refusal.message(in: .zh).isEmpty)
    }

    @Test("a caller branches on a refusal's code without naming every reason")
    func branchOnRefusalCode() throws {
        let request = EventRequest(event: "apply", input: ["birth-date": "2008-11-23"], actor: "p-1")
        #expect {
            try Transition.start(
                Fixture.definition, caseID: "M-1", organisation: "b-1", request: request,
                environment: Fixture.environment("2026-11-22"))
        } throws: { error in
            switch (error as? Refusal)?.code {
            case .checkFailed?: return true
            default: return false
            }
        }
        let codes = Set(Self.refusals.map { Refusal($0.0, caseID: nil, state: nil, event: "e").code })
        #expect(codes.count == 11, "with check-failed, twelve kinds of refusal")
        #expect(!codes.contains(.checkFailed))
    }

    @Test("a calendar error's code tells a missing year from arithmetic out of range")
    func calendar() {
        #expect(CalendarError(calendar: "cn", year: 2031).code == .notCovered)
        #expect(CalendarError(calendar: "cn", year: 2031).code.description == "not-covered")
        #expect(CalendarError.outOfRange().code == .outOfRange)
        #expect(CalendarError.outOfRange().code.description == "out-of-range")
        #expect(CalendarError.outOfRange().message.en?.contains("1 to 9999") == true)
    }

    static let expressions: [(ExpressionError.Reason, String)] = [
        (.durationNotWhole, "duration-not-whole"),
        (.unexpectedCharacter("#"), "unexpected-character"),
        (.invalidDate("2026-02-30"), "invalid-date"),
        (.invalidNumber("1.2.3"), "invalid-number"),
        (.unclosedText, "unclosed-text"),
        (.tooLong(limit: 1000), "too-long"),
        (.empty, "empty"),
        (.unexpected(.symbol(")")), "unexpected"),
        (.unclosedParenthesis(found: .end), "unclosed-parenthesis"),
        (.valueMissingBefore("and"), "value-missing-before"),
        (.unclosedCall(function: "count"), "unclosed-call"),
        (.valueMissing(found: .end), "value-missing"),
        (.nestedTooDeeply, "nested-too-deeply"),
        (.unknownName("ag", suggestion: "age"), "unknown-name"),
        (.negationNeedsNumber(.text), "negation-needs-number"),
        (.notACondition(.integer), "not-a-condition"),
        (.operandType("+", needs: .number, found: .text), "operand-type"),
        (.cannotCombine("-", .date, .text), "cannot-combine"),
        (.notAChoice("x", field: "urgency", choices: ["general"]), "not-a-choice"),
        (.argumentCount(function: "count", expected: 1, given: 2), "argument-count"),
        (.countNeedsList, "count-needs-list"),
        (.openNeedsItemList, "open-needs-item-list"),
        (.containsAllNeedsLists, "contains-all-needs-lists"),
        (.containsNeedsList, "contains-needs-list"),
        (.elementType(element: .person, found: .integer), "element-type"),
        (.presentNeedsField, "present-needs-field"),
        (.needsEvent(function: "happened", suggestion: nil), "needs-event"),
        (.unknownFunction("cout", suggestion: "count"), "unknown-function"),
        (.described(LocalizedText(zh: "别的", en: "other")), "other"),
    ]

    @Test("each expression error's code has a stable name of its own", arguments: expressions)
    func expression(reason: ExpressionError.Reason, name: String) {
        #expect(ExpressionError(offset: 0, reason).code.description == name)
        #expect(reason.code == ExpressionError(offset: 3, reason).code)
        #expect(!reason.message.zh.isEmpty)
    }

    @Test("an expression that does not parse is refused with its code")
    func parsedExpressionCode() {
        #expect {
            try RuleExpression(parsing: "(a and b")
        } throws: { error in
            (error as? ExpressionError)?.code == .unclosedParenthesis
        }
    }

    static let definitionProblems: [(DefinitionProblem.Reason, String)] = [
        (.duplicateID("talk"), "duplicate-id"),
        (.parameterNamedLikeField("age"), "parameter-named-like-field"),
        (.reservedActor, "reserved-actor"),
        (.duplicateDeadlineID("due"), "duplicate-deadline-id"),
        (.limitParameterNotDuration("span", type: .integer), "limit-parameter-not-duration"),
        (.periodNotTilingYear, "period-not-tiling-year"),
        (.baseNotDate("name"), "base-not-date"),
        (.timerEventNotPossible(event: "close", state: "open"), "timer-event-not-possible"),
        (.timerMissingField(event: "close", field: "reason"), "timer-missing-field"),
        (.expression(.empty), "invalid-expression"),
        (.itemListNamedLikeField("items"), "item-list-named-like-field"),
        (.itemDueFieldNotDate("due"), "item-due-field-not-date"),
        (.choicesMissing(field: "urgency"), "choices-missing"),
        (.choicesWithoutEnum, "choices-without-enum"),
        (.minimumAboveMaximum, "minimum-above-maximum"),
        (.minItemsAboveMaxItems, "min-items-above-max-items"),
        (.invalidPattern("("), "invalid-pattern"),
        (.aliasTaken("name"), "alias-taken"),
        (.startWithoutTarget, "start-without-target"),
        (.switchNotBoolean("publicity", type: .text), "switch-not-boolean"),
        (.dateFieldNotDate("held", type: .text), "date-field-not-date"),
        (.assignsNotPerson("assignee"), "assigns-not-person"),
        (.computedType(field: "due", fieldType: .date, valueType: .integer), "computed-type"),
        (.unconditionalBranchNotLast, "unconditional-branch-not-last"),
        (.noStartEvent, "no-start-event"),
        (.unreachableState("lost"), "unreachable-state"),
        (.deadEndState("stuck"), "dead-end-state"),
        (.undefined(.state, "talkd", suggestion: "talked"), "undefined"),
        (
            .reportFieldType(key: "urgency", field: "kind", expected: [.choice], actual: .integer),
            "report-field-type"
        ),
        (.rateEventWithoutRating(event: "rate", field: "rating"), "rate-event-without-rating"),
        (.escalationWithoutMaxReopens(event: "rate"), "escalation-without-max-reopens"),
        (.limitNamesNone(key: "dispatch-within"), "limit-names-none"),
        (.notAnUrgency("soon", field: "urgency"), "not-an-urgency"),
        (.urgenciesUncovered(key: "dispatch-within", choices: ["general"]), "urgencies-uncovered"),
        (
            .reportParameterType(key: "max-reopens", parameter: "reopens", expected: .integer, actual: .text),
            "report-parameter-type"
        ),
    ]

    @Test("each definition problem's code has a stable name of its own", arguments: definitionProblems)
    func definitionProblem(reason: DefinitionProblem.Reason, name: String) {
        #expect(DefinitionProblem(path: ["states"], reason).code.description == name)
        #expect(!reason.message.zh.isEmpty)
    }

    @Test("a problem inside an expression has the definition's code, and the expression's code under it")
    func expressionInsideDefinition() {
        let problem = DefinitionProblem(path: ["events", "talk", "checks"], ExpressionError(offset: 2, .unclosedText))
        #expect(problem.code == .invalidExpression)
        guard case .expression(let inner) = problem.reason else {
            Issue.record("not an expression problem: \(problem.reason)")
            return
        }
        #expect(inner.code == .unclosedText)
    }

    static let rowProblems: [(RowProblem.Reason, String)] = [
        (.described(LocalizedText(zh: "不是 UTF-8 文本", en: "not UTF-8 text")), "unreadable"),
        (.refused(Refusal(.timerOnly, caseID: nil, state: nil, event: "close"), definition: nil), "refused"),
        (.caseIDTaken("SR-1"), "case-id-taken"),
        (.invalidCaseID("bad/id"), "invalid-case-id"),
        (.unknownOrganisation("atlantis"), "unknown-organisation"),
        (.unknownWorkflow("nothing"), "unknown-workflow"),
        (.listedTwice(organisation: "g1", firstLine: 2), "listed-twice"),
        (.alreadyOpen(organisation: "g1", workflow: "w", title: LocalizedText(zh: "流程")), "already-open"),
        (.tooDeep(organisation: "g1", limit: 12), "too-deep"),
        (.parentRefused("v1"), "parent-refused"),
        (.parentMissing("v1"), "parent-missing"),
        (.parentCycle(organisation: "a", members: ["a", "b"]), "parent-cycle"),
        (.unknownRole("clerc", suggestion: "clerk"), "unknown-role"),
        (.roleAtUnknownOrganisation(role: "clerk", organisation: "atlantis"), "role-at-unknown-organisation"),
    ]

    @Test("each row problem's code has a stable name of its own", arguments: rowProblems)
    func rowProblem(reason: RowProblem.Reason, name: String) {
        let problem = RowProblem(line: 3, reason)
        #expect(problem.code.description == name)
        #expect(!problem.message.zh.isEmpty)
    }

    @Test("no two reasons of an expression, a definition or a row share a code's name")
    func distinctNames() {
        #expect(Set(Self.expressions.map(\.1)).count == Self.expressions.count)
        #expect(Set(Self.expressions.map { $0.0.code }).count == Self.expressions.count)
        #expect(Set(Self.definitionProblems.map(\.1)).count == Self.definitionProblems.count)
        #expect(Set(Self.definitionProblems.map { $0.0.code }).count == Self.definitionProblems.count)
        #expect(Set(Self.rowProblems.map(\.1)).count == Self.rowProblems.count)
    }
}
