import DocketEngine
import Testing

/// The chain's hash is a stored format: trails written by earlier versions must verify.
@Suite struct AuditChainTests {
    @Test(
        "an entry's hash is the SHA-256 of its fields joined by the unit separator, a separator inside a field escaped")
    func pinnedHash() {
        let hash = AuditChain.hash(
            seq: 7, kind: "event", caseID: "SR-000001", event: "dispatch", fromState: "ordered", toState: "dispatched",
            actor: "p-1",
            at: "2026-11-22T02:00:00Z", on: "2026-11-22", recordedAt: "2026-11-22T02:00:05Z",
            dataJSON: #"{"assignee":"p-2"}"#,
            note: "a\u{1F}note", previousHash: AuditChain.genesis)
        // Computed independently: sha256("7␟event␟SR-000001␟…␟a\u001fnote␟000…0") with ␟ = 0x1F.
        #expect(hash == "081882859774cbb76948f148c76c9a9831c6485d0cb77dc767018935ba7132c9")
    }
}
