import DocketEngine
import DocketSQLite
import Foundation
import GRDB

/// The floor of W2's load, beside it in the same sitting: the rows Docket wrote (cases,
/// audit entries, limits) copied into a new store by SQLite alone, `INSERT … SELECT` in
/// transactions as large as the import's, the same indexes left to the end and built
/// there. No rule is checked, nothing encoded or hashed, no value bound from Swift: what
/// is left is what the storage itself costs for these bytes on this machine.
enum W2LoadFloor {
    /// The seconds the copy took, indexes included; the copy is deleted afterwards.
    static func run(copying source: String, into path: String, rowsPerTransaction: Int) throws -> Double {
        func remove() {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        remove()
        defer { remove() }
        // A Docket store's schema (migrations, settings), its random-order indexes down as
        // a large import takes them.
        let store = try SQLiteStore.open(path: path, create: true, simulation: true)
        try store.write { tx in try (tx as? any BulkWriting)?.deferIndexes() }
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 8000")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS source", arguments: [source])
        }
        // Each table is copied by ranges of its own rows in step with the cases (audit
        // entries and limits were written with their cases, in the same order).
        let counts = try queue.read { db in
            try ["cases", "audit", "deadlines"].map {
                try Int.fetchOne(db, sql: "SELECT max(rowid) FROM source.\($0)") ?? 0
            }
        }
        let (_, seconds) = try Bench.time {
            for start in stride(from: 0, to: counts[0], by: rowsPerTransaction) {
                let end = min(start + rowsPerTransaction, counts[0])
                try queue.write { db in
                    for (table, total) in zip(["cases", "audit", "deadlines"], counts) {
                        let low = start == 0 ? 0 : total * start / counts[0]
                        let high = end == counts[0] ? total : total * end / counts[0]
                        try db.execute(
                            sql:
                                "INSERT INTO main.\(table) SELECT * FROM source.\(table) WHERE rowid > ? AND rowid <= ?",
                            arguments: [low, high])
                    }
                }
            }
            try store.write { tx in try (tx as? any BulkWriting)?.restoreIndexes() }
        }
        return seconds
    }
}
