import DocketApplication
import DocketCore
import DocketEngine
import Foundation
import Testing

/// Checkpoints of the trail's head, signed by a key outside the store, through the
/// application's operations on the memory store.
@Suite struct CheckpointRulesTests {
    @Test("a checkpoint names this store's head, and the trail passes through it while it grows")
    func passesThrough() throws {
        let d = try Deployment()
        let keys = AuditCheckpoint.newKeyPair()
        try d.order()
        let admin = d.caller(Deployment.administrator, at: "2026-11-22T10:00")
        let (verification, signed) = try d.app.checkpoint(privateKey: keys.privateKey, by: admin)
        let checkpoint = try #require(signed)
        #expect(checkpoint.seq == verification.entriesChecked && checkpoint.headHash == verification.headHash)
        #expect(checkpoint.store == (try d.app.store.storeIdentifier()))
        #expect(checkpoint.isSigned(byPublicKey: keys.publicKey))
        #expect(AuditCheckpoint(line: checkpoint.line) == checkpoint, "a checkpoint reads back from its line")
        try d.order(at: "2026-11-22T11:00")
        let (later, mismatch) = try d.app.verifyAuditTrail(
            checkpoints: [checkpoint], publicKey: keys.publicKey, by: admin)
        #expect(later.isIntact && later.entriesChecked > checkpoint.seq && mismatch == nil)
    }

    @Test("the same history in another store, or another key, does not pass for the checkpoint")
    func otherStoreOrKey() throws {
        let first = try Deployment()
        let keys = AuditCheckpoint.newKeyPair()
        try first.order()
        let admin = first.caller(Deployment.administrator, at: "2026-11-22T10:00")
        let checkpoint = try #require(try first.app.checkpoint(privateKey: keys.privateKey, by: admin).1)

        let second = try Deployment()
        try second.order()
        let (_, rebuilt) = try second.app.verifyAuditTrail(
            checkpoints: [checkpoint], publicKey: keys.publicKey, by: admin)
        #expect(rebuilt?.reason == .otherStore(checkpoint.store) && rebuilt?.position == 1)

        let stranger = AuditCheckpoint.newKeyPair()
        let (_, forged) = try first.app.verifyAuditTrail(
            checkpoints: [checkpoint], publicKey: stranger.publicKey, by: admin)
        #expect(forged?.reason == .notSigned)
        var altered = checkpoint
        altered.seq += 1
        let (_, edited) = try first.app.verifyAuditTrail(checkpoints: [altered], publicKey: keys.publicKey, by: admin)
        #expect(edited?.reason == .notSigned, "a checkpoint edited after signing is not signed any more")
    }

