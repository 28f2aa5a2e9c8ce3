import DocketCore
import DocketMessages
import Foundation
import Testing

/// A workflow with one of each kind of limit: a one-month talk deadline from a date
/// field, a half-yearly duty, an hour limit that fires an event, and a warned deadline.
enum TimedFixture {
    static func rule(_ text: String) -> RuleExpression? { try? RuleExpression(parsing: text) }

    static let definition = WorkflowDefinition(
        id: "timed", version: 1, title: LocalizedText(zh: "计时"), casePrefix: "T",
        states: [
            StateDefinition(
                id: "applied", title: LocalizedText(zh: "已申请"),
                deadlines: [
                    DeadlineRule(
                        id: "talk-due", title: LocalizedText(zh: "谈话期限"), due: .literal(CalendarDuration(1, .months)),
                        base: .field("applied-on"), satisfiedBy: "talk", warning: .literal(CalendarDuration(7, .days)))
                ]),
            StateDefinition(
                id: "activist", title: LocalizedText(zh: "积极分子"),
                deadlines: [
                    DeadlineRule(
                        id: "assessment", title: LocalizedText(zh: "培养考察"), kind: .duty,
                        due: .parameter("assess-every"),
                        base: .field("activist-on"), satisfiedBy: "assess")
                ]),
            StateDefinition(
                id: "waiting", title: LocalizedText(zh: "待接单"),
                deadlines: [
                    DeadlineRule(
                        id: "accept-limit", title: LocalizedText(zh: "接单时限"),
                        due: .literal(CalendarDuration(24, .hours)),
                        fires: "expire"),
                    DeadlineRule(
                        id: "urgent-only", title: LocalizedText(zh: "紧急"), due: .literal(CalendarDuration(1, .hours)),
                        condition: rule("urgent")),
                ]),
            StateDefinition(id: "done", title: LocalizedText(zh: "完成"), isFinal: true),
        ],
        fields: [
            FieldDefinition(id: "applied-on", title: LocalizedText(zh: "申请日"), type: .date),
            FieldDefinition(id: "activist-on", title: LocalizedText(zh: "确定日"), type: .date),
            FieldDefinition(id: "urgent", title: LocalizedText(zh: "紧急"), type: .boolean),
        ],
        parameters: [
            ParameterDefinition(
                id: "assess-every", title: LocalizedText(zh: "考察周期"), type: .duration,
                defaultValue: .duration(CalendarDuration(6, .months)))
        ],
        events: [
            EventDefinition(
                id: "apply", title: LocalizedText(zh: "申请"), source: .start, target: .state("applied"),
                dateField: "applied-on"),
            EventDefinition(id: "talk", title: LocalizedText(zh: "谈话"), source: .states(["applied"])),
            EventDefinition(
                id: "name", title: LocalizedText(zh: "确定"), source: .states(["applied"]), target: .state("activist"),
                dateField: "activist-on"),
            EventDefinition(id: "assess", title: LocalizedText(zh: "考察"), source: .states(["activist"])),
            EventDefinition(
                id: "wait", title: LocalizedText(zh: "派单"), source: .states(["activist"]), target: .state("waiting"),
                fields: [EventField(id: "urgent", required: false)]),
            EventDefinition(
                id: "expire", title: LocalizedText(zh: "超时"), source: .states(["waiting"]), target: .state("done"),
                timerOnly: true),
            EventDefinition(
                id: "finish", title: LocalizedText(zh: "完成"), source: .states(["waiting"]), target: .state("done")),
        ])

    static let zone = DeploymentZone.shanghai
    static func at(_ text: String) -> Date { zone.parseInstant(text) ?? Date(timeIntervalSince1970: 0) }
    static func env(_ text: String) -> TransitionEnvironment { TransitionEnvironment(now: at(text), zone: zone) }

    static func fire(
        _ snapshot: CaseSnapshot, _ event: String, at text: String, on: String? = nil, input: [String: String] = [:],
        actor: String = "p-1"
    ) throws -> Decision {
        try Transition.fire(
            definition, on: snapshot,
            request: EventRequest(event: event, input: input, on: on.flatMap { CivilDate(iso: $0) }, actor: actor),
            environment: env(text))
    }
}

extension EventDefinition {
    init(id: String, title: LocalizedText, source: EventSource, target: EventTarget, timerOnly: Bool) {
        self.init(id: id, title: title, source: source, target: target)
        self.timerOnly = timerOnly
    }
}

