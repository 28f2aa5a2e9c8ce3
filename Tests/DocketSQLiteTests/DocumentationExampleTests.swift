import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketSQLite
import DocketTesting
import DocketYAML
import Foundation
import Testing

/// The code samples of the documentation, run as they are written there.
///
/// DocC cannot compile the samples of an article, so each one is here, with the same
/// calls in the same order: `getStarted()` is the article "Getting started"
/// (Sources/DocketEngine/DocketEngine.docc/GettingStarted.md), `pureCore()` the article
/// "The pure core" (Sources/DocketCore/DocketCore.docc/PureCore.md), and `operations()`
/// the article "Operations" (Sources/DocketApplication/DocketApplication.docc/Operations.md);
/// the examples in the doc comments (of `Engine`, `DocketApp`, `WorkflowLoader`) and on
/// the modules' landing pages are lines of these. Keep the articles and this file in
/// step: change a sample and its test together. Only the paths (a temporary folder, the
/// repository's Workflows/) differ from the articles, and `samplesAreTested()` fails
/// when a line of a Swift sample under Sources/ (on a catalog's page or in a doc comment)
/// is not a line of this file.
@Suite struct DocumentationExampleTests {
    /// A temporary folder for the store, removed at the end of the test.
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("docket-docs-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    /// The repository's Workflows/ folder (the article reads it from the working directory).
    static let workflows = root.appendingPathComponent("Workflows")

    struct NotLoaded: Error {}

    /// "Open a store" to "Set up the directory": a new SQLite store with the service-request
    /// workflow, the mainland calendar, three organisations and four people.
    static func openStore(at path: String) throws -> SQLiteStore {
        let workflows = Self.workflows

        // Open a store.
        let store = try SQLiteStore.open(path: path, create: true, simulation: true)
        let zone = DeploymentZone(identifier: try store.timeZoneIdentifier()) ?? .shanghai

        // Deploy a workflow.
        let source = try String(contentsOf: workflows.appendingPathComponent("service-request.yaml"), encoding: .utf8)
        let loaded = WorkflowLoader.load(source: source, file: "service-request.yaml")
        guard let definition = loaded.definition else {
            for diagnostic in loaded.diagnostics { print(diagnostic.rendered(in: .en)) }
            throw NotLoaded()
        }
        _ = try store.write { tx in try tx.deploy(definition, source: source, at: zone.parseInstant("2026-11-20")!) }

        let calendarSource = try String(
            contentsOf: workflows.appendingPathComponent("calendars/cn-mainland.yaml"), encoding: .utf8)
        if let calendar = CalendarFile.load(source: calendarSource, file: "cn-mainland.yaml").calendar {
            try store.write { tx in try tx.saveCalendars([calendar]) }
        }

        // Set up the directory.
        try store.write { tx in
            try tx.importOrganisations([
                Organisation(id: "county", name: "示范县", parent: nil, kind: "county"),
                Organisation(id: "chengguan", name: "城关镇", parent: "county", kind: "township"),
                Organisation(id: "dongcun", name: "东村", parent: "chengguan", kind: "village"),
            ])
            try tx.importPeople([
                Person(
                    id: "p-admin", name: "赵敏", status: .full,
                    roles: [RoleGrant(role: "admin", organisation: "county")]),
                Person(
                    id: "p-intake", name: "王芳", status: .full,
                    roles: [RoleGrant(role: "intake", organisation: "chengguan")]),
                Person(
                    id: "p-secretary", name: "刘强", status: .full,
                    roles: [RoleGrant(role: "branch-dispatcher", organisation: "dongcun")]),
                Person(
                    id: "p-li", name: "李明", status: .full,
                    roles: [RoleGrant(role: "member", organisation: "dongcun")]),
                Person(
                    id: "p-chen", name: "陈刚", status: .full,
                    roles: [RoleGrant(role: "member", organisation: "dongcun")]),
            ])
        }
        return store
    }

    /// The package's root folder.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The lines of the ```swift blocks of a Markdown text (or of a doc comment, with its
    /// `///` taken off), each without its indentation and trailing comment.
    static func sampleLines(_ text: String, docComment: Bool = false) -> [String] {
        var lines: [String] = []
        var inSample = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if docComment {
                guard line.hasPrefix("///") else { continue }
                line = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
            }
            if line.hasPrefix("```") {
                inSample = !inSample && line == "```swift"
                continue
            }
            guard inSample else { continue }
            lines.append(codeOf(line))
        }
        return lines.filter { !$0.isEmpty }
    }

    /// A line without its indentation and trailing `//` comment.
    static func codeOf(_ line: some StringProtocol) -> String {
        let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
        return code.trimmingCharacters(in: .whitespaces)
    }

