import DocketCore
import DocketEngine
import DocketSQLite
import DocketTesting
import DocketYAML
import Foundation
import Testing

/// The engine's part of a migration: one case, one transaction, never half-moved.
@Suite struct EngineMigrationTests {
    /// service-request as version 2, `ordered` renamed `received`.
    func version2(_ f: StoreFixture) throws -> WorkflowDefinition {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var source = try String(
            contentsOf: root.appendingPathComponent("Workflows/service-request.yaml"), encoding: .utf8)
        source = source.replacingOccurrences(of: "\nversion: 1\n", with: "\nversion: 2\n")
        source = source.replacingOccurrences(
            of: "(?<![-\\w])ordered(?![-\\w])", with: "received", options: .regularExpression)
        let definition = try #require(WorkflowLoader.load(source: source, file: "v2.yaml").definition)
        _ = try f.store.deploy(definition, source: source, at: f.at("2026-11-22T08:00"))
        return definition
    }

    @Test("a case changed since it was listed is left as it is, with nothing written, and moves on the next run")
    func changedMeanwhile() throws {
        let f = try StoreFixture()
        let id = try f.order().snapshot.id
        let listed = try #require(try f.store.snapshot(of: id)).revision
        let target = try version2(f)
        _ = try f.engine.fire(
            caseID: id, request: EventRequest(event: "reject", input: ["reason": "重复"], actor: "p-1"),
            now: f.at("2026-11-22T09:10"))
        let entries = try f.store.history(of: id).count
        let outcome = try f.engine.migrate(
            caseID: id, to: target, mapping: ["ordered": "received"], actor: "p-1", now: f.at("2026-11-22T10:00"),
            dryRun: false, expecting: listed)
        guard case .changedMeanwhile(let skipped) = outcome else {
            Issue.record("expected the case to be left: \(outcome)")
            return
        }
        #expect(skipped == id)
        #expect(try f.store.snapshot(of: id)?.version == 1 && (try f.store.history(of: id).count) == entries)
        #expect(try f.store.verifyAuditTrail().isIntact)
    }

    @Test(
        "a move keeps the day the case entered its state, counts its limits under the new version, and chains its entry"
    )
    func movesWithLimits() throws {
        let f = try StoreFixture()
        let view = try f.order()
        let target = try version2(f)
        let before = try f.store.deadlines(of: view.snapshot.id)
        let outcome = try f.engine.migrate(
            caseID: view.snapshot.id, to: target, mapping: ["ordered": "received"], actor: "p-1",
            now: f.at("2026-11-22T10:00"), dryRun: false)
        guard case .moved(let preview, let entry?) = outcome else {
            Issue.record("expected a move: \(outcome)")
            return
        }
        #expect(preview.fromState == "ordered" && preview.toState == "received" && preview.limitsChanging.isEmpty)
        let after = try #require(try f.store.snapshot(of: view.snapshot.id))
        #expect(after.version == 2 && after.state == "received" && after.stateEnteredAt == view.snapshot.stateEnteredAt)
        #expect(try f.store.deadlines(of: view.snapshot.id).map(\.dueAt) == before.map(\.dueAt))
        #expect(entry.event == CaseMigration.event && entry.fromState == "ordered" && entry.toState == "received")
        #expect(try f.store.verifyAuditTrail().isIntact)
        // The next event is judged by version 2.
        let dispatched = try f.engine.fire(
            caseID: view.snapshot.id,
            request: EventRequest(event: "dispatch", input: ["assignee": "p-2"], actor: "p-1"),
            now: f.at("2026-11-22T10:05"))
        #expect(dispatched.snapshot.state == "dispatched" && dispatched.definition.version == 2)
    }
}
