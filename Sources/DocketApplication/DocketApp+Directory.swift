public import DocketCore
import DocketEngine
import Foundation

/// The organisation tree and the people in it: imports (set-up work) and look-ups, each
/// within the part of the tree the reader may see.
extension DocketApp {
    /// Checks organisation rows against the tree in the store and writes the good ones.
    ///
    /// With `atomic`, everything is one transaction. Otherwise the rows that move no
    /// existing organisation (new ones, renamed ones) are written with the check, and the
    /// moves follow in short transactions of their own, parents before children in the
    /// new tree, so that a clerk's `case start` waits for one short move rather than for
    /// a whole reorganisation (a move rewrites the path of every case beneath it). Each
    /// transaction leaves a consistent tree, and running the import again after an
    /// interruption finishes the moves that were left.
    ///
    /// - Parameters:
    ///   - atomic: write nothing when any row is refused, and everything in one transaction.
    ///   - caller: the administrator, once there is one.
    ///   - progress: called after each transaction of moves with the moves written and the total.
    ///   - check: given the tree in the store (each id's parent), the rows to write and
    ///     the rows refused.
    public func importOrganisations(
        atomic: Bool, by caller: Caller, progress: (Int, Int) -> Void = { _, _ in },
        _ check: ([String: String?]) -> (accepted: [Organisation], problems: [RowProblem])
    ) throws -> (accepted: [Organisation], problems: [RowProblem]) {
        let (checked, moves) = try writing {
            tx throws -> ((accepted: [Organisation], problems: [RowProblem]), [Organisation]) in
            try requireAdministrator(caller, action: "org import", tx)
            let existing = Dictionary(
                try tx.organisations().map { ($0.id, $0.parent) }, uniquingKeysWith: { first, _ in first })
            let checked = check(existing)
            if atomic && !checked.problems.isEmpty { return (checked, []) }
            let split =
                atomic
                ? OrganisationMoves(settled: checked.accepted, moves: [])
                : OrganisationMoves(checked.accepted, existing: existing)
            if !split.settled.isEmpty { try tx.importOrganisations(split.settled) }
            return (checked, split.moves)
        }
        let write = { (part: [Organisation], tx: any StoreTransaction) throws in
            try self.requireAdministrator(caller, action: "org import", tx)
            try tx.importOrganisations(part)
        }
        try inShortTurns(moves, progress: { _, done, all in progress(done, all) }, write)
        return checked
    }

    /// The roles of every deployed workflow version by their ids and titles: how a
    /// membership list's words (党员) become ids, and how tables show a role.
    public func roleNames() throws -> RoleNames {
        try reading { tx in try roleNames(tx) }
    }

    func roleNames(_ tx: any StoreTransaction) throws -> RoleNames {
        var definitions: [WorkflowDefinition] = []
        for version in try tx.deployedWorkflows() {
            if let definition = try tx.definition(workflow: version.id, version: version.version) {
                definitions.append(definition)
            }
        }
        return RoleNames(definitions)
    }

    /// The roles people may be given: those of every deployed workflow version and the
    /// administrator's; `nil` while none is deployed (any role then goes).
    func knownRoles(_ tx: any StoreTransaction) throws -> Set<String>? {
        let deployed = try tx.deployedWorkflows()
        guard !deployed.isEmpty else { return nil }
        var roles: Set<String> = [Authorization.administratorRole, Authorization.timekeeperRole]
        for version in deployed {
            roles.formUnion(try tx.definition(workflow: version.id, version: version.version)?.roles.map(\.id) ?? [])
        }
        return roles
    }

    /// Checks people rows against the organisations and roles in the store and writes the
    /// good ones, `batchSize` people per transaction (all in one with `atomic`). A
    /// person's rows are joined before batching, so no batch undoes another's roles.
    ///
    /// - Parameters:
    ///   - atomic: write nothing when any row is refused (and then everyone in one transaction).
    ///   - batchSize: how many people one transaction writes.
    ///   - caller: the administrator, once there is one.
    ///   - progress: called after each batch with the people written so far and the total.
    ///   - check: given the organisations and the known roles, the rows to write and the
    ///     rows refused.
    public func importPeople(
        atomic: Bool, batchSize: Int, by caller: Caller, progress: (Int, Int) -> Void = { _, _ in },
        _ check: (Set<String>, Set<String>?) -> (accepted: [Person], problems: [RowProblem])
    ) throws -> (imported: Int, problems: [RowProblem]) {
        let checked = try writing { tx throws -> (accepted: [Person], problems: [RowProblem]) in
            try requireAdministrator(caller, action: "person import", tx)
            return check(Set(try tx.organisations().map(\.id)), try knownRoles(tx))
        }
        let people = Person.merged(checked.accepted)
        if atomic && !checked.problems.isEmpty { return (people.count, checked.problems) }
        /// Writes the batches through `tx`, or each in a transaction of its own when `nil`.
        func write(in tx: (any StoreTransaction)?) throws {
            for start in stride(from: 0, to: people.count, by: batchSize) {
                let batch = Array(people[start..<min(start + batchSize, people.count)])
                if let tx { try tx.importPeople(batch) } else { try writing { tx in try tx.importPeople(batch) } }
                progress(start + batch.count, people.count)
            }
        }
        if atomic { try writing { tx in try write(in: tx) } } else { try write(in: nil) }
        return (people.count, checked.problems)
    }

