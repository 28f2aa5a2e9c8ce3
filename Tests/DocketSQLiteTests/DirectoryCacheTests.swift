import DocketCore
import DocketEngine
import DocketSQLite
import Foundation
import Testing

/// The store keeps organisations, roles, people and parameter values between events;
/// whatever changes them must show at the next event.
@Suite struct DirectoryCacheTests {
    static func isRefusal(_ error: any Error) -> Bool {
        guard let error = error as? EngineError, case .refused = error.reason else { return false }
        return true
    }

    @Test("a role taken away by another process is refused at the next event of a process that has been acting all along")
    func changedByAnotherConnection() throws {
        let f = try StoreFixture()
        _ = try f.order()
        _ = try f.order()
        let other = try SQLiteStore.open(path: f.store.path, create: false)
        try other.importPeople([Person(id: "p-1", name: "甲", status: .full, roles: [RoleGrant(role: "member", organisation: "county")])])
        #expect(performing: { try f.order() }, throws: Self.isRefusal)
        // And given back, it is permitted again.
        try other.importPeople([Person(id: "p-1", name: "甲", status: .full, roles: [RoleGrant(role: "intake", organisation: "county")])])
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
            try f.store.atomically {
                try f.store.importPeople([Person(id: "p-1", name: "甲", status: .full, roles: [RoleGrant(role: "member", organisation: "county")])])
                // Inside, the change is seen...
                #expect(try f.store.roles(of: "p-1", over: "village") == ["member"])
                throw Undo()
            }
        }
        // ...and after the rollback it is gone, for reads and for events.
        #expect(try f.store.roles(of: "p-1", over: "village") == ["intake", "branch-dispatcher"])
        _ = try f.order()
    }
}
