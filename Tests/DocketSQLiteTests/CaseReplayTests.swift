import DocketCore
import DocketEngine
import DocketSQLite
import DocketTesting
import Foundation
import GRDB
import Testing

/// Someone who can write to the store changes the `cases` table behind the trail's back:
/// the replay of every case from its trail names each case whose row disagrees.
@Suite struct CaseReplayTests {
    /// A case ordered, dispatched to p-2 and another only ordered; their ids.
    private static func twoCases(_ f: StoreFixture) throws -> (dispatched: String, ordered: String) {
        let first = try f.order().snapshot.id
        _ = try f.engine.fire(
            caseID: first, request: EventRequest(event: "dispatch", input: ["assignee": "p-2"], actor: "p-1"),
            now: f.at("2026-11-22T10:00"))
        let second = try f.order().snapshot.id
        return (first, second)
    }

    private static func tamper(_ f: StoreFixture, _ sql: String, _ arguments: StatementArguments = []) throws {
        try f.rawDatabase().write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    @Test("rows written by Docket agree with their trail, every case replayed from entries that record their outcome")
    func untouchedStoreAgrees() throws {
        let f = try StoreFixture()
        let (dispatched, _) = try Self.twoCases(f)
        _ = try f.engine.fire(
            caseID: dispatched, request: EventRequest(event: "escalate", input: ["reason": "村里解决不了"], actor: "p-1"),
            now: f.at("2026-11-22T11:00"))
        let replay = try f.store.read { tx in try CaseReplay.replay(tx) }
        #expect(replay.casesChecked == 2 && replay.agrees && replay.comparedOnStateOnly == 0)
        let outcome = try #require(try f.store.history(of: dispatched).last?.outcome)
        #expect(outcome.organisation == "town" && outcome.workflow == "service-request")
    }

    @Test("a case's state changed in the cases table only is named, with the row's state and the trail's")
    func stateChangedInRowOnly() throws {
        let f = try StoreFixture()
        let (dispatched, _) = try Self.twoCases(f)
        try Self.tamper(f, "UPDATE cases SET state = 'completed' WHERE id = ?", [dispatched])
        let replay = try f.store.read { tx in try CaseReplay.replay(tx) }
        #expect(
            replay.disagreements == [
                CaseDisagreement(caseID: dispatched, differences: [.state(row: "completed", trail: "dispatched")])
            ])
        #expect(try f.store.verifyAuditTrail().isIntact, "the chain alone does not see it")
    }

