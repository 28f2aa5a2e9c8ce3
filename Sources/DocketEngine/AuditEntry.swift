public import DocketCore
public import Foundation

/// One line of the append-only audit trail, numbered and chained by hash.
public struct AuditEntry: Sendable, Hashable {
    public var seq: Int
    public var kind: AuditDraft.Kind
    public var caseID: String
    public var event: String
    public var fromState: String?
    public var toState: String
    public var actor: String
    /// Business time: the command's "now".
    public var at: Date
    public var on: CivilDate
    /// When the entry was actually written.
    public var recordedAt: Date
    /// The given fields as canonical JSON (sorted keys), exactly as hashed.
    public var dataJSON: String
    public var note: String?
    public var previousHash: String
    public var hash: String
    /// How the entry's fields went into its hash (``AuditChain/encodings``): the trail
    /// verifies each entry under the encoding it was written with.
    public var encoding: Int
    /// What the change left its case as (encoding 3 on; `nil` for a setting, and for
    /// entries written before): what `audit verify` compares the case's row with.
    public var outcome: CaseOutcome?

    public init(
        seq: Int, kind: AuditDraft.Kind, caseID: String, event: String, fromState: String?, toState: String,
        actor: String,
        at: Date, on: CivilDate, recordedAt: Date, dataJSON: String, note: String?, previousHash: String, hash: String,
        encoding: Int = AuditChain.currentEncoding, outcome: CaseOutcome? = nil
    ) {
        self.outcome = outcome
        self.seq = seq
        self.kind = kind
        self.caseID = caseID
        self.event = event
        self.fromState = fromState
        self.toState = toState
        self.actor = actor
        self.at = at
        self.on = on
        self.recordedAt = recordedAt
        self.dataJSON = dataJSON
        self.note = note
        self.previousHash = previousHash
        self.hash = hash
        self.encoding = encoding
    }
}

/// The outcome of checking the whole chain.
public struct AuditVerification: Sendable, Hashable {
    public var entriesChecked: Int
    /// The first entry whose hash or link does not verify, if any.
    public var firstBroken: Int?
    /// The hash of the last entry checked, when the chain is intact: the head a county
    /// writes down (in a report, to the level above) to compare later.
    public var headHash: String?
    /// What replaying every case from the intact trail found (``CaseReplay``); `nil` when
    /// no replay was asked for, or the chain is broken (a broken trail says nothing).
    public var replay: CaseReplay.Summary?
    /// Whether the chain verifies; the replay's findings are apart (``CaseReplay/Summary/agrees``).
    public var isIntact: Bool { firstBroken == nil }

    public init(entriesChecked: Int, firstBroken: Int?, headHash: String? = nil) {
        self.entriesChecked = entriesChecked
        self.firstBroken = firstBroken
        self.headHash = headHash
    }
}
