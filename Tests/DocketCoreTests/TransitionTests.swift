import DocketCore
import DocketMessages
import Foundation
import Testing

/// A small workflow built in code: apply (age rule), talk, a record event, a waiting
/// period, and a vote with two targets.
enum Fixture {
    static func check(_ rule: String, _ message: String) -> Check {
        // The fixture's rules are literals known to parse.
        Check(
            expression: (try? RuleExpression(parsing: rule)) ?? Fixture.never,
            message: LocalizedText(zh: message, en: message))
    }
    static let never = (try? RuleExpression(parsing: "false"))! // swift-format-ignore: NeverForceUnwrap

    static let definition = WorkflowDefinition(
        id: "mini", version: 1, title: LocalizedText(zh: "小流程"), casePrefix: "M",
        roles: [RoleDefinition(id: "clerk", title: LocalizedText(zh: "组织委员"))],
        states: [
            StateDefinition(id: "applied", title: LocalizedText(zh: "已申请")),
            StateDefinition(id: "activist", title: LocalizedText(zh: "积极分子")),
            StateDefinition(id: "voted", title: LocalizedText(zh: "已表决"), isFinal: true, outcome: "admitted"),
            StateDefinition(id: "failed", title: LocalizedText(zh: "未通过"), isFinal: true, outcome: "not-admitted"),
        ],
        fields: [
            FieldDefinition(id: "birth-date", title: LocalizedText(zh: "出生日期"), type: .date),
            FieldDefinition(id: "applied-on", title: LocalizedText(zh: "申请日期"), type: .date),
            FieldDefinition(id: "activist-on", title: LocalizedText(zh: "确定日期"), type: .date),
            FieldDefinition(
                id: "yes-votes", title: LocalizedText(zh: "赞成票"), type: .integer,
                constraints: FieldConstraints(minimum: 0)),
            FieldDefinition(
                id: "eligible-voters", title: LocalizedText(zh: "应到"), type: .integer,
                constraints: FieldConstraints(minimum: 1)),
            FieldDefinition(
                id: "mentors", title: LocalizedText(zh: "培养联系人"), type: .list(.person),
                constraints: FieldConstraints(minItems: 1, maxItems: 2)),
        ],
        events: [
            EventDefinition(
                id: "apply", title: LocalizedText(zh: "申请"), source: .start, target: .state("applied"),
                roles: ["clerk"],
                fields: [EventField(id: "birth-date", required: true)],
                checks: [check("age(birth-date, today) >= 18", "申请人须年满十八周岁")], dateField: "applied-on"),
            EventDefinition(
                id: "name-activist", title: LocalizedText(zh: "确定积极分子"), source: .states(["applied"]),
                target: .state("activist"),
                dateField: "activist-on"),
            EventDefinition(
                id: "assign-mentors", title: LocalizedText(zh: "指定培养联系人"), source: .states(["activist"]),
                fields: [EventField(id: "mentors", required: true)]),
            EventDefinition(
                id: "vote", title: LocalizedText(zh: "表决"), source: .states(["activist"]),
                target: .conditional([
                    ConditionalTarget(
                        condition: try? RuleExpression(parsing: "yes-votes * 2 > eligible-voters"), state: "voted"),
                    ConditionalTarget(condition: nil, state: "failed"),
                ]),
                fields: [
                    EventField(id: "yes-votes", required: true), EventField(id: "eligible-voters", required: true),
                ],
                checks: [
                    check("today >= activist-on + 1 year", "确定为积极分子满一年后才能表决"),
                    check("happened(assign-mentors)", "须先指定培养联系人"),
                ]),
        ])

    static let zone = DeploymentZone.shanghai

    static func environment(_ at: String, people: Set<String> = ["p-1", "p-2", "p-3"]) -> TransitionEnvironment {
        TransitionEnvironment(
            now: zone.parseInstant(at) ?? Date(timeIntervalSince1970: 0), zone: zone, knownPeople: people)
    }

    static func started(on day: String = "2025-01-10") throws -> CaseSnapshot {
        try Transition.start(
            definition, caseID: "M-1", organisation: "b-1",
            request: EventRequest(event: "apply", input: ["birth-date": "2000-01-01"], actor: "p-1"),
            environment: environment(day)
        ).snapshot
    }
}

@Suite struct TransitionTests {
    let definition = Fixture.definition

    @Test("the definition fixture is coherent")
    func fixtureIsClean() {
        #expect(DefinitionChecker(definition).problems().isEmpty)
    }

