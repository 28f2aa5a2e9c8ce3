import DocketCore
import DocketEngine

/// What people type for the filters of lists, counts and reports, turned into ids before
/// anything is read: a workflow or state by id or title, an organisation by id or name, a
/// person by id or name. A name that names nothing is a ``LookupError`` with the nearest
/// id, never an empty list that tells a supervisor nothing is overdue.
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

    /// The filter with every name turned into its id.
    public func resolve(_ typed: TypedFilter) throws -> TypedFilter {
        try reading { tx in try resolve(typed, tx) }
    }

    func resolve(_ typed: TypedFilter, _ tx: any StoreTransaction) throws -> TypedFilter {
        let workflow = try workflowID(typed.workflow, tx)
        return TypedFilter(
            workflow: workflow, state: try stateID(typed.state, workflow: workflow, tx),
            organisation: try organisationID(typed.organisation, tx), person: try personID(typed.person, tx))
    }

    func workflowID(_ typed: String?, _ tx: any StoreTransaction) throws -> String? {
        guard let typed = typed?.trimmedOfSpaces else { return nil }
        let deployed = try tx.deployedWorkflows()
        // An id first; then a title only one workflow has, in its newest version.
        if deployed.contains(where: { $0.id == typed }) { return typed }
        let newest = Dictionary(
            deployed.map { ($0.id, $0) }, uniquingKeysWith: { a, b in a.version >= b.version ? a : b })
        let titled = newest.values.filter { $0.title.isNamed(typed) }
        if titled.count == 1 { return titled[0].id }
        throw LookupError(
            kind: .workflow, typed: typed, suggestion: Suggestion.closest(to: typed, among: deployed.map(\.id)))
    }

    /// A state of `workflow` (of any deployed workflow when `nil`), by id or by a title
    /// that only one state has.
    func stateID(_ typed: String?, workflow: String?, _ tx: any StoreTransaction) throws -> String? {
        guard let typed = typed?.trimmedOfSpaces else { return nil }
        var states: [StateDefinition] = []
        for id in try workflow.map({ [$0] }) ?? tx.deployedWorkflows().map(\.id) {
            states += try tx.definition(workflow: id, version: nil)?.states ?? []
        }
        if states.contains(where: { $0.id == typed }) { return typed }
        let byTitle = Set(states.filter { $0.title.isNamed(typed) }.map(\.id))
        if byTitle.count == 1, let id = byTitle.first { return id }
        throw LookupError(
            kind: .state, typed: typed, suggestion: Suggestion.closest(to: typed, among: Array(Set(states.map(\.id)))))
    }

    /// An organisation by id, or by a name that only one organisation has.
    func organisationID(_ typed: String?, _ tx: any StoreTransaction) throws -> String? {
        guard let typed = typed?.trimmedOfSpaces else { return nil }
        if try tx.organisation(typed) != nil { return typed }
        let all = try tx.organisations()
        let named = all.filter { $0.name == typed }
        if named.count == 1 { return named[0].id }
        throw LookupError(
            kind: .organisation, typed: typed, suggestion: Suggestion.closest(to: typed, among: all.map(\.id)))
    }

    /// A person by id, or by a name that only one person has.
    func personID(_ typed: String?, _ tx: any StoreTransaction) throws -> String? {
        guard let typed = typed?.trimmedOfSpaces else { return nil }
        if try tx.person(typed) != nil { return typed }
        let ids = try tx.personIDs()
        let named = try ids.filter { try tx.person($0)?.name == typed }
        if named.count == 1 { return named[0] }
        throw LookupError(kind: .person, typed: typed, suggestion: Suggestion.closest(to: typed, among: ids))
    }

    /// An organisation a case is started at: its id as typed (the engine judges whether
    /// the caller may act there), or a name that only one organisation in the caller's part
    /// of the tree has. A name matched nowhere in their part, or by several there, is a
    /// ``LookupError`` whose suggestion comes from their part alone: nothing outside it is
    /// named, and a namesake outside it makes no difference.
    func organisationInScope(_ typed: String, by caller: Caller, _ tx: any StoreTransaction) throws -> String {
        let text = typed.trimmedOfSpaces
        if try tx.organisation(text) != nil { return text }
        let (tree, isInPart) = try partOfTree(caller, tx)
        let part = tree.byID.values.filter { isInPart($0.id) }
        let named = part.filter { $0.name == text }
        if named.count == 1 { return named[0].id }
        throw LookupError(
            kind: .organisation, typed: text,
            suggestion: named.isEmpty ? Suggestion.closest(to: text, among: part.map(\.id)) : nil)
    }

    /// The input with each person field given by a name turned into that person's id,
    /// when exactly one person holding a role in the caller's part of the tree has it: a
    /// clerk dispatching to 李明 need not know `p-li`. A value that is an id, or a name
    /// nobody or several people in their part have, is left for the rules to judge (they
    /// name the field); people outside the caller's part are never matched.
    func withPeopleByName(
        _ input: [String: String], definition: WorkflowDefinition, by caller: Caller, _ tx: any StoreTransaction
    ) throws -> [String: String] {
        var result = input
        var byName: [String: [String]]?
        for (key, value) in input {
            guard let id = definition.fieldID(named: key), definition.field(id)?.type == .person else { continue }
            let typed = value.trimmedOfSpaces
            guard !typed.isEmpty, try tx.person(typed) == nil else { continue }
            if byName == nil { byName = try peopleByName(in: caller, tx) }
            if let ids = byName?[typed], ids.count == 1 { result[key] = ids[0] }
        }
        return result
    }

    /// The people holding a role in the caller's part of the tree, by name.
    private func peopleByName(in caller: Caller, _ tx: any StoreTransaction) throws -> [String: [String]] {
        let (_, isInPart) = try partOfTree(caller, tx)
        var byName: [String: [String]] = [:]
        for id in try tx.personIDs() {
            guard let person = try tx.person(id), person.roles.contains(where: { isInPart($0.organisation) }) else {
                continue
            }
            byName[person.name, default: []].append(id)
        }
        return byName
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
