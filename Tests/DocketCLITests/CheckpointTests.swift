import Foundation
import Testing

/// Signed checkpoints kept outside the store: the attacks the chain alone cannot catch
/// (a rewrite with every later hash recomputed, entries removed from the end, a store
/// rebuilt with another history) fail `audit verify --checkpoints` with status 10.
@Suite struct CheckpointTests {
    /// A store with three requests, a key pair, and a checkpoint of its head in a file.
    private static func checkpointed() throws -> (docket: DocketRunner, key: String, file: String) {
        let docket = try DocketRunner().initialised()
        for _ in 0..<3 { try #require(try docket.run(orderArguments).status == 0) }
        let key = docket.folder.appendingPathComponent("county.key").path
        let made = try docket.run(["audit", "keygen", "--out", key])
        try #require(made.status == 0, "\(made.stderr)")
        let file = docket.folder.appendingPathComponent("checkpoints.txt").path
        let signed = try docket.run(["audit", "checkpoint", "--key", key, "--out", file, "--json"])
        try #require(signed.status == 0, "\(signed.stderr)")
        return (docket, key, file)
    }

    private static func verify(_ docket: DocketRunner, _ file: String, _ key: String) throws -> DocketRunner.Result {
        try docket.run(["audit", "verify", "--checkpoints", file, "--public-key", key + ".pub", "--json"])
    }

    @Test("keygen makes a private key only its owner can read and a public key; neither is overwritten")
    func keygen() throws {
        let docket = try DocketRunner()
        let key = docket.folder.appendingPathComponent("k").path
        let made = try docket.run(["audit", "keygen", "--out", key, "--json"])
        #expect(made.status == 0, "\(made.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: key)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(FileManager.default.fileExists(atPath: key + ".pub"))
        let again = try docket.run(["audit", "keygen", "--out", key])
        #expect(again.status == 7 && again.stderr.contains("exists; it was not overwritten"), "\(again.stderr)")
    }

    @Test("a checkpoint is appended to its file with a short code, and an untouched trail passes through it")
    func untouched() throws {
        let (docket, key, file) = try Self.checkpointed()
        let line = try String(contentsOfFile: file, encoding: .utf8)
        #expect(line.hasPrefix("docket-checkpoint/2 ") && line.hasSuffix("\n"))
        // Later events, and a second checkpoint: the trail passes through both.
        #expect(try docket.run(orderArguments).status == 0)
        let second = try docket.run(["audit", "checkpoint", "--key", key, "--out", file])
        #expect(
            second.status == 0 && second.stdout.contains("checkpoint signed at entry 4, code 4-"), "\(second.stdout)")
        let result = try Self.verify(docket, file, key)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let json = try DocketRunner.object(result)
        #expect(json["intact"] as? Bool == true && json["checkpoints"] as? Int == 2 && json["entries"] as? Int == 4)
    }

