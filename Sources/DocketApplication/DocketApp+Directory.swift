public import DocketCore
import DocketEngine
import Foundation

/// The organisation tree and the people in it: imports (set-up work) and look-ups, each
/// within the part of the tree the reader may see.
extension DocketApp {
    /// Checks organisation rows against the tree in the store and writes the good ones, in
    /// one transaction: a subtree's paths depend on its ancestors.
    ///
    /// - Parameters:
    ///   - atomic: write nothing when any row is refused.
    ///   - caller: the administrator, once there is one.
    ///   - check: given the tree in the store (each id's parent), the rows to write and
    ///     the rows refused.
    public func importOrganisations(
        atomic: Bool, by caller: Caller,
        _ check: ([String: String?]) -> (accepted: [Organisation], problems: [RowProblem])
    ) throws -> (accepted: [Organisation], problems: [RowProblem]) {
        try writing {
            try requireAdministrator(caller, action: "org import")
            let existing = Dictionary(
                try store.organisations().map { ($0.id, $0.parent) }, uniquingKeysWith: { first, _ in first })
            let checked = check(existing)
            if atomic && !checked.problems.isEmpty { return checked }
            if !checked.accepted.isEmpty { try store.importOrganisations(checked.accepted) }
            return checked
        }
    }

    /// The roles people may be given: those of every deployed workflow version and the
    /// administrator's; `nil` while none is deployed (any role then goes).
    func knownRoles() throws -> Set<String>? {
        let deployed = try store.deployedWorkflows()
        guard !deployed.isEmpty else { return nil }
        var roles: Set<String> = [Authorization.administratorRole, Authorization.timekeeperRole]
        for version in deployed {
            roles.formUnion(try store.definition(workflow: version.id, version: version.version)?.roles.map(\.id) ?? [])
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
        let checked = try writing { () throws -> (accepted: [Person], problems: [RowProblem]) in
            try requireAdministrator(caller, action: "person import")
            return check(Set(try store.organisations().map(\.id)), try knownRoles())
        }
        let people = Person.merged(checked.accepted)
        if atomic && !checked.problems.isEmpty { return (people.count, checked.problems) }
        func write() throws {
            for start in stride(from: 0, to: people.count, by: batchSize) {
                let end = min(start + batchSize, people.count)
                try store.atomically { try store.importPeople(Array(people[start..<end])) }
                progress(end, people.count)
            }
        }
        if atomic { try store.atomically { try write() } } else { try write() }
        return (people.count, checked.problems)
    }

    /// The reader's part of the tree (the whole tree to a reader at its top), or the
    /// subtree under `root` when it is in their part.
    public func organisationTree(under root: String?, by caller: Caller) throws -> (
        tree: OrganisationTree, roots: [Organisation]
    ) {
        let scope = try readScope(caller, requiringRole: false)
        return try reading {
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
        let organisation = try reading { try organisationID(organisation) }
        let scope = try readScope(caller, requiringRole: false)
        return try reading {
            if let organisation, !scope.covers(organisation) { throw unseen(.organisation, organisation, scope) }
            let under = organisation.map { id in scope.visible.filter { scope.tree.isUnder($0, id) } } ?? scope.visible
            var rows: [Person] = []
            for id in try store.personIDs() {
                guard let person = try store.person(id) else { continue }
                let grants = person.roles.filter {
                    under.contains($0.organisation) && (role == nil || $0.role == role)
                }
                guard !grants.isEmpty else { continue }
                rows.append(
                    Person(
                        id: person.id, name: person.name, status: person.status, skills: person.skills, roles: grants))
            }
            return (scope, rows)
        }
    }

    /// One person, with the roles the reader may see and how many open cases they carry.
    /// Someone with no role in the reader's part is not theirs to look up (the reader
    /// themself always is).
    public func person(_ id: String, by caller: Caller) throws -> (scope: ReadScope, person: Person, openCases: Int) {
        let scope = try readScope(caller, requiringRole: false)
        return try reading {
            let isReader = id == scope.person
            guard let found = try store.person(id),
                isReader || found.roles.contains(where: { scope.covers($0.organisation) })
            else { throw unseen(.person, id, scope) }
            let person = Person(
                id: found.id, name: found.name, status: found.status, skills: found.skills,
                roles: found.roles.filter { isReader || scope.covers($0.organisation) })
            return (scope, person, try store.openLoad(of: [id])[id] ?? 0)
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
        let id = try reading { try organisationID(typed) } ?? typed
        let scope = try readScope(caller, requiringRole: false)
        return try reading {
            guard scope.covers(id), let organisation = scope.tree[id] else { throw unseen(.organisation, id, scope) }
            var holders: [(Person, String)] = []
            for person in try store.personIDs() {
                guard let found = try store.person(person) else { continue }
                for grant in found.roles where grant.organisation == id { holders.append((found, grant.role)) }
            }
            var finals: [String: Set<String>] = [:]
            var open = 0
            try store.eachCase(matching: CaseQuery(organisation: id), under: nil) { snapshot in
                let key = "\(snapshot.workflow)#\(snapshot.version)"
                if finals[key] == nil {
                    let definition = try store.definition(workflow: snapshot.workflow, version: snapshot.version)
                    finals[key] = Set(definition?.states.filter(\.isFinal).map(\.id) ?? [])
                }
                if finals[key]?.contains(snapshot.state) == false { open += 1 }
            }
            return OrganisationSummary(
                scope: scope, organisation: organisation, children: scope.tree.children(of: id), holders: holders,
                openCases: open, overdue: try store.overdueCount(DeadlineQuery(organisation: id), at: caller.now))
        }
    }
}
