import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import Foundation
import Testing

extension Deployment {
    /// A service request that passes every rule: 张大爷's leaking water pipe, a utility.
    static let request = [
        "requester": "张大爷", "phone": "13800000000", "category": "repair", "description": "自来水管漏水",
        "urgency": "utility",
    ]

    /// Takes a request as 王受理 (p-intake), in 东村第一网格 at 09:30 on 2026-11-22
    /// unless told otherwise, with `changes` to its fields.
    @discardableResult
    func order(at text: String = "2026-11-22T09:30", org: String = "dongcun-g1", _ changes: [String: String] = [:])
        throws -> String
    {
        try start(
            "service-request", org: org, as: "p-intake", at: text, Self.request.merging(changes) { $1 }
        ).snapshot.id
    }

    /// SR-000001, ordered, dispatched to 李明 (p-li), accepted, and three times completed
    /// and rated unsatisfied, so that the third rating escalates it above 东村第一网格 to
    /// 东村. Its steps are an hour apart from 11:00 on 2026-11-22.
    ///
    /// - Returns: a way to fire the next steps on it, each an hour after the last.
    func escalatedRequest() throws -> (_ event: String, _ person: String, _ input: [String: String]) throws
        -> DocketApp.Fired
    {
        try order()
        var hour = 10
        let fire = { (event: String, person: String, input: [String: String]) throws -> DocketApp.Fired in
            hour += 1
            return try self.fire("SR-000001", event, as: person, at: "2026-11-22T\(hour):00", input)
        }
        _ = try fire("dispatch", "p-secretary", ["assignee": "p-li"])
        _ = try fire("accept", "p-li", [:])
        for _ in 0..<3 {
            _ = try fire("complete", "p-li", ["result": "已处理"])
            _ = try fire("rate", "p-intake", ["rating": "5"])
        }
        return fire
    }

    /// A limit's due day, or the instant for an hour limit, as `docket` writes it.
    func due(_ deadline: ScheduledDeadline) -> String {
        deadline.dueDate?.description ?? app.zone.format(deadline.dueAt)
    }

    /// A case's running limits at an instant, by rule id, each with its due day or instant.
    func limits(of caseID: String, at text: String) throws -> [String: String] {
        Dictionary(
            try show(caseID, at: text).view.deadlines.map { ($0.rule, due($0)) }, uniquingKeysWith: { a, _ in a })
    }
}

/// 群众点单、支部派单、党员接单 (shared/DOMAIN.md §3): the rules the other tests pass by.
@Suite struct ServiceRulesTests {
    /// Starts a request of `urgency` at `at` in 东村第一网格 and dispatches it to 李明 at once.
    func dispatched(_ deployment: Deployment, urgency: String, at: String) throws -> String {
        let id = try deployment.order(at: at, ["urgency": urgency])
        try deployment.fire(id, "dispatch", as: "p-secretary", at: at, ["assignee": "p-li"])
        return id
    }

    @Test(
        "the completion limit follows the urgency: utilities 24 hours, general 7 days, complex 15 days",
        arguments: [
            ("utility", "complete-utility", "2026-11-24T09:00:00+08:00"), ("general", "complete-general", "2026-11-30"),
            ("complex", "complete-complex", "2026-12-08"),
        ])
    func completionLimits(urgency: String, rule: String, due: String) throws {
        let deployment = try Deployment()
        let id = try dispatched(deployment, urgency: urgency, at: "2026-11-23T09:00")
        try deployment.fire(id, "accept", as: "p-li", at: "2026-11-23T09:00")
        #expect(try deployment.limits(of: id, at: "2026-11-23T09:00")[rule] == due)
    }

    @Test("a complex request is due to be dispatched within one working day (Friday's by Monday)")
    func complexDispatch() throws {
        let deployment = try Deployment()
        let id = try deployment.order(at: "2026-11-27T10:00", ["urgency": "complex"])
        #expect(try deployment.limits(of: id, at: "2026-11-27T10:00")["dispatch-complex"] == "2026-11-30")
    }

