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
/// docket-checkpoint/2 STORE SEQ HASH ROOT AT SIGNATURE
/// ```
///
/// with `ROOT` the root of the trail's Merkle tree (``MerkleTree``) over its first `SEQ`
/// entries, `AT` in UTC and `SIGNATURE` the Ed25519 signature (base64) of ``signedText``.
/// The root is what one case's entries are proven against (``CaseProof``) and what a later
/// checkpoint is proven to extend (``ConsistencyProof``). Checkpoints of version 1, made
/// before the root was signed, have no `ROOT`; they still read and verify, and prove
/// nothing but the head.
public struct AuditCheckpoint: Sendable, Hashable {
    /// The store's identifier, fixed when it was created (`CaseStore.storeIdentifier()`).
    public var store: String
    /// The number of the trail's last entry when the checkpoint was made.
    public var seq: Int
    /// That entry's hash.
    public var headHash: String
    /// The root of the Merkle tree over the trail's first ``seq`` entries (64 hex digits);
    /// `nil` for a checkpoint of version 1, which signed none.
    public var merkleRoot: String?
    /// When the checkpoint was made (the recording clock), to the second.
    public var at: Date
    /// The Ed25519 signature of ``signedText``.
    public var signature: Data

    static let tags = ["docket-checkpoint/1", "docket-checkpoint/2"]

    /// The line's version: 2 when it signs a Merkle root, 1 otherwise.
    public var version: Int { merkleRoot == nil ? 1 : 2 }

    /// The fields in their order, the line's tag first and the signature left out.
    private var fields: [String] {
        [Self.tags[version - 1], store, String(seq), headHash] + (merkleRoot.map { [$0] } ?? [])
            + [DeploymentZone.utcFormat(at)]
    }

    /// What is signed: the tag and the fields, one per line.
    public var signedText: String { fields.joined(separator: "\n") }

    /// The checkpoint as its line of a checkpoint file.
    public var line: String { (fields + [signature.base64EncodedString()]).joined(separator: " ") }

    /// A short code to write into a report: the head's number and the first sixteen hex
    /// digits of its hash, in groups of four.
    public var code: String {
        let digits = Array(headHash.prefix(16))
        let groups = stride(from: 0, to: digits.count, by: 4).map { String(digits[$0..<min($0 + 4, digits.count)]) }
        return "\(seq)-" + groups.joined(separator: "-")
    }

    /// Signs the head of a trail with a private key (its 32-byte raw form).
    ///
    /// - Parameters:
    ///   - store: the store's identifier.
    ///   - seq: the number of the trail's last entry.
    ///   - headHash: that entry's hash.
    ///   - merkleRoot: the root of the trail's tree over its first `seq` entries (version
    ///     2); `nil` signs a checkpoint of version 1, as Docket did before.
    ///   - at: when the checkpoint is made (kept to the second).
    ///   - privateKey: the Ed25519 private key, in its 32-byte raw form.
    /// - Throws: ``CheckpointKeyError`` when the key is not an Ed25519 private key.
    public static func signed(
        store: String, seq: Int, headHash: String, merkleRoot: String?, at: Date, privateKey: Data
    ) throws(CheckpointKeyError) -> AuditCheckpoint {
        let key: Curve25519.Signing.PrivateKey
        do { key = try Curve25519.Signing.PrivateKey(rawRepresentation: privateKey) } catch {
            throw CheckpointKeyError()
        }
        var checkpoint = AuditCheckpoint(
            store: store, seq: seq, headHash: headHash, merkleRoot: merkleRoot,
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

    /// The checkpoint a line of a checkpoint file holds, of either version; `nil` for a
    /// line that is not one.
    public init?(line: String) {
        var parts = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let version = Self.tags.firstIndex(of: parts.first ?? "").map({ $0 + 1 }),
            parts.count == 5 + version
        else { return nil }
        let root = version == 2 ? parts.remove(at: 4) : nil
        guard let seq = Int(parts[2]), seq > 0, Self.isHash(parts[3]), root.map(Self.isHash) ?? true,
            let at = DeploymentZone.parseUTC(parts[4]), let signature = Data(base64Encoded: parts[5])
        else { return nil }
        self.init(store: parts[1], seq: seq, headHash: parts[3], merkleRoot: root, at: at, signature: signature)
    }

    private static func isHash(_ text: String) -> Bool { text.count == 64 && text.allSatisfy(\.isHexDigit) }

    public init(store: String, seq: Int, headHash: String, merkleRoot: String? = nil, at: Date, signature: Data) {
        self.store = store
        self.seq = seq
        self.headHash = headHash
        self.merkleRoot = merkleRoot
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
        /// The Merkle tree over the trail's entries up to the checkpoint's has another root
        /// than the checkpoint signs (version 2): the trail holds other entries than those
        /// the checkpoint was signed over.
        case otherRoot(root: String)
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

/// What a trail holds at the entries of some checkpoints, gathered as it is verified
/// (``AuditChain/Verifier``), to hold the checkpoints against.
public struct TrailPrefixes: Sendable, Hashable {
    /// This store's identifier.
    public var store: String
    /// How many entries the trail holds.
    public var entries: Int
    /// The hash of each checkpoint's entry, by number.
    public var hashes: [Int: String]
    /// The root of the Merkle tree over the entries up to each checkpoint of version 2,
    /// by the number of its entry (64 hex digits).
    public var roots: [Int: String]

    public init(store: String, entries: Int, hashes: [Int: String], roots: [Int: String]) {
        self.store = store
        self.entries = entries
        self.hashes = hashes
        self.roots = roots
    }

    /// Why the trail does not pass through `checkpoint`, its signature left aside: made of
    /// another store, past the trail's end, another hash at its entry, or (version 2)
    /// another root over the entries up to it; `nil` when it passes through.
    public func mismatch(of checkpoint: AuditCheckpoint) -> CheckpointMismatch.Reason? {
        if checkpoint.store != store { return .otherStore(checkpoint.store) }
        if checkpoint.seq > entries { return .missing(entries: entries) }
        if let hash = hashes[checkpoint.seq], hash != checkpoint.headHash { return .rewritten(hash: hash) }
        if let signed = checkpoint.merkleRoot, let root = roots[checkpoint.seq], root != signed {
            return .otherRoot(root: root)
        }
        return nil
    }
}

extension AuditChain {
    /// Checks that a verified trail passes through every checkpoint, in the order given:
    /// signed by `publicKey`, and then as ``TrailPrefixes/mismatch(of:)`` holds it.
    ///
    /// - Parameters:
    ///   - checkpoints: the checkpoints of a file, in its order.
    ///   - publicKey: the public key (raw) the checkpoints must be signed by.
    ///   - trail: what the trail holds at the checkpoints' entries: their hashes, and the
    ///     roots of those of version 2 (``Verifier/prefixes(store:)``).
    /// - Returns: the first checkpoint the trail does not pass through, or `nil`.
    public static func firstMismatch(
        of checkpoints: [AuditCheckpoint], publicKey: Data, trail: TrailPrefixes
    ) -> CheckpointMismatch? {
        for (index, checkpoint) in checkpoints.enumerated() {
            let reason = checkpoint.isSigned(byPublicKey: publicKey) ? trail.mismatch(of: checkpoint) : .notSigned
            if let reason { return CheckpointMismatch(position: index + 1, checkpoint: checkpoint, reason: reason) }
        }
        return nil
    }
}
