/// Why a proof could not be made from a trail, or does not check out: the facts, worded
/// by the front ends.
///
/// Making a proof (``AuditProof``) fails when the checkpoint signs no Merkle root, the case
/// has no entry up to it, or the trail no longer passes through it; checking one fails
/// when anything in it is not what the signed checkpoint vouches for.
public struct ProofError: Error, Sendable, Hashable {
    /// The kind of failure. A struct over a private enum, so that kinds can be added
    /// without breaking a caller's `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case noRoot = "no-root"
            case noEntries = "no-entries"
            case chainBroken = "chain-broken"
            case offCheckpoint = "off-checkpoint"
            case notSigned = "not-signed"
            case otherCase = "other-case"
            case beyondCheckpoint = "beyond-checkpoint"
            case entryAltered = "entry-altered"
            case notIncluded = "not-included"
            case otherStore = "other-store"
            case outOfOrder = "out-of-order"
            case notConsistent = "not-consistent"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The checkpoint is of version 1: it signs no Merkle root to prove against.
        public static let noRoot = Code(.noRoot)
        /// The case has no entry on the trail up to the checkpoint (or the proof holds none).
        public static let noEntries = Code(.noEntries)
        /// The trail's chain is broken at ``ProofError/seq``, at or before the checkpoint.
        public static let chainBroken = Code(.chainBroken)
        /// The trail does not pass through the checkpoint (``ProofError/mismatch`` says how):
        /// no proof of it would check out.
        public static let offCheckpoint = Code(.offCheckpoint)
        /// A checkpoint's signature is not the public key's: forged, edited, or another key's.
        public static let notSigned = Code(.notSigned)
        /// An entry of the proof belongs to another case than the proof names.
        public static let otherCase = Code(.otherCase)
        /// An entry of the proof is numbered after the checkpoint's last.
        public static let beyondCheckpoint = Code(.beyondCheckpoint)
        /// An entry's fields do not hash to the hash it states: it was edited.
        public static let entryAltered = Code(.entryAltered)
        /// An entry's inclusion proof does not lead to the checkpoint's root: the entry is
        /// not the one the signed trail holds at its number.
        public static let notIncluded = Code(.notIncluded)
        /// The two checkpoints of a consistency proof were made of different stores.
        public static let otherStore = Code(.otherStore)
        /// The earlier checkpoint of a consistency proof has more entries than the later.
        public static let outOfOrder = Code(.outOfOrder)
        /// The consistency proof does not show the later tree extending the earlier one:
        /// the trail was rewritten between the two checkpoints.
        public static let notConsistent = Code(.notConsistent)

        /// The stable name used in `--json` errors (`not-included`, …).
        public var description: String { base.rawValue }
    }

    /// Which of a consistency proof's two checkpoints a failure is about.
    public enum Which: String, Sendable, Hashable {
        case old, new
    }

    public var code: Code
    /// The entry the failure is about, when it is about one.
    public var seq: Int?
    /// The case the proof is of, when it is of one.
    public var caseID: String?
    /// The checkpoint the failure is about, when a consistency proof has two.
    public var which: Which?
    /// For ``Code/offCheckpoint``, how the trail fails to pass through ``checkpoint``.
    public var mismatch: CheckpointMismatch.Reason?
    /// For ``Code/offCheckpoint``, the checkpoint the trail does not pass through.
    public var checkpoint: AuditCheckpoint?

    public init(
        _ code: Code, seq: Int? = nil, caseID: String? = nil, which: Which? = nil,
        mismatch: CheckpointMismatch.Reason? = nil, checkpoint: AuditCheckpoint? = nil
    ) {
        self.code = code
        self.seq = seq
        self.caseID = caseID
        self.which = which
        self.mismatch = mismatch
        self.checkpoint = checkpoint
    }
}
