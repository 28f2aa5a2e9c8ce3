import DocketCore
public import Foundation

/// A proof about the trail that is checked with nothing but the public key that signed
/// its checkpoints: no store, no other entry.
///
/// A county hands one to the level above instead of its store: a ``CaseProof`` shows a
/// case's entries (a member's admission record, say) genuine against a signed checkpoint
/// without revealing any other case; a ``ConsistencyProof`` shows that the trail at a
/// later checkpoint extends the one at an earlier checkpoint, without replaying it.
///
/// Both are JSON documents, tagged with ``format`` and their kind:
///
/// ```json
/// {"format": "docket-proof/1", "kind": "inclusion", "case": "…", "checkpoint": "docket-checkpoint/2 …",
///  "entries": [{"seq": 3, "encoding": 3, "kind": "start", …, "hash": "…", "path": ["…"]}]}
/// {"format": "docket-proof/1", "kind": "consistency", "old": "docket-checkpoint/2 …",
///  "new": "docket-checkpoint/2 …", "path": ["…"]}
/// ```
public enum AuditProof: Sendable, Hashable {
    case inclusion(CaseProof)
    case consistency(ConsistencyProof)

    /// The tag of every proof document of this shape.
    public static let format = "docket-proof/1"

    private struct Header: Decodable {
        var format: String
        var kind: String
    }

    /// The proof a document holds; `nil` for a document that is not one (another format,
    /// an unknown kind, a field missing or of the wrong type, a checkpoint that is no line).
    public init?(json: Data) {
        let decoder = JSONDecoder()
        guard let header = try? decoder.decode(Header.self, from: json), header.format == Self.format else {
            return nil
        }
        switch header.kind {
        case CaseProof.kind:
            guard let proof = try? decoder.decode(CaseProof.self, from: json) else { return nil }
            self = .inclusion(proof)
        case ConsistencyProof.kind:
            guard let proof = try? decoder.decode(ConsistencyProof.self, from: json) else { return nil }
            self = .consistency(proof)
        default:
            return nil
        }
    }

    /// The document: JSON with sorted keys, indented for a reader.
    public var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings, numbers and arrays of them only: encoding them cannot fail.
        let data: Data? =
            switch self {
            case .inclusion(let proof): try? encoder.encode(proof)
            case .consistency(let proof): try? encoder.encode(proof)
            }
        return (data ?? Data()) + Data("\n".utf8)
    }
}

/// A checkpoint in a proof document is its line, signature and all.
extension AuditCheckpoint: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let line = try container.decode(String.self)
        guard let checkpoint = AuditCheckpoint(line: line) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a checkpoint line")
        }
        self = checkpoint
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(line)
    }
}

/// One entry of the trail in a proof, with every field its hash covers exactly as hashed
/// (instants as UTC text, data as its canonical JSON text), and the path from it to the
/// root of the checkpoint's tree.
public struct ProvenEntry: Sendable, Hashable, Codable {
    public var seq: Int
    /// The encoding its hash was made in (``AuditChain/encodings``).
    public var encoding: Int
    public var kind: String
    public var caseID: String
    public var event: String
    public var fromState: String?
    public var toState: String
    public var actor: String
    /// `AuditEntry.at` in UTC, as hashed.
    public var at: String
    /// `AuditEntry.on` as `yyyy-MM-dd`.
    public var on: String
    /// `AuditEntry.recordedAt` in UTC, as hashed.
    public var recordedAt: String
    /// The event's data in canonical JSON, as hashed.
    public var data: String
    public var note: String?
    public var previousHash: String
    /// What the change left its case as (``CaseOutcome/text``), hashed from encoding 3 on.
    public var outcome: String?
    /// The hash the trail holds for the entry: the leaf of the tree.
    public var hash: String
    /// The inclusion proof of the entry in the checkpoint's tree, from the leaf up (hex).
    public var path: [String]

    enum CodingKeys: String, CodingKey {
        case seq, encoding, kind, event, actor, at, on, data, note, outcome, hash, path
        case caseID = "case"
        case fromState = "from"
        case toState = "to"
        case recordedAt = "recorded_at"
        case previousHash = "previous_hash"
    }

    /// An entry of the trail as stored, with its inclusion proof.
    public init(_ entry: AuditEntry, path: [MerkleTree.Hash]) {
        seq = entry.seq
        encoding = entry.encoding
        kind = entry.kind.rawValue
        caseID = entry.caseID
        event = entry.event
        fromState = entry.fromState
        toState = entry.toState
        actor = entry.actor
        at = DeploymentZone.utcFormat(entry.at)
        on = entry.on.description
        recordedAt = DeploymentZone.utcFormat(entry.recordedAt)
        data = entry.dataJSON
        note = entry.note
        previousHash = entry.previousHash
        outcome = entry.outcome?.text
        hash = entry.hash
        self.path = path.map(MerkleTree.hex)
    }

