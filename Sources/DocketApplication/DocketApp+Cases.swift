public import DocketCore
public import DocketEngine
public import Foundation

/// Starting, advancing and reading cases.
extension DocketApp {
    /// Starts a case with its workflow's starting event, as the caller.
    ///
    /// - Parameters:
    ///   - workflow: the workflow's id, or its Chinese or English title.
    ///   - organisation: the organisation the case belongs to: its id, or a name only one
    ///     organisation in the caller's part of the tree has.
    ///   - caseID: an id chosen by hand; `nil` for the next of the workflow's prefix.
    ///   - request: the event (empty for the workflow's only starting event) and its
    ///     input; its actor is replaced by the caller's person.
    ///   - caller: who starts the case, and when.
    public func startCase(
        workflow: String, organisation: String, caseID: String?, request: EventRequest, by caller: Caller
    ) throws -> Engine.CaseView {
        return try writing { tx in
            var request = request
            request.actor = try actor(caller, action: "start", tx)
            // The workflow and the organisation may be named as people name them.
            let workflow = try workflowID(workflow, tx) ?? workflow
            let organisation = try organisationID(organisation, by: caller, tx) ?? organisation
            if let definition = try tx.definition(workflow: workflow, version: nil) {
                if !request.event.isEmpty { request.event = try eventID(request.event, in: definition, state: nil) }
                request.input = try withPeopleByName(request.input, definition: definition, by: caller, tx)
            }
            return try engine.start(
                workflow: workflow, organisation: organisation, caseID: caseID, request: request, now: caller.now,
                in: tx)
        }
    }

    /// Takes in one case already under way, in a given state with its earlier steps
    /// (set-up work: the administrator's, once there is one).
    public func importCase(
        workflow: String, organisation: String, caseID: String?, state: String, input: [String: String],
        records: [(event: String, on: CivilDate)], note: String?, by caller: Caller
    ) throws -> Engine.CaseView {
        return try writing { tx in
            let person = try actor(caller, action: "import", tx)
            return try engine.importCase(
                workflow: workflow, organisation: organisation, caseID: caseID, state: state, input: input,
                records: records, actor: person, note: note, now: caller.now, in: tx)
        }
    }

    /// Takes in many cases from rows (a file), in batched transactions of their own.
    ///
    /// The batches commit one by one (or all in one with `atomic`), so this operation is
    /// not one transaction: a million rows do not hold the store for an hour.
    public func importCases(
        _ rows: some Sequence<ImportRow>, batchSize: Int, atomic: Bool, by caller: Caller,
        progress: (Int) -> Void = { _ in }, indexing: () -> Void = {}, abandon: () -> Bool = { false }
    ) throws -> Engine.ImportOutcome {
        let person = try writing { tx in try administrator(caller, action: "case import", tx) }
        return try engine.importCases(
            rows, actor: person, now: caller.now, batchSize: batchSize, atomic: atomic, progress: progress,
            indexing: indexing, abandon: abandon)
    }

    /// A fired event's outcome, with the member chosen for the caller when they asked.
    public struct Fired: Sendable {
        public var view: Engine.CaseView
        /// The member ``fire(caseID:request:autoAssign:expectedRevision:by:)`` chose, best of the
        /// ranking, when `autoAssign` was asked.
        public var chosen: DispatchAdvisor.Candidate?
    }

    /// Fires an event on a case, as the caller.
    ///
    /// - Parameters:
    ///   - caseID: the case.
    ///   - request: the event and its input; its actor is replaced by the caller's person.
    ///   - autoAssign: for an event that assigns the case, assign it to the first member
    ///     ``dispatchCandidates(caseID:by:)`` ranks. Nothing of the case (who could take
    ///     it, their load) is worked out for someone who may not fire the event: the event
    ///     refuses them and says no more.
    ///   - expectedRevision: the revision the caller read the case at (a form's hidden
    ///     field, the API's `revision`): a case changed since is a conflict, so that a
    ///     clerk does not act on a state they never saw. Checked only for someone who
    ///     holds a role over the case; the event refuses anyone else and says no more.
    ///   - caller: who fires the event, and when.
    public func fire(
        caseID: String, request: EventRequest, autoAssign: Bool = false, expectedRevision: Int? = nil,
        by caller: Caller
    ) throws -> Fired {
        return try writing { tx in
            var request = request
            request.actor = try actor(caller, action: request.event, tx)
            if let expectedRevision, let snapshot = try tx.snapshot(of: caseID),
                try !tx.roles(of: request.actor, over: snapshot.organisation).isEmpty,
                snapshot.revision != expectedRevision
            {
                throw StoreError(
                    .conflict,
                    "case \(caseID) is at revision \(snapshot.revision), not \(expectedRevision): it changed since it was read"
                )
            }
            if try tx.snapshot(of: caseID) != nil {
                let (snapshot, definition) = try engine.load(caseID, in: tx)
                // An event by a title several share: the one its state allows, or refused.
                request.event = try eventID(request.event, in: definition, state: snapshot.state)
                request.input = try withPeopleByName(request.input, definition: definition, by: caller, tx)
            }
            var chosen: DispatchAdvisor.Candidate?
            if autoAssign, let best = try autoAssignee(caseID: caseID, request: request, tx) {
                request.input[best.field] = best.candidate.person.id
                chosen = best.candidate
            }
            return Fired(
                view: try engine.fire(caseID: caseID, request: request, now: caller.now, in: tx), chosen: chosen)
        }
    }

