import DocketCore
public import DocketEngine

/// Why a dispatch could not be worked out.
public struct DispatchError: Error, Sendable {
    /// A struct over a private enum, so that kinds can be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable { case notAssignable, notAssigning, alreadyChosen, noCandidate }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The case cannot be assigned in its present state.
        public static let notAssignable = Code(.notAssignable)
        /// The event asked to choose an assignee does not assign the case.
        public static let notAssigning = Code(.notAssigning)
        /// The assignee was asked to be chosen and was also given.
        public static let alreadyChosen = Code(.alreadyChosen)
        /// No member could take the case.
        public static let noCandidate = Code(.noCandidate)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var caseID: String
    public var event: String?
    /// For `.alreadyChosen`, the field that holds the assignee.
    public var field: String?

    public init(_ code: Code, caseID: String, event: String? = nil, field: String? = nil) {
        self.code = code
        self.caseID = caseID
        self.event = event
        self.field = field
    }
}

/// Who could take a request: shared by `dispatch suggest` and firing with `--auto`.
extension DocketApp {
    /// The members who could take a case, best first (the engine's `DispatchAdvisor` ranks them).
    public func dispatchCandidates(caseID: String, by caller: Caller) throws -> [DispatchAdvisor.Candidate] {
        return try writing { tx in
            let reader = try actor(caller, action: "read", tx)
            let (snapshot, definition) = try engine.read(caseID, by: reader, now: caller.now, in: tx)
            return try candidates(for: snapshot, definition, tx)
        }
    }

    /// The event that assigns the case in its state (`dispatch`), if any.
    static func assigningEvent(_ snapshot: CaseSnapshot, _ definition: WorkflowDefinition) -> EventDefinition? {
        definition.events(from: snapshot.state).first { $0.assigns != nil && !$0.timerOnly }
    }

    /// The candidates: people holding, over the case's organisation, a role of the events
    /// that follow the assignment (accepting it) and not of the assignment itself.
    func candidates(for snapshot: CaseSnapshot, _ definition: WorkflowDefinition, _ tx: any StoreTransaction) throws
        -> [DispatchAdvisor.Candidate]
    {
        guard let assigning = Self.assigningEvent(snapshot, definition) else {
            throw DispatchError(.notAssignable, caseID: snapshot.id)
        }
        let next = assigning.target.possibleStates.flatMap { definition.events(from: $0) }.filter { !$0.timerOnly }
        let roles = Set(next.flatMap(\.roles)).subtracting(assigning.roles)
        var members: [String: Person] = [:]
        for role in roles.sorted() {
            for person in try tx.people(holding: role, over: snapshot.organisation) { members[person.id] = person }
        }
        var category: [String] = []
        // The field the workflow declares as the request's category (its service-report
        // section); without one, no skill is matched.
        if let declared = definition.serviceReport?.category, let field = definition.field(declared),
            case .text(let id) = snapshot.data[declared]
        {
            category =
                [id]
                + (field.choices.first { $0.id == id }.map { [$0.title.zh] + ($0.title.en.map { [$0] } ?? []) } ?? [])
        }
        let people = members.values.sorted { $0.id < $1.id }
        return DispatchAdvisor.rank(category: category, members: people, load: try tx.openLoad(of: people.map(\.id)))
    }
}
