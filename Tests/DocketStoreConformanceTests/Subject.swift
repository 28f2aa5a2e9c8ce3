import DocketCore
import DocketEngine
import DocketPostgres
import DocketSQLite
import DocketTesting
import DocketYAML
import Foundation
import Testing

/// The stores every conformance test runs on.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case memory
    /// A PostgreSQL server's, when `DOCKET_TEST_POSTGRES` holds its URL
    /// (`postgres://postgres@127.0.0.1:PORT/postgres`; `scripts/test.sh` starts one).
    case postgres

    /// Every kind, PostgreSQL only when a server is given.
    static var allCases: [StoreKind] { postgresServer == nil ? [.sqlite, .memory] : [.sqlite, .memory, .postgres] }

    /// The server the PostgreSQL subjects make their databases on.
    static let postgresServer: PostgresSettings? = ProcessInfo.processInfo.environment["DOCKET_TEST_POSTGRES"].flatMap {
        $0.isEmpty ? nil : try? PostgresSettings(url: $0)
    }

    var testDescription: String { rawValue }
}

/// The shipped workflows and calendar, read from `Workflows/` once for every test.
///
/// They are read here, not in `DocketTesting`: that module depends on the engine alone,
/// so that a project embedding the engine can test against it without the YAML reader,
/// and the files are found beside this source, which only a test of this repository has.
enum Shipped {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let workflowFiles = ["service-request", "member-development", "branch-rectification"]

    private static let loaded = Result { () throws -> (definitions: [WorkflowDefinition], calendar: WorkingCalendar) in
        let definitions = try workflowFiles.map { try definition($0) }
        let source = try text("Workflows/calendars/cn-mainland.yaml")
        let calendar = try CalendarFile.load(source: source, file: "cn-mainland.yaml").calendar.orThrow("the calendar")
        return (definitions, calendar)
    }

    static var definitions: [WorkflowDefinition] { get throws { try loaded.get().definitions } }
    static var calendar: WorkingCalendar { get throws { try loaded.get().calendar } }

    /// A shipped workflow read afresh (a new value each time).
    static func definition(_ name: String) throws -> WorkflowDefinition {
        let source = try text("Workflows/\(name).yaml")
        return try WorkflowLoader.load(source: source, file: "\(name).yaml").definition.orThrow(name)
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }
}

struct Missing: Error, CustomStringConvertible {
    var description: String
}

extension Optional {
    func orThrow(_ what: String) throws -> Wrapped {
        guard let self else { throw Missing(description: "no \(what)") }
        return self
    }
}

/// A fresh store of one kind with the shipped workflows, the calendar and the fixtures'
/// directory, an engine over it, and the manual clock it records by.
final class Subject {
    let kind: StoreKind
    /// Both stores offer the bulk-loading capability, which the suite checks too.
    let store: any CaseStore & BulkLoading
    let clock: ManualClock
    let engine: Engine
    let zone = Fixtures.zone
    private let folder: URL?
    /// The PostgreSQL database made for this subject, dropped with it.
    private let database: String?

    deinit {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        if let database, let server = StoreKind.postgresServer {
            try? PostgresStore.dropDatabase(database, on: server)
        }
    }

