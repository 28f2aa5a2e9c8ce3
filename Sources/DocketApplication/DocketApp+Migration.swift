import DocketCore
public import DocketEngine

/// Moving running cases to a new version of their workflow (set-up work).
extension DocketApp {
    /// Which cases move where.
    public struct MigrationRequest: Sendable, Hashable {
        public var workflow: String
        public var toVersion: Int
        /// Old state id → new state id; a state in both versions maps to itself.
        public var mapping: [String: String]
        /// Only cases under this organisation (by id or name), in this state, or these cases.
        public var organisation: String?
        public var state: String?
        public var cases: [String]
        /// Say what would change, and write nothing.
        public var dryRun: Bool

        public init(
            workflow: String, toVersion: Int, mapping: [String: String] = [:], organisation: String? = nil,
            state: String? = nil, cases: [String] = [], dryRun: Bool
        ) {
            self.workflow = workflow
            self.toVersion = toVersion
            self.mapping = mapping
            self.organisation = organisation
            self.state = state
            self.cases = cases
            self.dryRun = dryRun
        }
    }

    /// How many cases moved (or would), could not, or changed meanwhile.
    public struct MigrationSummary: Sendable, Hashable {
        public var moved = 0
        public var cannot = 0
        public var changedMeanwhile = 0
    }

    /// Moves the open cases a request selects to the target version, each in its own
    /// transaction with its audit entry (or, in a dry run, says what would change).
    ///
    /// Every mapping is checked against the target version before any case is touched. A
    /// case that cannot move is reported with why and left as it is; one changed by
    /// someone else since it was listed is left for a later run.
    ///
    /// - Parameters:
    ///   - request: which cases move where, and whether only to say what would change.
    ///   - caller: the administrator (once there is one) and their "now".
    ///   - progress: told how many of how many cases are done, after each.
    ///   - each: told of every case's outcome as it happens.
    public func migrateCases(
        _ request: MigrationRequest, by caller: Caller, progress: (Int, Int) -> Void = { _, _ in },
        each: (Engine.MigrationOutcome) throws -> Void
    ) throws -> MigrationSummary {
        let (person, target, selected) = try writing {
            () throws -> (String, WorkflowDefinition, [(id: String, revision: Int)]) in
            let person = try administrator(caller, action: "case migrate")
            let workflow = try workflowID(request.workflow) ?? request.workflow
            guard let target = try store.definition(workflow: workflow, version: request.toVersion) else {
                throw EngineError(.notFound(.workflow, "\(workflow) v\(request.toVersion)"))
            }
            for (_, to) in request.mapping where target.state(to) == nil {
                throw LookupError(
                    kind: .state, typed: to, suggestion: Suggestion.closest(to: to, among: target.states.map(\.id)))
            }
            return (person, target, try migrationCandidates(request, workflow: workflow))
        }
        var summary = MigrationSummary()
        for (index, candidate) in selected.enumerated() {
            let outcome = try engine.migrate(
                caseID: candidate.id, to: target, mapping: request.mapping, actor: person, now: caller.now,
                dryRun: request.dryRun, expecting: candidate.revision)
            switch outcome {
            case .moved: summary.moved += 1
            case .cannot: summary.cannot += 1
            case .changedMeanwhile: summary.changedMeanwhile += 1
            }
            try each(outcome)
            progress(index + 1, selected.count)
        }
        return summary
    }

    /// The open cases of the workflow the request selects, with the revision each was
    /// listed at, in id order; those on the target version already are left out.
    private func migrationCandidates(_ request: MigrationRequest, workflow: String) throws -> [(
        id: String, revision: Int
    )] {
        var finals: [Int: Set<String>] = [:]
        func isOpen(_ snapshot: CaseSnapshot) throws -> Bool {
            if finals[snapshot.version] == nil {
                let definition = try store.definition(workflow: snapshot.workflow, version: snapshot.version)
                finals[snapshot.version] = Set(definition?.states.filter(\.isFinal).map(\.id) ?? [])
            }
            return finals[snapshot.version]?.contains(snapshot.state) == false
        }
        var selected: [(id: String, revision: Int)] = []
        if !request.cases.isEmpty {
            for id in request.cases {
                guard let snapshot = try store.snapshot(of: id), snapshot.workflow == workflow else {
                    throw EngineError(.notFound(.case, id))
                }
                selected.append((id, snapshot.revision))
            }
            return selected
        }
        let organisation = try organisationID(request.organisation)
        try store.eachCase(
            matching: CaseQuery(workflow: workflow, state: request.state), under: organisation.map { [$0] }
        ) { snapshot in
            guard snapshot.version != request.toVersion, try isOpen(snapshot) else { return }
            selected.append((snapshot.id, snapshot.revision))
        }
        return selected
    }
}