    @Test(
        "only the assigned member may complete or decline; a decline needs its reason and sends the request back to the pool"
    )
    func assigneeOnly() throws {
        let deployment = try Deployment()
        let id = try dispatched(deployment, urgency: "general", at: "2026-11-23T09:00")
        let other = deployment.refusal {
            try deployment.fire(id, "decline", as: "p-chen", at: "2026-11-23T09:10", ["reason": "忙"])
        }
        #expect(
            other?.code == "check-failed"
                && other?.says("Only the member the request was dispatched to may decline it") == true)
        #expect(
            deployment.refusal { try deployment.fire(id, "decline", as: "p-li", at: "2026-11-23T09:10") }?.code
                == "invalid-fields", "the reason is required")
        let back = try deployment.fire(id, "decline", as: "p-li", at: "2026-11-23T09:10", ["reason": "不在村"])
        #expect(
            back.view.snapshot.state == "ordered" && back.view.snapshot.assignee == nil,
            "back in the pool, nobody assigned")
        try deployment.fire(id, "dispatch", as: "p-secretary", at: "2026-11-23T09:20", ["assignee": "p-chen"])
        try deployment.fire(id, "accept", as: "p-chen", at: "2026-11-23T09:30")
        let stranger = deployment.refusal {
            try deployment.fire(id, "complete", as: "p-li", at: "2026-11-23T10:00", ["result": "x"])
        }
        #expect(
            stranger?.code == "check-failed"
                && stranger?.says("Only the assigned member may complete the request") == true,
            "\(stranger?.message() ?? "")")
        try deployment.fire(id, "complete", as: "p-chen", at: "2026-11-23T10:00", ["result": "已修"])
    }

    @Test("a rating is 1 to 5; a rejection needs its reason")
    func ratingAndRejection() throws {
        let deployment = try Deployment()
        let id = try dispatched(deployment, urgency: "general", at: "2026-11-23T09:00")
        try deployment.fire(id, "accept", as: "p-li", at: "2026-11-23T09:05")
        try deployment.fire(id, "complete", as: "p-li", at: "2026-11-23T10:00", ["result": "已修"])
        for rating in ["0", "6"] {
            let refused = deployment.refusal {
                try deployment.fire(id, "rate", as: "p-intake", at: "2026-11-23T11:00", ["rating": rating])
            }
            #expect(
                refused?.code == "invalid-fields" && refused?.says("outside the range 1–5") == true,
                "\(rating): \(refused?.message() ?? "")")
        }
        // Full-width 1 is 1.
        try deployment.fire(id, "rate", as: "p-intake", at: "2026-11-23T11:00", ["rating": "１"])
        let last = try deployment.order()
        #expect(last == "SR-000002")
        #expect(
            deployment.refusal { try deployment.fire(last, "reject", as: "p-secretary", at: "2026-11-22T10:00") }?.code
                == "invalid-fields")
        try deployment.fire(last, "reject", as: "p-secretary", at: "2026-11-22T10:00", ["reason": "非本村事务"])
    }
}

