import DocketCore
import DocketEngine
import DocketSQLite
import DocketSimulation
import DocketTesting
import DocketYAML
import Foundation
import Testing

/// A simulated month of requests over 城关镇, whose report must agree with what the
/// simulation itself counted as it went.
@Suite final class ServiceMonthTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The stores' folders, removed when the test is done (Swift Testing makes an
    /// instance per test).
    private var folders: [URL] = []

    deinit { for folder in folders { try? FileManager.default.removeItem(at: folder) } }

    func township() throws -> (SQLiteStore, Engine) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docket-month-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        folders.append(folder)
        let store = try SQLiteStore.open(
            path: folder.appendingPathComponent("d.db").path, create: true, simulation: true)
        let text = { (path: String) in try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8) }
        let definition = try #require(
            WorkflowLoader.load(source: try text("Workflows/service-request.yaml"), file: "sr").definition)
        _ = try store.deploy(definition, source: "", at: Date(timeIntervalSince1970: 0))
        try store.saveCalendars([
            try #require(
                CalendarFile.load(source: try text("Workflows/calendars/cn-mainland.yaml"), file: "c").calendar)
        ])
        try store.importOrganisations(
            DirectoryFile.organisations(source: try text("Examples/service-request/township.yaml"), file: "t.yaml")
                .items)
        try store.importPeople(
            DirectoryFile.people(source: try text("Examples/service-request/township-people.csv"), file: "p.csv").items)
        return (
            store, Engine(store: store, zone: .shanghai, recordingClock: { Date(timeIntervalSince1970: 1_800_000_000) })
        )
    }

    @Test("a simulated month's report agrees with the simulation's own counts, rate by rate")
    func monthAgrees() throws {
        let (store, engine) = try township()
        var simulation = ServiceMonth(
            .init(seed: 11, requests: 160, year: 2026, month: 11, organisation: "chengguan"), engine: engine)
        let tally = try simulation.run()
        let definition = try engine.latestDefinition("service-request")
        // As `docket report service` reads it: case by case from the store.
        var builder = ServiceReport.Builder(
            definition: definition, from: try #require(CivilDate(iso: "2026-11-01")),
            to: try #require(CivilDate(iso: "2026-11-30")), zone: .shanghai,
            calendar: try engine.deploymentCalendar(),
            parameters: TransitionEnvironment(now: Date(), zone: .shanghai).parameters(of: definition),
            group: { _ in ("chengguan", "城关镇") })
        try store.eachCaseHistory(workflow: "service-request", under: ["chengguan"], openedFrom: builder.earliest) {
            builder.add($0, organisation: $1)
        }
        let report = builder.finish()
        let figures = try #require(report.groups.first).figures
        #expect(report.groups.count == 1)
        // The simulation exercised every path the report distinguishes.
        #expect(
            tally.received == 160 && tally.dispatched < tally.received && tally.escalated > 0
                && tally.closed > tally.solved)
        #expect(figures.received == tally.received)
        #expect(figures.dispatched == tally.dispatched)
        #expect(figures.completed == tally.completed)
        #expect(figures.escalated == tally.escalated)
        #expect(figures.respondedInTime == tally.respondedInTime)
        #expect(figures.closed == tally.closed && figures.solved == tally.solved)
        #expect(figures.ratings == tally.ratings && figures.satisfied == tally.satisfied)
        #expect(figures.byCategory == tally.byCategory && figures.byUrgency == tally.byUrgency)
        #expect(figures.completedBy == tally.completedBy)
        // The trail keeps instants to the second, so times agree to within one.
        let second = 1.0 / 3600
        let sorted = tally.hoursToDispatch.sorted()
        #expect(abs((ServiceReport.median(figures.hoursToDispatch) ?? -1) - sorted[(sorted.count - 1) / 2]) <= second)
        let completion = tally.hoursToComplete.sorted()
        let rank = Int((0.9 * Double(completion.count)).rounded(.up)) - 1
        #expect(abs((ServiceReport.percentile90(figures.hoursToComplete) ?? -1) - completion[rank]) <= second)
        #expect(try store.verifyAuditTrail().isIntact)
    }

    @Test("the same seed gives the same month")
    func deterministic() throws {
        let (_, first) = try township()
        let (_, second) = try township()
        var a = ServiceMonth(.init(seed: 5, requests: 40, organisation: "chengguan"), engine: first)
        var b = ServiceMonth(.init(seed: 5, requests: 40, organisation: "chengguan"), engine: second)
        #expect(try a.run() == b.run())
    }
}
