import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketTesting
import DocketYAML
import Foundation
import Testing

/// What `docket init --workflows Workflows` deploys (the workflows beside the grading
/// schemes, the calendars), and the example county of Examples/ that the CLI tests
/// import: read once, for every test.
enum Shipped {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Setup: Sendable {
        var workflows: [DocketApp.Deployable]
        var calendars: [WorkingCalendar]
        var grading: [GradingScheme]
        var organisations: DirectoryFile.Contents<Organisation>
        var people: DirectoryFile.Contents<Person>
    }

    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    private static let loaded = Result { () throws -> Setup in
        // As `docket init` lists them: the YAML files directly in the folder, sorted,
        // grading.yaml aside.
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Workflows").path)
            .filter { $0.hasSuffix(".yaml") && $0 != "grading.yaml" }.sorted()
        let workflows = try names.map { name in
            let source = try text("Workflows/\(name)")
            let loaded = WorkflowLoader.load(source: source, file: name)
            guard let definition = loaded.definition else { throw Unreadable(description: name) }
            return DocketApp.Deployable(definition: definition, source: source)
        }
        let calendarNames = try FileManager.default.contentsOfDirectory(
            atPath: root.appendingPathComponent("Workflows/calendars").path
        ).filter { $0.hasSuffix(".yaml") }.sorted()
        let calendars = try calendarNames.map { name in
            guard let calendar = CalendarFile.load(source: try text("Workflows/calendars/\(name)"), file: name).calendar
            else { throw Unreadable(description: name) }
            return calendar
        }
        let grading = GradingFile.schemes(source: try text("Workflows/grading.yaml"), file: "grading.yaml")
        let organisations = DirectoryFile.organisations(
            source: try text("Examples/org-tree.yaml"), file: "org-tree.yaml")
        let people = DirectoryFile.people(source: try text("Examples/people.csv"), file: "people.csv")
        guard grading.diagnostics.isEmpty, organisations.diagnostics.isEmpty, people.diagnostics.isEmpty else {
            throw Unreadable(description: "the grading schemes or the example county")
        }
        return Setup(
            workflows: workflows, calendars: calendars, grading: grading.items, organisations: organisations,
            people: people)
    }

    static var setup: Setup { get throws { try loaded.get() } }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }
}

/// A fresh memory store set up as the CLI tests' `DocketRunner().initialised()` sets up
/// theirs: the shipped workflows, calendar and grading schemes, the county of
/// Examples/org-tree.yaml and the people of Examples/people.csv (赵书记 p-secretary runs
/// 东村, 孙书记 p-xi 西村, 钱书记 p-town sits on the 城关镇 committee, 孙督查 p-sun
/// supervises 城关镇, p-admin administers the county). A simulation store, as with
/// `docket init --simulation`: a change may be dated at any instant.
///
/// Everything goes through the public operations of ``DocketApp``, as a front end calls
/// them; no test reaches into the store.
final class Deployment: Sendable {
    let app: DocketApp
    /// The recording clock: it stands still, so the trail is the same on every run.
    let clock = ManualClock(Fixtures.instant("2026-11-01T00:00"))

    /// The reader of the CLI tests' commands when none is named (their `DOCKET_ACTOR`).
    static let administrator = "p-admin"

    init() throws {
        let setup = try Shipped.setup
        // The lowest bcrypt cost: a login test checks the rules, not the cost of guessing.
        app = try DocketApp(store: InMemoryStore(simulation: true), recordingClock: clock.now, passwordCost: 4)
        let zone = app.zone
        guard let start = zone.parseInstant("2026-11-01") else { throw Shipped.Unreadable(description: "the day") }
        _ = try app.initialise(
            calendars: setup.calendars, grading: setup.grading, workflows: setup.workflows,
            by: Caller(person: Self.administrator, now: start))
        let administrator = Caller(person: Self.administrator, now: start)
        let organisations = try app.importOrganisations(atomic: true, by: administrator) { existing in
            DirectoryRows.organisations(
                setup.organisations.items, lines: setup.organisations.lines, existing: existing)
        }
        let people = try app.importPeople(atomic: true, batchSize: 1000, by: administrator) { known, roles in
            DirectoryRows.people(
                setup.people.items, lines: setup.people.lines, organisations: known, roles: roles)
        }
        guard organisations.problems.isEmpty, people.problems.isEmpty else {
            throw Shipped.Unreadable(description: "the example county")
        }
    }