@Suite struct ServiceRequestRulesTests {
    @Test("dispatch candidates rank by skill match, then open load; an automatic dispatch goes to the first")
    func suggest() throws {
        let deployment = try Deployment()
        // A legal question in 东村第一网格: 李明 (法律) and 陈刚 (维修) can take it; 周红 is in another grid.
        try deployment.order(["category": "law"])
        let clerk = deployment.caller("p-admin", at: "2026-11-22T09:30")
        let ranked = try deployment.app.dispatchCandidates(caseID: "SR-000001", by: clerk)
        #expect(ranked.map(\.person.id) == ["p-li", "p-chen"])
        #expect(ranked[0].matchingSkills == ["法律"] && ranked[0].openLoad == 0)
        let auto = try deployment.fire(
            "SR-000001", "dispatch", as: "p-secretary", at: "2026-11-22T10:00", autoAssign: true)
        #expect(auto.view.snapshot.assignee == "p-li" && auto.chosen?.person.id == "p-li")
        // A second legal question: 李明 now carries one open case, so he still ranks first
        // for the skill, and a repair goes to 陈刚, whose skill matches.
        try deployment.order(at: "2026-11-22T11:00", ["category": "law"])
        let second = try deployment.app.dispatchCandidates(caseID: "SR-000002", by: clerk)
        #expect(second.first?.person.id == "p-li" && second.first?.openLoad == 1)
        try deployment.order(at: "2026-11-22T11:30")
        #expect(try deployment.app.dispatchCandidates(caseID: "SR-000003", by: clerk).first?.person.id == "p-chen")
        var again: DispatchError?
        do { _ = try deployment.app.dispatchCandidates(caseID: "SR-000001", by: clerk) } catch let error
            as DispatchError
        {
            again = error
        }
        #expect(again?.code == .notAssignable, "a dispatched case cannot be dispatched again")
    }

    @Test(
        "a request is dispatched only to someone who holds the member role at its organisation or above, and so can accept it"
    )
    func dispatchOnlyToMembers() throws {
        let deployment = try Deployment()
        try deployment.order()
        func dispatch(_ person: String) throws -> DocketApp.Fired {
            try deployment.fire(
                "SR-000001", "dispatch", as: "p-secretary", at: "2026-11-22T09:45", ["assignee": person])
        }
        // 王受理 takes requests but is no member; 周红 is a member in another grid.
        for person in ["p-intake", "p-zhou"] {
            let refused = deployment.refusal { try dispatch(person) }
            #expect(refused?.code == "invalid-fields", "\(person): \(refused?.message() ?? "")")
            let fields = refused?.fields ?? []
            #expect(fields.map(\.field) == ["assignee"])
            #expect(fields.first?.message(in: .en).contains("holds no 'member' role") == true)
        }
        #expect(try deployment.state(of: "SR-000001", at: "2026-11-22T09:45") == "ordered", "nothing was written")
        _ = try dispatch("p-li")
        try deployment.fire("SR-000001", "accept", as: "p-li", at: "2026-11-22T09:50")
    }

    @Test("the service report gives the three rates with the figures behind them")
    func report() throws {
        let deployment = try Deployment()
        // SR-000001: dispatched in 15 minutes, accepted, completed, rated satisfied (2).
        try deployment.order()
        try deployment.fire("SR-000001", "dispatch", as: "p-secretary", at: "2026-11-22T09:45", ["assignee": "p-li"])
        try deployment.fire("SR-000001", "accept", as: "p-li", at: "2026-11-22T10:00")
        try deployment.fire("SR-000001", "complete", as: "p-li", at: "2026-11-22T15:30", ["result": "修好"])
        try deployment.fire("SR-000001", "rate", as: "p-intake", at: "2026-11-23T09:00", ["rating": "2"])
        // SR-000002: a utility request dispatched after 3 hours (limit 2), then rated unsatisfied (5).
        try deployment.order(at: "2026-11-22T10:00")
        try deployment.fire("SR-000002", "dispatch", as: "p-secretary", at: "2026-11-22T13:00", ["assignee": "p-chen"])
        try deployment.fire("SR-000002", "accept", as: "p-chen", at: "2026-11-22T13:10")
        try deployment.fire("SR-000002", "complete", as: "p-chen", at: "2026-11-22T18:00", ["result": "修好"])
        try deployment.fire("SR-000002", "rate", as: "p-intake", at: "2026-11-23T09:00", ["rating": "5"])
        let (report, _) = try deployment.app.serviceReport(
            workflow: "service-request", from: deployment.day("2026-11-01"), to: deployment.day("2026-11-30"),
            DocketApp.ReportSpan(organisation: nil, groupKind: nil, unplaced: "(other)"),
            by: deployment.caller("p-sun", at: "2026-11-30"))
        let group = try #require(report.groups.first).figures
        #expect(group.received == 2 && group.dispatched == 2 && group.completed == 2)
        #expect(group.respondedInTime == 1 && group.responseRate == 0.5)
        #expect(group.solved == 1 && group.closed == 1 && group.resolutionRate == 1)
        #expect(group.satisfied == 1 && group.ratings == 2 && group.satisfactionRate == 0.5)
        #expect(ServiceReport.median(group.hoursToDispatch) == 0.25)
        #expect(group.topMembers(5).map(\.person) == ["p-chen", "p-li"])
    }

