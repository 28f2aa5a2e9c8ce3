import DocketCore
import DocketEngine
import DocketTesting
import Foundation
import Testing

/// Running limits and the questions supervisors ask of them; timers and the tick; the
/// working-day calendars limits are counted by.
@Suite struct DeadlineTests {
    @Test(
        "a case's limits are the ones last decided, earliest first, and its rows show the case as it now is",
        arguments: StoreKind.allCases)
    func limitsFollowTheCase(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let far = s.at("2030-01-01")
        func check(_ view: Engine.CaseView, _ step: String) throws {
            let stored = try s.store.deadlines(of: view.snapshot.id)
            #expect(stored == view.deadlines.sorted { $0.dueAt < $1.dueAt }, "\(step): the limits decided")
            let rows = try s.store.overdue(DeadlineQuery(), at: far).filter { $0.caseID == view.snapshot.id }
            #expect(rows.map(\.deadline) == stored, "\(step): every limit is listed")
            for row in rows {
                #expect(row.workflow == "service-request" && row.state == view.snapshot.state, "\(step)")
                #expect(
                    row.organisation == view.snapshot.organisation && row.assignee == view.snapshot.assignee, "\(step)")
            }
        }
        let started = try s.order(at: "village")
        try check(started, "ordered")
        let escalated = try s.fire(
            started.snapshot.id, "escalate", ["reason": "村里解决不了"], as: "p-clerk", at: "2026-11-23T11:00")
        #expect(escalated.snapshot.organisation == "town")
        try check(escalated, "escalated to the township")
        #expect(try s.store.overdue(DeadlineQuery(organisation: "village"), at: far).isEmpty)
        let dispatched = try s.fire(
            started.snapshot.id, "dispatch", ["assignee": "p-member"], as: "p-clerk", at: "2026-11-23T11:30")
        try check(dispatched, "dispatched")
        let accepted = try s.fire(started.snapshot.id, "accept", as: "p-member", at: "2026-11-23T12:00")
        try check(accepted, "accepted")
        let completed = try s.fire(
            started.snapshot.id, "complete", ["result": "已修复"], as: "p-member", at: "2026-11-27T09:00")
        #expect(try s.store.deadlines(of: completed.snapshot.id).map(\.rule) == ["callback", "auto-close"])
        try check(completed, "completed")
        try s.fire(started.snapshot.id, "rate", ["rating": "1"], as: "p-clerk", at: "2026-11-27T10:00")
        #expect(try s.store.deadlines(of: started.snapshot.id).isEmpty, "a closed case has no running limits")
        #expect(try s.store.deadlines(of: "SR-999999").isEmpty)
    }

    /// Requests whose limits fall due at known instants (the emergency dispatch limit is an
    /// hour, the utilities one two), and one of another workflow.
    struct Overdue {
        let s: Subject
        /// 村 西村 at 08:00, due 09:00.
        let westEarly: String
        /// 东村 and 南村 at 09:00, both due 10:00: by id as bytes "B-9" comes before "b-2".
        let east = "b-2"
        let south = "B-9"
        /// 东村一网格, utilities at 09:30, due 11:30.
        let grid: String
        /// 城关镇 itself, dispatched to p-member on Friday: its acceptance limit passed on Saturday.
        let town: String
        let applicant: String

        init(_ kind: StoreKind) throws {
            s = try Subject(kind)
            westEarly = try s.order(at: "village-b", urgency: "emergency", on: "2026-11-23T08:00").snapshot.id
            try s.order(at: "village", urgency: "emergency", on: "2026-11-23T09:00", id: "b-2")
            try s.order(at: "other-village", urgency: "emergency", on: "2026-11-23T09:00", id: "B-9")
            grid = try s.order(at: "grid", urgency: "utility", on: "2026-11-23T09:30").snapshot.id
            town = try s.order(at: "town", on: "2026-11-20T09:00").snapshot.id
            try s.fire(town, "dispatch", ["assignee": "p-member"], as: "p-clerk", at: "2026-11-20T10:00")
            applicant = try s.engine.start(
                workflow: "member-development", organisation: "village", caseID: nil,
                request: EventRequest(
                    event: "apply", input: ["name": "王小明", "birth-date": "1995-05-05"], actor: "p-secretary"),
                now: s.at("2026-11-01")
            ).snapshot.id
        }
    }

    @Test(
        "overdue: the limits due at or before an instant, most overdue first (by case id as bytes on a tie), within the query's bounds",
        arguments: StoreKind.allCases)
    func overdue(_ kind: StoreKind) throws {
        let o = try Overdue(kind)
        let store = o.s.store
        func ids(_ query: DeadlineQuery, at text: String) throws -> [String] {
            let now = o.s.at(text)
            let rows = try store.overdue(query, at: now)
            var streamed: [DeadlineRow] = []
            try store.overdue(query, at: now) { streamed.append($0) }
            #expect(streamed == rows, "one at a time, the same rows")
            if query.limit == nil { #expect(try store.overdueCount(query, at: now) == rows.count) }
            return rows.map(\.caseID)
        }
        #expect(try ids(DeadlineQuery(), at: "2026-11-23T09:59:59") == [o.town, o.westEarly])
        #expect(try ids(DeadlineQuery(), at: "2026-11-23T10:00") == [o.town, o.westEarly, o.south, o.east])
        let noon = "2026-11-23T12:00"
        #expect(try ids(DeadlineQuery(), at: noon) == [o.town, o.westEarly, o.south, o.east, o.grid])
        #expect(try ids(DeadlineQuery(organisation: "town"), at: noon) == [o.town, o.westEarly, o.east, o.grid])
        #expect(try ids(DeadlineQuery(organisation: "village"), at: noon) == [o.east, o.grid])
        #expect(try ids(DeadlineQuery(organisation: "nowhere"), at: noon).isEmpty)
        var bounded = DeadlineQuery()
        bounded.organisations = ["village-b", "other-town"]
        #expect(try ids(bounded, at: noon) == [o.westEarly, o.south])
        bounded.organisations = ["nowhere"]
        #expect(try ids(bounded, at: noon).isEmpty)
        bounded = DeadlineQuery(organisation: "town")
        bounded.organisations = ["village-b", "other-village"]
        #expect(try ids(bounded, at: noon) == [o.westEarly], "both bounds hold")
        #expect(try ids(DeadlineQuery(workflow: "member-development"), at: noon).isEmpty)
        #expect(try ids(DeadlineQuery(workflow: "member-development"), at: "2027-01-01") == [o.applicant])
        #expect(try ids(DeadlineQuery(assignee: "p-member"), at: noon) == [o.town])
        #expect(try ids(DeadlineQuery(limit: 2), at: noon) == [o.town, o.westEarly])
        #expect(try ids(DeadlineQuery(organisation: "town", limit: 0), at: noon).isEmpty)

        let row = try #require(try store.overdue(DeadlineQuery(assignee: "p-member"), at: o.s.at(noon)).first)
        #expect(row.workflow == "service-request" && row.state == "dispatched" && row.organisation == "town")
        #expect(row.deadline.rule == "accept-limit" && row.deadline.fires == "unanswered")
        #expect(row.deadline.dueAt == o.s.at("2026-11-21T10:00"))
    }

    @Test(
        "the lists walked a page at a time after the last row's key give every limit once, in key order, while limits change between pages",
        arguments: StoreKind.allCases)
    func pages(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        // Several requests taken at one instant: limits due at one instant, told apart by case.
        var ids: [String] = []
        for n in 0..<5 {
            ids.append(try s.order(at: n % 2 == 0 ? "village" : "other-village", on: "2026-11-23T09:00").snapshot.id)
        }
        let later = s.at("2026-12-30")
        let all = try s.store.overdue(DeadlineQuery(), at: later)
        #expect(all.count >= ids.count)
        for (a, b) in zip(all, all.dropFirst()) {
            #expect(DeadlineKey(a).precedes(DeadlineKey(b)), "in key order: \(a.caseID) \(b.caseID)")
        }
        for size in [1, 2, 3] {
            var walked: [DeadlineRow] = []
            var query = DeadlineQuery(limit: size)
            while true {
                let page = try s.store.overdue(query, at: later)
                var streamed: [DeadlineRow] = []
                try s.store.overdue(query, at: later) { streamed.append($0) }
                #expect(streamed == page)
                walked += page
                guard page.count == size, let last = page.last else { break }
                query.after = DeadlineKey(last)
            }
            #expect(walked == all, "pages of \(size)")
        }
        // A case closed between two pages: the next page starts where the last ended.
        var query = DeadlineQuery(limit: 2)
        let first = try s.store.overdue(query, at: later)
        try s.fire(ids[0], "reject", ["reason": "群众撤回"], as: "p-clerk", at: "2026-11-23T09:30")
        let last = try #require(first.last)
        query.after = DeadlineKey(last)
        query.limit = nil
        let rest = try s.store.overdue(query, at: later)
        #expect(rest == Array(all.dropFirst(2)).filter { $0.caseID != ids[0] })
        // Due soon, the same way.
        let nine = s.at("2026-11-23T08:00")
        let soon = try s.store.dueSoon(DeadlineQuery(), at: nine, horizon: later)
        var soonWalked: [DeadlineRow] = []
        var soonQuery = DeadlineQuery(limit: 2)
        while true {
            let page = try s.store.dueSoon(soonQuery, at: nine, horizon: later)
            soonWalked += page
            guard page.count == 2, let last = page.last else { break }
            soonQuery.after = DeadlineKey(last)
        }
        #expect(soonWalked == soon && !soon.isEmpty)
    }

    @Test(
        "due soon: limits not yet overdue that fall due by the horizon or are in their warning time",
        arguments: StoreKind.allCases)
    func dueSoon(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let east = try s.order(at: "village", urgency: "emergency", on: "2026-11-23T09:00").snapshot.id
        let south = try s.order(at: "other-village", urgency: "utility", on: "2026-11-23T09:00").snapshot.id
        let west = try s.inProgress(at: "village-b", urgency: "general", on: "2026-11-23T09:00")
        let limit = try #require(try s.store.deadlines(of: west).first)
        let warning = try #require(limit.warnAt)
        #expect(limit.rule == "complete-general" && warning < limit.dueAt)
        func ids(_ query: DeadlineQuery, at now: Date, horizon: TimeInterval) throws -> [String] {
            let rows = try s.store.dueSoon(query, at: now, horizon: now.addingTimeInterval(horizon))
            var streamed: [DeadlineRow] = []
            try s.store.dueSoon(query, at: now, horizon: now.addingTimeInterval(horizon)) { streamed.append($0) }
            #expect(streamed == rows, "one at a time, the same rows")
            return rows.map(\.caseID)
        }
        let nine = s.at("2026-11-23T09:00")
        #expect(try ids(DeadlineQuery(), at: nine, horizon: 5400) == [east])
        #expect(try ids(DeadlineQuery(), at: nine, horizon: 7200) == [east, south], "due at the horizon is due by it")
        #expect(try ids(DeadlineQuery(), at: s.at("2026-11-23T10:00"), horizon: 3600) == [south], "overdue is not soon")
        #expect(try ids(DeadlineQuery(), at: warning.addingTimeInterval(-1), horizon: 3600).isEmpty)
        #expect(try ids(DeadlineQuery(), at: warning, horizon: 3600) == [west], "in its warning time")
        #expect(try ids(DeadlineQuery(), at: limit.dueAt, horizon: 3600).isEmpty)
        #expect(try ids(DeadlineQuery(organisation: "town"), at: nine, horizon: 7200) == [east])
        #expect(try ids(DeadlineQuery(organisation: "nowhere"), at: nine, horizon: 7200).isEmpty)
        #expect(try ids(DeadlineQuery(workflow: "member-development"), at: nine, horizon: 7200).isEmpty)
        #expect(try ids(DeadlineQuery(assignee: "p-member"), at: warning, horizon: 3600) == [west])
        #expect(try ids(DeadlineQuery(assignee: "p-member"), at: nine, horizon: 7200).isEmpty)
        #expect(try ids(DeadlineQuery(limit: 1), at: nine, horizon: 7200) == [east])
        var bounded = DeadlineQuery()
        bounded.organisations = ["other-town"]
        #expect(try ids(bounded, at: nine, horizon: 7200) == [south])
    }

    @Test(
        "overdue counts under each child of an organisation, every child with its count in tree order, its own first",
        arguments: StoreKind.allCases)
    func overdueCounts(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        for organisation in ["village", "village", "grid", "town", "other-village"] {
            try s.order(at: organisation, urgency: "emergency", on: "2026-11-23T09:00")
        }
        let noon = s.at("2026-11-23T12:00")
        func counts(_ query: DeadlineQuery, at now: Date? = nil) throws -> [String] {
            try s.store.overdueCounts(byChildOf: query, at: now ?? noon).map {
                "\($0.organisation) \($0.name) \($0.count)"
            }
        }
        #expect(try counts(DeadlineQuery(organisation: "town")) == ["town 城关镇 1", "village-b 西村 0", "village 东村 3"])
        #expect(try counts(DeadlineQuery(organisation: "county")) == ["other-town 南镇 1", "town 城关镇 4"])
        #expect(try counts(DeadlineQuery(organisation: "grid")) == ["grid 东村一网格 1"])
        #expect(try counts(DeadlineQuery(organisation: "village-b")).isEmpty)
        #expect(try counts(DeadlineQuery(organisation: "nowhere")).isEmpty)
        #expect(try counts(DeadlineQuery()).isEmpty)
        #expect(
            try counts(DeadlineQuery(organisation: "town"), at: s.at("2026-11-23T09:30")) == [
                "village-b 西村 0", "village 东村 0",
            ])
        #expect(
            try counts(DeadlineQuery(organisation: "town", workflow: "member-development")) == [
                "village-b 西村 0", "village 东村 0",
            ])
        #expect(
            try counts(DeadlineQuery(organisation: "town", assignee: "p-member")) == ["village-b 西村 0", "village 东村 0"])
        var bounded = DeadlineQuery(organisation: "town")
        bounded.organisations = ["village"]
        #expect(try counts(bounded) == ["village-b 西村 0", "village 东村 3"])
        #expect(try s.store.overdueCount(DeadlineQuery(organisation: "town"), at: noon) == 4)
        #expect(try s.store.overdueCount(DeadlineQuery(organisation: "county"), at: noon) == 5)
        #expect(try s.store.overdueCount(DeadlineQuery(organisation: "nowhere"), at: noon) == 0)
    }

    @Test(
        "timers come due by time, then by case id as bytes; a disarmed timer does not come again and its limit stays overdue",
        arguments: StoreKind.allCases)
    func timers(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        for id in ["b-1", "B-2", "a-3"] {
            try s.order(on: "2026-11-23T09:00", id: id)
            try s.fire(id, "dispatch", ["assignee": "p-member"], as: "p-clerk", at: "2026-11-23T09:00")
        }
        try s.order(on: "2026-11-23T08:00", id: "z-0")
        try s.fire("z-0", "dispatch", ["assignee": "p-member"], as: "p-clerk", at: "2026-11-23T08:00")
        try s.order(on: "2026-11-20T09:00", id: "o-1") // overdue, but its limit fires nothing
        try s.inProgress(on: "2026-11-23T09:00", id: "e-1")
        let late = s.at("2026-11-25")
        #expect(try s.store.dueTimers(dueBy: late, limit: 10).map(\.caseID) == ["e-1", "z-0", "B-2", "a-3", "b-1"])
        #expect(try s.store.dueTimers(dueBy: late, limit: 2).map(\.caseID) == ["e-1", "z-0"])
        #expect(
            try s.store.nextTimer(dueBy: late)
                == DueTimer(
                    caseID: "e-1", rule: "complete-emergency", dueAt: s.at("2026-11-23T11:00"), event: "escalate",
                    input: ["reason": "办结超时，自动上报"]))
        #expect(try s.store.dueTimers(dueBy: s.at("2026-11-23T10:59:59"), limit: 10).isEmpty)
        #expect(try s.store.nextTimer(dueBy: s.at("2026-11-23T10:59:59")) == nil)
        let first = try #require(try s.store.dueTimers(dueBy: s.at("2026-11-24T08:00"), limit: 10).last)
        #expect(
            first
                == DueTimer(
                    caseID: "z-0", rule: "accept-limit", dueAt: s.at("2026-11-24T08:00"), event: "unanswered",
                    input: [:]))
        #expect(try s.store.overdueCount(DeadlineQuery(), at: late) == 6, "o-1's limit is overdue, not a timer")

        try s.store.disarm(first)
        #expect(try s.store.dueTimers(dueBy: late, limit: 10).map(\.caseID) == ["e-1", "B-2", "a-3", "b-1"])
        #expect(try s.store.deadlines(of: "z-0").map(\.fires) == [nil])
        #expect(try s.store.overdue(DeadlineQuery(), at: late).contains { $0.caseID == "z-0" }, "the limit stays")
        // A later change of the case arms its limits afresh.
        try s.fire("z-0", "decline", ["reason": "不在家"], as: "p-member", at: "2026-11-24T09:00")
        try s.fire("z-0", "dispatch", ["assignee": "p-member"], as: "p-clerk", at: "2026-11-24T09:30")
        #expect(try s.store.deadlines(of: "z-0").map(\.fires) == ["unanswered"])
    }

    @Test(
        "a tick fires what is due oldest first, each at its own time, catches up after downtime and disarms a refused timer",
        arguments: StoreKind.allCases)
    func tick(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let later = try s.inProgress(on: "2026-11-23T09:00")
        let earlier = try s.inProgress(on: "2026-11-23T08:00")
        // A limit on the firings of one tick: a timer that fired again and again would show.
        let report = try s.engine.tick(now: s.at("2026-11-23T11:30"), limit: 50)
        #expect(report.fired.map(\.timer.caseID) == [earlier, later])
        #expect(report.fired.map(\.entry.at) == [s.at("2026-11-23T10:00"), s.at("2026-11-23T11:00")])
        #expect(report.fired.allSatisfy { $0.entry.actor == "system" && $0.entry.event == "escalate" })
        #expect(try s.store.snapshot(of: earlier)?.organisation == "town")
        #expect(
            try s.engine.tick(now: s.at("2026-11-23T11:30"), limit: 50).fired.isEmpty, "a second tick fires nothing")

        // After downtime: town at 10:00 for the earlier, county at 12:00 and 13:00; at the county
        // there is no level left, so the next firing is refused and its timer disarmed.
        let caughtUp = try s.engine.tick(now: s.at("2026-11-23T18:00"), limit: 50)
        #expect(
            caughtUp.fired.map { "\($0.timer.caseID) \(s.zone.formatShort($0.entry.at))" } == [
                "\(earlier) 2026-11-23 12:00", "\(later) 2026-11-23 13:00",
            ])
        #expect(caughtUp.failed.map(\.timer.caseID) == [earlier, later])
        #expect(caughtUp.failed.map(\.refusal.code) == [.noParentOrganisation, .noParentOrganisation])
        #expect(try s.store.snapshot(of: later)?.organisation == "county")
        #expect(try s.store.overdue(DeadlineQuery(), at: s.at("2026-11-23T18:00")).map(\.caseID) == [earlier, later])
        let after = try s.engine.tick(now: s.at("2026-11-24T18:00"), limit: 50)
        #expect(after.fired.isEmpty && after.failed.isEmpty, "a disarmed timer does not fire again")
        #expect(try s.store.verifyAuditTrail().isIntact)
    }

    @Test(
        "a storm of timers decided ahead on the companion commits exactly what firing one at a time does",
        arguments: StoreKind.allCases)
    func storm(_ kind: StoreKind) throws {
        // 60 emergencies accepted two minutes apart: each escalates twice, two hours apart,
        // arming a timer already due each time, and is refused the third.
        func run(stormSize: Int) throws -> (outcomes: [String], cases: [String], trail: [String]) {
            let s = try Subject(kind)
            var ids: [String] = []
            for i in 0..<60 {
                let accepted = s.at("2026-11-23T08:00").addingTimeInterval(Double(i) * 120)
                ids.append(try s.inProgress(on: s.zone.format(accepted)))
            }
            var outcomes: [String] = []
            _ = try s.engine.tick(now: s.at("2026-11-23T19:00"), limit: 400, batchSize: 25, stormSize: stormSize) {
                outcome in
                switch outcome {
                case .fired(let firing):
                    outcomes.append(
                        "\(firing.timer.caseID) \(s.zone.format(firing.entry.at)) → \(firing.entry.toState) #\(firing.entry.seq)"
                    )
                case .failed(let failure):
                    outcomes.append("\(failure.timer.caseID) refused: \(failure.refusal.code)")
                }
            }
            #expect(try s.store.verifyAuditTrail().isIntact)
            let cases = try ids.map { id in
                let snapshot = try #require(try s.store.snapshot(of: id))
                return "\(id) \(snapshot.state) \(snapshot.organisation) r\(snapshot.revision)"
            }
            return (outcomes, cases, try s.trail().map(\.hash))
        }
        let oneAtATime = try run(stormSize: .max)
        let storm = try run(stormSize: 8)
        #expect(oneAtATime.outcomes.count == 180)
        #expect(oneAtATime.outcomes.filter { $0.hasSuffix("refused: no-parent-organisation") }.count == 60)
        #expect(storm.outcomes == oneAtATime.outcomes)
        #expect(storm.cases == oneAtATime.cases)
        #expect(storm.trail == oneAtATime.trail, "the same entries, hashed alike, in the same order")
    }

    @Test(
        "calendars are kept by id and replaced whole; adding a year moves the provisional limits it changes, in one go",
        arguments: StoreKind.allCases)
    func calendars(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let moving = try s.order(urgency: "general", on: "2026-12-31T10:00", category: "law").snapshot.id
        let hourly = try s.order(urgency: "emergency", on: "2026-12-31T10:05", category: "law").snapshot.id
        let limit = try #require(try s.store.deadlines(of: moving).first)
        #expect(limit.dueDate?.description == "2027-01-01" && limit.provisional)
        let notice = YearNotice(
            year: 2027, source: "测试通知", holidays: Set((1...3).map { Fixtures.day("2027-01-0\($0)") }),
            workingWeekends: [])
        let summary = try s.engine.addCalendarYear(
            notice, to: "cn-mainland", actor: "p-admin", now: s.at("2026-12-31T12:00"))
        #expect(summary.examined == 2 && summary.moved.map(\.caseID) == [moving])
        let moved = try #require(try s.store.deadlines(of: moving).first)
        #expect(moved.dueDate?.description == "2027-01-04" && !moved.provisional)
        #expect(try s.store.history(of: moving).last?.note == "calendar cn-mainland 2027")
        #expect(try s.store.history(of: hourly).count == 1)
        #expect(try s.store.history(of: "calendar/cn-mainland").map(\.event) == ["calendar-year-added"])
        #expect(try s.store.calendar("cn-mainland")?.covers(2027) == true)

        var strict = try #require(try s.store.calendar("cn-mainland"))
        strict.uncoveredYears = .refuse
        try s.store.saveCalendars([
            strict,
            WorkingCalendar(
                id: "b-local", title: LocalizedText(zh: "本地"), years: [2026], holidays: [], workingWeekends: []),
            WorkingCalendar(
                id: "A-other", title: LocalizedText(zh: "另一"), years: [], holidays: [], workingWeekends: []),
        ])
        #expect(try s.store.calendarIDs() == ["A-other", "b-local", "cn-mainland"])
        #expect(try s.store.calendar("cn-mainland") == strict)
        #expect(try s.store.calendar("b-local")?.years == [2026])
        #expect(try s.store.calendar("nowhere") == nil)
    }
}