    private func autoAssignee(caseID: String, request: EventRequest, _ tx: any StoreTransaction) throws -> (
        field: String, candidate: DispatchAdvisor.Candidate
    )? {
        // A case not there is for the event to answer, as it answers an outsider.
        guard try tx.snapshot(of: caseID) != nil else { return nil }
        let (snapshot, definition) = try engine.load(caseID, in: tx)
        guard let assigning = definition.event(named: request.event), let field = assigning.assigns else {
            throw DispatchError(.notAssigning, caseID: caseID, event: request.event)
        }
        let roles = try tx.roles(of: request.actor, over: snapshot.organisation)
        guard Authorization.permits(assigning, rolesHeld: roles) else { return nil }
        guard request.input[field] == nil else {
            throw DispatchError(.alreadyChosen, caseID: caseID, event: request.event, field: field)
        }
        guard let best = try candidates(for: snapshot, definition, tx).first else {
            throw DispatchError(.noCandidate, caseID: caseID, event: assigning.id)
        }
        return (field, best)
    }

    /// A case as it stands, the events possible at the caller's "now" with what each still
    /// needs, and its running limits. The reader must hold a role over the case; a case
    /// outside their part is refused alike whether it exists or not.
    public func showCase(_ caseID: String, by caller: Caller) throws -> (Engine.CaseView, [EventAvailability]) {
        // A write transaction: an outsider's attempt is recorded in it.
        try writing { tx in
            let reader = try actor(caller, action: "read", tx)
            return try engine.show(caseID: caseID, now: caller.now, reader: reader, in: tx)
        }
    }

    /// A case's whole record, oldest first, with the definition it runs under and the
    /// workflow's earlier versions (newest first), which name the states and events of
    /// entries made before the case moved to its present version.
    public func caseHistory(_ caseID: String, by caller: Caller) throws -> (
        definition: WorkflowDefinition, entries: [AuditEntry], earlier: [WorkflowDefinition]
    ) {
        return try writing { tx in
            let reader = try actor(caller, action: "read", tx)
            let (_, definition) = try engine.read(caseID, by: reader, now: caller.now, in: tx)
            let earlier = try (1..<definition.version).reversed().compactMap {
                try tx.definition(workflow: definition.id, version: $0)
            }
            return (definition, try tx.history(of: caseID), earlier)
        }
    }

    /// Visits the cases that match, in id order, within the caller's part of the tree
    /// (under `filter.organisation` when given), one at a time.
    ///
    /// - Parameters:
    ///   - filter: names as typed; a name that names nothing, or several, is a ``LookupError``.
    ///   - limit: the most cases visited; `nil` for all.
    ///   - after: only the cases whose ids come after this one (as bytes): the next page
    ///     of a list walked a page at a time.
    ///   - caller: the reader.
    ///   - body: called with each case, in id order.
    public func eachCase(
        _ filter: TypedFilter, limit: Int?, after: String? = nil, by caller: Caller,
        _ body: (CaseSnapshot) throws -> Void
    ) throws {
        try reading { tx in try eachCase(filter, limit: limit, after: after, by: caller, tx, body) }
    }

    func eachCase(
        _ filter: TypedFilter, limit: Int?, after: String? = nil, by caller: Caller, _ tx: any StoreTransaction,
        _ body: (CaseSnapshot) throws -> Void
    ) throws {
        let filter = try resolve(filter, by: caller, tx)
        let (person, covered) = try readOrganisations(caller, under: filter.organisation, tx)
        // Someone listing their own cases sees each of them, wherever it went (a request
        // escalated above their part stays theirs to read).
        let under: [String]? = filter.person == person && filter.organisation == nil ? nil : covered
        let query = CaseQuery(
            workflow: filter.workflow, state: filter.state, assignee: filter.person, limit: limit, after: after)
        try tx.eachCase(matching: query, under: under, body)
    }

    /// A case as it now stands, read by the engine for itself (after the caller changed it).
    public func current(_ caseID: String, at now: Date) throws -> (Engine.CaseView, [EventAvailability]) {
        try reading { tx in try engine.show(caseID: caseID, now: now, in: tx) }
    }
}