    /// The reader's part of the tree (the whole tree to a reader at its top), or the
    /// subtree under `root` when it is in their part.
    public func organisationTree(under root: String?, by caller: Caller) throws -> (
        tree: OrganisationTree, roots: [Organisation]
    ) {
        return try reading { tx in
            let scope = try readScope(caller, requiringRole: false, tx)
            let tree = scope.tree
            guard let root else {
                let tops = Set(scope.roots)
                // The tops of the reader's part: where they hold a role, and nothing above it.
                let roots = tree.byID.values.filter { organisation in
                    tops.contains(organisation.id)
                        && !tree.lineage(of: organisation.id).dropFirst().contains {
                            tops.contains($0.id)
                        }
                }
                return (tree, roots.sorted { $0.id < $1.id })
            }
            guard scope.covers(root), let top = tree[root] else { throw unseen(.organisation, root, scope) }
            return (tree, [top])
        }
    }

    /// People with a role under `organisation` (all the reader sees when `nil`), holding
    /// `role` when given; each with only the roles the reader may see.
    public func people(under organisation: String?, holding role: String?, by caller: Caller) throws -> (
        scope: ReadScope, people: [Person]
    ) {
        try reading { tx in try people(under: organisation, holding: role, by: caller, tx) }
    }

    func people(under organisation: String?, holding role: String?, by caller: Caller, _ tx: any StoreTransaction)
        throws -> (scope: ReadScope, people: [Person])
    {
        let organisation = try organisationID(organisation, by: caller, tx)
        let role = try role.map { try roleID($0, tx) }
        let scope = try readScope(caller, requiringRole: false, tx)
        if let organisation, !scope.covers(organisation) { throw unseen(.organisation, organisation, scope) }
        // The subtrees to read, each one store query: the organisation asked for (inside
        // the reader's part, so all of it is theirs), or the tops of their part, which may
        // nest (a role at a township and at one of its villages).
        var found: [String: Person] = [:]
        for top in organisation.map({ [$0] }) ?? scope.roots {
            for person in try tx.people(under: top) {
                let grants = person.roles.filter { role == nil || $0.role == role }
                guard !grants.isEmpty else { continue }
                found[
                    person.id,
                    default: Person(id: person.id, name: person.name, status: person.status, skills: person.skills)
                ]
                .roles += grants
            }
        }
        // In id order as bytes, as the store lists people; each person's roles once, by
        // organisation and role, as the store lists a person's.
        let rows = found.values.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }.map { person in
            var person = person
            person.roles = Set(person.roles).sorted { a, b in
                a.organisation != b.organisation
                    ? a.organisation.utf8.lexicographicallyPrecedes(b.organisation.utf8)
                    : a.role.utf8.lexicographicallyPrecedes(b.role.utf8)
            }
            return person
        }
        return (scope, rows)
    }

    /// A role by its id or by the title of exactly one role; a title several roles have
    /// is a ``LookupError`` naming each, as is a word naming none (with the nearest id).
    func roleID(_ typed: String, _ tx: any StoreTransaction) throws -> String {
        let names = try roleNames(tx)
        switch names.match(typed) {
        case .role(let id): return id
        case .ambiguous(let ids):
            throw LookupError(
                kind: .role, typed: typed.trimmedOfSpaces,
                candidates: ids.map { LookupError.Candidate(id: $0, detail: names.titles[$0].map { [$0] } ?? []) })
        case .none:
            // No workflow deployed yet: any role goes, as at import.
            if try tx.deployedWorkflows().isEmpty { return typed.trimmedOfSpaces }
            throw LookupError(
                kind: .role, typed: typed.trimmedOfSpaces,
                suggestion: Suggestion.closest(to: typed.trimmedOfSpaces, among: names.titles.keys.sorted()))
        }
    }

    /// One person, with the roles the reader may see and how many open cases they carry.
    /// Someone with no role in the reader's part is not theirs to look up (the reader
    /// themself always is).
    public func person(_ id: String, by caller: Caller) throws -> (scope: ReadScope, person: Person, openCases: Int) {
        return try reading { tx in
            let scope = try readScope(caller, requiringRole: false, tx)
            let isReader = id == scope.person
            guard let found = try tx.person(id),
                isReader || found.roles.contains(where: { scope.covers($0.organisation) })
            else { throw unseen(.person, id, scope) }
            let person = Person(
                id: found.id, name: found.name, status: found.status, skills: found.skills,
                roles: found.roles.filter { isReader || scope.covers($0.organisation) })
            return (scope, person, try tx.openLoad(of: [id])[id] ?? 0)
        }
    }

    /// What ``organisation(_:by:)`` tells of one organisation.
    public struct OrganisationSummary: Sendable {
        public var scope: ReadScope
        public var organisation: Organisation
        public var children: [Organisation]
        /// Who holds which role there (not above or below).
        public var holders: [(person: Person, role: String)]
        /// Cases at it or below whose state is not final in their own version.
        public var openCases: Int
        /// Limits at it or below overdue at the caller's "now".
        public var overdue: Int
    }

    /// One organisation (by id or name): its place, who holds roles there, its open cases
    /// and overdue limits with those below it.
    public func organisation(_ typed: String, by caller: Caller) throws -> OrganisationSummary {
        return try reading { tx in
            let id = try organisationID(typed, by: caller, tx) ?? typed
            let scope = try readScope(caller, requiringRole: false, tx)
            guard scope.covers(id), let organisation = scope.tree[id] else { throw unseen(.organisation, id, scope) }
            var holders: [(Person, String)] = []
            for person in try tx.personIDs() {
                guard let found = try tx.person(person) else { continue }
                for grant in found.roles where grant.organisation == id { holders.append((found, grant.role)) }
            }
            var finals: [String: Set<String>] = [:]
            var open = 0
            try tx.eachCase(matching: CaseQuery(organisation: id), under: nil) { snapshot in
                let key = "\(snapshot.workflow)#\(snapshot.version)"
                if finals[key] == nil {
                    let definition = try tx.definition(workflow: snapshot.workflow, version: snapshot.version)
                    finals[key] = Set(definition?.states.filter(\.isFinal).map(\.id) ?? [])
                }
                if finals[key]?.contains(snapshot.state) == false { open += 1 }
            }
            return OrganisationSummary(
                scope: scope, organisation: organisation, children: scope.tree.children(of: id), holders: holders,
                openCases: open, overdue: try tx.overdueCount(DeadlineQuery(organisation: id), at: caller.now))
        }
    }
}

