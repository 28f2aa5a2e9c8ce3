import DocketCore
import DocketEngine
import DocketTesting
import Foundation
import Testing

/// `write` and `read`: one transaction whose handle every read and write goes through,
/// undone whole when its body throws; no transaction inside another; a second
/// connection that sees only what is committed.
@Suite struct TransactionTests {
    struct Undo: Error {}

    @Test(
        "an error thrown inside a write transaction undoes everything written through it", arguments: StoreKind.allCases
    )
    func rollback(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let far = s.at("2030-01-01")
        #expect(throws: Undo.self) {
            try s.store.write { tx in
                let id = try s.order(in: tx).snapshot.id
                try tx.importOrganisations([
                    Organisation(id: "new-village", name: "新村", parent: "town", kind: "village")
                ])
                try tx.importPeople([
                    Person(
                        id: "p-new", name: "新人", status: .full,
                        roles: [RoleGrant(role: "member", organisation: "new-village")])
                ])
                try tx.setParameters([
                    (workflow: "service-request", parameter: "accept-within", value: "48 hours")
                ])
                try tx.saveCalendars([
                    WorkingCalendar(
                        id: "extra", title: LocalizedText(zh: "另一日历"), years: [], holidays: [], workingWeekends: [])
                ])
                _ = try tx.recordSetting(
                    AuditDraft(
                        kind: .setting, caseID: "calendar/extra", event: "calendar-year-added", fromState: nil,
                        toState: "2027", actor: "p-admin", at: s.at("2026-11-23T09:00"), on: Fixtures.day("2026-11-23"),
                        data: [:], note: nil),
                    recordedAt: s.clock.now())
                try tx.recordDenied(
                    DeniedAttempt(
                        at: s.at("2026-11-23T09:00"), recordedAt: s.clock.now(), actor: "p-outsider", action: "read",
                        caseID: id, organisation: "village", requiredRoles: []))
                // Everything is there inside the transaction…
                #expect(try tx.snapshot(of: id) != nil)
                #expect(try AuditChain.verify(tx).entriesChecked == 2)
                #expect(try tx.organisation("new-village") != nil)
                throw Undo()
            }
        }
        // …and none of it after.
        #expect(try s.store.caseCount(upTo: 10) == 0)
        #expect(try s.store.verifyAuditTrail().isIntact(entries: 0, head: try s.headHash()))
        #expect(try s.store.overdue(DeadlineQuery(), at: far).isEmpty)
        #expect(try s.store.organisation("new-village") == nil)
        #expect(try s.store.peopleStatus(among: ["p-new"]).isEmpty)
        #expect(try s.store.parameterTexts(workflow: "service-request").isEmpty)
        #expect(try s.store.calendarIDs() == ["cn-mainland"])
        #expect(try s.store.history(of: "calendar/extra").isEmpty)
        #expect(try s.store.deniedAttempts(under: nil).isEmpty)
        #expect(try s.order().snapshot.id == "SR-000001", "the number taken inside is free again")
    }

    @Test(
        "a transaction begun inside another is refused, never joined, and the outer one goes on to commit",
        arguments: StoreKind.allCases)
    func nestedIsRefused(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let id = try s.store.write { tx throws -> String in
            let id = try s.order(in: tx).snapshot.id
            #expect { try s.store.read { inner in try inner.snapshot(of: id) } } throws: {
                isStoreError($0, .internalFailure)
            }
            #expect {
                try s.fire(id, "dispatch", ["assignee": "p-member"], as: "p-clerk", at: "2026-11-23T10:00")
            } throws: { isStoreError($0, .internalFailure) }
            #expect { try s.store.snapshot(of: id) } throws: { isStoreError($0, .internalFailure) }
            // The outer transaction is untouched by the refused ones and goes on.
            _ = try s.fire(id, "dispatch", ["assignee": "p-member"], as: "p-clerk", at: "2026-11-23T10:00", in: tx)
            #expect(try tx.history(of: id).map(\.event) == ["order", "dispatch"])
            return id
        }
        let stored = try #require(try s.store.snapshot(of: id))
        #expect(stored.state == "dispatched" && stored.revision == 2 && stored.assignee == "p-member")
        #expect(try s.store.history(of: id).map(\.seq) == [1, 2])
        #expect(try s.store.verifyAuditTrail().isIntact(entries: 2, head: try s.headHash()))
        // A read transaction inside a read transaction is refused alike.
        _ = try s.store.read { _ in
            #expect { _ = try s.store.read { tx in try tx.caseCount(upTo: 10) } } throws: {
                isStoreError($0, .internalFailure)
            }
        }
    }

    @Test(
        "a read transaction refuses every write through its handle, and writes nothing", arguments: StoreKind.allCases)
    func readOnly(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        try s.store.read { tx in
            #expect {
                try tx.importOrganisations([
                    Organisation(id: "new-village", name: "新村", parent: "town", kind: "village")
                ])
            } throws: { $0 is StoreError }
            #expect { try s.order(in: tx) } throws: {
                isStoreError($0, .internalFailure) || isStoreError($0, .unavailable)
            }
        }
        #expect(try s.store.organisation("new-village") == nil)
        #expect(try s.store.caseCount(upTo: 10) == 0)
        #expect(try s.store.verifyAuditTrail().entriesChecked == 0)
    }

    @Test(
        "a companion connection sees only what is committed, and a read transaction one unchanging state",
        arguments: StoreKind.allCases)
    func companion(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let companion = try #require(try s.store.companion(), "both stores have a second connection to give")
        let id = try s.store.write { tx throws -> String in
            let id = try s.order(in: tx).snapshot.id
            #expect(try companion.snapshot(of: id) == nil, "not committed yet")
            return id
        }
        #expect(try companion.snapshot(of: id)?.state == "ordered")
        try companion.read { view in
            let before = try view.caseCount(upTo: 10)
            try s.order(on: "2026-11-23T09:05")
            #expect(try view.caseCount(upTo: 10) == before, "what was committed since is not seen")
            #expect(try s.store.caseCount(upTo: 10) == before + 1)
        }
        #expect(try companion.caseCount(upTo: 10) == 2)
    }

    @Test("many threads committing on one case at one revision: exactly one wins", arguments: StoreKind.allCases)
    func race(_ kind: StoreKind) async throws {
        let s = try Subject(kind)
        let id = try s.order().snapshot.id
        let (decision, revision) = try s.decide(
            id, "dispatch", ["assignee": "p-member"], as: "p-clerk", at: "2026-11-23T10:00")
        let store = s.store
        let recordedAt = s.clock.now()
        let wins = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (try? store.commit(decision, as: .update(expectedRevision: revision), recordedAt: recordedAt))
                        != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        #expect(try s.store.history(of: id).count == 2)
        #expect(try s.store.snapshot(of: id)?.revision == 2)
    }

    @Test(
        "a write outside any transaction that fails writes nothing: a batch with a case at an unknown organisation",
        arguments: StoreKind.allCases)
    func failedWriteWritesNothing(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        var astray = try s.decideOrder(at: "village")
        astray.snapshot.organisation = "nowhere"
        let batch = [
            EncodedCase(try s.decideOrder(at: "village"), idPrefix: "SR"),
            EncodedCase(astray, idPrefix: "SR"),
        ]
        #expect { try s.store.commitBatch(batch, recordedAt: s.clock.now()) } throws: {
            isStoreError($0, .invalidData)
        }
        #expect(try s.store.caseCount(upTo: 10) == 0)
        #expect(try s.store.verifyAuditTrail().entriesChecked == 0)
        #expect(try s.order().snapshot.id == "SR-000001")
    }
}
