import DocketApplication
import DocketCore
import DocketEngine
import DocketSimulation
import DocketTesting
import DocketYAML
import Foundation
import Testing

/// A migration over more cases than one page lists: in process, on the memory store.
@Suite struct MigrationPagingTests {
    @Test("2,500 open requests move in pages of a thousand, each once; the closed ones and a second run move none")
    func pages() throws {
        let store = InMemoryStore(simulation: true)
        let clock = ManualClock(Fixtures.instant("2026-11-22T08:00"))
        try Fixtures.populate(store)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let source = try String(
            contentsOf: root.appendingPathComponent("Workflows/service-request.yaml"), encoding: .utf8)
        let v1 = try #require(WorkflowLoader.load(source: source, file: "service-request.yaml").definition)
        var v2 = v1
        v2.version = 2
        try Fixtures.deploy([v1], to: store)
        let app = try DocketApp(store: store, recordingClock: clock.now)
        let clerk = Caller(person: "p-clerk", now: Fixtures.instant("2026-11-22T09:00"))
        let order = EventRequest(
            event: "",
            input: [
                "requester": "张", "phone": "13800000000", "category": "law", "description": "咨询",
                "urgency": "emergency",
            ],
            actor: "p-clerk")
        for _ in 0..<2_500 {
            _ = try app.startCase(
                workflow: "service-request", organisation: "village", caseID: nil, request: order, by: clerk)
        }
        for id in ["SR-000007", "SR-001500"] {
            _ = try app.fire(
                caseID: id, request: EventRequest(event: "reject", input: ["reason": "重复"], actor: ""), by: clerk)
        }
        try Fixtures.deploy([v2], to: store)
        let admin = Caller(person: "p-admin", now: Fixtures.instant("2026-11-22T10:00"))
        let request = DocketApp.MigrationRequest(workflow: "service-request", toVersion: 2, dryRun: false)
        var moved = Set<String>()
        var seen = 0
        let summary = try app.migrateCases(
            request, by: admin, progress: { seen = $0 },
            each: { outcome in
                if case .moved(let preview, _) = outcome { #expect(moved.insert(preview.caseID).inserted) }
            })
        #expect(summary.moved == 2_498 && summary.cannot == 0 && moved.count == 2_498 && seen == 2_498)
        #expect(try store.snapshot(of: "SR-000007")?.version == 1, "a closed case stays on its version")
        #expect(try store.snapshot(of: "SR-002500")?.version == 2)
        #expect(try app.migrateCases(request, by: admin) { _ in }.moved == 0, "nothing left to move")
        #expect(try store.verifyAuditTrail().isIntact)
    }
}

/// A member-development case in every open state — along its main path and off it — moves
/// to a changed version (the state `talked` renamed `talk-held`) and goes on to a final
/// state under it, through the application layer, in process.
@Suite struct MemberDevelopmentMigrationTests {
    @Test("a case in every open state migrates to version 2 and goes on to a final state under it")
    func everyStep() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let source = try String(
            contentsOf: root.appendingPathComponent("Workflows/member-development.yaml"), encoding: .utf8)
        let v1 = try #require(WorkflowLoader.load(source: source, file: "member-development.yaml").definition)
        let changed = source.replacingOccurrences(of: "\nversion: 1\n", with: "\nversion: 2\n")
            .replacingOccurrences(of: "(?<![-\\w])talked(?![-\\w])", with: "talk-held", options: .regularExpression)
        let v2 = try #require(WorkflowLoader.load(source: changed, file: "v2.yaml").definition)
        let calendarSource = try String(
            contentsOf: root.appendingPathComponent("Workflows/calendars/cn-mainland.yaml"), encoding: .utf8)
        let calendar = try #require(CalendarFile.load(source: calendarSource, file: "cn-mainland.yaml").calendar)
        let store = InMemoryStore(simulation: true)
        try store.importOrganisations([
            Organisation(id: "county", name: "县", parent: nil, kind: "county"),
            Organisation(id: "b1", name: "支部", parent: "county", kind: "branch"),
        ])
        try store.importPeople(MemberDevelopmentPath.people(root: "county"))
        try Fixtures.deploy([v1], calendars: [calendar], to: store)
        let app = try DocketApp(store: store, recordingClock: ManualClock().now)
        func at(_ day: String, _ time: String = "10:00") -> Caller {
            Caller(person: MemberDevelopmentPath.actor, now: Fixtures.instant("\(day)T\(time)"))
        }
        let steps = MemberDevelopmentPath.steps
        var cases: [String] = []
        for k in 0...steps.count {
            let started = try app.startCase(
                workflow: "member-development", organisation: "b1", caseID: nil,
                request: EventRequest(
                    event: "apply", input: MemberDevelopmentPath.application(name: "申请人\(k)"), actor: ""),
                by: at(MemberDevelopmentPath.applied))
            for step in steps.prefix(k) {
                _ = try app.fire(
                    caseID: started.snapshot.id, request: EventRequest(event: step.event, input: step.input, actor: ""),
                    by: at(step.day))
            }
            cases.append(started.snapshot.id)
        }
        // The side states off the main path: (steps of the main path, the step that leaves
        // it, the state it reaches, the steps on to a final state).
        typealias Step = (event: String, day: String, input: [String: String])
        let sides: [(prefix: Int, off: Step, state: String, on: [Step])] = [
            (
                9, ("political-review", "2026-04-01", ["review-result": "failed", "conclusion": "不合格"]),
                "review-failed", [("decline", "2026-04-10", ["reason": "政审不合格"])]
            ),
            (
                14,
                ("branch-vote", "2026-05-10", ["eligible-voters": "30", "present-voters": "25", "yes-votes": "10"]),
                "vote-failed", [("decline", "2026-05-20", ["reason": "支部大会未通过"])]
            ),
            (
                23,
                (
                    "full-vote", "2027-05-10",
                    [
                        "eligible-voters": "30", "present-voters": "28", "yes-votes": "25", "decision": "extend",
                        "extension": "6",
                    ]
                ),
                "extension-voted", [("approve-full", "2027-06-20", [:]), ("withdraw", "2027-07-01", [:])]
            ),
            (
                23,
                (
                    "full-vote", "2027-05-10",
                    ["eligible-voters": "30", "present-voters": "28", "yes-votes": "25", "decision": "cancel"]
                ),
                "cancel-voted", [("approve-full", "2027-06-20", [:])]
            ),
        ]
        var sideCases: [(id: String, state: String, off: Step, on: [Step])] = []
        for side in sides {
            let started = try app.startCase(
                workflow: "member-development", organisation: "b1", caseID: nil,
                request: EventRequest(event: "apply", input: MemberDevelopmentPath.application(name: "旁支"), actor: ""),
                by: at(MemberDevelopmentPath.applied))
            for step in steps.prefix(side.prefix) + [side.off] {
                _ = try app.fire(
                    caseID: started.snapshot.id, request: EventRequest(event: step.event, input: step.input, actor: ""),
                    by: at(step.day))
            }
            #expect(try store.snapshot(of: started.snapshot.id)?.state == side.state)
            sideCases.append((started.snapshot.id, side.state, side.off, side.on))
        }
        try Fixtures.deploy([v2], to: store)
        for side in sideCases {
            let request = DocketApp.MigrationRequest(
                workflow: "member-development", toVersion: 2, cases: [side.id], dryRun: false)
            let summary = try app.migrateCases(request, by: at(side.off.day, "12:00"), each: { _ in })
            #expect(summary.moved == 1, "\(side.state)")
            #expect(try store.snapshot(of: side.id)?.version == 2)
            for step in side.on {
                _ = try app.fire(
                    caseID: side.id, request: EventRequest(event: step.event, input: step.input, actor: ""),
                    by: at(step.day))
            }
            let end = try #require(try store.snapshot(of: side.id))
            #expect(v2.state(end.state)?.isFinal == true, "\(side.state) went on to \(end.state)")
        }
        var states: Set<String> = []
        for (k, id) in cases.enumerated() {
            let day = k == 0 ? MemberDevelopmentPath.applied : steps[k - 1].day
            let request = DocketApp.MigrationRequest(
                workflow: "member-development", toVersion: 2, mapping: ["talked": "talk-held"], cases: [id],
                dryRun: false)
            var outcomes: [Engine.MigrationOutcome] = []
            _ = try app.migrateCases(request, by: at(day, "12:00"), each: { outcomes.append($0) })
            guard case .moved(let preview, _)? = outcomes.first else {
                Issue.record("case \(id) at step \(k) did not move: \(outcomes)")
                continue
            }
            states.insert(preview.toState)
            #expect(try store.snapshot(of: id)?.version == 2)
            for step in steps.dropFirst(k) {
                _ = try app.fire(
                    caseID: id, request: EventRequest(event: step.event, input: step.input, actor: ""), by: at(step.day)
                )
            }
            let end = try #require(try store.snapshot(of: id))
            #expect(v2.state(end.state)?.isFinal == true && end.version == 2, "case \(id) from step \(k): \(end.state)")
        }
        // Every open state the main path passes through (talked under its new name).
        let open: Set = [
            "applied", "talk-held", "activist", "candidate", "committee-reviewed", "pre-reviewed", "form-filled",
            "voted", "probationary", "full-voted",
        ]
        #expect(states.isSuperset(of: open), "\(states.sorted())")
        #expect(try store.verifyAuditTrail().isIntact)
    }
}
