import DocketCore
import DocketEngine

/// What people type for the filters of lists, counts and reports, turned into ids before
/// anything is read: a workflow or state by id or title, an organisation by id or name, a
/// person by id or name. A name that names nothing is a ``LookupError`` with the nearest
/// id, never an empty list that tells a supervisor nothing is overdue; a name that names
/// several is one listing them, never a guess.
extension DocketApp {
    /// The filters of a list, each as typed (`nil` for none).
    public struct TypedFilter: Sendable, Hashable {
        public var workflow: String?
        public var state: String?
        public var organisation: String?
        public var person: String?

        public init(workflow: String? = nil, state: String? = nil, organisation: String? = nil, person: String? = nil) {
            self.workflow = workflow
            self.state = state
            self.organisation = organisation
            self.person = person
        }
    }

    /// The filter with every name turned into its id; organisations and people are
    /// matched by name within the caller's part of the tree.
    public func resolve(_ typed: TypedFilter, by caller: Caller) throws -> TypedFilter {
        try reading { tx in try resolve(typed, by: caller, tx) }
    }

    func resolve(_ typed: TypedFilter, by caller: Caller, _ tx: any StoreTransaction) throws -> TypedFilter {
        let workflow = try workflowID(typed.workflow, tx)
        return TypedFilter(
            workflow: workflow, state: try stateID(typed.state, workflow: workflow, tx),
            organisation: try organisationID(typed.organisation, by: caller, tx),
            person: try personID(typed.person, by: caller, tx))
    }

    func workflowID(_ typed: String?, _ tx: any StoreTransaction) throws -> String? {
        guard let typed = typed?.trimmedOfSpaces else { return nil }
        let deployed = try tx.deployedWorkflows()
        // An id first; then a title only one workflow has, in its newest version.
        if deployed.contains(where: { $0.id == typed }) { return typed }
        let newest = Dictionary(
            deployed.map { ($0.id, $0) }, uniquingKeysWith: { a, b in a.version >= b.version ? a : b })
        let titled = newest.values.filter { $0.title.isNamed(typed) }.sorted { $0.id < $1.id }
        if titled.count == 1 { return titled[0].id }
        if titled.count > 1 {
            throw LookupError(
                kind: .workflow, typed: typed,
                candidates: titled.map { LookupError.Candidate(id: $0.id, detail: [$0.title]) })
        }
        throw LookupError(
            kind: .workflow, typed: typed, suggestion: Suggestion.closest(to: typed, among: deployed.map(\.id)))
    }

    /// A state of `workflow` (of any deployed workflow when `nil`), by id or by a title
    /// that only one state has; a title several states have is refused naming each with
    /// the workflows it is a state of.
    func stateID(_ typed: String?, workflow: String?, _ tx: any StoreTransaction) throws -> String? {
        guard let typed = typed?.trimmedOfSpaces else { return nil }
        var states: [(workflow: String, state: StateDefinition)] = []
        for id in try workflow.map({ [$0] }) ?? tx.deployedWorkflows().map(\.id) {
            states += try (tx.definition(workflow: id, version: nil)?.states ?? []).map { (id, $0) }
        }
        if states.contains(where: { $0.state.id == typed }) { return typed }
        let byTitle = states.filter { $0.state.title.isNamed(typed) }
        let ids = Array(Set(byTitle.map(\.state.id))).sorted()
        if ids.count == 1 { return ids[0] }
        if ids.count > 1 {
            throw LookupError(
                kind: .state, typed: typed,
                candidates: ids.map { id in
                    let matches = byTitle.filter { $0.state.id == id }
                    let workflows = Set(matches.map(\.workflow)).sorted().joined(separator: ", ")
                    return LookupError.Candidate(
                        id: id, detail: [matches[0].state.title, LocalizedText(zh: workflows)])
                })
        }
        throw LookupError(
            kind: .state, typed: typed,
            suggestion: Suggestion.closest(to: typed, among: Array(Set(states.map(\.state.id)))))
    }

    /// An organisation by id (the caller's right to it is judged where it is used), or by
    /// a name that only one organisation in the caller's part of the tree has. A name
    /// matched nowhere in their part, or by several there, is a ``LookupError`` naming
    /// only organisations of their part: nothing outside it is named, and a namesake
    /// outside it makes no difference.
    func organisationID(_ typed: String?, by caller: Caller, _ tx: any StoreTransaction) throws -> String? {
        guard let typed = typed?.trimmedOfSpaces else { return nil }
        if try tx.organisation(typed) != nil { return typed }
        let (tree, isInPart) = try partOfTree(caller, tx)
        let part = tree.byID.values.filter { isInPart($0.id) }
        let named = part.filter { $0.name == typed }.sorted { $0.id < $1.id }
        if named.count == 1 { return named[0].id }
        if named.count > 1 {
            // 东村 under 城关镇 and 东村 under 河口镇: each with its parent's name.
            throw LookupError(
                kind: .organisation, typed: typed,
                candidates: named.map { organisation in
                    let parent = organisation.parent.flatMap { tree[$0]?.name }
                    return LookupError.Candidate(
                        id: organisation.id,
                        detail: [LocalizedText(zh: organisation.name)] + (parent.map { [LocalizedText(zh: $0)] } ?? []))
                })
        }
        throw LookupError(
            kind: .organisation, typed: typed, suggestion: Suggestion.closest(to: typed, among: part.map(\.id)))
    }