/// Organisation rows split into those that change no existing path and the moves, the
/// moves ordered parents first in the tree they make.
struct OrganisationMoves {
    var settled: [Organisation]
    var moves: [Organisation]

    init(settled: [Organisation], moves: [Organisation]) {
        self.settled = settled
        self.moves = moves
    }

    /// Splits `rows` against the parents in the store. Applying the moves parents first
    /// never makes a cycle on the way: every moved organisation's new ancestors are then
    /// in their final place already.
    init(_ rows: [Organisation], existing: [String: String?]) {
        var settled: [Organisation] = []
        var moves: [Organisation] = []
        for row in rows {
            if let parent = existing[row.id], parent != row.parent { moves.append(row) } else { settled.append(row) }
        }
        var parentOf = existing
        for row in rows { parentOf[row.id] = row.parent }
        var depthOf: [String: Int] = [:]
        /// The depth in the new tree, walked iteratively; a cycle (which the check refuses
        /// before this) stops the walk at the tree's size rather than looping.
        func depth(_ id: String) -> Int {
            var chain: [String] = []
            var current: String? = id
            while let at = current, depthOf[at] == nil, chain.count <= parentOf.count {
                chain.append(at)
                current = parentOf[at] ?? nil
            }
            var depth = current.flatMap { depthOf[$0] } ?? -1
            for at in chain.reversed() {
                depth += 1
                depthOf[at] = depth
            }
            return depthOf[id] ?? 0
        }
        let ordered = moves.enumerated().sorted { a, b in
            let (da, db) = (depth(a.element.id), depth(b.element.id))
            return da != db ? da < db : a.offset < b.offset
        }
        self.settled = settled
        self.moves = ordered.map(\.element)
    }
}
