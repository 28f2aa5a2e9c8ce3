import Crypto
import DocketCore
public import Foundation

/// A signed statement of an audit trail's head, kept outside the store.
///
/// Anyone who can write to the store can rewrite its trail and recompute every hash, so
/// the chain alone proves nothing against them. A checkpoint fixes the head (its number
/// and hash) at a moment with a signature made by a key that never enters the store; a
/// county writes the checkpoints down (and hands their short codes to the level above),
/// and a later verification fails when the trail no longer passes through every one of
/// them: rewritten, truncated, or rebuilt as another store.
///
/// A checkpoint is one line of text, so that a file of them is appended to and read by
/// people as well as by Docket:
///
/// ```
/// docket-checkpoint/1 STORE SEQ HASH AT SIGNATURE
/// ```
///
/// with `AT` in UTC and `SIGNATURE` the Ed25519 signature (base64) of ``signedText``.
public struct AuditCheckpoint: Sendable, Hashable {
    /// The store's identifier, fixed when it was created (`CaseStore.storeIdentifier()`).
    public var store: String
    /// The number of the trail's last entry when the checkpoint was made.
    public var seq: Int
    /// That entry's hash.
    public var headHash: String
    /// When the checkpoint was made (the recording clock), to the second.
    public var at: Date
    /// The Ed25519 signature of ``signedText``.
    public var signature: Data

    static let tag = "docket-checkpoint/1"

    /// What is signed: the tag and the fields, one per line.
    public var signedText: String {
        [Self.tag, store, String(seq), headHash, DeploymentZone.utcFormat(at)].joined(separator: "\n")
    }

    /// The checkpoint as its line of a checkpoint file.
    public var line: String {
        [Self.tag, store, String(seq), headHash, DeploymentZone.utcFormat(at), signature.base64EncodedString()]
            .joined(separator: " ")
    }

    /// A short code to write into a report: the head's number and the first sixteen hex
    /// digits of its hash, in groups of four.
    public var code: String {
        let digits = Array(headHash.prefix(16))
        let groups = stride(from: 0, to: digits.count, by: 4).map { String(digits[$0..<min($0 + 4, digits.count)]) }
        return "\(seq)-" + groups.joined(separator: "-")
    }

    /// Signs the head of a trail with a private key (its 32-byte raw form).
    ///
    /// - Throws: ``CheckpointKeyError`` when the key is not an Ed25519 private key.
    public static func signed(store: String, seq: Int, headHash: String, at: Date, privateKey: Data)
        throws(CheckpointKeyError) -> AuditCheckpoint
    {
        let key: Curve25519.Signing.PrivateKey
        do { key = try Curve25519.Signing.PrivateKey(rawRepresentation: privateKey) } catch {
            throw CheckpointKeyError()
        }
        var checkpoint = AuditCheckpoint(
            store: store, seq: seq, headHash: headHash,
            at: Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down)), signature: Data())
        do { checkpoint.signature = try key.signature(for: Data(checkpoint.signedText.utf8)) } catch {
            throw CheckpointKeyError()
        }
        return checkpoint
    }

    /// Whether the checkpoint was signed by the private key of `publicKey` (its 32-byte raw form).
    public func isSigned(byPublicKey publicKey: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: Data(signedText.utf8))
    }

    /// The checkpoint a line of a checkpoint file holds; `nil` for a line that is not one.
    public init?(line: String) {
        let parts = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 6, parts[0] == Self.tag, let seq = Int(parts[2]), seq > 0,
            parts[3].count == 64, parts[3].allSatisfy(\.isHexDigit),
            let at = DeploymentZone.parseUTC(parts[4]), let signature = Data(base64Encoded: parts[5])
        else { return nil }
        self.init(store: parts[1], seq: seq, headHash: parts[3], at: at, signature: signature)
    }

    public init(store: String, seq: Int, headHash: String, at: Date, signature: Data) {
        self.store = store
        self.seq = seq
        self.headHash = headHash
        self.at = at
        self.signature = signature
    }

    /// A new Ed25519 key pair for signing checkpoints, each key in its 32-byte raw form.
    public static func newKeyPair() -> (privateKey: Data, publicKey: Data) {
        let key = Curve25519.Signing.PrivateKey()
        return (key.rawRepresentation, key.publicKey.rawRepresentation)
    }

    /// The public key of a private key, both in their raw forms.
    public static func publicKey(of privateKey: Data) throws(CheckpointKeyError) -> Data {
        do { return try Curve25519.Signing.PrivateKey(rawRepresentation: privateKey).publicKey.rawRepresentation } catch
        {
            throw CheckpointKeyError()
        }
    }
}

/// A key that is not an Ed25519 key of the expected size.
public struct CheckpointKeyError: Error, Sendable, Hashable {
    public init() {}
}

/// The first checkpoint a trail does not pass through, and why.
public struct CheckpointMismatch: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// The signature is not the given public key's: forged, or signed by another key.
        case notSigned
        /// The checkpoint was made of another store (the trail was rebuilt as a new store).
        case otherStore(String)
        /// The trail ends before the checkpoint's entry (entries were removed).
        case missing(entries: Int)
        /// The trail's entry of that number has another hash (the trail was rewritten).
        case rewritten(hash: String)
    }

    /// The checkpoint's position in its file, from 1.
    public var position: Int
    public var checkpoint: AuditCheckpoint
    public var reason: Reason

    public init(position: Int, checkpoint: AuditCheckpoint, reason: Reason) {
        self.position = position
        self.checkpoint = checkpoint
        self.reason = reason
    }
}

extension AuditChain {
    /// Checks that a verified trail passes through every checkpoint, in the order given:
    /// signed by `publicKey`, made of this store, its entry present with the hash it states.
    ///
    /// - Parameters:
    ///   - checkpoints: the checkpoints of a file, in its order.
    ///   - publicKey: the public key (raw) the checkpoints must be signed by.
    ///   - store: this store's identifier.
    ///   - entries: how many entries the trail holds.
    ///   - hashes: the hash of each checkpoint's entry, by number, as the trail holds it.
    /// - Returns: the first checkpoint the trail does not pass through, or `nil`.
    public static func firstMismatch(
        of checkpoints: [AuditCheckpoint], publicKey: Data, store: String, entries: Int, hashes: [Int: String]
    ) -> CheckpointMismatch? {
        for (index, checkpoint) in checkpoints.enumerated() {
            let reason: CheckpointMismatch.Reason?
            if !checkpoint.isSigned(byPublicKey: publicKey) {
                reason = .notSigned
            } else if checkpoint.store != store {
                reason = .otherStore(checkpoint.store)
            } else if checkpoint.seq > entries {
                reason = .missing(entries: entries)
            } else if let hash = hashes[checkpoint.seq], hash != checkpoint.headHash {
                reason = .rewritten(hash: hash)
            } else {
                reason = nil
            }
            if let reason { return CheckpointMismatch(position: index + 1, checkpoint: checkpoint, reason: reason) }
        }
        return nil
    }
}
