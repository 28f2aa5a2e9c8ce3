import DocketCore
import DocketEngine
import DocketSQLite
import DocketTesting
import Foundation
import Testing

@Suite struct TickTests {
    /// An emergency request, dispatched and accepted at `accepted`: its 2-hour completion
    /// limit fires an escalation.
    func inProgress(_ f: StoreFixture, accepted: String, org: String = "village") throws -> String {
        let id = try f.engine.start(
            workflow: "service-request", organisation: org, caseID: nil,
            request: EventRequest(
                event: "",
                input: [
                    "requester": "张", "phone": "13800000000", "category": "repair", "description": "停电",
                    "urgency": "emergency",
                ],
                actor: "p-1"),
            now: f.at(accepted)
        ).snapshot.id
        _ = try f.engine.fire(
            caseID: id, request: EventRequest(event: "dispatch", input: ["assignee": "p-2"], actor: "p-1"),
            now: f.at(accepted))
        _ = try f.engine.fire(caseID: id, request: EventRequest(event: "accept", actor: "p-2"), now: f.at(accepted))
        return id
    }

    @Test("overdue is a fact at any instant, whether or not tick has run")
    func overdueWithoutTick() throws {
        let f = try StoreFixture()
        let id = try inProgress(f, accepted: "2026-11-23T08:00")
        #expect(try f.store.overdue(DeadlineQuery(), at: f.at("2026-11-23T09:59")).isEmpty)
        let late = try f.store.overdue(DeadlineQuery(organisation: "town"), at: f.at("2026-11-23T10:00"))
        #expect(late.map(\.caseID) == [id] && late.first?.deadline.rule == "complete-emergency")
        #expect(try f.store.overdue(DeadlineQuery(organisation: "other-town"), at: f.at("2026-11-23T10:00")).isEmpty)
        // After the tick, the escalation restarted the clock: nothing is overdue at that instant.
        _ = try f.engine.tick(now: f.at("2026-11-23T10:00"))
        #expect(try f.store.overdue(DeadlineQuery(), at: f.at("2026-11-23T10:00")).isEmpty)
        #expect(try f.store.overdue(DeadlineQuery(), at: f.at("2026-11-23T12:00")).map(\.organisation) == ["town"])
    }