@Suite struct ScheduleTests {
    func applied(on day: String) throws -> Decision {
        try Transition.start(
            TimedFixture.definition, caseID: "T-1", organisation: "b",
            request: EventRequest(event: "apply", on: CivilDate(iso: day), actor: "p-1"),
            environment: TimedFixture.env(day + "T09:00"))
    }

    @Test("the talk deadline is overdue on the first day after one month, even from 31 January")
    func talkDeadline() throws {
        let decision = try applied(on: "2026-01-31")
        let talk = try #require(decision.deadlines.first)
        #expect(talk.rule == "talk-due" && talk.dueDate == CivilDate(iso: "2026-02-28"))
        #expect(talk.status(at: TimedFixture.at("2026-02-28T23:59")) == .dueSoon)
        #expect(
            talk.status(at: TimedFixture.at("2026-02-21T00:00")) == .dueSoon,
            "7 days before the due date, the warning starts")
        #expect(talk.status(at: TimedFixture.at("2026-02-20T23:59")) == .ok)
        #expect(talk.status(at: TimedFixture.at("2026-03-01T00:00")) == .overdue)
        #expect(talk.overdueBy(at: TimedFixture.at("2026-03-01T08:00"), zone: TimedFixture.zone) == "1")
        #expect(talk.overdueBy(at: TimedFixture.at("2026-03-11T08:00"), zone: TimedFixture.zone) == "11")
    }

    @Test("recording the named event satisfies a deadline")
    func satisfied() throws {
        let decision = try applied(on: "2026-01-10")
        let talked = try TimedFixture.fire(decision.snapshot, "talk", at: "2026-02-01T10:00")
        #expect(talked.deadlines.isEmpty)
        #expect(talked.snapshot.state == "applied")
    }

    @Test("a half-yearly duty is due six months after naming, then six months after each assessment")
    func duty() throws {
        let named = try TimedFixture.fire(try applied(on: "2025-01-10").snapshot, "name", at: "2025-03-01T10:00")
        let first = try #require(named.deadlines.first)
        #expect(first.kind == .duty && first.dueDate == CivilDate(iso: "2025-09-01"))
        let assessed = try TimedFixture.fire(named.snapshot, "assess", at: "2025-08-20T10:00")
        #expect(assessed.deadlines.first?.dueDate == CivilDate(iso: "2026-02-20"))
        // Missed: it stays overdue, however late, until the next assessment.
        #expect(assessed.deadlines.first?.status(at: TimedFixture.at("2026-06-01")) == .overdue)
        #expect(
            assessed.deadlines.first?.overdueBy(at: TimedFixture.at("2026-06-01"), zone: TimedFixture.zone) == "101")
    }

    @Test(
        "a quarterly duty by calendar periods is due by the end of each quarter without a record, the first being the base day's"
    )
    func calendarQuarters() throws {
        var definition = TimedFixture.definition
        definition.states[1].deadlines[0].periods = .calendar
        definition.states[1].deadlines[0].due = .literal(CalendarDuration(3, .months))
        func fire(_ snapshot: CaseSnapshot, _ event: String, on day: String) throws -> Decision {
            try Transition.fire(
                definition, on: snapshot, request: EventRequest(event: event, actor: "p-1"),
                environment: TimedFixture.env(day + "T10:00"))
        }
        let named = try fire(try applied(on: "2025-01-10").snapshot, "name", on: "2025-02-20")
        #expect(named.deadlines.first?.dueDate == CivilDate(iso: "2025-03-31"), "the quarter 20 February falls in")
        let early = try fire(named.snapshot, "assess", on: "2025-03-05")
        #expect(
            early.deadlines.first?.dueDate == CivilDate(iso: "2025-06-30"),
            "a record in the first quarter moves it to the next quarter's end, not three months on")
        let twice = try fire(early.snapshot, "assess", on: "2025-03-30")
        #expect(
            twice.deadlines.first?.dueDate == CivilDate(iso: "2025-06-30"),
            "two records in one quarter meet only that quarter")
        let late = try fire(twice.snapshot, "assess", on: "2025-08-01")
        #expect(
            twice.deadlines.first?.status(at: TimedFixture.at("2025-07-01")) == .overdue,
            "a quarter without a record is overdue from the next day")
        #expect(
            late.deadlines.first?.dueDate == CivilDate(iso: "2025-12-31"),
            "until a record in a later quarter, which meets that quarter: then the next")
        // Rolling, the same records give three months after the latest.
        let rolling = try TimedFixture.fire(
            try TimedFixture.fire(try applied(on: "2025-01-10").snapshot, "name", at: "2025-02-20T10:00").snapshot,
            "assess", at: "2025-03-05T10:00")
        #expect(rolling.deadlines.first?.dueDate == CivilDate(iso: "2025-09-05"))
        #expect(
            CalendarPeriod(CalendarDuration(5, .months)) == nil
                && CalendarPeriod(CalendarDuration(1, .years))?.months == 12)
    }

    @Test("a duration parameter overridden by the deployment changes the duty")
    func parameterOverride() throws {
        let snapshot = try applied(on: "2025-01-10").snapshot
        var environment = TimedFixture.env("2025-03-01T10:00")
        environment.parameterOverrides = ["assess-every": .duration(CalendarDuration(3, .months))]
        let named = try Transition.fire(
            TimedFixture.definition, on: snapshot, request: EventRequest(event: "name", actor: "p-1"),
            environment: environment)
        #expect(named.deadlines.first?.dueDate == CivilDate(iso: "2025-06-01"))
    }

    @Test("an hour limit is due to the minute from entering the state, and only conditions that hold apply")
    func hours() throws {
        let named = try TimedFixture.fire(try applied(on: "2025-01-10").snapshot, "name", at: "2025-03-01T10:00")
        let waiting = try TimedFixture.fire(named.snapshot, "wait", at: "2026-11-22T10:40")
        #expect(waiting.deadlines.map(\.rule) == ["accept-limit"])
        let limit = try #require(waiting.deadlines.first)
        #expect(limit.dueDate == nil && limit.fires == "expire")
        #expect(TimedFixture.zone.format(limit.dueAt) == "2026-11-23T10:40:00+08:00")
        #expect(limit.status(at: TimedFixture.at("2026-11-23T10:39")) == .ok)
        #expect(limit.overdueBy(at: TimedFixture.at("2026-11-23T12:41"), zone: TimedFixture.zone) == "PT2H1M")
        let urgent = try TimedFixture.fire(named.snapshot, "wait", at: "2026-11-22T10:40", input: ["urgent": "true"])
        #expect(urgent.deadlines.map(\.rule) == ["accept-limit", "urgent-only"])
    }

    @Test("leaving the state ends its limits; a final state has none")
    func leaving() throws {
        let named = try TimedFixture.fire(try applied(on: "2025-01-10").snapshot, "name", at: "2025-03-01T10:00")
        #expect(named.deadlines.map(\.rule) == ["assessment"])
        let waiting = try TimedFixture.fire(named.snapshot, "wait", at: "2025-03-02T10:00")
        let done = try TimedFixture.fire(waiting.snapshot, "finish", at: "2025-03-02T11:00")
        #expect(done.deadlines.isEmpty)
    }

    @Test("only the system actor fires a timer-only event")
    func timerOnly() throws {
        let named = try TimedFixture.fire(try applied(on: "2025-01-10").snapshot, "name", at: "2025-03-01T10:00")
        let waiting = try TimedFixture.fire(named.snapshot, "wait", at: "2025-03-02T10:00")
        #expect { try TimedFixture.fire(waiting.snapshot, "expire", at: "2025-03-03T11:00") } throws: {
            ($0 as? Refusal)?.reason == .timerOnly
        }
        let expired = try TimedFixture.fire(
            waiting.snapshot, "expire", at: "2025-03-03T10:40", actor: EventRequest.systemActor)
        #expect(expired.snapshot.state == "done" && expired.audit.actor == "system")
    }
}

