import Foundation
import Testing

/// What someone with write access to a store's SQLite file does to it, for the tests of
/// what the trail and its checkpoints catch.
extension DocketRunner {
    /// Runs a Python program on the store's SQLite file (its path is `sys.argv[1]`).
    func tamper(_ program: String) throws {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", program, folder.appendingPathComponent("d.db").path]
        try python.run()
        python.waitUntilExit()
        try #require(python.terminationStatus == 0)
    }

    /// Changes the actor of entry `seq` and rehashes the whole chain in Docket's own
    /// encoding (3): a rewrite the chain alone does not catch.
    func rewriteActor(of seq: Int, to actor: String) throws {
        try tamper(
            """
            import sqlite3, sys, hashlib, struct
            c = sqlite3.connect(sys.argv[1])
            c.execute('DROP TRIGGER IF EXISTS audit_no_update')
            c.execute("UPDATE audit SET actor = '\(actor)' WHERE seq = \(seq)")
            previous = '0' * 64
            rows = c.execute('SELECT seq, kind, case_id, event, from_state, to_state, actor, at, on_date, recorded_at, data, note, outcome FROM audit ORDER BY seq').fetchall()
            for row in rows:
                h = hashlib.sha256(b'docket-audit-entry/3')
                for field in [str(row[0])] + list(row[1:12]) + [previous, row[12]]:
                    if field is None:
                        h.update(b'\\x00')
                    else:
                        data = field.encode()
                        h.update(b'\\x01' + struct.pack('>Q', len(data)) + data)
                digest = h.hexdigest()
                c.execute('UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?', (previous, digest, row[0]))
                previous = digest
            c.commit()
            """)
    }
}