    /// An instant as `--at` takes it, in the deployment's zone.
    func at(_ text: String) -> Date {
        guard let instant = app.zone.parseInstant(text) else { preconditionFailure("not an instant: \(text)") }
        return instant
    }

    /// A day, `2026-11-22`.
    func day(_ iso: String) -> CivilDate { Fixtures.day(iso) }

    func caller(_ person: String?, at text: String) -> Caller { Caller(person: person, now: at(text)) }

    /// `docket case start WORKFLOW --org ORG --as PERSON --at AT --set …`.
    @discardableResult
    func start(
        _ workflow: String, org: String, as person: String, at text: String, _ input: [String: String] = [:],
        items: [[String: String]] = [], id: String? = nil
    ) throws -> Engine.CaseView {
        try app.startCase(
            workflow: workflow, organisation: org, caseID: id,
            request: EventRequest(event: "", input: input, actor: "", items: items), by: caller(person, at: text))
    }

    /// `docket case fire CASE EVENT --as PERSON --at AT --set …`.
    @discardableResult
    func fire(
        _ caseID: String, _ event: String, as person: String, at text: String, _ input: [String: String] = [:],
        items: [[String: String]] = [], autoAssign: Bool = false
    ) throws -> DocketApp.Fired {
        try app.fire(
            caseID: caseID, request: EventRequest(event: event, input: input, actor: "", items: items),
            autoAssign: autoAssign, by: caller(person, at: text))
    }

    /// `docket case import WORKFLOW --org ORG --state STATE --record EVENT@DAY …`.
    @discardableResult
    func importCase(
        _ workflow: String, org: String, state: String, at text: String, _ input: [String: String] = [:],
        records: [String] = [], note: String? = nil, as person: String = administrator
    ) throws -> Engine.CaseView {
        let records = records.map { record in
            let parts = record.split(separator: "@").map(String.init)
            return (event: parts[0], on: day(parts[1]))
        }
        return try app.importCase(
            workflow: workflow, organisation: org, caseID: nil, state: state, input: input, records: records,
            note: note, by: caller(person, at: text))
    }

    /// `docket case show CASE --at AT`: the case and the events possible then.
    func show(_ caseID: String, at text: String, as person: String = administrator) throws -> (
        view: Engine.CaseView, events: [EventAvailability]
    ) {
        let (view, events) = try app.showCase(caseID, by: caller(person, at: text))
        return (view, events)
    }

    func state(of caseID: String, at text: String) throws -> String {
        try show(caseID, at: text).view.snapshot.state
    }

    /// A case's field values as text (a day as `2026-05-10`, a duration as `12 months`).
    func data(of caseID: String, at text: String) throws -> [String: String] {
        self.text(of: try show(caseID, at: text).view.snapshot)
    }

    func text(of snapshot: CaseSnapshot) -> [String: String] {
        snapshot.data.mapValues { $0.display(in: app.zone) }
    }

    /// The ids of the events possible on a case at an instant.
    func events(of caseID: String, at text: String) throws -> [String] {
        try show(caseID, at: text).events.map(\.event)
    }

    /// A case's running limit by its rule id.
    func limit(_ rule: String, of caseID: String, at text: String) throws -> ScheduledDeadline? {
        try show(caseID, at: text).view.deadlines.first { $0.rule == rule }
    }

    /// `docket overdue --at AT`: the limits overdue then, most overdue first.
    func overdue(
        at text: String, as person: String = administrator, _ filter: DocketApp.LimitFilter = .init()
    ) throws -> [DeadlineRow] {
        var rows: [DeadlineRow] = []
        try app.eachOverdue(filter, by: caller(person, at: text)) { rows.append($0) }
        return rows
    }