    /// The entry's hash worked out again from its fields, under its encoding.
    public var recomputedHash: String {
        AuditChain.hash(
            encoding: encoding, seq: seq, kind: kind, caseID: caseID, event: event, fromState: fromState,
            toState: toState, actor: actor, at: at, on: on, recordedAt: recordedAt, dataJSON: data, note: note,
            previousHash: previousHash, outcome: outcome)
    }
}

/// The entries of one case, each with its inclusion proof against a signed checkpoint's
/// Merkle root: what shows them genuine to someone holding only the public key.
///
/// The proof shows each entry is the one the signed trail holds at its number; it cannot
/// show that the case has no other entry, which only the whole trail could.
public struct CaseProof: Sendable, Hashable, Codable {
    static let kind = "inclusion"

    public var format = AuditProof.format
    public var kind = CaseProof.kind
    public var caseID: String
    /// The checkpoint the entries are proven against (version 2).
    public var checkpoint: AuditCheckpoint
    /// The case's entries up to the checkpoint, in order.
    public var entries: [ProvenEntry]

    enum CodingKeys: String, CodingKey {
        case format, kind, checkpoint, entries
        case caseID = "case"
    }

    public init(caseID: String, checkpoint: AuditCheckpoint, entries: [ProvenEntry]) {
        self.caseID = caseID
        self.checkpoint = checkpoint
        self.entries = entries
    }

    /// Checks the proof with the public key alone: the checkpoint is signed by it and
    /// signs a root; every entry is of the case, numbered within the checkpoint, hashes
    /// to the hash it states, and its path leads from that hash to the root.
    ///
    /// - Throws: ``ProofError`` naming the first thing that fails.
    public func check(publicKey: Data) throws(ProofError) {
        guard checkpoint.isSigned(byPublicKey: publicKey) else { throw ProofError(.notSigned, caseID: caseID) }
        guard let signed = checkpoint.merkleRoot, let root = MerkleTree.bytes(hex: signed) else {
            throw ProofError(.noRoot, caseID: caseID)
        }
        guard !entries.isEmpty else { throw ProofError(.noEntries, caseID: caseID) }
        for entry in entries {
            guard entry.caseID == caseID else { throw ProofError(.otherCase, seq: entry.seq, caseID: caseID) }
            guard (1...checkpoint.seq).contains(entry.seq) else {
                throw ProofError(.beyondCheckpoint, seq: entry.seq, caseID: caseID)
            }
            guard entry.recomputedHash == entry.hash, let leaf = MerkleTree.bytes(hex: entry.hash) else {
                throw ProofError(.entryAltered, seq: entry.seq, caseID: caseID)
            }
            let path = entry.path.compactMap(MerkleTree.bytes(hex:))
            guard path.count == entry.path.count,
                MerkleTree.verifyInclusion(
                    leaf: MerkleTree.leafHash(leaf), index: entry.seq - 1, size: checkpoint.seq, proof: path,
                    root: root)
            else { throw ProofError(.notIncluded, seq: entry.seq, caseID: caseID) }
        }
    }
}

/// Two signed checkpoints of one store and the consistency proof between their Merkle
/// trees: what shows the trail at the later one extends the trail at the earlier one,
/// entry for entry, to someone holding only the public key.
public struct ConsistencyProof: Sendable, Hashable, Codable {
    static let kind = "consistency"

    public var format = AuditProof.format
    public var kind = ConsistencyProof.kind
    public var old: AuditCheckpoint
    public var new: AuditCheckpoint
    /// The consistency proof from the old tree to the new (hex), as RFC 9162 makes it.
    public var path: [String]

    public init(old: AuditCheckpoint, new: AuditCheckpoint, path: [MerkleTree.Hash]) {
        self.old = old
        self.new = new
        self.path = path.map(MerkleTree.hex)
    }

    /// Checks the proof with the public key alone: both checkpoints signed by it, both
    /// signing roots, of one store, the old no longer than the new, and the path showing
    /// the new tree extends the old.
    ///
    /// - Throws: ``ProofError`` naming the first thing that fails.
    public func check(publicKey: Data) throws(ProofError) {
        for (which, checkpoint) in [(ProofError.Which.old, old), (.new, new)] {
            guard checkpoint.isSigned(byPublicKey: publicKey) else { throw ProofError(.notSigned, which: which) }
            guard checkpoint.merkleRoot != nil else { throw ProofError(.noRoot, which: which) }
        }
        guard old.store == new.store else { throw ProofError(.otherStore) }
        guard old.seq <= new.seq else { throw ProofError(.outOfOrder) }
        let path = path.compactMap(MerkleTree.bytes(hex:))
        guard path.count == self.path.count, let oldRoot = old.merkleRoot.flatMap(MerkleTree.bytes(hex:)),
            let newRoot = new.merkleRoot.flatMap(MerkleTree.bytes(hex:)),
            MerkleTree.verifyConsistency(
                first: old.seq, firstRoot: oldRoot, second: new.seq, secondRoot: newRoot, proof: path),
            old.seq != new.seq || old.headHash == new.headHash
        else { throw ProofError(.notConsistent) }
    }
}