@Suite struct WorkingCalendarTests {
    /// 2026 as published: Spring Festival 2/15–2/23 off, 2/14 and 2/28 worked.
    let calendar = WorkingCalendar(
        id: "test-cn", title: LocalizedText(zh: "测试"), years: [2026],
        holidays: Set((15...23).compactMap { CivilDate(year: 2026, month: 2, day: $0) }),
        workingWeekends: Set(
            [CivilDate(year: 2026, month: 2, day: 14), CivilDate(year: 2026, month: 2, day: 28)].compactMap { $0 }))

    @Test(
        "working days skip the Spring Festival and count its weekend working days",
        arguments: [
            ("2026-02-12", 1, "2026-02-13"), ("2026-02-13", 1, "2026-02-14"), ("2026-02-14", 1, "2026-02-24"),
            ("2026-02-12", 3, "2026-02-24"), ("2026-02-27", 1, "2026-02-28"), ("2026-02-28", 1, "2026-03-02"),
            ("2026-02-24", -1, "2026-02-14"), ("2026-02-20", 0, "2026-02-20"),
        ])
    func springFestival(start: String, count: Int, expected: String) throws {
        let day = try #require(CivilDate(iso: start))
        #expect(try calendar.adding(workingDays: count, to: day).description == expected)
    }

