import DocketCore
import DocketEngine
import DocketSQLite
import DocketTesting
import Foundation
import Testing

/// Limits counted through a year whose notice is not out yet, and counted again when the
/// notice is added or a parameter changes.
@Suite struct RecountTests {
    let notice2027 = YearNotice(
        year: 2027, source: "测试通知", holidays: Set((1...3).compactMap { CivilDate(year: 2027, month: 1, day: $0) }),
        workingWeekends: [])

    func request(_ f: StoreFixture, urgency: String, at: String) throws -> Engine.CaseView {
        try f.engine.start(
            workflow: "service-request", organisation: "village", caseID: nil,
            request: EventRequest(
                event: "",
                input: [
                    "requester": "张", "phone": "13800000000", "category": "law", "description": "咨询",
                    "urgency": urgency,
                ],
                actor: "p-1"),
            now: f.at(at))
    }

    @Test(
        "a request taken on 31 December is accepted; its limit in 2027 is counted Monday to Friday and marked provisional, in the store too"
    )
    func provisionalLimit() throws {
        let f = try StoreFixture()
        let view = try request(f, urgency: "general", at: "2026-12-31T10:00")
        let limit = try #require(view.deadlines.first)
        #expect(limit.rule == "dispatch-general" && limit.dueDate?.description == "2027-01-01" && limit.provisional)
        #expect(try f.store.deadlines(of: view.snapshot.id).map(\.provisional) == [true])
        #expect(
            try f.store.overdue(DeadlineQuery(), at: f.at("2027-01-05T00:00")).map(\.deadline.provisional) == [true])
        let inside = try request(f, urgency: "general", at: "2026-12-01T10:00")
        #expect(inside.deadlines.map(\.provisional) == [false], "a limit within 2026 is counted by its notice")
    }

    @Test(
        "adding 2027's notice moves the provisional limits it changes, each recorded on the trail with the calendar change, in one go"
    )
    func addingTheNotice() throws {
        let f = try StoreFixture()
        let moving = try request(f, urgency: "general", at: "2026-12-31T10:00").snapshot.id
        let hourly = try request(f, urgency: "emergency", at: "2026-12-31T10:05").snapshot.id
        let closed = try request(f, urgency: "general", at: "2026-12-31T10:10").snapshot.id
        _ = try f.engine.fire(
            caseID: closed, request: EventRequest(event: "reject", input: ["reason": "重复"], actor: "p-1"),
            now: f.at("2026-12-31T10:20"))
        let before = try f.store.snapshot(of: moving)

        let summary = try f.engine.addCalendarYear(
            notice2027, to: "cn-mainland", actor: "p-1", now: f.at("2026-12-31T12:00"))
        #expect(summary.examined == 2, "the rejected request is not running")
        #expect(summary.moved.map(\.caseID) == [moving], "an hour limit does not depend on the calendar")
        #expect(
            try f.store.deadlines(of: moving).map { "\($0.dueDate?.description ?? "") \($0.provisional)" } == [
                "2027-01-04 false"
            ])
        let last = try #require(try f.store.history(of: moving).last)
        #expect(
            last.event == LimitRecount.event && last.actor == "p-1" && last.fromState == "ordered"
                && last.toState == "ordered")
        #expect(last.dataJSON.contains("2027-01-01 暂按 → 2027-01-04") && last.note == "calendar cn-mainland 2027")
        #expect(
            try f.store.snapshot(of: moving)?.revision == (before?.revision ?? 0) + 1,
            "a clerk who read the case before the recount gets a conflict")
        #expect(try f.store.history(of: "calendar/cn-mainland").map(\.event) == ["calendar-year-added"])
        #expect(try f.store.verifyAuditTrail().firstBroken == nil)
        #expect(try f.store.calendar("cn-mainland")?.covers(2027) == true)

        // The same notice again moves nothing; a correction moves the limit back.
        #expect(
            try f.engine.addCalendarYear(notice2027, to: "cn-mainland", actor: "p-1", now: f.at("2026-12-31T12:05"))
                .moved.isEmpty)
        let corrected = YearNotice(year: 2027, source: "更正", holidays: [], workingWeekends: [])
        #expect(
            try f.engine.addCalendarYear(corrected, to: "cn-mainland", actor: "p-1", now: f.at("2026-12-31T12:10"))
                .moved.map(\.caseID) == [moving])
        #expect(try f.store.deadlines(of: moving).first?.dueDate?.description == "2027-01-01")
        #expect(
            try f.store.history(of: "calendar/cn-mainland").map(\.event) == [
                "calendar-year-added", "calendar-year-corrected", "calendar-year-corrected",
            ])
        #expect(try f.store.history(of: hourly).count == 1, "a case whose limits did not move gets no entry")
    }

    @Test("an unknown calendar is named and nothing is written")
    func unknownCalendar() throws {
        let f = try StoreFixture()
        #expect {
            try f.engine.addCalendarYear(notice2027, to: "atlantis", actor: "p-1", now: f.at("2026-12-31T12:00"))
        } throws: { error in
            guard case .notFound(.calendar, "atlantis")? = (error as? EngineError)?.reason else { return false }
            return true
        }
        #expect(try f.store.verifyAuditTrail().entriesChecked == 0)
    }

    @Test(
        "configuring a parameter moves the running limits it governs, recorded on the trail; others stay as they were")
    func parameterChange() throws {
        let f = try StoreFixture()
        let general = try request(f, urgency: "general", at: "2026-11-23T10:00").snapshot.id
        let emergency = try request(f, urgency: "emergency", at: "2026-11-23T10:05").snapshot.id
        #expect(try f.store.deadlines(of: general).first?.dueDate?.description == "2026-11-24")
        let summary = try f.engine.configure(
            [(workflow: "service-request", parameter: "dispatch-within-general", value: "3 working days")],
            actor: "p-1", now: f.at("2026-11-23T11:00"))
        #expect(summary.examined == 2 && summary.moved.map(\.caseID) == [general])
        #expect(try f.store.deadlines(of: general).first?.dueDate?.description == "2026-11-26")
        #expect(try f.store.history(of: general).last?.note == "parameters dispatch-within-general")
        #expect(try f.store.history(of: emergency).count == 1)
        #expect(try f.store.parameterTexts(workflow: "service-request")["dispatch-within-general"] == "3 working days")
    }
}