    /// - Parameters:
    ///   - simulation: whether the store takes changes dated at any instant.
    ///   - deployed: whether to deploy the shipped workflows and calendar.
    ///   - populated: whether to import the fixtures' organisations and people.
    init(
        _ kind: StoreKind, simulation: Bool = true, deployed: Bool = true, populated: Bool = true,
        clock: ManualClock = ManualClock(Fixtures.instant("2027-01-15T08:00"))
    ) throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "docket-conformance-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            self.folder = folder
            database = nil
            store = try SQLiteStore.open(
                path: folder.appendingPathComponent("d.db").path, create: true, simulation: simulation)
        case .memory:
            (folder, database) = (nil, nil)
            store = InMemoryStore(simulation: simulation)
        case .postgres:
            // A fresh, empty database per subject, so that tests run side by side.
            let server = try StoreKind.postgresServer.orThrow("DOCKET_TEST_POSTGRES")
            let name = "docket_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try PostgresStore.createDatabase(name, on: server)
            folder = nil
            database = name
            var settings = server
            settings.database = name
            store = try PostgresStore.open(settings: settings, create: true, simulation: simulation)
        }
        self.clock = clock
        engine = Engine(store: store, zone: Fixtures.zone, recordingClock: clock.now)
        if deployed { try Fixtures.deploy(try Shipped.definitions, calendars: [try Shipped.calendar], to: store) }
        if populated { try Fixtures.populate(store) }
    }

    func at(_ text: String) -> Date { Fixtures.instant(text) }

    /// A service request taken by the clerk, in a transaction of its own or through `tx`.
    @discardableResult
    func order(
        at organisation: String = "village", urgency: String = "general", on instant: String = "2026-11-23T09:00",
        id: String? = nil, category: String = "repair", in tx: (any StoreTransaction)? = nil
    ) throws -> Engine.CaseView {
        let request = EventRequest(
            event: "order",
            input: [
                "requester": "张三", "phone": "13800000000", "category": category, "description": "漏水",
                "urgency": urgency,
            ],
            actor: "p-clerk")
        let start = { (tx: any StoreTransaction) throws -> Engine.CaseView in
            try self.engine.start(
                workflow: "service-request", organisation: organisation, caseID: id, request: request,
                now: self.at(instant), in: tx)
        }
        return try tx.map(start) ?? engine.write(start)
    }

    /// Fires an event through the engine, in a transaction of its own or through `tx`.
    @discardableResult
    func fire(
        _ caseID: String, _ event: String, _ input: [String: String] = [:], as actor: String, at instant: String,
        items: [[String: String]] = [], in tx: (any StoreTransaction)? = nil
    ) throws -> Engine.CaseView {
        let request = EventRequest(event: event, input: input, actor: actor, items: items)
        guard let tx else { return try engine.fire(caseID: caseID, request: request, now: at(instant)) }
        return try engine.fire(caseID: caseID, request: request, now: at(instant), in: tx)
    }

    /// A request dispatched to `member` and accepted by them at one instant.
    @discardableResult
    func inProgress(
        at organisation: String = "village", urgency: String = "emergency", on instant: String, id: String? = nil,
        member: String = "p-member"
    ) throws -> String {
        let caseID = try order(at: organisation, urgency: urgency, on: instant, id: id).snapshot.id
        try fire(caseID, "dispatch", ["assignee": member], as: "p-clerk", at: instant)
        try fire(caseID, "accept", as: member, at: instant)
        return caseID
    }

    /// What firing an event would decide on a case as it stands, without committing it,
    /// as another process deciding on the same revision would.
    func decide(
        _ caseID: String, _ event: String, _ input: [String: String] = [:], as actor: String, at instant: String
    )
        throws -> (decision: Decision, revision: Int)
    {
        let (snapshot, definition, calendar) = try engine.read { tx in
            let (snapshot, definition) = try engine.load(caseID, in: tx)
            return (snapshot, definition, try engine.calendar(for: definition, in: tx))
        }
        var environment = TransitionEnvironment(
            now: at(instant), zone: zone, knownPeople: Set(try store.personIDs()), calendar: calendar)
        environment.peopleRoles = ["p-member": ["member"], "p-member-town": ["member"]]
        let decision = try Transition.fire(
            definition, on: snapshot, request: EventRequest(event: event, input: input, actor: actor),
            environment: environment)
        return (decision, snapshot.revision)
    }

    /// What starting a request would decide, without committing it.
    func decideOrder(at organisation: String = "village", id: String = "", on instant: String = "2026-11-23T09:00")
        throws -> Decision
    {
        let (definition, calendar) = try engine.read { tx in
            let definition = try engine.latestDefinition("service-request", in: tx)
            return (definition, try engine.calendar(for: definition, in: tx))
        }
        let environment = TransitionEnvironment(
            now: at(instant), zone: zone, knownOrganisations: [organisation], calendar: calendar)
        return try Transition.start(
            definition, caseID: id, organisation: organisation,
            request: EventRequest(
                event: "order",
                input: [
                    "requester": "张三", "phone": "13800000000", "category": "repair", "description": "漏水",
                    "urgency": "general",
                ],
                actor: "p-clerk"),
            environment: environment)
    }

    /// Every entry of the trail, in order, by the numbers of every case and setting.
    func trail() throws -> [AuditEntry] {
        var ids = Set(try store.cases(matching: CaseQuery()).map(\.id))
        ids.formUnion(try store.calendarIDs().map { "calendar/\($0)" })
        return try ids.flatMap { try store.history(of: $0) }.sorted { $0.seq < $1.seq }
    }
}

/// Whether an error is a store error of a code.
func isStoreError(_ error: any Error, _ code: StoreError.Code) -> Bool {
    if let error = error as? StoreError { return error.code == code }
    if case .store(let error)? = (error as? EngineError)?.reason { return error.code == code }
    return false
}

/// The refusal an engine error carries, if it is one.
func refusal(_ error: any Error) -> Refusal? {
    guard case .refused(let refusal)? = (error as? EngineError)?.reason else { return nil }
    return refusal
}

extension AuditVerification {
    /// Intact, with `entries` entries checked, its head the last entry's hash.
    func isIntact(entries: Int, head: String?) -> Bool {
        entriesChecked == entries && firstBroken == nil && headHash == head
    }
}

extension Subject {
    /// The hash of the trail's last entry, of any case or setting.
    func headHash() throws -> String? {
        var last: AuditEntry?
        for id in try store.cases(matching: CaseQuery()).map(\.id) {
            for entry in try store.history(of: id) where entry.seq > (last?.seq ?? 0) { last = entry }
        }
        return last?.hash
    }
}
