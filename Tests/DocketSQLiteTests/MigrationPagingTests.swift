import DocketApplication
import DocketCore
import DocketEngine
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