    @Test("only a reader of the whole tree signs for the trail, and an empty trail has nothing to sign")
    func whoSigns() throws {
        let d = try Deployment()
        let keys = AuditCheckpoint.newKeyPair()
        let empty = try d.app.checkpoint(
            privateKey: keys.privateKey, by: d.caller(Deployment.administrator, at: "2026-11-22T10:00"))
        #expect(empty.1 == nil && empty.0.entriesChecked == 0)
        #expect(throws: AccessError.self) {
            try d.app.checkpoint(privateKey: keys.privateKey, by: d.caller("p-secretary", at: "2026-11-22T10:00"))
        }
        #expect(throws: CheckpointKeyError.self) {
            try d.order()
            _ = try d.app.checkpoint(
                privateKey: Data([1, 2, 3]), by: d.caller(Deployment.administrator, at: "2026-11-22T10:00"))
        }
    }

    /// The hashes of every entry of the trail, in order.
    private static func entryHashes(_ d: Deployment) throws -> [MerkleTree.Hash] {
        try d.app.store.read { tx in
            var hashes: [MerkleTree.Hash] = []
            try tx.eachAuditEntry { entry in
                hashes.append(MerkleTree.bytes(hex: entry.hash) ?? [])
                return true
            }
            return hashes
        }
    }

    @Test("a checkpoint signs the Merkle root of the trail up to its head, and a wrong root is caught")
    func signsTheRoot() throws {
        let d = try Deployment()
        let keys = AuditCheckpoint.newKeyPair()
        try d.order()
        try d.order(at: "2026-11-22T10:30")
        let admin = d.caller(Deployment.administrator, at: "2026-11-22T11:00")
        let checkpoint = try #require(try d.app.checkpoint(privateKey: keys.privateKey, by: admin).1)
        let leaves = try Self.entryHashes(d).map(MerkleTree.leafHash)
        #expect(checkpoint.version == 2 && checkpoint.line.hasPrefix("docket-checkpoint/2 "))
        #expect(checkpoint.merkleRoot == MerkleTree.hex(MerkleTree.root(leaves[...])))
        #expect(AuditCheckpoint(line: checkpoint.line) == checkpoint)

        // Signed by the right key over the right head, but with another root: caught.
        let wrong = try AuditCheckpoint.signed(
            store: checkpoint.store, seq: checkpoint.seq, headHash: checkpoint.headHash,
            merkleRoot: MerkleTree.hex(MerkleTree.emptyRoot), at: checkpoint.at, privateKey: keys.privateKey)
        let (_, mismatch) = try d.app.verifyAuditTrail(
            checkpoints: [checkpoint, wrong], publicKey: keys.publicKey, by: admin)
        #expect(mismatch?.position == 2 && mismatch?.reason == .otherRoot(root: checkpoint.merkleRoot ?? ""))
    }

    @Test("a checkpoint of version 1 still reads from its line and the trail passes through it")
    func versionOne() throws {
        let d = try Deployment()
        let keys = AuditCheckpoint.newKeyPair()
        try d.order()
        let admin = d.caller(Deployment.administrator, at: "2026-11-22T10:00")
        let head = try #require(try d.app.checkpoint(privateKey: keys.privateKey, by: admin).1)
        let old = try AuditCheckpoint.signed(
            store: head.store, seq: head.seq, headHash: head.headHash, merkleRoot: nil, at: head.at,
            privateKey: keys.privateKey)
        #expect(
            old.version == 1 && old.line.hasPrefix("docket-checkpoint/1 ") && old.line.split(separator: " ").count == 6)
        let read = try #require(AuditCheckpoint(line: old.line))
        #expect(read == old && read.isSigned(byPublicKey: keys.publicKey))
        try d.order(at: "2026-11-22T11:00")
        let (later, mismatch) = try d.app.verifyAuditTrail(checkpoints: [read], publicKey: keys.publicKey, by: admin)
        #expect(later.isIntact && mismatch == nil)
        #expect(throws: ProofError.self) { try d.app.proveCase("SR-000001", against: read, by: admin) }
    }

    @Test("a case proof made through the application checks out with the key, and not with another")
    func caseProof() throws {
        let d = try Deployment()
        let keys = AuditCheckpoint.newKeyPair()
        for hour in 10...14 { try d.order(at: "2026-11-22T\(hour):00") }
        let admin = d.caller(Deployment.administrator, at: "2026-11-22T15:00")
        let checkpoint = try #require(try d.app.checkpoint(privateKey: keys.privateKey, by: admin).1)
        try d.order(at: "2026-11-22T16:00")
        let proof = try d.app.proveCase("SR-000003", against: checkpoint, by: admin)
        #expect(proof.entries.map(\.caseID) == ["SR-000003"])
        try proof.check(publicKey: keys.publicKey)
        #expect(AuditProof(json: AuditProof.inclusion(proof).json) == .inclusion(proof), "it reads back as written")
        #expect(throws: ProofError(.notSigned, caseID: "SR-000003")) {
            try proof.check(publicKey: AuditCheckpoint.newKeyPair().publicKey)
        }
        #expect(throws: AccessError.self) {
            try d.app.proveCase("SR-000003", against: checkpoint, by: d.caller("p-secretary", at: "2026-11-22T15:00"))
        }
        // A case started after the checkpoint has nothing under it.
        #expect(throws: ProofError(.noEntries, caseID: "SR-000006")) {
            try d.app.proveCase("SR-000006", against: checkpoint, by: admin)
        }
    }

    @Test("each checkpoint is proven to extend every earlier one")
    func consistencyProofs() throws {
        let d = try Deployment()
        let keys = AuditCheckpoint.newKeyPair()
        var checkpoints: [AuditCheckpoint] = []
        for hour in 10...14 {
            try d.order(at: "2026-11-22T\(hour):00")
            let admin = d.caller(Deployment.administrator, at: "2026-11-22T\(hour):30")
            checkpoints.append(try #require(try d.app.checkpoint(privateKey: keys.privateKey, by: admin).1))
        }
        let admin = d.caller(Deployment.administrator, at: "2026-11-22T15:00")
        for (i, old) in checkpoints.enumerated() {
            for new in checkpoints[i...] {
                let proof = try d.app.proveConsistency(from: old, to: new, by: admin)
                try proof.check(publicKey: keys.publicKey)
            }
        }
        #expect(throws: ProofError(.outOfOrder)) {
            try d.app.proveConsistency(from: checkpoints[2], to: checkpoints[1], by: admin)
        }
    }
}
