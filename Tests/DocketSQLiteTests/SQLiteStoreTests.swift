import DocketCore
import DocketEngine
import DocketSQLite
import DocketTesting
import DocketYAML
import Foundation
import GRDB
import Testing

/// A fresh store in a temporary folder with the shipped service-request workflow, a small
/// organisation tree and a few people.
final class StoreFixture {
    let folder: URL
    let store: SQLiteStore
    let engine: Engine
    let zone = DeploymentZone.shanghai

    /// The store's folder goes with the fixture, at the end of its test.
    deinit { try? FileManager.default.removeItem(at: folder) }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("docket-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteStore.open(path: folder.appendingPathComponent("d.db").path, create: true, simulation: true)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let source = try String(
            contentsOf: root.appendingPathComponent("Workflows/service-request.yaml"), encoding: .utf8)
        let definition = try #require(WorkflowLoader.load(source: source, file: "service-request.yaml").definition)
        _ = try store.deploy(definition, source: source, at: Date(timeIntervalSince1970: 0))
        let calendarSource = try String(
            contentsOf: root.appendingPathComponent("Workflows/calendars/cn-mainland.yaml"), encoding: .utf8)
        try store.saveCalendars([
            try #require(CalendarFile.load(source: calendarSource, file: "cn-mainland.yaml").calendar)
        ])
        try store.importOrganisations([
            Organisation(id: "county", name: "县", parent: nil, kind: "county"),
            Organisation(id: "town", name: "镇", parent: "county", kind: "township"),
            Organisation(id: "village", name: "村", parent: "town", kind: "village"),
            Organisation(id: "village-b", name: "乙村", parent: "town", kind: "village"),
            Organisation(id: "other-town", name: "他镇", parent: "county", kind: "township"),
        ])
        try store.importPeople([
            Person(
                id: "p-1", name: "甲", status: .full,
                roles: [
                    RoleGrant(role: "intake", organisation: "county"),
                    RoleGrant(role: "branch-dispatcher", organisation: "county"),
                ]),
            Person(id: "p-2", name: "乙", status: .full, roles: [RoleGrant(role: "member", organisation: "county")]),
        ])
        engine = Engine(store: store, zone: zone, recordingClock: { Date(timeIntervalSince1970: 1_800_000_000) })
    }

    func at(_ text: String) -> Date { zone.parseInstant(text) ?? Date(timeIntervalSince1970: 0) }

    func order(at org: String = "village", on day: String = "2026-11-22T09:00") throws -> Engine.CaseView {
        try engine.start(
            workflow: "service-request", organisation: org, caseID: nil,
            request: EventRequest(
                event: "",
                input: [
                    "requester": "张", "phone": "13800000000", "category": "repair", "description": "漏水",
                    "urgency": "general",
                ],
                actor: "p-1"),
            now: at(day))
    }

    func rawDatabase() throws -> DatabaseQueue { try DatabaseQueue(path: store.path) }
}

@Suite struct SQLiteStoreTests {
    @Test("a started case is stored with its audit entry, and ids are assigned in order")
    func startAndHistory() throws {
        let f = try StoreFixture()
        let first = try f.order()
        let second = try f.order()
        #expect(first.snapshot.id == "SR-000001")
        #expect(second.snapshot.id == "SR-000002")
        let stored = try #require(try f.store.snapshot(of: "SR-000001"))
        #expect(stored.state == "ordered" && stored.revision == 1)
        let history = try f.store.history(of: "SR-000001")
        #expect(history.count == 1)
        #expect(history[0].kind == .start && history[0].event == "order" && history[0].actor == "p-1")
        #expect(history[0].dataJSON.contains("\"category\":\"repair\""))
    }

    @Test("a fired event updates the case and appends one chained entry in the same transaction")
    func fire() throws {
        let f = try StoreFixture()
        let started = try f.order()
        let fired = try f.engine.fire(
            caseID: started.snapshot.id,
            request: EventRequest(event: "dispatch", input: ["assignee": "p-2"], actor: "p-1"),
            now: f.at("2026-11-22T10:00"))
        #expect(fired.snapshot.state == "dispatched" && fired.snapshot.assignee == "p-2")
        let history = try f.store.history(of: started.snapshot.id)
        #expect(history.map(\.seq) == [1, 2])
        #expect(history[1].previousHash == history[0].hash)
        let verified = try f.store.verifyAuditTrail()
        #expect(verified.entriesChecked == 2 && verified.firstBroken == nil)
        #expect(verified.headHash == history[1].hash, "the head is the last entry")
    }