    @Test("tick fires oldest first, each at its own due time, and a second tick at the same instant fires nothing")
    func order() throws {
        let f = try StoreFixture()
        let later = try inProgress(f, accepted: "2026-11-23T09:00")
        let earlier = try inProgress(f, accepted: "2026-11-23T08:00")
        let report = try f.engine.tick(now: f.at("2026-11-23T11:30"))
        #expect(report.fired.map(\.timer.caseID) == [earlier, later])
        #expect(
            report.fired.map { f.zone.format($0.entry.at) } == [
                "2026-11-23T10:00:00+08:00", "2026-11-23T11:00:00+08:00",
            ])
        #expect(report.fired.allSatisfy { $0.entry.actor == "system" && $0.entry.event == "escalate" })
        #expect(try f.engine.tick(now: f.at("2026-11-23T11:30")).fired.isEmpty)
        #expect(try f.store.verifyAuditTrail().isIntact)
    }

    @Test("after downtime, a tick catches up: each escalation restarts the clock and the next fires at its own time")
    func catchUp() throws {
        let f = try StoreFixture()
        let id = try inProgress(f, accepted: "2026-11-23T08:00")
        let report = try f.engine.tick(now: f.at("2026-11-23T15:00"))
        // village → town at 10:00, town → county at 12:00; at the county there is no parent
        // left, so the 14:00 firing is refused and the limit stays overdue.
        #expect(report.fired.map { f.zone.formatShort($0.entry.at) } == ["2026-11-23 10:00", "2026-11-23 12:00"])
        #expect(report.failed.map(\.refusal.code.description) == ["no-parent-organisation"])
        #expect(try f.store.snapshot(of: id)?.organisation == "county")
        #expect(try f.store.overdue(DeadlineQuery(), at: f.at("2026-11-23T15:00")).map(\.caseID) == [id])
        #expect(try f.engine.tick(now: f.at("2026-11-24T15:00")).fired.isEmpty, "a refused timer is disarmed")
    }

    @Test(
        "where the deployment refuses provisional years, a limit in working days that leaves the calendar is refused, naming the calendar, and nothing is written"
    )
    func beyondCalendar() throws {
        let f = try StoreFixture()
        var strict = try #require(try f.store.calendar("cn-mainland"))
        strict.uncoveredYears = .refuse
        try f.store.saveCalendars([strict])
        #expect {
            try f.engine.start(
                workflow: "service-request", organisation: "village", caseID: nil,
                request: EventRequest(
                    event: "",
                    input: [
                        "requester": "张", "phone": "13800000000", "category": "law", "description": "咨询",
                        "urgency": "general",
                    ],
                    actor: "p-1"),
                now: f.at("2026-12-31T10:00"))
        } throws: { error in
            guard case .refused(let refusal)? = (error as? EngineError)?.reason else { return false }
            guard case .calendar(let calendar) = refusal.reason else { return false }
            return calendar.calendar == "cn-mainland" && calendar.year == 2027 && calendar.rule == "dispatch-general"
        }
        #expect(try f.store.cases(matching: CaseQuery()).isEmpty)
    }

    @Test("a completed request is due a callback the next working day and closes unrated after three")
    func callbackAndAutoClose() throws {
        let f = try StoreFixture()
        let id = try inProgress(f, accepted: "2026-11-27T08:00")
        // Completed on Friday 27 November: callback due Monday 30th, closed unrated after Wednesday 2 December.
        let done = try f.engine.fire(
            caseID: id, request: EventRequest(event: "complete", input: ["result": "已修复"], actor: "p-2"),
            now: f.at("2026-11-27T09:00"))
        #expect(done.deadlines.map(\.rule) == ["callback", "auto-close"])
        #expect(done.deadlines.map { $0.dueDate?.description } == ["2026-11-30", "2026-12-02"])
        #expect(try f.store.overdue(DeadlineQuery(), at: f.at("2026-12-01T08:00")).map(\.deadline.rule) == ["callback"])
        #expect(try f.engine.tick(now: f.at("2026-12-02T23:59")).fired.isEmpty)
        let closed = try f.engine.tick(now: f.at("2026-12-03T00:00"))
        #expect(closed.fired.map(\.entry.toState) == ["closed-unrated"])
        #expect(
            try f.store.overdue(DeadlineQuery(), at: f.at("2026-12-05T00:00")).isEmpty,
            "a closed case has no running limits")
    }

    @Test("an unsatisfied rating reopens the request and restarts the completion clock")
    func reopenRestartsClock() throws {
        let f = try StoreFixture()
        let id = try inProgress(f, accepted: "2026-11-23T08:00")
        _ = try f.engine.fire(
            caseID: id, request: EventRequest(event: "complete", input: ["result": "已修复"], actor: "p-2"),
            now: f.at("2026-11-23T09:00"))
        let reopened = try f.engine.fire(
            caseID: id, request: EventRequest(event: "rate", input: ["rating": "5"], actor: "p-1"),
            now: f.at("2026-11-23T12:00"))
        #expect(reopened.snapshot.state == "in-progress")
        #expect(reopened.deadlines.map { f.zone.format($0.dueAt) } == ["2026-11-23T14:00:00+08:00"])
    }

    @Test("a storm of timers, decided ahead on a second connection, commits exactly what firing one at a time does")
    func stormMatchesOneAtATime() throws {
        // 150 emergencies accepted two minutes apart: each escalates twice at two-hour
        // intervals (village → town → county), arming a timer already due each time, and
        // is refused the third (no level above the county).
        func run(stormSize: Int) throws -> (outcomes: [String], cases: [String], trail: [String], second: Int) {
            let f = try StoreFixture()
            var ids: [String] = []
            for i in 0..<150 {
                let accepted = f.at("2026-11-23T08:00").addingTimeInterval(Double(i) * 120)
                ids.append(try inProgress(f, accepted: f.zone.format(accepted)))
            }
            var outcomes: [String] = []
            _ = try f.engine.tick(now: f.at("2026-11-23T19:00"), batchSize: 100, stormSize: stormSize) { outcome in
                switch outcome {
                case .fired(let firing):
                    outcomes.append(
                        "\(firing.timer.caseID) \(firing.timer.rule) \(f.zone.format(firing.entry.at)) → \(firing.entry.toState) #\(firing.entry.seq)"
                    )
                case .failed(let failure):
                    outcomes.append("\(failure.timer.caseID) \(failure.timer.rule) refused: \(failure.refusal.code)")
                }
            }
            #expect(try f.store.verifyAuditTrail().isIntact)
            let cases = try ids.map { id in
                let snapshot = try #require(try f.store.snapshot(of: id))
                return "\(id) \(snapshot.state) \(snapshot.organisation) r\(snapshot.revision)"
            }
            let trail = try ids.flatMap { try f.store.history(of: $0).map(\.hash) }
            let second = try f.engine.tick(now: f.at("2026-11-23T19:00"), stormSize: stormSize) { _ in }
            return (outcomes, cases, trail, second.fired + second.failed)
        }
        let oneAtATime = try run(stormSize: .max)
        let storm = try run(stormSize: 16)
        #expect(oneAtATime.outcomes.count == 450)
        #expect(oneAtATime.outcomes.filter { $0.contains("refused: no-parent-organisation") }.count == 150)
        #expect(Self.firstDifference(storm.outcomes, oneAtATime.outcomes) == nil)
        #expect(Self.firstDifference(storm.cases, oneAtATime.cases) == nil)
        #expect(
            Self.firstDifference(storm.trail, oneAtATime.trail) == nil,
            "the same entries, hashed alike, in the same order")
        #expect(storm.second == 0 && oneAtATime.second == 0)
    }

    /// Where two long lists first part, as a short message.
    static func firstDifference(_ a: [String], _ b: [String]) -> String? {
        if let i = a.indices.first(where: { $0 < b.count && a[$0] != b[$0] }) { return "#\(i): \(a[i]) ≠ \(b[i])" }
        return a.count == b.count ? nil : "\(a.count) lines ≠ \(b.count)"
    }
}
