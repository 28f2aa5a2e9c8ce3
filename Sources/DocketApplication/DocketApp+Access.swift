import DocketCore
import DocketEngine
import Foundation

/// Who may do what: the checks every operation makes before it reads or writes.
extension DocketApp {
    /// The person acting, who must be named, not be the timers' identity, and be in the store.
    public func actor(_ caller: Caller, action: String) throws -> String {
        try reading { tx in try actor(caller, action: action, tx) }
    }

    func actor(_ caller: Caller, action: String, _ tx: any StoreTransaction) throws -> String {
        guard let person = caller.person else { throw AccessError(.noPerson, person: "", action: action) }
        guard person != EventRequest.systemActor else {
            throw AccessError(.systemPerson, person: person, action: action)
        }
        guard try tx.person(person) != nil else {
            throw AccessError(.unknownPerson, person: person, action: action)
        }
        return person
    }

    /// Set-up work (deploy, imports, configure, calendars) needs the administrator role at
    /// the top of the tree once anyone holds it; before that the store is being set up
    /// and anyone may, named or not.
    ///
    /// - Returns: the person acting, checked, once an administrator is needed; `nil`
    ///   before (the person named may not be imported yet).
    @discardableResult
    func requireAdministrator(_ caller: Caller, action: String, _ tx: any StoreTransaction) throws -> String? {
        guard try tx.hasAdministrator() else { return nil }
        return try requireTopRole(
            [Authorization.administratorRole], caller, action: action, code: .notAdministrator, tx)
    }

    /// The person doing set-up work that the trail names: the administrator once there is
    /// one, else whoever is named (and in the store).
    func administrator(_ caller: Caller, action: String, _ tx: any StoreTransaction) throws -> String {
        try requireAdministrator(caller, action: action, tx) ?? actor(caller, action: action, tx)
    }

    /// Work over the whole tree (set-up, the timers, the trail) needs one of `roles` at the
    /// top of the tree; the refusal is recorded.
    ///
    /// - Returns: the person acting.
    func requireTopRole(
        _ roles: Set<String>, _ caller: Caller, action: String, code: AccessError.Code = .needsTopRole,
        _ tx: any StoreTransaction
    ) throws -> String {
        let person = try actor(caller, action: action, tx)
        let tops = try tx.organisations().filter { $0.parent == nil }.sorted { $0.id < $1.id }
        for top in tops where !roles.isDisjoint(with: try tx.roles(of: person, over: top.id)) { return person }
        throw AccessError(
            code, person: person, action: action, subject: tops.first?.id,
            attempt: attempt(
                by: person, action: action, caseID: nil, organisation: tops.first?.id, required: roles.sorted(),
                now: caller.now))
    }

    /// The reader's part of the tree.
    ///
    /// - Parameters:
    ///   - caller: the reader.
    ///   - action: what they are doing, as a refusal names it.
    ///   - requiringRole: refuse someone who holds no role anywhere (for lists of cases
    ///     and limits: they have nothing to read); a look-up of people or organisations
    ///     answers them as it answers anyone outside.
    public func readScope(_ caller: Caller, action: String = "read", requiringRole: Bool = true) throws -> ReadScope {
        try reading { tx in try readScope(caller, action: action, requiringRole: requiringRole, tx) }
    }

    func readScope(_ caller: Caller, action: String = "read", requiringRole: Bool = true, _ tx: any StoreTransaction)
        throws -> ReadScope
    {
        let (person, roots) = try readRoots(caller, action: action, requiringRole: requiringRole, tx)
        return ReadScope(person: person, roots: roots, tree: OrganisationTree(try tx.organisations()))
    }

    /// The reader and the organisations where they hold a role (the tops of what they may
    /// read), without the tree: what a list needs, read on every call.
    func readRoots(_ caller: Caller, action: String = "read", requiringRole: Bool = true, _ tx: any StoreTransaction)
        throws -> (person: String, roots: [String])
    {
        let person = try actor(caller, action: action, tx)
        let roots = try tx.scopeRoots(of: person)
        guard !roots.isEmpty || !requiringRole else { throw AccessError(.noRole, person: person, action: action) }
        return (person, roots)
    }

    /// The organisations a read of `requested` covers for the reader: `requested` itself
    /// when they hold a role over it, else the tops of their part that lie under it; all
    /// of their part when nothing is requested. Refused, and recorded, when none.
    ///
    /// The whole tree is read only for a request above the reader's part: a list in a
    /// county of thousands of organisations does not load them all to be scoped.
    func readOrganisations(_ caller: Caller, under requested: String?, _ tx: any StoreTransaction) throws -> (
        person: String, under: [String]
    ) {
        let (person, roots) = try readRoots(caller, tx)
        guard let requested else { return (person, roots) }
        if try !tx.roles(of: person, over: requested).isEmpty { return (person, [requested]) }
        let tree = OrganisationTree(try tx.organisations())
        let inside = roots.filter { tree.isUnder($0, requested) }
        guard inside.isEmpty else { return (person, inside) }
        throw AccessError(
            .outsideScope, person: person, action: "read", subject: requested,
            attempt: attempt(
                by: person, action: "read", caseID: nil, organisation: requested, required: [], now: caller.now))
    }

    /// Something asked for by id that the reader may not see or that is not there: "not
    /// found" to someone who reads the whole tree, else a refusal told alike for both.
    func unseen(_ kind: EngineError.Kind, _ id: String, _ scope: ReadScope) -> any Error {
        if scope.wholeTree { return EngineError(.notFound(kind, id)) }
        return AccessError(.unseen, person: scope.person, action: "read", subject: id, subjectKind: kind)
    }

    func attempt(
        by person: String, action: String, caseID: String?, organisation: String?, required: [String], now: Date
    ) -> DeniedAttempt {
        DeniedAttempt(
            at: now, recordedAt: recordingClock(), actor: person, action: action, caseID: caseID,
            organisation: organisation, requiredRoles: required)
    }

    /// Records the refused attempt an error carries, in a transaction of its own (the
    /// refused operation's is rolled back), and passes the error on.
    func recordingRefusal<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as AccessError {
            if let attempt = error.attempt { try store.write { tx in try tx.recordDenied(attempt) } }
            throw error
        }
    }
}
