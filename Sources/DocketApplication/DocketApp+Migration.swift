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
    /// someone else since it was listed is left for a later run. The cases are listed a
    /// page at a time, so that a million take the memory of a page.
    ///
    /// - Parameters:
    ///   - request: which cases move where, and whether only to say what would change.
    ///   - caller: the administrator (once there is one) and their "now".
    ///   - progress: told how many cases are done, after each.
    ///   - each: told of every case's outcome as it happens.
    public func migrateCases(
        _ request: MigrationRequest, by caller: Caller, progress: (Int) -> Void = { _ in },
        each: (Engine.MigrationOutcome) throws -> Void
    ) throws -> MigrationSummary {
        let (person, target, workflow, organisation) = try writing {
            tx throws -> (String, WorkflowDefinition, String, String?) in
            let person = try administrator(caller, action: "case migrate", tx)
            let workflow = try workflowID(request.workflow, tx) ?? request.workflow
            guard let target = try tx.definition(workflow: workflow, version: request.toVersion) else {
                throw EngineError(.notFound(.workflow, "\(workflow) v\(request.toVersion)"))
            }
            for (_, to) in request.mapping where target.state(to) == nil {
                throw LookupError(
                    kind: .state, typed: to, suggestion: Suggestion.closest(to: to, among: target.states.map(\.id)))
            }
            for id in request.cases {
                guard let snapshot = try tx.snapshot(of: id), snapshot.workflow == workflow else {
                    throw EngineError(.notFound(.case, id))
                }
            }
            return (person, target, workflow, try organisationID(request.organisation, by: caller, tx))
        }
        var summary = MigrationSummary()
        func move(_ candidate: Candidate) throws {
            let outcome = try engine.migrate(
                caseID: candidate.id, to: target, mapping: request.mapping, actor: person, now: caller.now,
                dryRun: request.dryRun, expecting: candidate.revision)
            switch outcome {
            case .moved: summary.moved += 1
            case .cannot: summary.cannot += 1
            case .changedMeanwhile: summary.changedMeanwhile += 1
            }
            try each(outcome)
            progress(summary.moved + summary.cannot + summary.changedMeanwhile)
        }
        if !request.cases.isEmpty {
            for id in request.cases {
                guard let snapshot = try engine.read({ tx in try tx.snapshot(of: id) }) else {
                    throw EngineError(.notFound(.case, id))
                }
                try move(Candidate(id: id, revision: snapshot.revision))
            }
            return summary
        }
        var after: String?
        while true {
            let page = try reading { tx in
                try openCases(
                    CaseQuery(workflow: workflow, state: request.state, limit: Self.migrationPage, after: after),
                    under: organisation, leaving: request.toVersion, tx)
            }
            for candidate in page.open { try move(candidate) }
            guard let last = page.last else { return summary }
            after = last
        }
    }

    /// How many cases a migration lists at a time.
    static let migrationPage = 1000

    private struct Candidate {
        var id: String
        /// The revision the case was listed at: one changed since is left as it is.
        var revision: Int
    }

    /// One page of the workflow's cases in id order: the open ones not on the target
    /// version yet, and the last id of the page (`nil` when the page is empty).
    private func openCases(
        _ query: CaseQuery, under organisation: String?, leaving target: Int, _ tx: any StoreTransaction
    ) throws -> (open: [Candidate], last: String?) {
        var finals: [Int: Set<String>] = [:]
        var open: [Candidate] = []
        var last: String?
        try tx.eachCase(matching: query, under: organisation.map { [$0] }) { snapshot in
            last = snapshot.id
            guard snapshot.version != target else { return }
            if finals[snapshot.version] == nil {
                let definition = try tx.definition(workflow: snapshot.workflow, version: snapshot.version)
                finals[snapshot.version] = Set(definition?.states.filter(\.isFinal).map(\.id) ?? [])
            }
            if finals[snapshot.version]?.contains(snapshot.state) == false {
                open.append(Candidate(id: snapshot.id, revision: snapshot.revision))
            }
        }
        return (open, last)
    }
}
