public import DocketCore
public import DocketEngine
public import Foundation

/// Puts a case's organisation in a report's group: the organisation of kind `kind` above
/// it (township, village, …), or without a kind the top of the reader's part it lies
/// under. A case under neither goes in the group with an empty id, named `unplaced`.
public struct ReportGrouping: Sendable {
    public let tree: OrganisationTree
    public let kind: String?
    public let scope: [String]
    public let unplaced: String

    public init(tree: OrganisationTree, kind: String?, scope: [String], unplaced: String) {
        self.tree = tree
        self.kind = kind
        self.scope = scope
        self.unplaced = unplaced
    }

    public func group(of id: String) -> (id: String, name: String) {
        let tops = Set(scope)
        let found = tree.nearest(above: id) { organisation in
            // Stores imported before kinds were read as counties write them may hold 村.
            if let kind { return OrganisationKind.canonical(organisation.kind) == kind }
            return tops.contains(organisation.id)
        }
        return found.map { ($0.id, $0.name) } ?? ("", unplaced)
    }
}

/// The supervisors' reports, over the caller's part of the tree.
extension DocketApp {
    /// How a report groups its cases and what it covers.
    public struct ReportSpan: Sendable, Hashable {
        /// The organisation (with its subtree) as typed; `nil` for all the reader sees.
        public var organisation: String?
        /// Group by the organisations of this kind above each case.
        public var groupKind: String?
        /// The name of the group of cases under no organisation of that kind (words are
        /// the front end's).
        public var unplaced: String

        public init(organisation: String?, groupKind: String?, unplaced: String) {
            self.organisation = organisation
            self.groupKind = groupKind
            self.unplaced = unplaced
        }
    }

    private func grouping(_ span: ReportSpan, by caller: Caller, _ tx: any StoreTransaction) throws -> ReportGrouping {
        let organisation = try organisationID(span.organisation, by: caller, tx)
        let (_, under) = try readOrganisations(caller, under: organisation, tx)
        let tree = OrganisationTree(try tx.organisations())
        return ReportGrouping(
            tree: tree, kind: span.groupKind.map(OrganisationKind.canonical), scope: under, unplaced: span.unplaced)
    }

    /// Cases at each stage and state per group, what happened in `year`, the median days
    /// per state, and the cases overdue.
    public func stageReport(workflow: String, year: Int?, _ span: ReportSpan, by caller: Caller) throws -> StageReport {
        try reading { tx in
            let definition = try self.definition(workflow, version: nil, tx)
            let grouping = try grouping(span, by: caller, tx)
            var builder = StageReportBuilder(
                definition: definition, year: year ?? zone.date(of: caller.now).year, group: grouping.group)
            try tx.eachStateChange(workflow: definition.id, under: grouping.scope, overdueAt: caller.now) {
                builder.add($0)
            }
            return builder.finish()
        }
    }

    /// The service requests ordered from `from` to `to` and what became of them, per group.
    public func serviceReport(
        workflow: String, from: CivilDate, to: CivilDate, _ span: ReportSpan, by caller: Caller
    ) throws -> (ServiceReport, WorkflowDefinition) {
        try reading { tx in
            let definition = try self.definition(workflow, version: nil, tx)
            guard definition.serviceReport != nil else {
                throw UndeclaredError(workflow: definition.id, section: "service-report")
            }
            let grouping = try grouping(span, by: caller, tx)
            let parameters = TransitionEnvironment(
                now: caller.now, zone: zone, parameterOverrides: try engine.parameterOverrides(for: definition, in: tx)
            ).parameters(of: definition)
            var builder = ServiceReport.Builder(
                definition: definition, from: from, to: to, zone: zone,
                calendar: try engine.calendar(for: definition, in: tx), parameters: parameters, group: grouping.group)
            // Case by case: a county's years of requests are never all in memory.
            try tx.eachCaseHistory(workflow: definition.id, under: grouping.scope, openedFrom: builder.earliest) {
                history, organisation in
                builder.add(history, organisation: organisation)
            }
            return (builder.finish(), definition)
        }
    }

    /// The refused attempts on cases under `organisation` (all the reader sees when `nil`),
    /// oldest first.
    public func deniedAttempts(under organisation: String?, by caller: Caller) throws -> [DeniedAttempt] {
        try reading { tx in
            let organisation = try organisationID(organisation, by: caller, tx)
            let (_, under) = try readOrganisations(caller, under: organisation, tx)
            var attempts: [DeniedAttempt] = []
            for root in under { attempts += try tx.deniedAttempts(under: root) }
            return attempts.sorted { $0.seq < $1.seq }
        }
    }

