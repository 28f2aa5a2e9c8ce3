public import DocketCore
public import DocketEngine
public import Foundation

// MARK: Definitions

extension InMemoryTransaction {
    public func deploy(_ definition: WorkflowDefinition, source: String, at: Date) throws(StoreError) -> DeployOutcome {
        try writeState("workflow \(definition.id) v\(definition.version)") { (state) throws(StoreError) in
            if let existing = state.definitions[definition.id]?[definition.version] {
                guard existing.definition == definition else {
                    throw StoreError(
                        .versionConflict,
                        "\(definition.id) version \(definition.version) is already deployed with different content; raise its version",
                        subject: .versionConflict(workflow: definition.id, version: definition.version))
                }
                return .unchanged
            }
            state.definitions[definition.id, default: [:]][definition.version] = State.Deployed(
                definition: definition, deployedAt: at)
            return .deployed
        }
    }

    public func definition(workflow: String, version: Int?) throws(StoreError) -> WorkflowDefinition? {
        try readState { state in
            guard let versions = state.definitions[workflow] else { return nil }
            guard let version = version ?? versions.keys.max() else { return nil }
            return versions[version]?.definition
        }
    }

    /// Every version of every workflow, by workflow (as bytes) and version. The title is
    /// the Chinese one, as the SQLite store keeps it.
    public func deployedWorkflows() throws(StoreError) -> [DeployedWorkflow] {
        try readState { state in
            state.definitions.flatMap { workflow, versions in
                versions.map { version, deployed in
                    DeployedWorkflow(
                        id: workflow, version: version, title: LocalizedText(zh: deployed.definition.title.zh),
                        deployedAt: deployed.deployedAt)
                }
            }
            .sorted { a, b in a.id != b.id ? a.id.precedesAsBytes(b.id) : a.version < b.version }
        }
    }

    public func latestVersion(of workflow: String) throws(StoreError) -> Int? {
        try readState { $0.definitions[workflow]?.keys.max() }
    }

    public func parameterTexts(workflow: String) throws(StoreError) -> [String: String] {
        try readState { $0.parameters[workflow] ?? [:] }
    }

    public func setParameters(_ values: [(workflow: String, parameter: String, value: String)]) throws(StoreError) {
        try writeState("parameters") { state in
            for item in values { state.parameters[item.workflow, default: [:]][item.parameter] = item.value }
        }
    }
}

// MARK: Directory

extension InMemoryTransaction {
    /// Adds or updates organisations, all at once: parents may come before or after their
    /// children, every parent must exist here or in the store, and the tree may not hold a
    /// cycle; otherwise nothing changes.
    public func importOrganisations(_ organisations: [Organisation]) throws(StoreError) {
        try writeState("organisations") { (state) throws(StoreError) in
            var all = state.organisations
            for organisation in organisations { all[organisation.id] = organisation }
            var paths: [String: String] = [:]
            func path(_ id: String, _ seen: Set<String>) throws(StoreError) -> String {
                if let known = paths[id] { return known }
                guard !seen.contains(id) else {
                    throw StoreError(
                        .invalidData, "the organisation tree has a cycle through \(id)", subject: .organisationCycle(id)
                    )
                }
                let result: String
                if let parent = all[id]?.parent {
                    guard all[parent] != nil else {
                        throw StoreError(
                            .invalidData, "organisation \(id) names parent \(parent), which does not exist",
                            subject: .missingParent(organisation: id, parent: parent))
                    }
                    result = try path(parent, seen.union([id])) + id + "/"
                } else {
                    result = "/" + id + "/"
                }
                paths[id] = result
                return result
            }
            for id in all.keys.sorted(by: { $0.precedesAsBytes($1) }) { _ = try path(id, []) }
            state.organisations = all
            state.paths = paths
        }
    }

    /// Adds or replaces people and their grants (rows of one person are merged); a grant
    /// at an organisation that does not exist is refused.
    public func importPeople(_ people: [Person]) throws(StoreError) {
        try writeState("people") { (state) throws(StoreError) in
            for person in Person.merged(people) {
                for grant in person.roles where state.organisations[grant.organisation] == nil {
                    throw StoreError(
                        .invalidData,
                        "person \(person.id) holds \(grant.role) at \(grant.organisation), which does not exist",
                        subject: .roleAtUnknownOrganisation(
                            person: person.id, organisation: grant.organisation, role: grant.role))
                }
                var stored = person
                stored.roles = Set(person.roles).sorted { a, b in
                    a.organisation != b.organisation
                        ? a.organisation.precedesAsBytes(b.organisation) : a.role.precedesAsBytes(b.role)
                }
                state.people[person.id] = stored
            }
        }
    }

    public func organisation(_ id: String) throws(StoreError) -> Organisation? {
        try readState { $0.organisations[id] }
    }

    /// Every organisation, in tree order: by path, as bytes.
    public func organisations() throws(StoreError) -> [Organisation] {
        try readState { state in
            state.organisations.values.sorted { (state.paths[$0.id] ?? "").precedesAsBytes(state.paths[$1.id] ?? "") }
        }
    }

