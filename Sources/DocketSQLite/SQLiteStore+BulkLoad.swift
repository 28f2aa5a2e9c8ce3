import DocketEngine
import Foundation
import GRDB

extension SQLiteTransaction {
    /// The secondary indexes a bulk load leaves to be built at its end: those whose keys
    /// arrive in random order (organisation paths, due times). Inserting a million cases
    /// into them touches every index page again and again; building them afterwards is
    /// one sort each. The definitions are those the migrations leave (v1, v5, v6); a
    /// test checks that dropping and rebuilding them gives back the same schema.
    static let deferrableIndexes: [(name: String, sql: String)] = [
        ("cases_org_path", "CREATE INDEX cases_org_path ON cases(org_path)"),
        ("deadlines_timers", "CREATE INDEX deadlines_timers ON deadlines(due_at, case_id) WHERE fires IS NOT NULL"),
        ("deadlines_due", "CREATE INDEX deadlines_due ON deadlines(due_at, case_id, org_path)"),
        ("deadlines_org_due", "CREATE INDEX deadlines_org_due ON deadlines(org_path, due_at, warn_at)"),
    ]

    /// The `meta` key naming the process that has the indexes down (its pid).
    static let deferredIndexesKey = "indexes-deferred-by"

    public func caseCount(upTo limit: Int) throws(StoreError) -> Int {
        try read("the number of cases") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM cases LIMIT ?)", arguments: [limit]) ?? 0
        }
    }

    public func deferIndexes() throws(StoreError) {
        try write("the deferral of indexes") { db in
            for index in Self.deferrableIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
            try db.execute(
                sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                arguments: [Self.deferredIndexesKey, String(ProcessInfo.processInfo.processIdentifier)])
        }
    }

    public func restoreIndexes() throws(StoreError) {
        try write("the rebuilding of indexes") { db in try Self.restoreIndexes(db) }
    }

    static func restoreIndexes(_ db: Database) throws {
        // SQLite sorts the keys of a new index in as much memory as the page cache may
        // take, on top of the cache itself; a smaller cache meanwhile keeps a million
        // cases' load under the memory target (the sort spills to temporary files).
        try db.execute(sql: "PRAGMA cache_size = -16384")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(SQLiteStore.pageCacheSize)") }
        for index in deferrableIndexes {
            let present = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", arguments: [index.name])
            if present != true { try db.execute(sql: index.sql) }
        }
        try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [deferredIndexesKey])
    }

    /// Rebuilds indexes left down by a bulk load whose process is gone (it crashed or
    /// was killed). A store in WAL mode is only ever used from one machine, so the pid
    /// recorded by ``deferIndexes()`` is enough to tell a load still running.
    static func restoreAbandonedIndexes(_ queue: DatabaseQueue) throws {
        let owner = try queue.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [deferredIndexesKey])
        }
        guard let owner else { return }
        if let pid = Int32(owner), pid > 0, kill(pid, 0) == 0 || errno == EPERM { return }
        try queue.write { db in try restoreIndexes(db) }
    }
}
