public import DocketCore

/// A new case as a bulk write takes it: the decision, the prefix of the id the store
/// will give it, and its texts already encoded (the case's data and earlier steps, and
/// the audit entry's data in the canonical form the chain hashes).
///
/// A bulk import encodes on the thread that decides, which has time to spare, so that
/// the one thread that writes does only the writing.
public struct EncodedCase: Sendable {
    public let decision: Decision
    public let idPrefix: String
    public let dataJSON: String
    public let recordsJSON: String
    public let auditDataJSON: String

    public init(_ decision: Decision, idPrefix: String) {
        self.decision = decision
        self.idPrefix = idPrefix
        dataJSON = ValueJSON.encode(decision.snapshot.data)
        recordsJSON = ValueJSON.encode(records: decision.snapshot.records)
        // A new case's entry usually records exactly the data the case starts with.
        auditDataJSON =
            decision.audit.data == decision.snapshot.data ? dataJSON : AuditChain.canonicalJSON(decision.audit.data)
    }
}

/// A decided change of an existing case, with its texts already encoded: what a storm
/// of timers hands from the thread that decides to the one that writes.
public struct EncodedUpdate: Sendable {
    public let decision: Decision
    /// The revision the decision was made on; the case must still be at it.
    public let expectedRevision: Int
    public let dataJSON: String
    public let recordsJSON: String
    public let auditDataJSON: String

    public init(_ decision: Decision, expectedRevision: Int) {
        self.decision = decision
        self.expectedRevision = expectedRevision
        dataJSON = ValueJSON.encode(decision.snapshot.data)
        recordsJSON = ValueJSON.encode(records: decision.snapshot.records)
        auditDataJSON = AuditChain.canonicalJSON(decision.audit.data)
    }
}