    @Test("a year the calendar does not cover is counted Monday to Friday, and the span says it was provisional")
    func uncoveredProvisional() throws {
        let thursday = try #require(CivilDate(iso: "2026-12-31"))
        // 1 January 2027 is a Friday: a working day by the weekday rule (its notice is not in).
        #expect(try calendar.adding(workingDays: 1, to: thursday).description == "2027-01-01")
        #expect(try calendar.adding(workingDays: 2, to: thursday).description == "2027-01-04")
        #expect(calendar.isProvisional(from: thursday, to: try #require(CivilDate(iso: "2027-01-04"))))
        #expect(
            !calendar.isProvisional(
                from: try #require(CivilDate(iso: "2026-02-12")), to: try #require(CivilDate(iso: "2026-02-24"))))
    }

    @Test(
        "where the deployment refuses provisional years, arithmetic that reaches one names the calendar and says how to add the year"
    )
    func uncoveredRefused() throws {
        var strict = calendar
        strict.uncoveredYears = .refuse
        let day = try #require(CivilDate(iso: "2026-12-31"))
        #expect(throws: CalendarError(calendar: "test-cn", year: 2027)) { try strict.adding(workingDays: 1, to: day) }
        #expect(CalendarError(calendar: "test-cn", year: 2027).message.en?.contains("docket calendar add FILE") == true)
    }

    @Test("a year's notice added to the calendar replaces only that year, and its days then count")
    func addingANotice() throws {
        let notice = YearNotice(
            year: 2027, source: "test", holidays: Set((1...3).compactMap { CivilDate(year: 2027, month: 1, day: $0) }),
            workingWeekends: [])
        let extended = calendar.adding(notice)
        let thursday = try #require(CivilDate(iso: "2026-12-31"))
        #expect(try extended.adding(workingDays: 1, to: thursday).description == "2027-01-04")
        #expect(!extended.isProvisional(from: thursday, to: try #require(CivilDate(iso: "2027-01-04"))))
        #expect(
            extended.notice(for: 2026)?.holidays == calendar.notice(for: 2026)?.holidays, "the other years are kept")
        let corrected = extended.adding(YearNotice(year: 2027, source: "fixed", holidays: [], workingWeekends: []))
        #expect(
            try corrected.adding(workingDays: 1, to: thursday).description == "2027-01-01",
            "a corrected year replaces its days")
        #expect(
            corrected.keepingYears(
                of: WorkingCalendar(
                    id: "x", title: LocalizedText(zh: "x"), years: [], holidays: [], workingWeekends: [])
            ).years == [2026, 2027])
        #expect(calendar.keepingYears(of: extended).covers(2027), "deploying the files again keeps a year added since")
    }

    @Test("a limit of absurd length in working days stops with an error instead of walking for ever")
    func absurdLength() throws {
        let day = try #require(CivilDate(iso: "2026-12-31"))
        #expect(throws: CalendarError.self) { try calendar.adding(workingDays: 5_000_000, to: day) }
    }

    @Test("working days in a rule: 3 working days after 12 February is 24 February")
    func inExpressions() throws {
        let expression = try RuleExpression(parsing: "today >= held-on + 3 working days")
        let context = EvaluationContext(
            data: ["held-on": .date(try #require(CivilDate(iso: "2026-02-12")))], parameters: [:], records: [:],
            today: try #require(CivilDate(iso: "2026-02-23")), now: Date(), zone: .shanghai, actor: nil,
            calendar: calendar)
        #expect(try ExpressionEvaluator(context: context).truth(expression.root) == false)
        var later = context
        later.today = try #require(CivilDate(iso: "2026-02-24"))
        #expect(try ExpressionEvaluator(context: later).truth(expression.root) == true)
        var noCalendar = context
        noCalendar.calendar = nil
        #expect(throws: EvaluationError.calendar(CalendarError(calendar: "", year: 2026))) {
            try ExpressionEvaluator(context: noCalendar).truth(expression.root)
        }
    }
}