    @Test("a refused event writes nothing")
    func refusedWritesNothing() throws {
        let f = try StoreFixture()
        let started = try f.order()
        #expect(throws: EngineError.self) {
            try f.engine.fire(
                caseID: started.snapshot.id, request: EventRequest(event: "accept", actor: "p-2"),
                now: f.at("2026-11-22T10:00"))
        }
        #expect(try f.store.snapshot(of: started.snapshot.id)?.revision == 1)
        #expect(try f.store.history(of: started.snapshot.id).count == 1)
    }

    @Test("two clerks firing on the same case at once: one wins, the other is told and writes nothing")
    func concurrentFire() throws {
        let f = try StoreFixture()
        let started = try f.order()
        let definition = try #require(try f.store.definition(workflow: "service-request", version: 1))
        let snapshot = try #require(try f.store.snapshot(of: started.snapshot.id))
        var environment = TransitionEnvironment(
            now: f.at("2026-11-22T10:00"), zone: f.zone, knownPeople: ["p-1", "p-2"])
        environment.peopleRoles = ["p-2": ["member"]]
        // Both decide on the same revision, as two processes would.
        let a = try Transition.fire(
            definition, on: snapshot,
            request: EventRequest(event: "dispatch", input: ["assignee": "p-2"], actor: "p-1"), environment: environment
        )
        let b = try Transition.fire(
            definition, on: snapshot, request: EventRequest(event: "reject", input: ["reason": "重复"], actor: "p-2"),
            environment: environment)
        _ = try f.store.commit(a, as: .update(expectedRevision: snapshot.revision), recordedAt: Date())
        #expect {
            try f.store.commit(b, as: .update(expectedRevision: snapshot.revision), recordedAt: Date())
        } throws: { error in
            (error as? StoreError)?.code == .conflict
        }
        #expect(try f.store.snapshot(of: snapshot.id)?.state == "dispatched")
        #expect(try f.store.history(of: snapshot.id).map(\.event) == ["order", "dispatch"])
    }

    @Test("many threads firing on one case: exactly one succeeds per revision")
    func raceOnRevision() async throws {
        let f = try StoreFixture()
        let started = try f.order()
        let definition = try #require(try f.store.definition(workflow: "service-request", version: 1))
        let snapshot = try #require(try f.store.snapshot(of: started.snapshot.id))
        var environment = TransitionEnvironment(
            now: f.at("2026-11-22T10:00"), zone: f.zone, knownPeople: ["p-1", "p-2"])
        environment.peopleRoles = ["p-2": ["member"]]
        let decision = try Transition.fire(
            definition, on: snapshot,
            request: EventRequest(event: "dispatch", input: ["assignee": "p-2"], actor: "p-1"), environment: environment
        )
        let store = f.store
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (try? store.commit(decision, as: .update(expectedRevision: snapshot.revision), recordedAt: Date()))
                        != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try f.store.history(of: snapshot.id).count == 2)
    }

    @Test("editing or deleting an audit entry is refused by the database")
    func appendOnly() throws {
        let f = try StoreFixture()
        _ = try f.order()
        let db = try f.rawDatabase()
        #expect(throws: DatabaseError.self) {
            try db.write { try $0.execute(sql: "UPDATE audit SET actor = 'someone-else'") }
        }
        #expect(throws: DatabaseError.self) { try db.write { try $0.execute(sql: "DELETE FROM audit") } }
    }

    @Test("verify names the first entry that was tampered with")
    func tamperDetected() throws {
        let f = try StoreFixture()
        for _ in 0..<3 { _ = try f.order() }
        let db = try f.rawDatabase()
        // Someone with file access drops the guard and rewrites entry 2.
        try db.write { db in
            try db.execute(sql: "DROP TRIGGER audit_no_update")
            try db.execute(sql: "UPDATE audit SET data = replace(data, '张', '王') WHERE seq = 2")
        }
        #expect(try f.store.verifyAuditTrail() == AuditVerification(entriesChecked: 2, firstBroken: 2))
    }

    @Test(
        "a trail written in encoding 1 still verifies, the entries after it are sealed in encoding 2, and none goes back"
    )
    func encodingsOfOneTrail() throws {
        let f = try StoreFixture()
        for _ in 0..<2 { _ = try f.order() }
        let db = try f.rawDatabase()
        // The trail as a store written before encoding 2 holds it: every entry in encoding 1.
        var previous = AuditChain.genesis
        for var entry in try f.store.history(of: "SR-000001") + f.store.history(of: "SR-000002") {
            entry.encoding = 1
            entry.previousHash = previous
            entry.hash = AuditChain.hash(of: entry)
            previous = entry.hash
            try db.write { db in
                try db.execute(sql: "DROP TRIGGER IF EXISTS audit_no_update")
                try db.execute(
                    sql: "UPDATE audit SET encoding = 1, prev_hash = ?, hash = ? WHERE seq = ?",
                    arguments: [entry.previousHash, entry.hash, entry.seq])
            }
        }
        #expect(
            try f.store.verifyAuditTrail() == AuditVerification(entriesChecked: 2, firstBroken: nil, headHash: previous)
        )
        let third = try #require(try f.order().entry)
        #expect(third.encoding == AuditChain.currentEncoding && third.previousHash == previous)
        let fourth = try #require(try f.order().entry)
        #expect(try f.store.verifyAuditTrail().isIntact)
        // The newest entry rewritten into the ambiguous encoding after one in the new, rehashed: caught.
        var downgraded = fourth
        downgraded.encoding = 1
        try db.write { db in
            try db.execute(
                sql: "UPDATE audit SET encoding = 1, hash = ? WHERE seq = 4",
                arguments: [AuditChain.hash(of: downgraded)])
        }
        #expect(try f.store.verifyAuditTrail() == AuditVerification(entriesChecked: 4, firstBroken: 4))
    }

    @Test("migrations run once: reopening keeps the data, and a non-store file is refused")
    func migrations() throws {
        let f = try StoreFixture()
        _ = try f.order()
        let reopened = try SQLiteStore.open(path: f.store.path, create: false)
        #expect(try reopened.snapshot(of: "SR-000001") != nil)
        let again = try SQLiteStore.open(path: f.store.path, create: true)
        #expect(try again.history(of: "SR-000001").count == 1)
        let migrations = try f.rawDatabase().read {
            try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(
            migrations == [
                "v1-foundation", "v2-timers", "v3-permissions", "v4-items-and-campaigns", "v5-timer-order",
                "v6-overdue-in-due-order", "v7-provisional-limits", "v8-audit-encoding", "v9-store-identifier",
                "v10-audit-outcome", "v11-logins",
            ])
        let stranger = f.folder.appendingPathComponent("other.db").path
        _ = try DatabaseQueue(path: stranger)
        #expect { try SQLiteStore.open(path: stranger, create: false) } throws: {
            ($0 as? StoreError)?.code == .notInitialised
        }
        #expect {
            try SQLiteStore.open(path: f.folder.appendingPathComponent("missing.db").path, create: false)
        } throws: {
            ($0 as? StoreError)?.code == .notInitialised
        }
    }

    @Test("listing by organisation includes the whole subtree and nothing else")
    func subtree() throws {
        let f = try StoreFixture()
        _ = try f.order(at: "village")
        _ = try f.order(at: "village-b")
        _ = try f.order(at: "other-town")
        #expect(
            try f.store.cases(matching: CaseQuery(organisation: "town")).map(\.organisation) == [
                "village", "village-b",
            ])
        #expect(try f.store.cases(matching: CaseQuery(organisation: "county")).count == 3)
        #expect(try f.store.cases(matching: CaseQuery(organisation: "village-b")).count == 1)
    }

    @Test(
        "a village moved to another township takes its own cases, its grids' cases, their limits and refused attempts along; others stay"
    )
    func movedSubtree() throws {
        let f = try StoreFixture()
        try f.store.importOrganisations([Organisation(id: "grid", name: "网格", parent: "village", kind: "grid")])
        let atVillage = try f.order(at: "village")
        let atGrid = try f.order(at: "grid")
        let staying = try f.order(at: "village-b")
        // p-2 holds no intake role: the refused order is recorded under the grid.
        #expect(throws: EngineError.self) {
            try f.engine.start(
                workflow: "service-request", organisation: "grid", caseID: nil,
                request: EventRequest(
                    event: "",
                    input: [
                        "requester": "张", "phone": "13800000000", "category": "repair", "description": "漏水",
                        "urgency": "general",
                    ], actor: "p-2"),
                now: f.at("2026-11-22T09:00"))
        }
        try f.store.importOrganisations([Organisation(id: "village", name: "村", parent: "other-town", kind: "village")])
        let late = f.at("2027-06-01T09:00")
        #expect(
            Set(try f.store.cases(matching: CaseQuery(organisation: "other-town")).map(\.id)) == [
                atVillage.snapshot.id, atGrid.snapshot.id,
            ])
        #expect(try f.store.cases(matching: CaseQuery(organisation: "town")).map(\.id) == [staying.snapshot.id])
        #expect(
            Set(try f.store.overdue(DeadlineQuery(organisation: "other-town"), at: late).map(\.caseID)) == [
                atVillage.snapshot.id, atGrid.snapshot.id,
            ])
        #expect(
            try f.store.overdue(DeadlineQuery(organisation: "town"), at: late).map(\.caseID) == [staying.snapshot.id])
        #expect(try f.store.deniedAttempts(under: "other-town").map(\.actor) == ["p-2"])
        #expect(try f.store.deniedAttempts(under: "town").isEmpty)
    }

    @Test("escalation moves a case to the parent organisation and subtree queries follow it")
    func escalation() throws {
        let f = try StoreFixture()
        let started = try f.order(at: "village")
        let escalated = try f.engine.fire(
            caseID: started.snapshot.id,
            request: EventRequest(event: "escalate", input: ["reason": "村里解决不了"], actor: "p-1"),
            now: f.at("2026-11-22T11:00"))
        #expect(escalated.snapshot.organisation == "town" && escalated.snapshot.state == "ordered")
        #expect(try f.store.cases(matching: CaseQuery(organisation: "village")).isEmpty)
        #expect(try f.store.cases(matching: CaseQuery(organisation: "town")).count == 1)
    }

    @Test("after every change the stored limits are the ones decided, and their rows show the case as it now is")
    func limitsFollowTheCase() throws {
        let f = try StoreFixture()
        let started = try f.order(at: "village")
        func check(_ view: Engine.CaseView, _ step: String) throws {
            let stored = try f.store.deadlines(of: view.snapshot.id)
            #expect(stored.map(\.rule).sorted() == view.deadlines.map(\.rule).sorted(), "\(step): the rules")
            #expect(Set(stored.map(\.dueAt)) == Set(view.deadlines.map(\.dueAt)), "\(step): the due times")
            let rows = try f.store.overdue(DeadlineQuery(), at: f.at("2030-01-01")).filter {
                $0.caseID == view.snapshot.id
            }
            #expect(rows.count == stored.count, "\(step): every limit is listed")
            for row in rows {
                #expect(
                    row.state == view.snapshot.state && row.organisation == view.snapshot.organisation
                        && row.assignee == view.snapshot.assignee, "\(step)")
            }
        }
        try check(started, "ordered")
        let escalated = try f.engine.fire(
            caseID: started.snapshot.id,
            request: EventRequest(event: "escalate", input: ["reason": "村里解决不了"], actor: "p-1"),
            now: f.at("2026-11-22T11:00"))
        try check(escalated, "escalated to the township")
        #expect(
            try f.store.overdue(DeadlineQuery(organisation: "village"), at: f.at("2030-01-01")).isEmpty,
            "no limit is left under the village")
        let dispatched = try f.engine.fire(
            caseID: started.snapshot.id,
            request: EventRequest(event: "dispatch", input: ["assignee": "p-2"], actor: "p-1"),
            now: f.at("2026-11-22T11:30"))
        #expect(dispatched.snapshot.assignee == "p-2")
        try check(dispatched, "dispatched")
    }

    @Test("a limit that stays through a hand-over is listed under the new assignee, and the old rows are gone")
    func limitStaysThroughHandOver() throws {
        let f = try StoreFixture()
        let definition = WorkflowDefinition(
            id: "hand-over", version: 1, title: LocalizedText(zh: "移交"), casePrefix: "H",
            states: [
                StateDefinition(
                    id: "open", title: LocalizedText(zh: "办理中"),
                    deadlines: [
                        DeadlineRule(
                            id: "reply-due", title: LocalizedText(zh: "答复期限"), due: .literal(CalendarDuration(3, .days))
                        )
                    ])
            ],
            fields: [FieldDefinition(id: "handler", title: LocalizedText(zh: "承办人"), type: .person)],
            events: [
                EventDefinition(
                    id: "open", title: LocalizedText(zh: "立案"), source: .start, target: .state("open"),
                    roles: ["intake"], fields: [EventField(id: "handler", required: true)], assigns: "handler"),
                EventDefinition(
                    id: "hand-over", title: LocalizedText(zh: "移交"), source: .states(["open"]), roles: ["intake"],
                    fields: [EventField(id: "handler", required: true)], assigns: "handler"),
            ])
        _ = try f.store.deploy(definition, source: "", at: Date(timeIntervalSince1970: 0))
        let opened = try f.engine.start(
            workflow: "hand-over", organisation: "village", caseID: nil,
            request: EventRequest(event: "open", input: ["handler": "p-1"], actor: "p-1"),
            now: f.at("2026-11-22T09:00"))
        let handed = try f.engine.fire(
            caseID: opened.snapshot.id,
            request: EventRequest(event: "hand-over", input: ["handler": "p-2"], actor: "p-1"),
            now: f.at("2026-11-23T09:00"))
        #expect(
            handed.deadlines.map(\.dueAt) == opened.deadlines.map(\.dueAt),
            "the limit runs from entering the state, which did not change")
        let late = f.at("2026-11-26T09:00")
        #expect(try f.store.overdue(DeadlineQuery(assignee: "p-2"), at: late).map(\.caseID) == [opened.snapshot.id])
        #expect(try f.store.overdue(DeadlineQuery(assignee: "p-1"), at: late).isEmpty)
        #expect(try f.store.deadlines(of: opened.snapshot.id).map(\.rule) == ["reply-due"])
    }

    @Test("an organisation tree with a cycle or a missing parent is refused whole")
    func badTree() throws {
        let f = try StoreFixture()
        #expect {
            try f.store.importOrganisations([
                Organisation(id: "x", name: "x", parent: "y", kind: ""),
                Organisation(id: "y", name: "y", parent: "x", kind: ""),
            ])
        } throws: {
            ($0 as? StoreError)?.code == .invalidData
        }
        #expect {
            try f.store.importOrganisations([Organisation(id: "z", name: "z", parent: "nowhere", kind: "")])
        } throws: {
            ($0 as? StoreError)?.code == .invalidData
        }
        #expect(try f.store.organisation("x") == nil && f.store.organisation("z") == nil)
    }

    @Test("a case stays on the version it started with after a new version is deployed")
    func versions() throws {
        let f = try StoreFixture()
        let started = try f.order()
        var v2 = try #require(try f.store.definition(workflow: "service-request", version: 1))
        v2.version = 2
        v2.title = LocalizedText(zh: "第二版")
        #expect(try f.store.deploy(v2, source: "", at: Date()) == .deployed)
        #expect(try f.store.deploy(v2, source: "", at: Date()) == .unchanged)
        v2.title = LocalizedText(zh: "改了内容却没改版本")
        #expect { try f.store.deploy(v2, source: "", at: Date()) } throws: {
            ($0 as? StoreError)?.code == .versionConflict
        }
        #expect(try f.engine.load(started.snapshot.id).1.version == 1)
        #expect(try f.order().snapshot.version == 2)
    }

    @Test(
        "a list of limits gives each row its own organisation, state, assignee and titles, however alike its neighbours"
    )
    func listRowsAreTheirOwn() throws {
        let f = try StoreFixture()
        try f.store.importOrganisations([
            Organisation(id: "v-aa", name: "甲村", parent: "town", kind: "village"),
            Organisation(id: "v-ab", name: "乙村", parent: "town", kind: "village"),
        ])
        // Organisation ids of the same length side by side, a dispatched case among new ones.
        var ids: [String] = []
        for (i, org) in ["v-aa", "v-ab", "v-aa", "v-ab"].enumerated() {
            ids.append(try f.order(at: org, on: "2026-11-22T09:0\(i)").snapshot.id)
        }
        _ = try f.engine.fire(
            caseID: ids[1], request: EventRequest(event: "dispatch", input: ["assignee": "p-2"], actor: "p-1"),
            now: f.at("2026-11-22T09:10"))
        let rows = try f.store.overdue(DeadlineQuery(organisation: "town"), at: f.at("2026-12-31T00:00"))
        #expect(Set(rows.map(\.caseID)) == Set(ids))
        for row in rows {
            let snapshot = try #require(try f.store.snapshot(of: row.caseID))
            #expect(
                row.organisation == snapshot.organisation && row.state == snapshot.state
                    && row.assignee == snapshot.assignee)
            let own = try f.store.deadlines(of: row.caseID).first { $0.rule == row.deadline.rule }
            #expect(row.deadline.title == own?.title && row.deadline.dueDate == own?.dueDate)
        }
        #expect(rows.map(\.organisation).contains("v-ab") && rows.contains { $0.assignee == "p-2" })
    }
}