    @Test("the Merkle stream's example (MerkleTree.Stream) gives the proof the recursive function gives")
    func merkleStreamExample() {
        let entryHashes = (0..<7).map { MerkleTree.bytes(hex: AuditChain.sha256Hex(String($0))) ?? [] }
        let spans = MerkleTree.inclusionSpans(of: 4, size: 7)
        var stream = MerkleTree.Stream(wanting: Set(spans))
        for hash in entryHashes { stream.append(entryHash: hash) }
        let proof = stream.hashes(of: spans)
        #expect(proof == MerkleTree.inclusionProof(of: 4, in: entryHashes.map(MerkleTree.leafHash)[...]))
    }

    @Test("every line of the articles' samples and of the doc-comment examples is a line of these tests")
    func samplesAreTested() throws {
        let tested = Set(
            try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8).split(separator: "\n").map {
                Self.codeOf($0)
            })
        // What the tests do otherwise: the imports, and where the files and the store are.
        let untested: Set<String> = [
            "import DocketCore", "import DocketEngine", "import DocketSQLite", "import DocketYAML",
            "import Foundation", #"let workflows = URL(fileURLWithPath: "Workflows")"#,
            #"let store = try SQLiteStore.open(path: "docket.db", create: true, simulation: true)"#,
        ]
        // Every article and landing page of a catalog, and every doc comment under Sources/.
        let sources = Self.root.appendingPathComponent("Sources")
        var checked: [String] = []
        for case let url as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
            ?? .init()
        {
            let file = url.path.replacingOccurrences(of: Self.root.path + "/", with: "")
            let isArticle = url.pathExtension == "md" && url.deletingLastPathComponent().pathExtension == "docc"
            guard isArticle || url.pathExtension == "swift" else { continue }
            let lines = Self.sampleLines(try String(contentsOf: url, encoding: .utf8), docComment: !isArticle)
            if !lines.isEmpty { checked.append(file) }
            for line in lines where !tested.contains(line) && !untested.contains(line) {
                Issue.record("\(file): this line of a sample is not in the tests: \(line)")
            }
        }
        #expect(checked.contains("Sources/DocketEngine/DocketEngine.docc/GettingStarted.md"))
        #expect(checked.contains("Sources/DocketEngine/Engine.swift"))
    }

    @Test("the getting-started walkthrough runs as the article writes it")
    func getStarted() throws {
        let folder = try Folder()
        let store = try Self.openStore(at: folder.url.appendingPathComponent("docket.db").path)

        // Make an engine.
        let zone = DeploymentZone(identifier: try store.timeZoneIdentifier()) ?? .shanghai
        let engine = Engine(store: store, zone: zone)

        // Start a case.
        let started = try engine.start(
            workflow: "service-request", organisation: "dongcun", caseID: nil,
            request: EventRequest(
                event: "order",
                input: [
                    "requester": "张大爷", "phone": "13800000000", "category": "repair",
                    "description": "自来水管漏水", "urgency": "emergency",
                ],
                actor: "p-intake"),
            now: zone.parseInstant("2026-11-22T09:30")!)
        let caseID = started.snapshot.id
        #expect(caseID == "SR-000001")
        #expect(started.snapshot.state == "ordered")
        #expect(started.deadlines.map(\.rule) == ["dispatch-emergency"])
        #expect(started.deadlines.map { zone.format($0.dueAt) } == ["2026-11-22T10:30:00+08:00"])

        // Fire an event.
        let dispatched = try engine.fire(
            caseID: caseID,
            request: EventRequest(event: "dispatch", input: ["assignee": "p-li"], actor: "p-secretary"),
            now: zone.parseInstant("2026-11-22T09:45")!)
        #expect(dispatched.snapshot.state == "dispatched" && dispatched.snapshot.assignee == "p-li")

        // A refusal.
        var refused: Refusal?
        var rule: String?
        do {
            _ = try engine.fire(
                caseID: caseID, request: EventRequest(event: "accept", actor: "p-chen"),
                now: zone.parseInstant("2026-11-22T09:50")!)
        } catch let error as EngineError {
            guard case .refused(let refusal) = error.reason else { throw error }
            print(refusal.code) // check-failed
            if case .checkFailed(let failure) = refusal.reason {
                print(failure.rule) // actor == assignee
                rule = failure.rule
            }
            refused = refusal
        }
        #expect(refused?.code.description == "check-failed")
        #expect(rule == "actor == assignee")

        // Two clerks at once.
        let accepted = try engine.fire(
            caseID: caseID, request: EventRequest(event: "accept", actor: "p-li"),
            now: zone.parseInstant("2026-11-22T09:50")!, expecting: dispatched.snapshot.revision)
        var conflict: StoreError?
        do {
            _ = try engine.fire(
                caseID: caseID, request: EventRequest(event: "accept", actor: "p-li"),
                now: zone.parseInstant("2026-11-22T09:51")!, expecting: dispatched.snapshot.revision)
        } catch let error as StoreError where error.code == .conflict {
            conflict = error // the case moved on since revision 2; nothing was written
        }
        #expect(accepted.snapshot.state == "in-progress" && accepted.snapshot.revision == 3)
        #expect(conflict?.subject == .caseChanged(caseID))
        #expect(try store.history(of: caseID).count == 3)

        // Read the limits.
        let (view, possible) = try engine.show(caseID: caseID, now: zone.parseInstant("2026-11-22T10:00")!)
        for limit in view.deadlines { print(limit.rule, zone.format(limit.dueAt)) }
        // complete-emergency 2026-11-22T11:50:00+08:00
        for event in possible { print(event.event, event.missing) }
        // complete ["result"]
        // escalate ["reason"]
        #expect(view.deadlines.map(\.rule) == ["complete-emergency"])
        #expect(view.deadlines.map { zone.format($0.dueAt) } == ["2026-11-22T11:50:00+08:00"])
        #expect(possible.map(\.event) == ["complete", "escalate"])
        #expect(possible.first?.missing == ["result"])

        let (soon, late) = try store.read { tx in
            (
                try tx.dueSoon(
                    DeadlineQuery(organisation: "chengguan"), at: zone.parseInstant("2026-11-22T11:00")!,
                    horizon: zone.parseInstant("2026-11-22T12:00")!),
                try tx.overdue(DeadlineQuery(organisation: "chengguan"), at: zone.parseInstant("2026-11-22T12:00")!)
            )
        }
        for row in late { print(row.caseID, row.deadline.rule, row.assignee ?? "") }
        // SR-000001 complete-emergency p-li
        #expect(soon.map(\.caseID) == [caseID])
        #expect(late.map(\.caseID) == [caseID] && late.map(\.deadline.rule) == ["complete-emergency"])

        // Tick the timers.
        let report = try engine.tick(now: zone.parseInstant("2026-11-22T12:00")!)
        for firing in report.fired { print(firing.timer.caseID, firing.entry.event, zone.format(firing.entry.at)) }
        // SR-000001 escalate 2026-11-22T11:50:00+08:00
        for failure in report.failed { print(failure.timer.caseID, failure.refusal.code) }
        #expect(report.fired.map(\.entry.event) == ["escalate"] && report.failed.isEmpty)
        #expect(report.fired.map { zone.format($0.entry.at) } == ["2026-11-22T11:50:00+08:00"])
        #expect(try store.snapshot(of: caseID)?.organisation == "chengguan")

        // The trail.
        let (history, verification) = try store.read { tx in (try tx.history(of: caseID), try AuditChain.verify(tx)) }
        print(history.map(\.event)) // ["order", "dispatch", "accept", "escalate"]
        print(verification.isIntact) // true
        #expect(history.map(\.event) == ["order", "dispatch", "accept", "escalate"])
        #expect(history.last?.actor == EventRequest.systemActor)
        #expect(try store.verifyAuditTrail().isIntact)
    }

    @Test("the pure-core article runs as it is written")
    func pureCore() throws {
        let workflows = Self.workflows
        let source = try String(contentsOf: workflows.appendingPathComponent("service-request.yaml"), encoding: .utf8)
        let definition = try #require(WorkflowLoader.load(source: source, file: "service-request.yaml").definition)
        let calendarSource = try String(
            contentsOf: workflows.appendingPathComponent("calendars/cn-mainland.yaml"), encoding: .utf8)
        let calendar = try #require(CalendarFile.load(source: calendarSource, file: "cn-mainland.yaml").calendar)

        // A decision, without a store.
        let zone = DeploymentZone.shanghai
        let environment = TransitionEnvironment(
            now: zone.parseInstant("2026-09-30T16:00")!, zone: zone, calendar: calendar)
        let decision = try Transition.start(
            definition, caseID: "", organisation: "dongcun",
            request: EventRequest(
                event: "order",
                input: [
                    "requester": "张大爷", "phone": "13800000000", "category": "repair",
                    "description": "院墙倒塌", "urgency": "general",
                ],
                actor: "p-intake"),
            environment: environment)
        print(decision.snapshot.state, decision.audit.event) // ordered order
        for limit in decision.deadlines { print(limit.rule, zone.format(limit.dueAt)) }
        // dispatch-general 2026-10-09T00:00:00+08:00
        #expect(decision.snapshot.state == "ordered" && decision.audit.event == "order")
        #expect(decision.deadlines.map(\.rule) == ["dispatch-general"])
        #expect(decision.deadlines.map { zone.format($0.dueAt) } == ["2026-10-09T00:00:00+08:00"])

        var refusal: Refusal?
        do {
            _ = try Transition.fire(
                definition, on: decision.snapshot, request: EventRequest(event: "accept", actor: "p-li"),
                environment: environment)
        } catch {
            print(error.code) // event-not-possible
            refusal = error
        }
        #expect(refusal?.code.description == "event-not-possible")

        // Dates and durations.
        let duration = CalendarDuration(parsing: "1 working day")!
        let day = try duration.added(to: CivilDate(year: 2026, month: 9, day: 30)!, calendar: calendar)
        print(day) // 2026-10-08
        #expect(day.description == "2026-10-08")

        // Expressions.
        let rule = try RuleExpression(parsing: "actor == assignee")
        let evaluator = ExpressionEvaluator(
            context: EvaluationContext(
                data: ["assignee": .text("p-li")], parameters: [:], records: [:], today: day,
                now: zone.instant(date: day), zone: zone, actor: "p-chen"))
        print(try evaluator.truth(rule.root)) // false
        #expect(try evaluator.truth(rule.root) == false)
    }

    @Test("the manual clock's example runs as its doc comment writes it, and the trail records by it")
    func manualClock() throws {
        let store = InMemoryStore(simulation: true)
        let clock = ManualClock(Fixtures.instant("2026-11-22T09:00"))
        let engine = Engine(store: store, zone: Fixtures.zone, recordingClock: clock.now)
        clock.advance(by: 60)
        #expect(clock.now() == Fixtures.instant("2026-11-22T09:01"))
        try Fixtures.populate(store)
        let source = try String(
            contentsOf: Self.root.appendingPathComponent("Workflows/service-request.yaml"), encoding: .utf8)
        let definition = try #require(WorkflowLoader.load(source: source, file: "service-request.yaml").definition)
        _ = try store.deploy(definition, source: source, at: clock.now())
        let started = try engine.start(
            workflow: "service-request", organisation: "village", caseID: nil,
            request: EventRequest(
                event: "",
                input: [
                    "requester": "张", "phone": "13800000000", "category": "law", "description": "咨询",
                    "urgency": "emergency",
                ],
                actor: "p-clerk"),
            now: Fixtures.instant("2026-11-22T09:30"))
        #expect(started.entry?.recordedAt == Fixtures.instant("2026-11-22T09:01"), "recorded by the manual clock")
    }

    @Test("the operations article runs as it is written")
    func operations() throws {
        let folder = try Folder()
        let store = try Self.openStore(at: folder.url.appendingPathComponent("docket.db").path)

        // One operation per thing a person does.
        let app = try DocketApp(store: store)
        let now = app.zone.parseInstant("2026-11-22T09:30")!
        let clerk = Caller(person: "p-intake", now: now)
        let view = try app.startCase(
            workflow: "service-request", organisation: "dongcun", caseID: nil,
            request: EventRequest(
                event: "",
                input: [
                    "requester": "张大爷", "phone": "13800000000", "category": "repair",
                    "description": "自来水管漏水", "urgency": "utility",
                ],
                actor: "p-intake"),
            by: clerk)
        print(view.snapshot.id, view.snapshot.state) // SR-000001 ordered
        #expect(view.snapshot.id == "SR-000001" && view.snapshot.state == "ordered")

        let secretary = Caller(person: "p-secretary", now: app.zone.parseInstant("2026-11-22T09:45")!)
        let fired = try app.fire(
            caseID: view.snapshot.id,
            request: EventRequest(event: "dispatch", input: ["assignee": "p-li"], actor: "p-secretary"),
            by: secretary)
        print(fired.view.snapshot.state, fired.view.snapshot.assignee ?? "") // dispatched p-li
        #expect(fired.view.snapshot.state == "dispatched" && fired.view.snapshot.assignee == "p-li")

        // Errors are values.
        var refusals: [String] = []
        do {
            _ = try app.showCase("SR-000001", by: Caller(person: "p-nobody", now: now))
        } catch let error as AccessError {
            print(error.code, error.person) // unknownPerson p-nobody
            refusals.append("\(error.code)")
        }
        do {
            _ = try app.fire(
                caseID: "SR-000001", request: EventRequest(event: "accept", actor: "p-chen"),
                by: Caller(person: "p-chen", now: app.zone.parseInstant("2026-11-22T09:50")!))
        } catch let error as EngineError {
            guard case .refused(let refusal) = error.reason else { throw error }
            print(refusal.code) // check-failed
            print(refusal.message(in: .en)) // words, from DocketMessages
            refusals.append("\(refusal.code)")
        }
        #expect(refusals == ["unknownPerson", "check-failed"])
        #expect(try app.caseHistory("SR-000001", by: secretary).1.map(\.event) == ["order", "dispatch"])
    }
}
