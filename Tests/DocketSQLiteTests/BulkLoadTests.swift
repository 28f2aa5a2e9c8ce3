import DocketCore
import DocketEngine
import DocketSQLite
import DocketTesting
import Foundation
import GRDB
import Testing

/// A large import into a nearly empty store builds its random-order indexes at the end.
@Suite struct BulkLoadTests {
    /// The indexes of the store's tables as SQLite keeps them: name and defining SQL.
    static func indexes(_ db: DatabaseQueue) throws -> [String: String] {
        try db.read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(
                    db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                )
                .map { ($0["name"] as String, $0["sql"] as String) })
        }
    }

    static func marker(_ db: DatabaseQueue) throws -> String? {
        try db.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'indexes-deferred-by'") }
    }

    /// Requests waiting for their member, the way a county's backlog is taken in.
    static func rows(_ count: Int, organisations: [String] = ["village", "village-b"]) -> [ImportRow] {
        (0..<count).map { i in
            ImportRow(
                line: i + 1, workflow: "service-request", organisation: organisations[i % organisations.count],
                state: "dispatched",
                input: [
                    "requester": "张", "phone": "13800000000", "category": "repair", "description": "漏水",
                    "urgency": "general", "assignee": "p-2",
                ],
                records: [
                    ImportRecord(event: "order", on: CivilDate(iso: "2026-11-20")!),
                    ImportRecord(event: "dispatch", on: CivilDate(iso: "2026-11-20")!),
                ])
        }
    }

    @Test("deferred indexes are rebuilt exactly as the migrations left them")
    func deferAndRestore() throws {
        let f = try StoreFixture()
        let raw = try f.rawDatabase()
        let before = try Self.indexes(raw)
        try f.store.write { tx in try (tx as? any BulkWriting)?.deferIndexes() }
        let down = try Self.indexes(raw)
        #expect(down["deadlines_due"] == nil && down["cases_org_path"] == nil)
        #expect(try Self.marker(raw) == String(ProcessInfo.processInfo.processIdentifier))
        try f.store.write { tx in try (tx as? any BulkWriting)?.restoreIndexes() }
        #expect(try Self.indexes(raw) == before)
        #expect(try Self.marker(raw) == nil)
    }

    @Test("a store whose loader died rebuilds the indexes on opening; a loader still running is left alone")
    func abandonedLoad() throws {
        let f = try StoreFixture()
        let raw = try f.rawDatabase()
        let before = try Self.indexes(raw)
        try f.store.write { tx in try (tx as? any BulkWriting)?.deferIndexes() }
        // This process is alive: opening the store again leaves its load be.
        _ = try SQLiteStore.open(path: f.store.path, create: false)
        #expect(try Self.indexes(raw)["deadlines_org_due"] == nil)
        // A process that has exited: its indexes come back.
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        try raw.write { db in
            try db.execute(
                sql: "UPDATE meta SET value = ? WHERE key = 'indexes-deferred-by'",
                arguments: [String(exited.processIdentifier)])
        }
        _ = try SQLiteStore.open(path: f.store.path, create: false)
        #expect(try Self.indexes(raw) == before)
        #expect(try Self.marker(raw) == nil)
    }

    @Test(
        "an import beyond one transaction into an empty store, batched or atomic, ends with every index and the limits queryable"
    )
    func importDefersIndexes() throws {
        for atomic in [false, true] {
            let f = try StoreFixture()
            let raw = try f.rawDatabase()
            let before = try Self.indexes(raw)
            var told = 0
            let outcome = try f.engine.importCases(
                Self.rows(45), actor: "p-1", now: f.at("2026-11-20T12:00"), batchSize: 4, casesPerTransaction: 10,
                atomic: atomic,
                indexing: { told += 1 })
            #expect(outcome.imported == 45 && outcome.rejected.isEmpty)
            #expect(told == 1, "the caller is told once that the indexes are being built")
            #expect(try Self.indexes(raw) == before)
            #expect(try Self.marker(raw) == nil)
            // The dispatch's answer limit of every request, under each village.
            let later = f.at("2026-12-20T12:00")
            #expect(
                try f.store.overdueCount(DeadlineQuery(organisation: "village"), at: later) == 23)
            #expect(
                try f.store.overdueCount(DeadlineQuery(organisation: "village-b"), at: later)
                    == 22)
            #expect(try f.store.verifyAuditTrail().isIntact)
        }
    }

    @Test("an import within one transaction, or into a store that holds more, keeps its indexes up all along")
    func smallImportKeepsIndexes() throws {
        let f = try StoreFixture()
        var told = 0
        _ = try f.engine.importCases(
            Self.rows(8), actor: "p-1", now: f.at("2026-11-20T12:00"), batchSize: 4, casesPerTransaction: 10,
            indexing: { told += 1 })
        _ = try f.engine.importCases(
            Self.rows(30), actor: "p-1", now: f.at("2026-11-20T12:00"), batchSize: 4, casesPerTransaction: 5,
            indexing: { told += 1 })
        #expect(told == 0)
        #expect(try f.store.caseCount(upTo: 100) == 38)
    }

    @Test("an atomic import refused for a bad row leaves the indexes standing and nothing imported")
    func refusedAtomicImport() throws {
        let f = try StoreFixture()
        let raw = try f.rawDatabase()
        let before = try Self.indexes(raw)
        let rows =
            Self.rows(30)
            + Self.rows(1, organisations: ["nowhere"]).map {
                var row = $0
                row.line = 31
                return row
            }
        let outcome = try f.engine.importCases(
            rows, actor: "p-1", now: f.at("2026-11-20T12:00"), batchSize: 4, casesPerTransaction: 10, atomic: true)
        #expect(outcome.imported == 0 && outcome.rejected.map(\.line) == [31])
        #expect(try Self.indexes(raw) == before)
        #expect(try f.store.caseCount(upTo: 100) == 0)
    }
}