    @Test("a case's assignee changed in the cases table only is named, with both people")
    func assigneeChangedInRowOnly() throws {
        let f = try StoreFixture()
        let (dispatched, ordered) = try Self.twoCases(f)
        try Self.tamper(f, "UPDATE cases SET assignee = 'p-1' WHERE id = ?", [dispatched])
        try Self.tamper(f, "UPDATE cases SET assignee = 'p-2' WHERE id = ?", [ordered])
        let replay = try f.store.read { tx in try CaseReplay.replay(tx) }
        #expect(
            replay.disagreements == [
                CaseDisagreement(caseID: dispatched, differences: [.assignee(row: "p-1", trail: "p-2")]),
                CaseDisagreement(caseID: ordered, differences: [.assignee(row: "p-2", trail: nil)]),
            ])
    }

    @Test("a case moved, its data edited, its limits rewritten, its row deleted or one inserted: each is named")
    func otherEditsOfTheRows() throws {
        let f = try StoreFixture()
        let (dispatched, ordered) = try Self.twoCases(f)
        try Self.tamper(f, "UPDATE cases SET organisation = 'other-town' WHERE id = ?", [dispatched])
        try Self.tamper(f, "UPDATE cases SET data = replace(data, '漏水', '没事') WHERE id = ?", [ordered])
        try Self.tamper(f, "UPDATE deadlines SET assignee = 'p-1' WHERE case_id = ?", [ordered])
        let rule = try #require(try f.store.deadlines(of: ordered).first?.rule)
        var replay = try f.store.read { tx in try CaseReplay.replay(tx) }
        #expect(
            replay.disagreements == [
                CaseDisagreement(caseID: dispatched, differences: [.organisation(row: "other-town", trail: "village")]),
                CaseDisagreement(
                    caseID: ordered,
                    differences: [.data] + (try f.store.deadlines(of: ordered)).map { .limit(rule: $0.rule) }),
            ])
        #expect(!rule.isEmpty)

        try Self.tamper(f, "DELETE FROM deadlines WHERE case_id = ?", [ordered])
        try Self.tamper(f, "DELETE FROM cases WHERE id = ?", [ordered])
        try Self.tamper(
            f,
            """
            INSERT INTO cases (id, workflow, version, state, organisation, org_path, data, records, last_step_on,
                               opened_at, updated_at, revision)
            SELECT 'SR-000099', workflow, version, state, organisation, org_path, data, records, last_step_on,
                   opened_at, updated_at, revision FROM cases WHERE id = ?
            """, [dispatched])
        replay = try f.store.read { tx in try CaseReplay.replay(tx) }
        #expect(replay.disagreements.map(\.caseID) == [dispatched, ordered, "SR-000099"])
        #expect(replay.disagreements.dropFirst().map(\.differences) == [[.noRow(state: "ordered")], [.noTrail]])
    }

    @Test(
        "the last entries deleted and the row rolled back: the chain is intact and the rows agree, and the checkpoint says what happened"
    )
    func truncatedAndRolledBack() throws {
        let f = try StoreFixture()
        let id = try f.order().snapshot.id
        // The forger keeps the case as it stood before the step they will remove.
        try Self.tamper(f, "CREATE TABLE kept_cases AS SELECT * FROM cases WHERE id = ?", [id])
        try Self.tamper(f, "CREATE TABLE kept_deadlines AS SELECT * FROM deadlines WHERE case_id = ?", [id])
        _ = try f.engine.fire(
            caseID: id, request: EventRequest(event: "dispatch", input: ["assignee": "p-2"], actor: "p-1"),
            now: f.at("2026-11-22T10:00"))
        let head = try f.store.verifyAuditTrail()
        let keys = AuditCheckpoint.newKeyPair()
        // A checkpoint of version 1 (no Merkle root), as Docket signed before: still held against the trail.
        let checkpoint = try AuditCheckpoint.signed(
            store: try f.store.storeIdentifier(), seq: head.entriesChecked, headHash: try #require(head.headHash),
            merkleRoot: nil, at: Date(timeIntervalSince1970: 1_800_000_000), privateKey: keys.privateKey)

        // A lazy forger removes the entry and leaves the row: the replay names the case.
        try Self.tamper(f, "DROP TRIGGER audit_no_delete")
        try Self.tamper(f, "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)")
        let lazy = try f.store.read { tx in try CaseReplay.replay(tx) }
        let differences = try #require(lazy.disagreements.first { $0.caseID == id }).differences
        #expect(differences.starts(with: [.state(row: "dispatched", trail: "ordered"), .revision(row: 2, trail: 1)]))
        #expect(differences.contains(.assignee(row: "p-2", trail: nil)) && differences.contains(.data))

        // A careful one rolls the row and its limits back too: everything agrees, but the
        // checkpoint made before is no longer on the trail.
        try Self.tamper(f, "DELETE FROM deadlines WHERE case_id = ?", [id])
        try Self.tamper(f, "DELETE FROM cases WHERE id = ?", [id])
        try Self.tamper(f, "INSERT INTO cases SELECT * FROM kept_cases")
        try Self.tamper(f, "INSERT INTO deadlines SELECT * FROM kept_deadlines")
        let careful = try f.store.read { tx in try CaseReplay.replay(tx) }
        #expect(careful.agrees && careful.casesChecked == 1)
        let verifier = try f.store.read { tx in try AuditChain.verify(tx, recording: [checkpoint.seq]) }
        #expect(verifier.verification.isIntact)
        let mismatch = AuditChain.firstMismatch(
            of: [checkpoint], publicKey: keys.publicKey, trail: verifier.prefixes(store: try f.store.storeIdentifier()))
        #expect(mismatch?.reason == .missing(entries: head.entriesChecked - 1))
    }

    @Test(
        "an outcome written beside an entry older than encoding 3 is not believed: such a case is compared on its state"
    )
    func outcomeOfAnOlderEntryIgnored() throws {
        let f = try StoreFixture()
        let id = try f.order().snapshot.id
        // The entry taken back to encoding 2 (whose hash does not cover an outcome), and an
        // outcome claiming another organisation written beside it.
        let claimed = CaseOutcome(
            workflow: "service-request", version: 1, organisation: "other-town", assignee: nil, dataHash: "")
        try Self.tamper(f, "DROP TRIGGER audit_no_update")
        try Self.tamper(f, "UPDATE audit SET encoding = 2, outcome = ? WHERE case_id = ?", [claimed.text, id])
        let replay = try f.store.read { tx in try CaseReplay.replay(tx) }
        #expect(replay.agrees && replay.comparedOnStateOnly == 1)
        #expect(try f.store.history(of: id).first?.outcome == nil)
    }
}