    /// The rule ids of one case's overdue limits at an instant.
    func overdueRules(of caseID: String, at text: String) throws -> [String] {
        try overdue(at: text).filter { $0.caseID == caseID }.map(\.deadline.rule)
    }

    /// `docket case list`: the cases a reader sees, in id order.
    func cases(as person: String = administrator, _ filter: DocketApp.TypedFilter = .init()) throws
        -> [CaseSnapshot]
    {
        var cases: [CaseSnapshot] = []
        try app.eachCase(filter, limit: nil, by: caller(person, at: "2026-11-01")) { cases.append($0) }
        return cases
    }

    /// The ids of the cases a reader sees (`docket case list`).
    func caseIDs(as person: String = administrator, _ filter: DocketApp.TypedFilter = .init()) throws -> [String] {
        try cases(as: person, filter).map(\.id)
    }

    /// `docket workflow configure FILE`, the file's text given.
    func configure(_ yaml: String, as person: String = administrator, at text: String = "2026-11-01") throws {
        _ = try app.configure(by: caller(person, at: text)) { definitions in
            let contents = ParameterFile.read(source: yaml, file: "county.yaml", definitions: definitions)
            guard contents.diagnostics.isEmpty else { throw Shipped.Unreadable(description: yaml) }
            return contents.items.map { ($0.workflow, $0.parameter, $0.raw) }
        }
    }

    /// The refused attempts on record (`docket audit denied`), as the administrator reads them.
    func denied(under organisation: String? = nil) throws -> [DeniedAttempt] {
        try app.deniedAttempts(under: organisation, by: caller(Self.administrator, at: "2026-11-01"))
    }

    /// A case's whole record (`docket case history`).
    func history(of caseID: String, as person: String = administrator) throws -> [AuditEntry] {
        try app.caseHistory(caseID, by: caller(person, at: "2026-11-01")).entries
    }

    /// The refusal by the rules that `body` throws; a test issue (and `nil`) when it
    /// throws something else or nothing.
    func refusal<T>(
        _ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Refused? {
        do {
            _ = try body()
            Issue.record("not refused", sourceLocation: sourceLocation)
        } catch let error as EngineError {
            if case .refused(let refusal) = error.reason { return Refused(refusal: refusal, app: app) }
            Issue.record("not a refusal: \(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("not a refusal: \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// The refusal of who may do what that `body` throws; a test issue (and `nil`) when it
    /// throws something else or nothing.
    func accessError<T>(
        _ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation
    ) -> AccessError? {
        do {
            _ = try body()
            Issue.record("not refused", sourceLocation: sourceLocation)
        } catch let error as AccessError {
            return error
        } catch {
            Issue.record("not an access error: \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// Whether `body` throws the engine's "not found" for a kind of thing.
    func isNotFound<T>(_ kind: EngineError.Kind, _ body: () throws -> T) -> Bool {
        do {
            _ = try body()
        } catch let error as EngineError {
            if case .notFound(let found, _) = error.reason { return found == kind }
        } catch {}
        return false
    }
}

/// A refusal by the rules, with the words a front end shows for it.
struct Refused {
    let refusal: Refusal
    let app: DocketApp

    /// The refusal's kind, as `--json` names it (`check-failed` is exit status 6,
    /// `invalid-fields` 7, `event-not-possible` 5, `not-permitted` 13).
    var code: String { refusal.code.description }

    /// The failed rule's facts, for a refusal by a check.
    var check: CheckFailure? {
        if case .checkFailed(let failure) = refusal.reason { return failure }
        return nil
    }

    /// The fields refused, for a refusal of the input.
    var fields: [FieldProblem] {
        if case .invalidFields(let problems) = refusal.reason { return problems }
        return []
    }

    /// The refusal in words, as `docket` prints it (with the case's workflow, for the
    /// titles of its states and roles).
    func message(in language: Language = .en) -> String {
        let prefix = refusal.caseID.map { $0.prefix { $0 != "-" } }
        let definition = (try? app.latestDefinitions())?.values.first { $0.casePrefix == prefix.map(String.init) }
        return refusal.message(in: language, definition: definition)
    }

    /// Whether the words say `text`.
    func says(_ text: String) -> Bool { message().contains(text) }
}
