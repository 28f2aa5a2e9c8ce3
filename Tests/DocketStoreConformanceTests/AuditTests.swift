import DocketCore
import DocketEngine
import DocketSimulation
import DocketTesting
import DocketYAML
import Foundation
import Testing

/// The audit trail, what reports read of it, and the same history written alike by
/// every store.
@Suite struct AuditTests {
    @Test(
        "the trail numbers every entry from one across cases and settings, links each to the one before, and verifies",
        arguments: StoreKind.allCases)
    func chain(_ kind: StoreKind) throws {
        let s = try Subject(kind, clock: ManualClock(Fixtures.instant("2027-01-15T08:00").addingTimeInterval(0.75)))
        let first = try s.order().snapshot.id
        let second = try s.order(at: "village-b").snapshot.id
        let fired = try s.engine.fire(
            caseID: first, request: EventRequest(event: "dispatch", input: ["assignee": "p-member"], actor: "p-clerk"),
            now: s.at("2026-11-23T10:00").addingTimeInterval(0.5))
        _ = try s.engine.addCalendarYear(
            YearNotice(year: 2027, source: "通知", holidays: [], workingWeekends: []), to: "cn-mainland",
            actor: "p-admin", now: s.at("2026-11-23T11:00"))
        try s.fire(second, "reject", ["reason": "重复"], as: "p-clerk", at: "2026-11-23T12:00")

        let history = try s.store.history(of: first)
        #expect(history.map(\.seq) == [1, 3])
        #expect(history.map(\.kind) == [.start, .event] && history.map(\.event) == ["order", "dispatch"])
        #expect(
            history[1].fromState == "ordered" && history[1].toState == "dispatched" && history[1].actor == "p-clerk")
        #expect(history[1] == fired.entry, "the entry the commit returned is the one stored")
        #expect(history[1].at == s.at("2026-11-23T10:00"), "instants are kept to the second")
        #expect(history[1].recordedAt == s.at("2027-01-15T08:00"))
        #expect(history[1].on == Fixtures.day("2026-11-23") && history[1].dataJSON == #"{"assignee":"p-member"}"#)
        let setting = try #require(try s.store.history(of: "calendar/cn-mainland").first)
        #expect(setting.seq == 4 && setting.kind == .setting && setting.event == "calendar-year-added")
        #expect(setting.toState == "2027" && setting.note == "通知")
        #expect(try s.store.history(of: second).map(\.seq) == [2, 5])
        #expect(try s.store.history(of: "SR-999999").isEmpty)

        let trail = try s.trail()
        #expect(trail.map(\.seq) == Array(1...5))
        #expect(trail.first?.previousHash == AuditChain.genesis)
        for (earlier, later) in zip(trail, trail.dropFirst()) { #expect(later.previousHash == earlier.hash) }
        #expect(trail.allSatisfy { AuditChain.hash(of: $0) == $0.hash })
        #expect(try s.store.verifyAuditTrail().isIntact(entries: 5, head: try s.headHash()))
    }

    /// Much of what the engine does, on simulated time: the same calls on any store.
    static func script(_ s: Subject) throws {
        let request = try s.order(urgency: "emergency", on: "2026-11-23T08:00").snapshot.id
        try s.fire(request, "dispatch", ["assignee": "p-member"], as: "p-clerk", at: "2026-11-23T08:10")
        try s.fire(request, "accept", as: "p-member", at: "2026-11-23T08:20")
        let other = try s.order(at: "grid", on: "2026-11-23T09:00", id: "G-1").snapshot.id
        try s.fire(other, "escalate", ["reason": "网格解决不了"], as: "p-clerk", at: "2026-11-23T09:30")
        s.clock.advance(by: .seconds(90))
        _ = try s.engine.tick(now: s.at("2026-11-23T14:00"), limit: 50)
        _ = try s.engine.configure(
            [(workflow: "service-request", parameter: "dispatch-within-general", value: "2 working days")],
            actor: "p-admin", now: s.at("2026-11-23T15:00"))
        _ = try s.engine.addCalendarYear(
            YearNotice(year: 2027, source: "通知", holidays: [Fixtures.day("2027-01-01")], workingWeekends: []),
            to: "cn-mainland", actor: "p-admin", now: s.at("2026-11-23T16:00"))
        s.clock.advance(by: 3600)
        let rows = (1...3).map { line in
            ImportRow(
                line: line, workflow: "service-request", organisation: "village-b", state: "dispatched",
                input: [
                    "requester": "王五", "phone": "13900000000", "category": "law", "description": "咨询",
                    "urgency": "general", "assignee": "p-member-town",
                ],
                records: [
                    ImportRecord(event: "order", on: Fixtures.day("2026-11-20")),
                    ImportRecord(event: "dispatch", on: Fixtures.day("2026-11-21")),
                ])
        }
        _ = try s.engine.importCases(rows, actor: "p-admin", now: s.at("2026-11-24T09:00"))
        _ = try s.engine.startCampaign(
            name: "2026", workflow: "branch-rectification",
            rows: [CampaignRow(line: 2, organisation: "village", input: ["criteria": "disputes", "evidence": "纠纷"])],
            actor: "p-admin", now: s.at("2026-11-24T10:00"))
        try s.fire("BR-000001", "confirm", as: "p-county", at: "2026-11-25")
        try s.fire(
            "BR-000001", "submit-plan", ["problems": "纠纷"], as: "p-secretary", at: "2026-11-26",
            items: [["title": "化解纠纷", "responsible": "p-member", "due": "2027-03-31"]])
        let applicant = try s.engine.start(
            workflow: "member-development", organisation: "village", caseID: nil,
            request: EventRequest(
                event: "apply", input: ["name": "王小明", "birth-date": "1995-05-05"], actor: "p-secretary"),
            now: s.at("2025-01-06")
        ).snapshot.id
        try s.fire(applicant, "talk", ["talker": "p-secretary"], as: "p-secretary", at: "2025-01-20")
        #expect(throws: EngineError.self) { try s.fire(request, "complete", as: "p-outsider", at: "2026-11-24T09:00") }
    }

