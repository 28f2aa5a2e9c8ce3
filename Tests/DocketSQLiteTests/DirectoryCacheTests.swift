import DocketCore
import DocketEngine
import DocketSQLite
import DocketTesting
import Foundation
import Testing

/// The store keeps organisations, roles, people and parameter values between events;
/// whatever changes them must show at the next event.
@Suite struct DirectoryCacheTests {
    static func isRefusal(_ error: any Error) -> Bool {
        guard let error = error as? EngineError, case .refused = error.reason else { return false }
        return true
    }

    @Test(
        "a role taken away by another process is refused at the next event of a process that has been acting all along")
    func changedByAnotherConnection() throws {
        let f = try StoreFixture()
        _ = try f.order()
        _ = try f.order()
        let other = try SQLiteStore.open(path: f.store.path, create: false)
        try other.importPeople([
            Person(id: "p-1", name: "甲", status: .full, roles: [RoleGrant(role: "member", organisation: "county")])
        ])
        #expect(performing: { try f.order() }, throws: Self.isRefusal)
        // And given back, it is permitted again.
        try other.importPeople([
            Person(id: "p-1", name: "甲", status: .full, roles: [RoleGrant(role: "intake", organisation: "county")])
        ])
        _ = try f.order()
    }

    @Test("an organisation moved by this process places the next case under its new parent")
    func movedHere() throws {
        let f = try StoreFixture()
        let before = try f.order(at: "village")
        try f.store.importOrganisations([Organisation(id: "village", name: "村", parent: "other-town", kind: "village")])
        let after = try f.order(at: "village")
        let late = f.at("2027-06-01T09:00")
        let underOther = Set(try f.store.overdue(DeadlineQuery(organisation: "other-town"), at: late).map(\.caseID))
        #expect(underOther == [before.snapshot.id, after.snapshot.id])
        #expect(try f.store.overdue(DeadlineQuery(organisation: "town"), at: late).isEmpty)
    }

    @Test("a directory change undone with its transaction leaves nothing of it behind")
    func rolledBack() throws {
        let f = try StoreFixture()
        _ = try f.order()
        struct Undo: Error {}
        #expect(throws: Undo.self) {
            try f.store.write { tx in
                try tx.importPeople([
                    Person(
                        id: "p-1", name: "甲", status: .full, roles: [RoleGrant(role: "member", organisation: "county")])
                ])
                // Inside, the change is seen...
                #expect(try tx.roles(of: "p-1", over: "village") == ["member"])
                throw Undo()
            }
        }
        // ...and after the rollback it is gone, for reads and for events.
        #expect(try f.store.roles(of: "p-1", over: "village") == ["intake", "branch-dispatcher"])
        _ = try f.order()
    }

    @Test("a parameter value configured while the process runs, here or in another process, sets the next limit")
    func parameterChanged() throws {
        let f = try StoreFixture()
        func acceptLimit(_ hours: Double) throws {
            let started = try f.order()
            let dispatched = try f.engine.fire(
                caseID: started.snapshot.id,
                request: EventRequest(event: "dispatch", input: ["assignee": "p-2"], actor: "p-1"),
                now: f.at("2026-11-22T10:00"))
            #expect(
                dispatched.deadlines.first { $0.rule == "accept-limit" }?.dueAt
                    == f.at("2026-11-22T10:00").addingTimeInterval(hours * 3600))
        }
        try acceptLimit(24)
        try f.store.setParameters([("service-request", "accept-within", "12 hours")])
        try acceptLimit(12)
        let other = try SQLiteStore.open(path: f.store.path, create: false)
        try other.setParameters([("service-request", "accept-within", "36 hours")])
        try acceptLimit(36)
    }
}