    public func peopleStatus(among ids: Set<String>) throws(StoreError) -> [String: Person.Status] {
        try readState { state in
            var statuses: [String: Person.Status] = [:]
            for id in ids { if let person = state.people[id] { statuses[id] = person.status } }
            return statuses
        }
    }

    public func existingOrganisations(among ids: Set<String>) throws(StoreError) -> Set<String> {
        try readState { state in ids.filter { state.organisations[$0] != nil } }
    }

    public func personIDs() throws(StoreError) -> [String] {
        try readState { $0.people.keys.sorted { $0.precedesAsBytes($1) } }
    }

    /// A person with their grants (by organisation and role), if they are in the store.
    public func person(_ id: String) throws(StoreError) -> Person? {
        try readState { $0.people[id] }
    }
}

// MARK: Permissions

extension InMemoryTransaction {
    public func roles(of person: String, over organisation: String) throws(StoreError) -> Set<String> {
        try readState { state in
            guard let target = state.paths[organisation], let grants = state.people[person]?.roles else { return [] }
            // A grant counts where the target lies within its organisation's subtree.
            let held = grants.filter { state.paths[$0.organisation].map(target.isWithin) ?? false }
            return Set(held.map(\.role))
        }
    }

    public func roles(of person: String) throws(StoreError) -> Set<String> {
        try readState { Set(($0.people[person]?.roles ?? []).map(\.role)) }
    }

    /// The topmost of the organisations where a person holds a role, in tree order.
    public func scopeRoots(of person: String) throws(StoreError) -> [String] {
        try readState { state in
            let places = Set((state.people[person]?.roles ?? []).map(\.organisation))
                .compactMap { id in state.paths[id].map { (id: id, path: $0) } }
                .sorted { $0.path.precedesAsBytes($1.path) }
            var roots: [(id: String, path: String)] = []
            for place in places where !roots.contains(where: { place.path.isWithin($0.path) }) { roots.append(place) }
            return roots.map(\.id)
        }
    }

    public func hasAdministrator() throws(StoreError) -> Bool {
        try readState { state in
            state.people.values.contains { $0.roles.contains { $0.role == Authorization.administratorRole } }
        }
    }

    public func recordDenied(_ attempt: DeniedAttempt) throws(StoreError) {
        try writeState("a refused attempt") { state in
            var recorded = attempt
            recorded.seq = state.denied.count + 1
            let placed = attempt.organisation.map { state.organisations[$0] != nil } ?? false
            state.denied.append(State.Denial(attempt: recorded, placed: placed))
        }
    }

    /// Refused attempts under an organisation's subtree, oldest first; under a root, also
    /// those that belong to no organisation (a case that is not there).
    public func deniedAttempts(under organisation: String?) throws(StoreError) -> [DeniedAttempt] {
        try readState { state in
            guard let organisation else { return state.denied.map(\.attempt) }
            guard let root = state.paths[organisation] else { return [] }
            let isRoot = state.organisations[organisation]?.parent == nil
            return state.denied.filter { denial in
                guard denial.placed, let placedAt = denial.attempt.organisation else { return isRoot }
                return state.isUnder(placedAt, anyOf: [root])
            }
            .map(\.attempt)
        }
    }

    public func grants(of role: String) throws(StoreError) -> [(person: String, organisation: String)] {
        try readState { state in
            state.people.values.flatMap { person in
                person.roles.filter { $0.role == role }.map { (person: person.id, organisation: $0.organisation) }
            }
            .sorted { a, b in
                a.person != b.person
                    ? a.person.precedesAsBytes(b.person) : a.organisation.precedesAsBytes(b.organisation)
            }
        }
    }

    public func people(holding role: String, over organisation: String) throws(StoreError) -> [Person] {
        try readState { state in
            guard let target = state.paths[organisation] else { return [] }
            return state.people.values.filter { person in
                person.roles.contains { grant in
                    grant.role == role && (state.paths[grant.organisation].map(target.isWithin) ?? false)
                }
            }
            .sorted { $0.id.precedesAsBytes($1.id) }
            .map { Person(id: $0.id, name: $0.name, status: $0.status, skills: $0.skills) }
        }
    }

    public func openLoad(of people: [String]) throws(StoreError) -> [String: Int] {
        try readState { state in
            let wanted = Set(people)
            guard !wanted.isEmpty else { return [:] }
            // A state is final if it is in any deployed version of its workflow.
            var finals = Set<String>()
            for (workflow, versions) in state.definitions {
                for deployed in versions.values {
                    for step in deployed.definition.states where step.isFinal {
                        finals.insert("\(workflow)/\(step.id)")
                    }
                }
            }
            var load: [String: Int] = [:]
            for stored in state.cases.values {
                let snapshot = stored.snapshot
                guard let assignee = snapshot.assignee, wanted.contains(assignee),
                    !finals.contains("\(snapshot.workflow)/\(snapshot.state)")
                else { continue }
                load[assignee, default: 0] += 1
            }
            return load
        }
    }
}