    @Test("the member assigned keeps their case when an unsatisfied rating escalates it above their village")
    func assigneeAfterEscalation() throws {
        let deployment = try Deployment()
        let fire = try deployment.escalatedRequest()
        let shown = try deployment.show("SR-000001", at: "2026-11-22T18:00").view.snapshot
        #expect(
            shown.organisation == "dongcun" && shown.state == "in-progress", "the third unsatisfied rating moved it up")
        _ = try fire("complete", "p-li", ["result": "镇村联合处理"])
        #expect(
            deployment.refusal { try fire("complete", "p-zhou", ["result": "x"]) }?.code == "not-permitted",
            "and nobody else's role moved with it")
    }
}

/// The limits in time and the timers that fire when they run out.
@Suite struct TimeRulesTests {
    @Test(
        "overdue counts give every organisation below the asked one its number, zero included, as the list would count"
    )
    func overdueCounts() throws {
        let deployment = try Deployment()
        for (at, org) in [
            ("08:00", "dongcun-g1"), ("08:10", "dongcun-g2"), ("08:20", "hekoucun-g1"), ("08:30", "chengguan"),
            ("09:50", "xicun-g1"),
        ] {
            try deployment.order(at: "2026-11-23T\(at)", org: org, ["urgency": "emergency"])
        }
        func counts(_ organisation: String? = nil, as person: String = Deployment.administrator) throws
            -> [String: Int]
        {
            let counts = try deployment.app.overdueCounts(
                DocketApp.LimitFilter(organisation: organisation), by: deployment.caller(person, at: "2026-11-23T10:00")
            )
            return Dictionary(uniqueKeysWithValues: counts.map { ($0.organisation, $0.count) })
        }
        // The emergency limit is one hour: the request at 09:50 is not yet overdue.
        #expect(try counts() == ["chengguan": 3, "hekou": 1])
        #expect(
            try counts("chengguan") == ["chengguan": 1, "dongcun": 2, "xicun": 0],
            "the township's own request counts under itself")
        #expect(try counts("chengguan", as: "p-sun") == ["chengguan": 1, "dongcun": 2, "xicun": 0])
        #expect(
            try counts(as: "p-sun") == ["chengguan": 1, "dongcun": 2, "xicun": 0],
            "a supervisor counts under their own part of the tree")
    }

    @Test("a day limit is overdue by whole days; due soon is what falls due within the window")
    func dayLimits() throws {
        let deployment = try Deployment()
        // Friday 2026-11-20: a general request is due to be dispatched by the next working day.
        let id = try deployment.order(at: "2026-11-20T16:00", ["urgency": "general"])
        let deadline = try #require(try deployment.show(id, at: "2026-11-20T16:00").view.deadlines.first)
        #expect(
            deadline.rule == "dispatch-general" && deadline.dueDate == deployment.day("2026-11-23")
                && deadline.status(at: deployment.at("2026-11-20T16:00")) != .overdue)
        func dueSoon(within: String) throws -> [String] {
            var ids: [String] = []
            try deployment.app.eachDueSoon(
                DocketApp.LimitFilter(), within: try #require(CalendarDuration(parsing: within)),
                by: deployment.caller(Deployment.administrator, at: "2026-11-21T10:00")
            ) { ids.append($0.caseID) }
            return ids
        }
        #expect(try dueSoon(within: "3 days").first == id)
        #expect(try dueSoon(within: "1 day") == [])
        let late = try #require(try deployment.overdue(at: "2026-11-26T10:00").first)
        #expect(
            late.deadline.overdueText(at: deployment.at("2026-11-26T10:00"), zone: deployment.app.zone, language: .en)
                .contains("3 days"))
    }

    @Test("a tick returns an unanswered dispatch to the pool as the system, and nobody may act as the system")
    func tick() throws {
        let deployment = try Deployment()
        let id = try deployment.order(at: "2026-11-23T08:00", ["urgency": "emergency"])
        try deployment.fire(id, "dispatch", as: "p-secretary", at: "2026-11-23T08:10", ["assignee": "p-li"])
        func tick(at text: String) throws -> [Engine.TickOutcome] {
            var outcomes: [Engine.TickOutcome] = []
            _ = try deployment.app.tick(by: deployment.caller(Deployment.administrator, at: text)) {
                outcomes.append($0)
            }
            return outcomes
        }
        #expect(try tick(at: "2026-11-24T08:09").isEmpty)
        let byHand = deployment.refusal {
            try deployment.fire(id, "unanswered", as: "p-secretary", at: "2026-11-24T08:00")
        }
        #expect(byHand?.code == "timer-only" && byHand?.says("fired by timers only") == true)
        #expect(
            deployment.accessError { try deployment.fire(id, "accept", as: "system", at: "2026-11-24T08:00") }?.code
                == .systemPerson)
        let fired = try tick(at: "2026-11-24T09:00")
        #expect(fired.count == 1)
        if case .fired(let firing)? = fired.first {
            #expect(firing.timer.caseID == id)
        } else {
            Issue.record("\(fired)")
        }
        let last = try #require(try deployment.history(of: id).last)
        #expect(last.event == "unanswered" && last.actor == "system" && last.at == deployment.at("2026-11-24T08:10"))
        let (after, events) = try deployment.show(id, at: "2026-11-24T09:00")
        #expect(after.snapshot.assignee == nil)
        #expect(events.first { $0.event == "dispatch" }?.missing == ["assignee"])
    }
}