    @Test(
        "after the same calls, every case replays from its trail to its row and limits, and every store gives the same trails"
    )
    func replayAgrees() throws {
        var trails: [StoreKind: [CaseTrail]] = [:]
        for kind in StoreKind.allCases {
            let s = try Subject(kind)
            try Self.script(s)
            var seen: [CaseTrail] = []
            try s.store.read { tx in
                try tx.eachCaseTrail { trail in
                    seen.append(trail)
                    return true
                }
            }
            #expect(seen.count == (try s.store.cases(matching: CaseQuery())).count, "\(kind)")
            #expect(seen.allSatisfy { CaseReplay.differences(in: $0).isEmpty }, "\(kind)")
            #expect(seen.allSatisfy { $0.steps.last?.outcome != nil && !$0.steps.isEmpty }, "\(kind)")
            #expect(seen.contains { !$0.limits.isEmpty }, "\(kind): limits are compared too")
            trails[kind] = seen
        }
        for kind in StoreKind.allCases where kind != .sqlite { #expect(trails[kind] == trails[.sqlite], "\(kind)") }
    }

    @Test("the same calls through the engine write the same trail on every store, hash for hash")
    func sameHashes() throws {
        var trails: [StoreKind: [String]] = [:]
        var cases: [StoreKind: [CaseSnapshot]] = [:]
        var limits: [StoreKind: [String]] = [:]
        var denied: [StoreKind: [DeniedAttempt]] = [:]
        for kind in StoreKind.allCases {
            let s = try Subject(kind)
            try Self.script(s)
            #expect(try s.store.verifyAuditTrail().isIntact, "\(kind)")
            trails[kind] = try s.trail().map { entry in
                [
                    "\(entry.seq)", entry.kind.rawValue, entry.caseID, entry.event, entry.fromState ?? "-",
                    entry.toState,
                    entry.actor, "\(entry.at.timeIntervalSince1970)", entry.on.description,
                    "\(entry.recordedAt.timeIntervalSince1970)", entry.dataJSON, entry.note ?? "-", entry.previousHash,
                    entry.hash,
                ].joined(separator: " | ")
            }
            cases[kind] = try s.store.cases(matching: CaseQuery())
            limits[kind] = try s.store.overdue(DeadlineQuery(), at: s.at("2030-01-01")).map {
                "\($0.caseID) \($0.deadline.rule) \($0.deadline.dueAt) \($0.deadline.fires ?? "-")"
            }
            denied[kind] = try s.store.deniedAttempts(under: nil)
        }
        let sqlite = try #require(trails[.sqlite])
        #expect(sqlite.count == 17)
        #expect(denied[.sqlite]?.count == 1)
        for kind in StoreKind.allCases where kind != .sqlite {
            #expect(trails[kind] == sqlite, "\(kind)")
            #expect(cases[kind] == cases[.sqlite], "\(kind)")
            #expect(limits[kind] == limits[.sqlite], "\(kind)")
            #expect(denied[kind] == denied[.sqlite], "\(kind)")
        }
    }

    @Test(
        "a simulated month through the engine gives the same tally, trail and reports on every store")
    func sameMonth() throws {
        var outcomes: [StoreKind: (tally: ServiceMonth.Tally, trail: [String], service: String, stages: String)] = [:]
        for kind in StoreKind.allCases {
            let s = try Subject(kind, populated: false)
            try s.store.importOrganisations(
                DirectoryFile.organisations(
                    source: try Shipped.text("Examples/service-request/township.yaml"), file: "township.yaml"
                ).items)
            try s.store.importPeople(
                DirectoryFile.people(
                    source: try Shipped.text("Examples/service-request/township-people.csv"), file: "people.csv"
                ).items)
            var month = ServiceMonth(.init(seed: 5, requests: 40, organisation: "chengguan"), engine: s.engine)
            let tally = try month.run()
            let definition = try s.engine.latestDefinition("service-request")
            var service = ServiceReport.Builder(
                definition: definition, from: Fixtures.day("2026-11-01"), to: Fixtures.day("2026-11-30"), zone: s.zone,
                calendar: try s.engine.deploymentCalendar(),
                parameters: TransitionEnvironment(now: Date(), zone: s.zone).parameters(of: definition),
                group: { _ in ("chengguan", "城关镇") })
            try s.store.eachCaseHistory(
                workflow: "service-request", under: ["chengguan"], openedFrom: service.earliest
            ) { service.add($0, organisation: $1) }
            var stages = StageReportBuilder(definition: definition, year: 2026) { ($0, $0) }
            try s.store.eachStateChange(
                workflow: "service-request", under: ["county"], overdueAt: s.at("2026-12-01")
            ) { stages.add($0) }
            let figures = try #require(service.finish().groups.first).figures
            #expect(figures.received == tally.received && figures.completed == tally.completed, "\(kind)")
            let serviceFigures =
                [
                    figures.received, figures.dispatched, figures.respondedInTime, figures.closed, figures.solved,
                    figures.satisfied,
                ].map(String.init).joined(separator: " ") + " \(figures.hoursToComplete)"
            let stageFigures = stages.finish().groups.map { group in
                let open = group.openByState.sorted { $0.key < $1.key }
                let entered = group.enteredInYear.sorted { $0.key < $1.key }
                return "\(group.id) \(open) \(entered) \(group.overdueCases)"
            }
            outcomes[kind] = (tally, try s.trail().map(\.hash), serviceFigures, stageFigures.joined(separator: "; "))
        }
        let sqlite = try #require(outcomes[.sqlite])
        #expect(sqlite.tally.received == 40 && sqlite.trail.count > 100)
        for kind in StoreKind.allCases where kind != .sqlite {
            let other = try #require(outcomes[kind])
            #expect(other.tally == sqlite.tally, "\(kind)")
            #expect(other.trail == sqlite.trail, "\(kind)")
            #expect(other.service == sqlite.service, "\(kind)")
            #expect(other.stages == sqlite.stages, "\(kind)")
        }
    }

    /// Requests over the tree, in November and before it, and one of another workflow.
    struct Histories {
        let s: Subject
        let escalated: String
        let west: String
        let south: String
        let before: String
        let applicant: String

        init(_ kind: StoreKind) throws {
            s = try Subject(kind)
            escalated = try s.order(at: "village", on: "2026-11-02T09:00").snapshot.id
            try s.fire(escalated, "dispatch", ["assignee": "p-member"], as: "p-clerk", at: "2026-11-02T10:00")
            try s.fire(escalated, "escalate", ["reason": "村里解决不了"], as: "p-member", at: "2026-11-02T11:00")
            west = try s.order(at: "village-b", on: "2026-11-10T09:00").snapshot.id
            south = try s.order(at: "other-village", on: "2026-11-10T09:00").snapshot.id
            before = try s.order(at: "grid", on: "2026-10-01T09:00").snapshot.id
            try s.fire(before, "reject", ["reason": "重复"], as: "p-clerk", at: "2026-10-01T10:00")
            applicant = try s.engine.start(
                workflow: "member-development", organisation: "village", caseID: nil,
                request: EventRequest(
                    event: "apply", input: ["name": "王小明", "birth-date": "1995-05-05"], actor: "p-secretary"),
                now: s.at("2026-11-03")
            ).snapshot.id
        }
    }

    @Test(
        "case histories of a workflow under some roots, opened from an instant: each whole, in order, with the case's organisation now",
        arguments: StoreKind.allCases)
    func caseHistories(_ kind: StoreKind) throws {
        let h = try Histories(kind)
        func histories(under roots: [String], from text: String) throws -> [String: [String]] {
            var seen: [String: [String]] = [:]
            try h.s.store.eachCaseHistory(workflow: "service-request", under: roots, openedFrom: h.s.at(text)) {
                history, organisation in
                let id = history.first?.caseID ?? ""
                #expect(seen[id] == nil, "a case comes once, whole")
                #expect(history.allSatisfy { $0.caseID == id } && history.map(\.seq) == history.map(\.seq).sorted())
                seen[id] = [organisation] + history.map(\.event)
            }
            return seen
        }
        #expect(
            try histories(under: ["town"], from: "2026-11-01") == [
                h.escalated: ["town", "order", "dispatch", "escalate"], h.west: ["village-b", "order"],
            ])
        #expect(
            try histories(under: ["county"], from: "2026-09-01") == [
                h.escalated: ["town", "order", "dispatch", "escalate"], h.west: ["village-b", "order"],
                h.south: ["other-village", "order"], h.before: ["grid", "order", "reject"],
            ])
        #expect(
            try histories(under: ["village-b", "other-town"], from: "2026-11-01").keys.sorted() == [h.west, h.south])
        #expect(try histories(under: ["county"], from: "2026-11-05").keys.sorted() == [h.west, h.south])
        #expect(try histories(under: ["village"], from: "2026-09-01") == [h.before: ["grid", "order", "reject"]])
        #expect(try histories(under: ["nowhere"], from: "2026-09-01").isEmpty)
        #expect(try histories(under: [], from: "2026-09-01").isEmpty)
        var applicants = 0
        try h.s.store.eachCaseHistory(
            workflow: "member-development", under: ["county"], openedFrom: h.s.at("2026-01-01")
        ) {
            history, _ in
            applicants += 1
            #expect(history.map(\.caseID) == [h.applicant])
        }
        #expect(applicants == 1)
    }

    @Test(
        "state changes of a workflow under some roots: every entry, case by case in order, with the case now and whether it is overdue",
        arguments: StoreKind.allCases)
    func stateChanges(_ kind: StoreKind) throws {
        let h = try Histories(kind)
        func rows(under roots: [String], at text: String) throws -> [StateChangeRow] {
            var seen: [StateChangeRow] = []
            try h.s.store.eachStateChange(workflow: "service-request", under: roots, overdueAt: h.s.at(text)) {
                seen.append($0)
            }
            return seen
        }
        let all = try rows(under: ["county"], at: "2026-11-10T09:30")
        // Case by case: a case's rows come together.
        var order: [String] = []
        for row in all where order.last != row.change.caseID { order.append(row.change.caseID) }
        #expect(order.count == Set(order).count && Set(order) == [h.escalated, h.west, h.south, h.before])
        let byCase = Dictionary(grouping: all, by: \.change.caseID)
        #expect(
            byCase[h.escalated]?.map { "\($0.change.from ?? "-")→\($0.change.to) \($0.change.on)" } == [
                "-→ordered 2026-11-02", "ordered→dispatched 2026-11-02", "dispatched→dispatched 2026-11-02",
            ])
        #expect(
            byCase[h.escalated]?.allSatisfy { $0.organisation == "town" && $0.state == "dispatched" && $0.overdue }
                == true)
        #expect(byCase[h.before]?.map(\.change.to) == ["ordered", "rejected"])
        #expect(byCase[h.before]?.allSatisfy { $0.state == "rejected" && !$0.overdue } == true)
        #expect(byCase[h.west]?.map(\.overdue) == [false], "its limit falls due the next working day")
        #expect(
            Set(try rows(under: ["county"], at: "2026-11-20").filter(\.overdue).map(\.change.caseID)) == [
                h.escalated, h.west, h.south,
            ])
        #expect(
            Set(try rows(under: ["village-b", "grid"], at: "2026-11-20").map(\.change.caseID)) == [h.west, h.before])
        #expect(try rows(under: ["nowhere"], at: "2026-11-20").isEmpty)
        var applicant: [StateChangeRow] = []
        try h.s.store.eachStateChange(
            workflow: "member-development", under: ["county"], overdueAt: h.s.at("2026-11-20")
        ) {
            applicant.append($0)
        }
        #expect(applicant.map(\.change.caseID) == [h.applicant] && applicant.first?.change.from == nil)
    }

    @Test(
        "the zone and kind are fixed when a store is made; a store of record refuses a change dated past its clock",
        arguments: StoreKind.allCases)
    func storeOfRecord(_ kind: StoreKind) throws {
        let clock = ManualClock(Fixtures.instant("2026-11-23T09:00"))
        let s = try Subject(kind, simulation: false, clock: clock)
        #expect(try !s.store.isSimulation())
        #expect(try s.store.timeZoneIdentifier() == "Asia/Shanghai")
        try s.order(on: "2026-11-23T09:04")
        #expect { try s.order(on: "2026-11-23T10:00") } throws: { error in
            guard case .changeInFuture? = (error as? EngineError)?.reason else { return false }
            return true
        }
        clock.advance(by: .seconds(3600))
        try s.order(on: "2026-11-23T10:00")
        #expect(try s.store.caseCount(upTo: 10) == 2)
        #expect(try Subject(kind, clock: clock).store.isSimulation())
    }
}