    /// Checks the whole audit hash chain, then replays every case from the intact trail
    /// and compares it with the case's row and limits (`AuditVerification.replay`). The
    /// trail covers the whole tree, so checking it needs a role at the top (the
    /// administrator's, or a read-only supervisor's there).
    public func verifyAuditTrail(by caller: Caller) throws -> AuditVerification {
        try reading { tx in
            try trailReader(caller, action: "audit verify", tx)
            var verification = try AuditChain.verify(tx)
            if verification.isIntact { verification.replay = try CaseReplay.replay(tx) }
            return verification
        }
    }

    /// Checks the whole chain and that it passes through every checkpoint, in the order
    /// given (see `AuditChain.firstMismatch(of:publicKey:trail:)`): its entry's hash and,
    /// for a checkpoint of version 2, the Merkle root of the trail up to it. Then replays
    /// every case from the trail (`AuditVerification.replay`).
    ///
    /// - Returns: the chain's verification, and the first checkpoint it does not pass
    ///   through (`nil` when it passes through all, or when the chain itself is broken).
    public func verifyAuditTrail(checkpoints: [AuditCheckpoint], publicKey: Data, by caller: Caller) throws -> (
        AuditVerification, CheckpointMismatch?
    ) {
        try reading { tx in
            try trailReader(caller, action: "audit verify", tx)
            let numbers = Set(checkpoints.map(\.seq))
            // The tree is built only when a checkpoint signs a root: a file of version 1
            // checkpoints costs no more than it did.
            let rooted = Set(checkpoints.filter { $0.merkleRoot != nil }.map(\.seq))
            let verifier = try AuditChain.verify(
                tx, recording: numbers, merkle: rooted.isEmpty ? nil : MerkleTree.Stream(rootsAt: rooted))
            var verification = verifier.verification
            guard verification.isIntact else { return (verification, nil) }
            let mismatch = AuditChain.firstMismatch(
                of: checkpoints, publicKey: publicKey, trail: verifier.prefixes(store: try store.storeIdentifier()))
            verification.replay = try CaseReplay.replay(tx)
            return (verification, mismatch)
        }
    }

    /// Signs a checkpoint of the trail's head and of its Merkle root (version 2) with a
    /// private key that stays outside the store, after checking the whole chain: a broken
    /// trail is not signed for.
    ///
    /// - Returns: the chain's verification, and the checkpoint when the chain is intact
    ///   and holds at least one entry.
    /// - Throws: `CheckpointKeyError` for a key that is not an Ed25519 private key.
    public func checkpoint(privateKey: Data, by caller: Caller) throws -> (AuditVerification, AuditCheckpoint?) {
        try reading { tx in
            try trailReader(caller, action: "audit checkpoint", tx)
            let verifier = try AuditChain.verify(tx, recording: [], merkle: MerkleTree.Stream())
            let verification = verifier.verification
            guard verification.isIntact, let head = verification.headHash, let tree = verifier.merkle else {
                return (verification, nil)
            }
            let checkpoint = try AuditCheckpoint.signed(
                store: try store.storeIdentifier(), seq: verification.entriesChecked, headHash: head,
                merkleRoot: MerkleTree.hex(tree.root), at: recordingClock(), privateKey: privateKey)
            return (verification, checkpoint)
        }
    }

    /// The trail covers the whole tree: reading it needs a role at the top.
    func trailReader(_ caller: Caller, action: String, _ tx: any StoreTransaction) throws {
        let scope = try readScope(caller, action: action, tx)
        guard scope.wholeTree else {
            let top = scope.tree.roots.first?.id
            throw AccessError(
                .needsTopRole, person: scope.person, action: action, subject: top,
                attempt: attempt(
                    by: scope.person, action: action, caseID: nil, organisation: top, required: [], now: caller.now))
        }
    }
}

/// A report asked of a workflow that does not declare what the report reads (its
/// `service-report` section, say): refused rather than answered with zeros.
public struct UndeclaredError: Error, Sendable {
    public var workflow: String
    /// The section of the workflow language that is missing.
    public var section: String

    public init(workflow: String, section: String) {
        self.workflow = workflow
        self.section = section
    }
}
