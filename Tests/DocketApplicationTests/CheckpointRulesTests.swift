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
}