/// What a clerk types at the counter: names, not ids.
@Suite struct NamedInputRulesTests {
    @Test("a request is started by the workflow's title at an organisation's name and dispatched to a member by name")
    func byName() throws {
        let deployment = try Deployment()
        let view = try deployment.start(
            "群众点单、支部派单、党员接单、群众评单", org: "东村第一网格", as: "p-intake", at: "2026-11-22T09:30",
            ["点单群众": "张大爷", "联系电话": "13800000000", "服务类别": "维修", "需求描述": "漏水", "紧急程度": "水电气暖"])
        #expect(view.snapshot.workflow == "service-request" && view.snapshot.organisation == "dongcun-g1")
        #expect(view.snapshot.data["category"] == .text("repair"))
        let fired = try deployment.fire(
            view.snapshot.id, "支部派单", as: "p-secretary", at: "2026-11-22T09:45", ["接单党员": "李明"])
        #expect(fired.view.snapshot.assignee == "p-li")
        // A name nobody has is left for the rules, which refuse it naming the field.
        let unknown = try deployment.start(
            "service-request", org: "dongcun-g1", as: "p-intake", at: "2026-11-22T10:00",
            [
                "requester": "李大娘", "phone": "13800000001", "category": "repair", "description": "灯坏",
                "urgency": "general",
            ])
        let refused = deployment.refusal {
            try deployment.fire(
                unknown.snapshot.id, "dispatch", as: "p-secretary", at: "2026-11-22T10:05", ["assignee": "王五"])
        }
        #expect(refused?.code == "invalid-fields")
        // 何军 of 河口村 is no name 东村's secretary can dispatch by: only people in her part count.
        let outside = deployment.refusal {
            try deployment.fire(
                unknown.snapshot.id, "dispatch", as: "p-secretary", at: "2026-11-22T10:05", ["assignee": "何军"])
        }
        #expect(outside?.code == "invalid-fields")
    }
}