    @Test("an applicant born 2008-11-23 is refused on 2026-11-22 and accepted on 2026-11-23")
    func ageRule() throws {
        let request = EventRequest(event: "apply", input: ["birth-date": "2008-11-23"], actor: "p-1")
        #expect {
            try Transition.start(
                definition, caseID: "M-1", organisation: "b-1", request: request,
                environment: Fixture.environment("2026-11-22"))
        } throws: { error in
            guard case .checkFailed(let failure) = (error as? Refusal)?.reason else { return false }
            return failure.message.zh == "申请人须年满十八周岁"
                && failure.values.contains(.init(name: "birth-date", value: "2008-11-23"))
        }
        let decision = try Transition.start(
            definition, caseID: "M-1", organisation: "b-1", request: request,
            environment: Fixture.environment("2026-11-23"))
        #expect(decision.snapshot.state == "applied")
        #expect(decision.snapshot.data["applied-on"] == .date(try #require(CivilDate(iso: "2026-11-23"))))
        #expect(decision.audit.kind == .start && decision.audit.toState == "applied" && decision.audit.fromState == nil)
    }

    @Test("a waiting period refuses the event with the day it becomes possible")
    func waitingPeriod() throws {
        var snapshot = try Fixture.started()
        snapshot = try Transition.fire(
            definition, on: snapshot,
            request: EventRequest(event: "name-activist", on: CivilDate(iso: "2025-03-01"), actor: "p-1"),
            environment: Fixture.environment("2025-03-02")
        ).snapshot
        snapshot = try Transition.fire(
            definition, on: snapshot,
            request: EventRequest(event: "assign-mentors", input: ["mentors": "p-2"], actor: "p-1"),
            environment: Fixture.environment("2025-03-05")
        ).snapshot
        let vote = EventRequest(event: "vote", input: ["yes-votes": "5", "eligible-voters": "9"], actor: "p-1")
        #expect {
            try Transition.fire(definition, on: snapshot, request: vote, environment: Fixture.environment("2026-02-28"))
        } throws: { error in
            guard case .checkFailed(let failure) = (error as? Refusal)?.reason else { return false }
            return failure.possibleFrom == CivilDate(iso: "2026-03-01")
        }
        let passed = try Transition.fire(
            definition, on: snapshot, request: vote, environment: Fixture.environment("2026-03-01"))
        #expect(passed.snapshot.state == "voted")
    }

    @Test("with 9 who should attend, 5 yes passes and 4 yes fails")
    func voteTargets() throws {
        var snapshot = try Fixture.started(on: "2024-01-10")
        snapshot = try Transition.fire(
            definition, on: snapshot, request: EventRequest(event: "name-activist", actor: "p-1"),
            environment: Fixture.environment("2024-02-01")
        ).snapshot
        snapshot = try Transition.fire(
            definition, on: snapshot,
            request: EventRequest(event: "assign-mentors", input: ["mentors": "p-2,p-3"], actor: "p-1"),
            environment: Fixture.environment("2024-02-02")
        ).snapshot
        #expect(snapshot.state == "activist", "a record event stays in its state")
        #expect(snapshot.records["assign-mentors"]?.count == 1)
        let env = Fixture.environment("2025-06-01")
        let five = try Transition.fire(
            definition, on: snapshot,
            request: EventRequest(event: "vote", input: ["yes-votes": "5", "eligible-voters": "9"], actor: "p-1"),
            environment: env)
        let four = try Transition.fire(
            definition, on: snapshot,
            request: EventRequest(event: "vote", input: ["yes-votes": "4", "eligible-voters": "9"], actor: "p-1"),
            environment: env)
        #expect(five.snapshot.state == "voted")
        #expect(four.snapshot.state == "failed")
        #expect(five.snapshot.revision == snapshot.revision + 1)
    }

    @Test("an event not possible in the state is refused with the events that are")
    func wrongState() throws {
        let snapshot = try Fixture.started()
        #expect {
            try Transition.fire(
                definition, on: snapshot, request: EventRequest(event: "vote", actor: "p-1"),
                environment: Fixture.environment("2025-02-01"))
        } throws: { error in
            (error as? Refusal)?.reason == .notPossibleInState(possible: ["name-activist"])
        }
        #expect {
            try Transition.fire(
                definition, on: snapshot, request: EventRequest(event: "fly", actor: "p-1"),
                environment: Fixture.environment("2025-02-01"))
        } throws: { error in
            (error as? Refusal)?.reason == .unknownEvent(possible: ["name-activist"])
        }
    }

    @Test("every field problem is reported at once, each named")
    func fieldProblems() throws {
        var snapshot = try Fixture.started()
        snapshot = try Transition.fire(
            definition, on: snapshot, request: EventRequest(event: "name-activist", actor: "p-1"),
            environment: Fixture.environment("2025-02-01")
        ).snapshot
        let request = EventRequest(
            event: "assign-mentors", input: ["mentors": "p-1,p-2,p-3", "mentor": "x"], actor: "p-1")
        #expect {
            try Transition.fire(
                definition, on: snapshot, request: request, environment: Fixture.environment("2025-02-02"))
        } throws: { error in
            guard case .invalidFields(let problems) = (error as? Refusal)?.reason else { return false }
            return problems.map(\.field) == ["mentor", "mentors"]
                && problems[0].kind == .unknown(suggestion: "mentors", accepted: ["mentors"])
                && problems[1].kind == .itemCount(count: 3, minimum: 1, maximum: 2)
        }
        let unknownPerson = EventRequest(event: "assign-mentors", input: ["mentors": "p-9"], actor: "p-1")
        #expect {
            try Transition.fire(
                definition, on: snapshot, request: unknownPerson, environment: Fixture.environment("2025-02-02"))
        } throws: { error in
            (error as? Refusal)?.reason == .invalidFields([FieldProblem(field: "mentors", kind: .unknownPerson("p-9"))])
        }
        let malformed = EventRequest(event: "apply", input: ["birth-date": "1999-02-30"], actor: "p-1")
        #expect {
            try Transition.start(
                definition, caseID: "M-2", organisation: "b", request: malformed,
                environment: Fixture.environment("2025-02-02"))
        } throws: { error in
            (error as? Refusal)?.reason
                == .invalidFields([
                    FieldProblem(
                        field: "birth-date", kind: .malformed(raw: "1999-02-30", expected: FieldType.date.inputHint))
                ])
        }
    }

    @Test("the day of a step may not be after now or before the previous step")
    func onDates() throws {
        let snapshot = try Fixture.started(on: "2025-01-10")
        let early = EventRequest(event: "name-activist", on: CivilDate(iso: "2025-01-09"), actor: "p-1")
        #expect {
            try Transition.fire(
                definition, on: snapshot, request: early, environment: Fixture.environment("2025-02-01"))
        } throws: { error in
            (error as? Refusal)?.code.description == "invalid-date"
        }
        let late = EventRequest(event: "name-activist", on: CivilDate(iso: "2025-02-02"), actor: "p-1")
        #expect {
            try Transition.fire(definition, on: snapshot, request: late, environment: Fixture.environment("2025-02-01"))
        } throws: { error in
            (error as? Refusal)?.reason
                == .dateAfterNow(on: CivilDate(iso: "2025-02-02")!, today: CivilDate(iso: "2025-02-01")!)
        }
        let backdated = try Transition.fire(
            definition, on: snapshot,
            request: EventRequest(event: "name-activist", on: CivilDate(iso: "2025-01-20"), actor: "p-1"),
            environment: Fixture.environment("2025-02-01"))
        #expect(backdated.snapshot.data["activist-on"] == .date(CivilDate(iso: "2025-01-20")!))
        #expect(backdated.audit.on == CivilDate(iso: "2025-01-20")!)
    }

    @Test("an imported case keeps its earlier dates, and time counts from them")
    func importCase() throws {
        let decision = try Transition.importCase(
            definition, caseID: "M-9", organisation: "b-1", state: "activist", input: ["birth-date": "1990-05-05"],
            records: [("apply", CivilDate(iso: "2024-09-01")!), ("name-activist", CivilDate(iso: "2025-03-01")!)],
            actor: "p-1", note: "paper file", environment: Fixture.environment("2026-01-05"))
        #expect(decision.snapshot.data["activist-on"] == .date(CivilDate(iso: "2025-03-01")!))
        #expect(decision.audit.kind == .import)
        let available = Transition.availability(
            definition, of: decision.snapshot, environment: Fixture.environment("2026-01-05"))
        let vote = try #require(available.first { $0.event == "vote" })
        #expect(vote.missing == ["yes-votes", "eligible-voters"])
        #expect(vote.blockedBy.map(\.possibleFrom) == [CivilDate(iso: "2026-03-01"), nil])
    }

    @Test("the checker finds undefined references, dead ends and unreachable states")
    func checker() {
        var broken = definition
        broken.events[1].target = .state("activst")
        broken.states.append(StateDefinition(id: "limbo", title: LocalizedText(zh: "悬空")))
        broken.events[0].roles = ["clerc"]
        let messages = DefinitionChecker(broken).problems().map { $0.message.en ?? "" }
        #expect(messages.contains("undefined state 'activst'; did you mean 'activist'?"))
        #expect(messages.contains("undefined role 'clerc'; did you mean 'clerk'?"))
        var unreachable = definition
        unreachable.states.append(StateDefinition(id: "limbo", title: LocalizedText(zh: "悬空")))
        let graph = DefinitionChecker(unreachable).problems()
        #expect(graph.map(\.path) == [["states", "limbo"]])
        #expect(graph.first?.message.en == "state 'limbo' is unreachable: no event leads to it")
    }
}