    /// A person by id, or by a name that only one person holding a role in the caller's
    /// part of the tree has; several such people with the name are a ``LookupError``
    /// naming each with where they hold their roles.
    func personID(_ typed: String?, by caller: Caller, _ tx: any StoreTransaction) throws -> String? {
        guard let typed = typed?.trimmedOfSpaces else { return nil }
        if try tx.person(typed) != nil { return typed }
        let (tree, byName) = try peopleByName(in: caller, tx)
        if let id = try personNamed(typed, among: byName, tree) { return id }
        throw LookupError(
            kind: .person, typed: typed,
            suggestion: Suggestion.closest(to: typed, among: byName.values.flatMap { $0.map(\.id) }))
    }

    /// The id of the one person of `byName` called `name`; `nil` for nobody, and a
    /// ``LookupError`` listing them when several are.
    private func personNamed(_ name: String, among byName: [String: [Person]], _ tree: OrganisationTree) throws
        -> String?
    {
        guard let people = byName[name], !people.isEmpty else { return nil }
        if people.count == 1 { return people[0].id }
        throw LookupError(
            kind: .person, typed: name,
            candidates: people.sorted { $0.id < $1.id }.map { person in
                // 李明 of 东村第一网格 and 李明 of 西村: told apart by where they hold roles.
                var places: [String] = []
                for grant in person.roles {
                    let place = tree[grant.organisation]?.name ?? grant.organisation
                    if !places.contains(place) { places.append(place) }
                }
                return LookupError.Candidate(
                    id: person.id,
                    detail: [LocalizedText(zh: person.name), LocalizedText(zh: places.joined(separator: "、"))])
            })
    }

    /// The workflow's event a clerk means by `typed` in a case in `state` (`nil` for a new
    /// case): its id, or a title only one of its events has; when several share the
    /// title, the one of them that can fire from `state` (that starts a case). Several
    /// left is a ``LookupError`` naming them; a title no event has is left as typed, for
    /// the engine to refuse with the possible events.
    func eventID(_ typed: String, in definition: WorkflowDefinition, state: String?) throws -> String {
        let text = typed.trimmedOfSpaces
        if definition.event(text) != nil { return text }
        var titled = definition.events.filter { $0.title.isNamed(text) }
        if titled.count > 1 {
            let possible = state.map { definition.events(from: $0) } ?? definition.startEvents
            let here = titled.filter { event in possible.contains { $0.id == event.id } }
            if !here.isEmpty { titled = here }
        }
        if titled.count > 1 {
            throw LookupError(
                kind: .event, typed: text,
                candidates: titled.map { LookupError.Candidate(id: $0.id, detail: [$0.title]) })
        }
        return titled.first?.id ?? typed
    }

    /// Refuses input naming a field by a title several of the workflow's fields have,
    /// naming each: the core would otherwise call it no field at all.
    func checkFieldTitles(_ input: [String: String], in definition: WorkflowDefinition) throws {
        for key in input.keys.sorted() where definition.fieldID(named: key) == nil {
            let titled = definition.fields.filter { $0.title.isNamed(key) }
            guard titled.count > 1 else { continue }
            throw LookupError(
                kind: .field, typed: key.trimmedOfSpaces,
                candidates: titled.map { LookupError.Candidate(id: $0.id, detail: [$0.title]) })
        }
    }

    /// The input with each person field given by a name turned into that person's id,
    /// when exactly one person holding a role in the caller's part of the tree has it: a
    /// clerk dispatching to 李明 need not know `p-li`. A name several people there have is
    /// a ``LookupError`` naming each; a value that is an id, or a name nobody there has,
    /// is left for the rules to judge (they name the field). People outside the caller's
    /// part are never matched.
    func withPeopleByName(
        _ input: [String: String], definition: WorkflowDefinition, by caller: Caller, _ tx: any StoreTransaction
    ) throws -> [String: String] {
        try checkFieldTitles(input, in: definition)
        var result = input
        var directory: (tree: OrganisationTree, byName: [String: [Person]])?
        for (key, value) in input.sorted(by: { $0.key < $1.key }) {
            guard let id = definition.fieldID(named: key), definition.field(id)?.type == .person else { continue }
            let typed = value.trimmedOfSpaces
            guard !typed.isEmpty, try tx.person(typed) == nil else { continue }
            if directory == nil { directory = try peopleByName(in: caller, tx) }
            if let directory, let person = try personNamed(typed, among: directory.byName, directory.tree) {
                result[key] = person
            }
        }
        return result
    }

    /// The people holding a role in the caller's part of the tree, by name, each with
    /// the roles they hold there; and the tree.
    private func peopleByName(in caller: Caller, _ tx: any StoreTransaction) throws -> (
        tree: OrganisationTree, byName: [String: [Person]]
    ) {
        let (tree, isInPart) = try partOfTree(caller, tx)
        var byName: [String: [Person]] = [:]
        for id in try tx.personIDs() {
            guard var person = try tx.person(id) else { continue }
            person.roles = person.roles.filter { isInPart($0.organisation) }
            guard !person.roles.isEmpty else { continue }
            byName[person.name, default: []].append(person)
        }
        return (tree, byName)
    }

    /// The tree, and whether an organisation lies in the caller's part of it: what a name
    /// typed by the caller may be matched against.
    private func partOfTree(_ caller: Caller, _ tx: any StoreTransaction) throws -> (
        tree: OrganisationTree, isInPart: (String) -> Bool
    ) {
        let (_, roots) = try readRoots(caller, requiringRole: false, tx)
        let tree = OrganisationTree(try tx.organisations())
        let tops = Set(roots)
        return (tree, { tree.isUnder($0, anyOf: tops) })
    }
}
