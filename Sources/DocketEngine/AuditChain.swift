import Crypto
public import DocketCore
public import Foundation

/// The audit trail's SHA-256 chain: how an entry is numbered and hashed, and how a trail
/// is verified. Stores persist and read entries; this is the one place that seals them.
///
/// Each entry's hash covers every recorded column and the previous entry's hash, so
/// changing, removing or reordering any entry breaks every hash after it. The first
/// entry links to ``genesis``.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    /// How an entry's fields go into its hash, as stored with each entry, so that a trail
    /// verifies under the encoding each entry was written with.
    ///
    /// - 1: the fields joined by the unit separator (0x1F), a separator inside a field
    ///   escaped as the text `\u001f`. Ambiguous: a missing note and an empty one hash
    ///   alike, and so do a raw 0x1F byte and the six characters of its escape.
    /// - 2: each field typed (absent, or text) and, for text, its UTF-8 bytes as they are,
    ///   preceded by their length: no two different entries encode alike.
    /// - 3: as 2, and one field more: what the change left its case as (``CaseOutcome``),
    ///   absent for a setting.
    public static let encodings: ClosedRange<Int> = 1...3
    /// The encoding every new entry is sealed with.
    public static let currentEncoding = 3

    /// The last entry of a trail: what the next one is numbered after and links to.
    public struct Head: Sendable, Hashable {
        public var seq: Int
        public var hash: String

        public init(seq: Int, hash: String) {
            self.seq = seq
            self.hash = hash
        }
    }

    /// The entry a draft becomes when it is appended after `head` (`nil` for an empty
    /// trail): numbered next, its instants kept to the second as the trail writes them,
    /// linked to the head and hashed.
    ///
    /// - Parameters:
    ///   - draft: the entry as the core decided it.
    ///   - dataJSON: the draft's data in canonical JSON, when the caller has it already (a
    ///     decision encoded ahead); worked out from the draft otherwise.
    ///   - outcome: what the change left its case as; `nil` for a setting.
    ///   - recordedAt: when the entry is written (the recording clock).
    ///   - head: the trail's last entry, `nil` for an empty trail.
    public static func seal(
        _ draft: AuditDraft, dataJSON: String? = nil, outcome: CaseOutcome? = nil, recordedAt: Date, after head: Head?
    ) -> Sealed {
        var entry = AuditEntry(
            seq: (head?.seq ?? 0) + 1, kind: draft.kind, caseID: draft.caseID, event: draft.event,
            fromState: draft.fromState, toState: draft.toState, actor: draft.actor,
            at: Date(timeIntervalSince1970: draft.at.timeIntervalSince1970.rounded(.down)), on: draft.on,
            recordedAt: Date(timeIntervalSince1970: recordedAt.timeIntervalSince1970.rounded(.down)),
            dataJSON: dataJSON ?? canonicalJSON(draft.data), note: draft.note, previousHash: head?.hash ?? genesis,
            hash: "", outcome: outcome)
        // Formatted once, for the hash and for the store: every event seals an entry.
        let sealed = Sealed(
            entry: entry, at: DeploymentZone.utcFormat(entry.at), on: entry.on.description,
            recordedAt: DeploymentZone.utcFormat(entry.recordedAt))
        entry.hash = hash(
            encoding: entry.encoding, seq: entry.seq, kind: entry.kind.rawValue, caseID: entry.caseID,
            event: entry.event,
            fromState: entry.fromState, toState: entry.toState, actor: entry.actor, at: sealed.at, on: sealed.on,
            recordedAt: sealed.recordedAt, dataJSON: entry.dataJSON, note: entry.note,
            previousHash: entry.previousHash, outcome: outcome?.text)
        return Sealed(entry: entry, at: sealed.at, on: sealed.on, recordedAt: sealed.recordedAt)
    }

    /// A sealed entry with its instants and day as the hash covers them, for a store
    /// that keeps them as text.
    public struct Sealed: Sendable {
        public var entry: AuditEntry
        /// `entry.at` in UTC (`DeploymentZone.utcFormat`).
        public var at: String
        /// `entry.on` as `yyyy-MM-dd`.
        public var on: String
        /// `entry.recordedAt` in UTC.
        public var recordedAt: String
    }

    /// Checks a trail entry by entry, in order, without keeping it: a trail of millions
    /// takes the memory of one entry.
    public struct Verifier: Sendable {
        private var previous = AuditChain.genesis
        private var encoding = AuditChain.encodings.lowerBound
        private var checked = 0
        private var broken: Int?
        private let marked: Set<Int>
        private let last: Int?
        /// The hashes of the entries asked for when the verifier was made (a checkpoint's
        /// entries), as far as the trail verified.
        public private(set) var hashes: [Int: String] = [:]
        /// The Merkle tree of the entries verified so far, when one was asked for: each
        /// verified entry's hash is its next leaf.
        public private(set) var merkle: MerkleTree.Stream?

        /// - Parameters:
        ///   - recording: the numbers of entries whose hashes to keep (``hashes``).
        ///   - merkle: a tree to append each verified entry to, when roots or proofs are wanted.
        ///   - last: the number of the last entry to check (a checkpoint's, for a proof);
        ///     ``check(_:)`` asks to stop after it. `nil` checks to the end.
        public init(recording: Set<Int> = [], merkle: MerkleTree.Stream? = nil, through last: Int? = nil) {
            marked = recording
            self.merkle = merkle
            self.last = last
        }

        /// Checks the next entry: numbered one after the last, linked to its hash, hashed
        /// as its columns say, in a known encoding no older than the last entry's (a trail
        /// is never written back into an ambiguous encoding). Returns whether to go on
        /// (false from the first entry that does not verify, and after the last asked for).
        public mutating func check(_ entry: AuditEntry) -> Bool {
            guard broken == nil else { return false }
            checked += 1
            guard entry.seq == checked, entry.previousHash == previous,
                AuditChain.encodings.contains(entry.encoding), entry.encoding >= encoding,
                AuditChain.hash(of: entry) == entry.hash, let bytes = MerkleTree.bytes(hex: entry.hash)
            else {
                broken = entry.seq
                return false
            }
            previous = entry.hash
            encoding = entry.encoding
            if marked.contains(entry.seq) { hashes[entry.seq] = entry.hash }
            merkle?.append(entryHash: bytes)
            return entry.seq != last
        }

        /// What the trail verified so far holds at the entries asked for: their hashes, and
        /// the roots the tree kept (``MerkleTree/Stream/roots``), to hold checkpoints against.
        public func prefixes(store: String) -> TrailPrefixes {
            TrailPrefixes(
                store: store, entries: checked - (broken == nil ? 0 : 1), hashes: hashes,
                roots: (merkle?.roots ?? [:]).mapValues(MerkleTree.hex))
        }

        /// What was found: how many entries were checked, the first that does not
        /// verify, and the head's hash when all did.
        public var verification: AuditVerification {
            AuditVerification(
                entriesChecked: checked, firstBroken: broken, headHash: broken == nil && checked > 0 ? previous : nil)
        }
    }

    /// Verifies a whole trail as ``AuditRecords/eachAuditEntry(_:)`` gives it.
    public static func verify(_ trail: some AuditRecords) throws(StoreError) -> AuditVerification {
        try verify(trail, recording: []).verification
    }

    /// Verifies a trail, keeping the hashes of the entries numbered in `recording`.
    ///
    /// - Parameters:
    ///   - trail: the trail, as ``AuditRecords/eachAuditEntry(_:)`` gives it.
    ///   - recording: the numbers of entries whose hashes to keep (``Verifier/hashes``).
    ///   - merkle: a tree to build from the verified entries (``Verifier/merkle``).
    ///   - last: the number of the last entry to verify; `nil` verifies the whole trail.
    public static func verify(
        _ trail: some AuditRecords, recording: Set<Int>, merkle: MerkleTree.Stream? = nil, through last: Int? = nil
    ) throws(StoreError) -> Verifier {
        var verifier = Verifier(recording: recording, merkle: merkle, through: last)
        try trail.eachAuditEntry { verifier.check($0) }
        return verifier
    }

    /// The canonical JSON of event data: sorted keys, no insignificant whitespace.
    public static func canonicalJSON(_ data: [String: Value]) -> String {
        ValueJSON.encode(data)
    }

    /// The hash of an entry's content linked to `previousHash`, in an encoding of
    /// ``encodings`` (an unknown one is taken as the current).
    /// From encoding 3 on, `outcome` (``CaseOutcome/text`` of what the change left its case
    /// as) is hashed too; before, it is ignored.
    public static func hash(
        encoding: Int, seq: Int, kind: String, caseID: String, event: String, fromState: String?, toState: String,
        actor: String, at: String, on: String, recordedAt: String, dataJSON: String, note: String?,
        previousHash: String, outcome: String? = nil
    ) -> String {
        guard encoding != 1 else {
            return hash(
                seq: seq, kind: kind, caseID: caseID, event: event, fromState: fromState, toState: toState,
                actor: actor, at: at, on: on, recordedAt: recordedAt, dataJSON: dataJSON, note: note,
                previousHash: previousHash)
        }
        var fields = FieldHasher(encoding: encoding == 2 ? 2 : 3)
        for field in [
            String(seq), kind, caseID, event, fromState, toState, actor, at, on, recordedAt, dataJSON, note,
            previousHash,
        ] {
            fields.add(field)
        }
        if encoding != 2 { fields.add(outcome) }
        return hex(fields.sha.finalize())
    }

    /// Encodings 2 and 3: a tag naming the encoding, then each field as a type byte (0
    /// absent, 1 text) and, for text, its length in bytes (8 bytes, big-endian) and its bytes.
    private struct FieldHasher {
        var sha = SHA256()

        init(encoding: Int) { sha.update(data: Array("docket-audit-entry/\(encoding)".utf8)) }

        private static let absent: [UInt8] = [0]
        private static let text: [UInt8] = [1]

        /// Every event hashes thirteen fields: none of them allocates.
        mutating func add(_ field: String?) {
            guard var field else {
                sha.update(data: Self.absent)
                return
            }
            sha.update(data: Self.text)
            var length = UInt64(field.utf8.count).bigEndian
            withUnsafeBytes(of: &length) { sha.update(bufferPointer: $0) }
            field.withUTF8 { sha.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
    }

    /// The hash of an entry's content linked to `previousHash` in encoding 1, the fields
    /// joined by the unit separator: the encoding of trails written before encoding 2.
    public static func hash(
        seq: Int, kind: String, caseID: String, event: String, fromState: String?, toState: String, actor: String,
        at: String, on: String, recordedAt: String, dataJSON: String, note: String?, previousHash: String
    ) -> String {
        // Fields are joined with the unit separator, which no field may contain
        // unescaped: JSON escapes it, and the others are ids, times or free text
        // whose separators are replaced before hashing. Every event hashes one entry:
        // the fields go into the hasher as they are, without being joined first.
        let parts = [
            String(seq), kind, caseID, event, fromState ?? "", toState, actor, at, on, recordedAt, dataJSON, note ?? "",
            previousHash,
        ]
        var hasher = SHA256()
        for (index, part) in parts.enumerated() {
            if index > 0 { hasher.update(data: separatorBytes) }
            var part = part
            part.withUTF8 { bytes in
                if !bytes.contains(separator) {
                    hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
                    return
                }
                for byte in bytes {
                    if byte == separator { hasher.update(data: escapedSeparator) } else { hasher.update(data: [byte]) }
                }
            }
        }
        return hex(hasher.finalize())
    }

    private static let separator: UInt8 = 0x1F
    private static let separatorBytes: [UInt8] = [separator]
    private static let escapedSeparator = Array("\\u001f".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The SHA-256 of a text's UTF-8 bytes, as 64 lower-case hex digits.
    public static func sha256Hex(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The hash of a stored entry, recomputed from its columns.
    public static func hash(of entry: AuditEntry) -> String {
        hash(
            encoding: entry.encoding, seq: entry.seq, kind: entry.kind.rawValue, caseID: entry.caseID,
            event: entry.event,
            fromState: entry.fromState,
            toState: entry.toState, actor: entry.actor, at: DeploymentZone.utcFormat(entry.at),
            on: entry.on.description,
            recordedAt: DeploymentZone.utcFormat(entry.recordedAt), dataJSON: entry.dataJSON, note: entry.note,
            previousHash: entry.previousHash, outcome: entry.outcome?.text)
    }
}
