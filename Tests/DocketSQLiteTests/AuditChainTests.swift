import DocketCore
import DocketEngine
import Foundation
import Testing

/// The chain's hash is a stored format: trails written by earlier versions must verify.
@Suite struct AuditChainTests {
    @Test(
        "an entry's hash in encoding 1 is the SHA-256 of its fields joined by the unit separator, a separator inside a field escaped"
    )
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

    @Test("an entry's hash in encoding 2 covers each field typed and length-prefixed, its bytes as they are")
    func pinnedHashOfEncoding2() {
        let hash = Self.hash(encoding: 2, note: "a\u{1F}note")
        // Computed independently (Python's hashlib): sha256("docket-audit-entry/2" + for each field
        // 0x01, its UTF-8 length as 8 bytes big-endian, its bytes; 0x00 for an absent field).
        #expect(hash == "5531e19e21138410832f36da319bccc47828ea84ab0d08870ac21397f270cb95")
    }

    @Test("an entry's hash in encoding 3 covers the fields of encoding 2 and the outcome of the change, absent or text")
    func pinnedHashOfEncoding3() {
        let outcome = CaseOutcome(
            workflow: "service-request", version: 1, organisation: "village", assignee: "p-2",
            dataHash: AuditChain.sha256Hex(#"{"assignee":"p-2"}"#))
        #expect(
            outcome.text
                == #"{"assignee":"p-2","data":"74e001cb3819e114df82b7d0ed10de394a50429e3dbd5ecdce63bd523dd30d73","organisation":"village","version":1,"workflow":"service-request"}"#
        )
        #expect(CaseOutcome(text: outcome.text) == outcome)
        // Computed independently (Python's hashlib): as encoding 2 with the tag
        // "docket-audit-entry/3" and the outcome's text as a fourteenth field.
        #expect(
            Self.hash(encoding: 3, note: "a\u{1F}note", outcome: outcome.text)
                == "befccbe815dcc9f3c4887b156524023c5f2356baee4a8d843bd2a4ad2b273d20")
        #expect(
            Self.hash(encoding: 3, note: "a\u{1F}note", outcome: nil)
                == "c7cf8e0f1790e436b0a87c3a971f1daa49cf984c7542d37c96e3b32d143f66d3")
        #expect(AuditChain.currentEncoding == 3, "new entries record what they left their case as")
    }

    @Test(
        "encoding 1 hashes a missing note like an empty one, and a raw 0x1F like its escape; encoding 2 tells them apart"
    )
    func ambiguitiesOfEncoding1() {
        #expect(Self.hash(encoding: 1, note: nil) == Self.hash(encoding: 1, note: ""))
        #expect(Self.hash(encoding: 1, note: "a\u{1F}b") == Self.hash(encoding: 1, note: "a\\u001fb"))
        #expect(Self.hash(encoding: 2, note: nil) != Self.hash(encoding: 2, note: ""))
        #expect(Self.hash(encoding: 2, note: "a\u{1F}b") != Self.hash(encoding: 2, note: "a\\u001fb"))
        // A from-state that is absent (a start) and one that is empty text differ too.
        #expect(Self.hash(encoding: 2, fromState: nil) != Self.hash(encoding: 2, fromState: ""))
        // And text moved from one field to the next no longer hashes alike.
        #expect(Self.hash(encoding: 2, note: "x", actor: "p-1") != Self.hash(encoding: 2, note: "", actor: "p-1x"))
    }

    @Test("a trail verifies each entry under the encoding it was written with, and refuses a step back to encoding 1")
    func mixedTrail() throws {
        let first = AuditChain.seal(Self.draft(note: "旧"), recordedAt: Self.instant, after: nil).entry
        // An entry written before encoding 2, as an old trail holds it.
        var old = first
        old.encoding = 1
        old.hash = AuditChain.hash(of: old)
        let head = AuditChain.Head(seq: old.seq, hash: old.hash)
        let next = AuditChain.seal(Self.draft(note: "新"), recordedAt: Self.instant, after: head).entry
        #expect(next.encoding == 3 && next.previousHash == old.hash)
        var verifier = AuditChain.Verifier()
        let (oldChecks, nextChecks) = (verifier.check(old), verifier.check(next))
        #expect(oldChecks && nextChecks)
        #expect(verifier.verification.isIntact && verifier.verification.headHash == next.hash)

        // The second entry rewritten into the ambiguous encoding, its hash recomputed: refused.
        var downgraded = next
        downgraded.encoding = 1
        downgraded.hash = AuditChain.hash(of: downgraded)
        var again = AuditChain.Verifier()
        let firstChecks = again.check(first)
        let downgradedChecks = again.check(downgraded)
        #expect(firstChecks && !downgradedChecks)
        #expect(again.verification.firstBroken == 2)

        // An encoding no version of Docket wrote is refused too.
        var unknown = first
        unknown.encoding = 9
        var third = AuditChain.Verifier()
        let unknownChecks = third.check(unknown)
        #expect(!unknownChecks && third.verification.firstBroken == 1)
    }

    private static let instant = Date(timeIntervalSince1970: 1_795_000_000)

    private static func draft(note: String?) -> AuditDraft {
        AuditDraft(
            kind: .event, caseID: "SR-000001", event: "dispatch", fromState: "ordered", toState: "dispatched",
            actor: "p-1", at: instant, on: CivilDate(daysSinceEpoch: 20_500), data: [:], note: note)
    }

    private static func hash(
        encoding: Int, note: String? = "n", fromState: String? = "ordered", actor: String = "p-1",
        outcome: String? = nil
    ) -> String {
        AuditChain.hash(
            encoding: encoding, seq: 7, kind: "event", caseID: "SR-000001", event: "dispatch", fromState: fromState,
            toState: "dispatched", actor: actor, at: "2026-11-22T02:00:00Z", on: "2026-11-22",
            recordedAt: "2026-11-22T02:00:05Z", dataJSON: #"{"assignee":"p-2"}"#, note: note,
            previousHash: AuditChain.genesis, outcome: outcome)
    }
}
