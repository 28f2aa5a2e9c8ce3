import Foundation
import Testing

/// Proofs of the trail checked with the public key alone: one case's entries against a
/// signed checkpoint, and a later checkpoint extending an earlier one. Whatever was
/// edited, forged or rewritten fails `audit check-proof` with status 10.
@Suite struct ProofTests {
    /// A store with three requests (the first dispatched), a key pair, and a checkpoint of
    /// its head (entry 4) in a file.
    private static func checkpointed() throws -> (docket: DocketRunner, key: String, file: String) {
        let docket = try DocketRunner().initialised()
        for _ in 0..<3 { try #require(try docket.run(orderArguments).status == 0) }
        try #require(try docket.run(dispatchArguments("SR-000001")).status == 0)
        let key = docket.folder.appendingPathComponent("county.key").path
        try #require(try docket.run(["audit", "keygen", "--out", key]).status == 0)
        let file = docket.folder.appendingPathComponent("checkpoints.txt").path
        try #require(try docket.run(["audit", "checkpoint", "--key", key, "--out", file]).status == 0)
        return (docket, key, file)
    }

    /// `audit prove` of SR-000001 against `checkpoint`, written to a file; its path.
    private static func prove(_ docket: DocketRunner, _ checkpoint: String, name: String = "proof.json") throws
        -> String
    {
        let path = docket.folder.appendingPathComponent(name).path
        let made = try docket.run(["audit", "prove", "SR-000001", "--checkpoint", checkpoint, "--out", path])
        try #require(made.status == 0, "\(made.stderr)")
        return path
    }

    private static func check(_ docket: DocketRunner, _ proof: String, _ key: String, json: Bool = true) throws
        -> DocketRunner.Result
    {
        try docket.run(["audit", "check-proof", proof, "--public-key", key + ".pub"] + (json ? ["--json"] : []))
    }

    /// The `reason` of a JSON failure, after checking it is status 10.
    private static func reason(_ result: DocketRunner.Result) throws -> String? {
        #expect(result.status == 10, "\(result.stdout)\(result.stderr)")
        return (try DocketRunner.object(result)["error"] as? [String: Any])?["reason"] as? String
    }

    /// Reads a proof document, lets `edit` change it, and writes it back.
    private static func edit(_ path: String, _ edit: (inout [String: Any]) throws -> Void) throws {
        var document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        try edit(&document)
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
    }

    /// The lines of a checkpoint file.
    private static func lines(_ file: String) throws -> [String] {
        try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test("a case's proof checks out with the public key alone and lists the steps it proves")
    func provesACase() throws {
        let (docket, key, file) = try Self.checkpointed()
        let proof = try Self.prove(docket, file)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: proof))) as? [String: Any])
        let entries = try #require(document["entries"] as? [[String: Any]])
        #expect(document["kind"] as? String == "inclusion" && entries.map { $0["seq"] as? Int } == [1, 4])
        #expect(entries.allSatisfy { $0["case"] as? String == "SR-000001" }, "no other case is revealed")

        // No store at all: the check needs the file and the public key only.
        try FileManager.default.removeItem(at: docket.folder.appendingPathComponent("d.db"))
        let text = try Self.check(docket, proof, key, json: false)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("proof checks out: case SR-000001's 2 entries"), "\(text.stdout)")
        #expect(text.stdout.contains("dispatch") && text.stdout.contains("p-secretary"), "\(text.stdout)")
        let json = try DocketRunner.object(try Self.check(docket, proof, key))
        #expect(json["valid"] as? Bool == true && (json["entries"] as? [Any])?.count == 2)
        let zh = try docket.run(["audit", "check-proof", proof, "--public-key", key + ".pub", "--lang", "zh"])
        #expect(zh.stdout.contains("证明成立：案件 SR-000001 的 2 条记录"), "\(zh.stdout)")
    }

    @Test("a proof whose entry was edited fails, naming the entry")
    func editedEntry() throws {
        let (docket, key, file) = try Self.checkpointed()
        let proof = try Self.prove(docket, file)
        try Self.edit(proof) { document in
            var entries = try #require(document["entries"] as? [[String: Any]])
            entries[1]["actor"] = "p-li"
            document["entries"] = entries
        }
        let result = try Self.check(docket, proof, key)
        #expect(try Self.reason(result) == "entry-altered")
        #expect(try DocketRunner.object(result)["error"].flatMap { ($0 as? [String: Any])?["seq"] as? Int } == 4)
        let text = try Self.check(docket, proof, key, json: false)
        #expect(text.stderr.contains("the fields of entry 4 do not hash to its hash"), "\(text.stderr)")
    }

    @Test("a proof whose checkpoint was edited or is signed by another key fails")
    func badSignature() throws {
        let (docket, key, file) = try Self.checkpointed()
        let proof = try Self.prove(docket, file)
        let other = docket.folder.appendingPathComponent("other.key").path
        try #require(try docket.run(["audit", "keygen", "--out", other]).status == 0)
        #expect(try Self.reason(try Self.check(docket, proof, other)) == "not-signed")

        // The signature's first character changed.
        try Self.edit(proof) { document in
            var parts = try #require(document["checkpoint"] as? String).split(separator: " ").map(String.init)
            let signature = try #require(parts.last)
            parts[parts.count - 1] = (signature.hasPrefix("A") ? "B" : "A") + signature.dropFirst()
            document["checkpoint"] = parts.joined(separator: " ")
        }
        let forged = try Self.check(docket, proof, key, json: false)
        #expect(forged.status == 10 && forged.stderr.contains("is not signed by the given public key"))
    }

    @Test("a proof of a rewritten trail fails against the checkpoint made before the rewrite")
    func rewrittenTrail() throws {
        let (docket, key, file) = try Self.checkpointed()
        let genuine = try #require(try Self.lines(file).last)
        // The dispatch (entry 4) now says 李明 dispatched it, and the chain is rehashed.
        try docket.rewriteActor(of: 4, to: "p-li")
        #expect(try docket.run(["audit", "verify"]).status == 0, "the chain alone is fooled")

        // Docket makes no proof against the old checkpoint of a trail that left it.
        let refused = try docket.run(["audit", "prove", "SR-000001", "--checkpoint", file, "--json"])
        #expect(try Self.reason(refused) == "off-checkpoint")
        #expect((try DocketRunner.object(refused)["error"] as? [String: Any])?["mismatch"] as? String == "rewritten")

        // The forger signs the rewritten trail with a key of their own, proves against it,
        // and puts the county's genuine checkpoint in the proof: the entry is not in its tree.
        let forger = docket.folder.appendingPathComponent("forger.key").path
        try #require(try docket.run(["audit", "keygen", "--out", forger]).status == 0)
        let forged = docket.folder.appendingPathComponent("forged.txt").path
        try #require(try docket.run(["audit", "checkpoint", "--key", forger, "--out", forged]).status == 0)
        let proof = try Self.prove(docket, forged)
        #expect(try Self.check(docket, proof, forger).status == 0, "a proof against the forger's own checkpoint")
        try Self.edit(proof) { $0["checkpoint"] = genuine }
        let result = try Self.check(docket, proof, key)
        #expect(try Self.reason(result) == "not-included")
        let text = try Self.check(docket, proof, key, json: false)
        // Entry 1 is the first whose path fails: entry 4 changed, so did the nodes above both.
        #expect(text.stderr.contains("entry 1 is not in the Merkle tree the checkpoint signs"), "\(text.stderr)")
    }

    @Test("consistency holds between two checkpoints of a grown trail, and fails for a trail rewritten in between")
    func consistency() throws {
        let (docket, key, file) = try Self.checkpointed()
        try #require(try docket.run(orderArguments).status == 0)
        try #require(try docket.run(["audit", "checkpoint", "--key", key, "--out", file]).status == 0)
        let grown = docket.folder.appendingPathComponent("grown.json").path
        let made = try docket.run(["audit", "consistency", file + ":1", file + ":2", "--out", grown])
        #expect(made.status == 0, "\(made.stderr)")
        let checked = try Self.check(docket, grown, key, json: false)
        #expect(checked.status == 0 && checked.stdout.contains("extends the trail at entry 4"), "\(checked.stdout)")

        // Rewritten after the first checkpoint: the county signs the rewritten trail
        // unawares (third, fourth), and a later entry follows.
        try docket.rewriteActor(of: 2, to: "p-li")
        try #require(try docket.run(["audit", "checkpoint", "--key", key, "--out", file]).status == 0)
        try #require(try docket.run(orderArguments).status == 0)
        try #require(try docket.run(["audit", "checkpoint", "--key", key, "--out", file]).status == 0)
        let refused = try docket.run(["audit", "consistency", file + ":1", file + ":4", "--json"])
        #expect(try Self.reason(refused) == "off-checkpoint")

        // A proof from the rewritten third to the fourth, given the genuine second (of the same
        // size as the third) as its old.
        let proof = docket.folder.appendingPathComponent("rewritten.json").path
        #expect(try docket.run(["audit", "consistency", file + ":3", file + ":4", "--out", proof]).status == 0)
        #expect(try Self.check(docket, proof, key).status == 0)
        let lines = try Self.lines(file)
        try Self.edit(proof) { $0["old"] = lines[1] }
        #expect(try Self.reason(try Self.check(docket, proof, key)) == "not-consistent")
    }

    @Test("proofs need a checkpoint with a root, a case with entries, a reader of the whole tree and a proof file")
    func refusals() throws {
        let (docket, key, file) = try Self.checkpointed()
        // The line without its root, as version 1 wrote it.
        var parts = try #require(try Self.lines(file).last).split(separator: " ").map(String.init)
        parts[0] = "docket-checkpoint/1"
        parts.remove(at: 4)
        let old = try docket.run(["audit", "prove", "SR-000001", "--checkpoint", parts.joined(separator: " ")])
        #expect(old.status == 7 && old.stderr.contains("signs no Merkle root"), "\(old.stderr)")
        #expect(try docket.run(["audit", "prove", "SR-000009", "--checkpoint", file]).status == 4)
        let village = try docket.run(["audit", "prove", "SR-000001", "--checkpoint", file, "--as", "p-secretary"])
        #expect(village.status == 13, "\(village.stderr)")
        let notProof = try docket.write("not-proof.json", "{\"format\": \"something else\"}\n")
        #expect(try Self.check(docket, notProof, key).status == 11)
        #expect(try docket.run(["audit", "prove", "SR-000001", "--checkpoint", file + ":7"]).status == 7)
    }
}