    @Test("entries rewritten with every later hash recomputed pass the chain but not the checkpoint")
    func rewrittenAndRehashed() throws {
        let (docket, key, file) = try Self.checkpointed()
        // Entry 2's actor changed, and the whole chain rehashed in Docket's own encoding (3).
        try docket.rewriteActor(of: 2, to: "p-li")
        #expect(try docket.run(["audit", "verify"]).status == 0, "the chain alone is fooled")
        let result = try Self.verify(docket, file, key)
        #expect(result.status == 10)
        let error = try #require(try DocketRunner.object(result)["error"] as? [String: Any])
        #expect(
            error["reason"] as? String == "rewritten" && error["checkpoint"] as? Int == 1 && error["seq"] as? Int == 3)
        let text = try docket.run(["audit", "verify", "--checkpoints", file, "--public-key", key + ".pub"])
        #expect(text.stderr.contains("entry 3 no longer has the hash of checkpoint 1"), "\(text.stderr)")
    }

    @Test(
        "entries removed from the end of the trail, the case's row with them, are caught by the checkpoint made before")
    func truncated() throws {
        let (docket, key, file) = try Self.checkpointed()
        // The third request's entry removed: its row alone would be named by the replay
        // (a case the trail never recorded), so the row and its limits go too.
        try docket.tamper(
            """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute('DROP TRIGGER audit_no_delete')
            c.execute('DELETE FROM audit WHERE seq = 3')
            c.execute("DELETE FROM deadlines WHERE case_id = 'SR-000003'")
            c.execute("DELETE FROM cases WHERE id = 'SR-000003'")
            c.commit()
            """)
        #expect(try docket.run(["audit", "verify"]).status == 0, "the chain and the rows alone are fooled")
        let result = try Self.verify(docket, file, key)
        #expect(result.status == 10)
        let error = try #require(try DocketRunner.object(result)["error"] as? [String: Any])
        #expect(error["reason"] as? String == "missing")
    }

    @Test("a store rebuilt with its own history, and a checkpoint signed by another key, are refused")
    func rebuiltAndForged() throws {
        let (docket, key, file) = try Self.checkpointed()
        // The same steps into a new store: a chain as good as the first, but not that store.
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(at: docket.folder.appendingPathComponent("d.db" + suffix))
        }
        _ = try docket.initialised()
        for _ in 0..<3 { try #require(try docket.run(orderArguments).status == 0) }
        let rebuilt = try Self.verify(docket, file, key)
        #expect(rebuilt.status == 10)
        #expect((try DocketRunner.object(rebuilt)["error"] as? [String: Any])?["reason"] as? String == "other-store")

        let other = docket.folder.appendingPathComponent("other.key").path
        #expect(try docket.run(["audit", "keygen", "--out", other]).status == 0)
        let forged = try docket.run(["audit", "verify", "--checkpoints", file, "--public-key", other + ".pub"])
        #expect(
            forged.status == 10 && forged.stderr.contains("is not signed by the given public key"), "\(forged.stderr)")
    }

    @Test("tick signs and appends a checkpoint after its firings, and none while the head has not moved")
    func tickCheckpoints() throws {
        let docket = try DocketRunner().initialised()
        try #require(try docket.run(orderArguments).status == 0)
        try #require(try docket.run(dispatchArguments("SR-000001")).status == 0)
        let key = docket.folder.appendingPathComponent("county.key").path
        try #require(try docket.run(["audit", "keygen", "--out", key]).status == 0)
        let file = docket.folder.appendingPathComponent("checkpoints.txt").path
        let tick = ["tick", "--checkpoint-key", key, "--checkpoints", file]

        // The accept limit (24 hours) has run out: its timer fires, then the head is signed.
        let first = try docket.run(tick + ["--at", "2026-11-23T10:00", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let json = try DocketRunner.object(first)
        #expect((json["fired"] as? [Any])?.count == 1)
        let checkpoint = try #require(json["checkpoint"] as? [String: Any])
        #expect(checkpoint["seq"] as? Int == 3 && checkpoint["appended"] as? Bool == true)
        #expect(try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count == 1)

        // Nothing due, nothing new on the trail: no second line.
        let idle = try docket.run(tick + ["--at", "2026-11-23T11:00"])
        #expect(idle.status == 0 && idle.stdout.contains("has not moved since the last checkpoint"), "\(idle.stdout)")
        #expect(try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count == 1)

        // A new entry, and the next tick appends; the trail passes through both.
        try #require(try docket.run(orderArguments).status == 0)
        let next = try docket.run(tick + ["--at", "2026-11-23T12:00", "--lang", "zh"])
        #expect(next.status == 0 && next.stdout.contains("已签署检查点：第 4 条"), "\(next.stdout)")
        #expect(try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count == 2)
        let verified = try Self.verify(docket, file, key)
        #expect(verified.status == 0)
        #expect(try DocketRunner.object(verified)["checkpoints"] as? Int == 2)

        // The options go together, and a key that is not one is refused before any firing.
        #expect(try docket.run(["tick", "--checkpoints", file]).status == 64)
        let garbled = docket.folder.appendingPathComponent("garbled.key").path
        try "not a key\n".write(toFile: garbled, atomically: true, encoding: .utf8)
        let refused = try docket.run(["tick", "--checkpoint-key", garbled, "--checkpoints", file, "--json"])
        #expect(refused.status == 11, "\(refused.stdout)")
        #expect(try DocketRunner.object(refused)["error"] != nil)
    }

    @Test("a checkpoint file or key that is not one is refused, naming the line; the options go together")
    func badFiles() throws {
        let (docket, key, file) = try Self.checkpointed()
        let garbled = try docket.write("garbled.txt", "# the county's notes\n\nnot a checkpoint\n")
        let result = try docket.run(["audit", "verify", "--checkpoints", garbled, "--public-key", key + ".pub"])
        #expect(result.status == 11 && result.stderr.contains("garbled.txt:3: this line is not a checkpoint"))
        let notKey = try docket.write("not.key", "hello\n")
        #expect(try docket.run(["audit", "checkpoint", "--key", notKey]).status == 11)
        #expect(try docket.run(["audit", "verify", "--checkpoints", file]).status == 64)
        // Only a reader of the whole tree signs for the whole trail.
        let village = try docket.run(["audit", "checkpoint", "--key", key, "--as", "p-secretary"])
        #expect(village.status == 13, "\(village.stderr)")
    }
}
