public import DocketCore
public import Foundation

/// Applies the core's decisions through a store.
///
/// Its methods throw ``EngineError`` for anything about the request (refused, not
/// found, taken id) and ``StoreError`` for the store itself (conflict, unavailable).
///
/// The engine gathers what a decision needs (the case's definition version, the
/// deployment's parameter overrides, whether named people and organisations exist),
/// asks DocketCore's `Transition` to decide, and commits the result: reads and writes
/// together through one transaction's handle (``CaseStore/write(_:)``), so the checks see
/// the state the change is written over. Each operation comes twice: with `in tx`, as a
/// step of a transaction the caller holds (the application layer's, which checks
/// permissions in the same transaction), and without, in a write transaction of its own. "Now" is always an argument; only the audit
/// trail's recording time comes from `recordingClock`.
///
/// ```swift
/// let zone = DeploymentZone(identifier: try store.timeZoneIdentifier()) ?? .shanghai
/// let engine = Engine(store: store, zone: zone)
/// let started = try engine.start(
///     workflow: "service-request", organisation: "dongcun", caseID: nil,
///     request: EventRequest(
///         event: "order",
///         input: [
///             "requester": "张大爷", "phone": "13800000000", "category": "repair",
///             "description": "自来水管漏水", "urgency": "emergency",
///         ],
///         actor: "p-intake"),
///     now: zone.parseInstant("2026-11-22T09:30")!)
/// ```
///
/// The whole walkthrough, from opening a store to ticking the timers, is
/// <doc:GettingStarted>.
public struct Engine: Sendable {
    public let store: any CaseStore
    public let zone: DeploymentZone
    let recordingClock: @Sendable () -> Date
    let cache = DefinitionCache()

    public init(store: any CaseStore, zone: DeploymentZone, recordingClock: @escaping @Sendable () -> Date = { Date() })
    {
        self.store = store
        self.zone = zone
        self.recordingClock = recordingClock
    }

    /// How far past the clock a change may be dated in a store of record: the clocks of
    /// the machines a county's clerks use disagree by that much.
    public static let clockTolerance: TimeInterval = 300

    /// Refuses a change dated later than the clock (plus ``clockTolerance``), unless the
    /// store is a simulation. Without this, one person's `--at 2099-12-31` would put a
    /// case out of everyone's reach: each later step is refused as earlier than it.
    func checkChangeTime(_ now: Date) throws {
        let clock = recordingClock()
        guard now > clock.addingTimeInterval(Self.clockTolerance) else { return }
        guard try !cache.isSimulation(load: { try store.isSimulation() }) else { return }
        throw EngineError(.changeInFuture(at: now, clock: clock))
    }

    /// A case with the definition it runs under.
    public struct CaseView: Sendable {
        public var snapshot: CaseSnapshot
        public var definition: WorkflowDefinition
        public var entry: AuditEntry?
        public var deadlines: [ScheduledDeadline] = []
    }

    /// Starts a case with a starting event (the workflow's only one when `request.event`
    /// is empty).
    public func start(
        workflow: String, organisation: String, caseID: String?, request: EventRequest, now: Date
    ) throws -> CaseView {
        try write { tx in
            try start(
                workflow: workflow, organisation: organisation, caseID: caseID, request: request, now: now, in: tx)
        }
    }

    /// ``start(workflow:organisation:caseID:request:now:)`` as a step of the caller's transaction.
    public func start(
        workflow: String, organisation: String, caseID: String?, request: EventRequest, now: Date,
        in tx: any StoreTransaction
    ) throws -> CaseView {
        try checkChangeTime(now)
        let definition = try latestDefinition(workflow, in: tx)
        guard try tx.organisation(organisation) != nil else {
            throw EngineError(.notFound(.organisation, organisation))
        }
        if let caseID {
            try checkNewID(caseID)
            if try tx.snapshot(of: caseID) != nil { throw EngineError(.caseExists(caseID)) }
        }
        var request = request
        if request.event.isEmpty {
            let starts = definition.startEvents
            guard starts.count == 1 else {
                throw EngineError(
                    .refused(
                        Refusal(.notAStartEvent(startEvents: starts.map(\.id)), caseID: nil, state: nil, event: "")))
            }
            request.event = starts[0].id
        }
        let environment = try environment(
            for: definition, request: request, organisation: organisation, now: now, in: tx)
        let decision = try decide(organisation: organisation, now: now, in: tx) { () throws(Refusal) in
            try Transition.start(
                definition, caseID: caseID ?? "", organisation: organisation, request: request, environment: environment
            )
        }
        return try commit(decision, as: .create(idPrefix: definition.casePrefix), definition: definition, in: tx)
    }

    /// Fires an event on a case.
    ///
    /// - Parameters:
    ///   - caseID: the case.
    ///   - request: the event, its input and the person firing it.
    ///   - now: the instant the event is dated at.
    ///   - expecting: the revision the caller based its choice on; a case changed since
    ///     then is a ``StoreError`` `.conflict`, and nothing is written.
    public func fire(caseID: String, request: EventRequest, now: Date, expecting: Int? = nil) throws -> CaseView {
        try write { tx in try fire(caseID: caseID, request: request, now: now, expecting: expecting, in: tx) }
    }

    /// ``fire(caseID:request:now:expecting:)`` as a step of the caller's transaction.
    public func fire(
        caseID: String, request: EventRequest, now: Date, expecting: Int? = nil, in tx: any StoreTransaction
    ) throws -> CaseView {
        try checkChangeTime(now)
        let (snapshot, definition) = try load(
            caseID, askedBy: request.actor, event: request.event, now: now, in: tx)
        // Someone with no role over the case (nor its assignee) is refused before
        // anything about it is judged: which events its state allows would tell them
        // the state.
        if request.actor != EventRequest.systemActor, request.actor != snapshot.assignee,
            !Authorization.permitsReading(
                rolesHeld: try tx.roles(of: request.actor, over: snapshot.organisation))
        {
            // Recorded by the event's id, whether its id or its title was typed (支部派单 is
            // `dispatch` on the record), so that `audit denied` lists one attempt one way.
            let event = definition.event(named: request.event)
            let refusal = Refusal(
                .notPermitted(actor: request.actor, required: event?.roles ?? []), caseID: caseID, state: nil,
                event: event?.id ?? request.event)
            try recordDenied(refusal, organisation: snapshot.organisation, now: now, in: tx)
            throw EngineError(.refused(refusal))
        }
        if let expecting, expecting != snapshot.revision {
            throw StoreError(
                .conflict, "case \(caseID) was changed by someone else since it was read; nothing was written",
                subject: .caseChanged(caseID))
        }
        let environment = try environment(
            for: definition, request: request, organisation: snapshot.organisation, now: now,
            assignee: snapshot.assignee, in: tx)
        let decision = try decide(organisation: snapshot.organisation, now: now, in: tx) { () throws(Refusal) in
            try Transition.fire(definition, on: snapshot, request: request, environment: environment)
        }
        return try commit(
            decision, as: .update(expectedRevision: snapshot.revision), definition: definition, in: tx)
    }

    /// Takes in a case already under way, in a given state with its earlier steps.
    public func importCase(
        workflow: String, organisation: String, caseID: String?, state: String, input: [String: String],
        records: [(event: String, on: CivilDate)], actor: String, note: String?, now: Date
    ) throws -> CaseView {
        try write { tx in
            try importCase(
                workflow: workflow, organisation: organisation, caseID: caseID, state: state, input: input,
                records: records, actor: actor, note: note, now: now, in: tx)
        }
    }

    /// ``importCase(workflow:organisation:caseID:state:input:records:actor:note:now:)`` as
    /// a step of the caller's transaction.
    public func importCase(
        workflow: String, organisation: String, caseID: String?, state: String, input: [String: String],
        records: [(event: String, on: CivilDate)], actor: String, note: String?, now: Date,
        in tx: any StoreTransaction
    ) throws -> CaseView {
        try checkChangeTime(now)
        let definition = try latestDefinition(workflow, in: tx)
        guard try tx.organisation(organisation) != nil else {
            throw EngineError(.notFound(.organisation, organisation))
        }
        if let caseID {
            try checkNewID(caseID)
            if try tx.snapshot(of: caseID) != nil { throw EngineError(.caseExists(caseID)) }
        }
        let request = EventRequest(event: "import", input: input, actor: actor, note: note)
        let environment = try environment(
            for: definition, request: request, organisation: organisation, now: now, in: tx)
        // Taking in cases from paper is set-up work: it needs the administrator role.
        if let held = environment.actorRoles, !held.contains(Authorization.administratorRole) {
            let refusal = Refusal(
                .notPermitted(actor: actor, required: [Authorization.administratorRole]), caseID: caseID, state: state,
                event: "import")
            try recordDenied(refusal, organisation: organisation, now: now, in: tx)
            throw EngineError(.refused(refusal))
        }
        let decision: Decision
        do {
            decision = try Transition.importCase(
                definition, caseID: caseID ?? "", organisation: organisation, state: state, input: input,
                records: records,
                actor: actor, note: note, environment: environment)
        } catch {
            throw EngineError(.refused(error))
        }
        return try commit(decision, as: .create(idPrefix: definition.casePrefix), definition: definition, in: tx)
    }

    /// A case, its definition, the events possible at `now` with what each needs, and
    /// its running time limits.
    ///
    /// - Parameters:
    ///   - caseID: the case.
    ///   - now: the instant the events and limits are judged at.
    ///   - reader: the person reading, who must hold a role over the case; a refusal is
    ///     recorded. `nil` skips the check (the engine's own use).
    ///   - tx: the caller's transaction: a write one when `reader` is given, for the
    ///     refusal it records.
    public func show(caseID: String, now: Date, reader: String? = nil, in tx: any StoreTransaction) throws -> (
        CaseView, [EventAvailability]
    ) {
        let (snapshot, definition) =
            try reader.map { try read(caseID, by: $0, now: now, in: tx) } ?? load(caseID, in: tx)
        var environment = TransitionEnvironment(now: now, zone: zone, calendar: try calendar(for: definition, in: tx))
        try useParameters(of: definition, in: &environment, tx)
        let available = Transition.availability(definition, of: snapshot, environment: environment)
        var view = CaseView(snapshot: snapshot, definition: definition, entry: nil)
        view.deadlines = try tx.deadlines(of: caseID)
        return (view, available)
    }

    /// ``show(caseID:now:reader:in:)`` in a transaction of its own: a write one when
    /// `reader` is given, for the refusal it records.
    public func show(caseID: String, now: Date, reader: String? = nil) throws -> (CaseView, [EventAvailability]) {
        if reader == nil { return try read { tx in try show(caseID: caseID, now: now, in: tx) } }
        return try write { tx in try show(caseID: caseID, now: now, reader: reader, in: tx) }
    }

    /// The deployment's values for a definition's parameters, read by their types in the
    /// deployment's zone; a stored value that no longer fits (the parameter was removed
    /// or retyped in a later version) is left out, so the default applies.
    public func parameterOverrides(for definition: WorkflowDefinition, in tx: any StoreTransaction) throws -> [String:
        Value]
    {
        overrides(definition, texts: try tx.parameterTexts(workflow: definition.id))
    }

    private func overrides(_ definition: WorkflowDefinition, texts: [String: String]) -> [String: Value] {
        guard !texts.isEmpty else { return [:] }
        var values: [String: Value] = [:]
        for (id, text) in texts {
            guard let parameter = definition.parameter(id), let value = parameter.type.parse(text, zone: zone) else {
                continue
            }
            values[id] = value
        }
        return values
    }

    /// Puts a definition's effective parameters into an environment: worked out once per
    /// definition version and set of stored values, not on every event.
    func useParameters(
        of definition: WorkflowDefinition, in environment: inout TransitionEnvironment, _ tx: any StoreTransaction
    ) throws {
        useParameters(of: definition, texts: try tx.parameterTexts(workflow: definition.id), in: &environment)
    }

    /// The same, with the stored values already read (with an event's other facts).
    func useParameters(
        of definition: WorkflowDefinition, texts: [String: String], in environment: inout TransitionEnvironment
    ) {
        let resolved = cache.parameters("\(definition.id)#\(definition.version)", texts: texts) {
            let overrides = overrides(definition, texts: texts)
            let values = TransitionEnvironment(now: environment.now, zone: zone, parameterOverrides: overrides)
                .parameters(of: definition)
            return .init(texts: texts, overrides: overrides, values: values)
        }
        environment.parameterOverrides = resolved.overrides
        environment.useResolvedParameters(resolved.values, for: definition)
    }

    /// The working-day calendar a workflow counts by: the one it names, else the
    /// deployment's only (or first) calendar.
    public func calendar(for definition: WorkflowDefinition, in tx: any StoreTransaction) throws -> WorkingCalendar? {
        if let id = definition.calendar { return try cache.calendar(id) { try tx.calendar(id) } }
        return try deploymentCalendar(in: tx)
    }

    /// The deployment's default working-day calendar: the first one stored, if any.
    public func deploymentCalendar(in tx: any StoreTransaction) throws -> WorkingCalendar? {
        try cache.calendar("") {
            guard let first = try tx.calendarIDs().first else { return nil }
            return try tx.calendar(first)
        }
    }

    /// A case with the definition version it started under.
    public func load(_ caseID: String, in tx: any StoreTransaction) throws -> (CaseSnapshot, WorkflowDefinition) {
        guard let snapshot = try tx.snapshot(of: caseID) else { throw EngineError(.notFound(.case, caseID)) }
        let key = "\(snapshot.workflow)#\(snapshot.version)"
        guard
            let definition = try cache.definition(
                key, load: { try tx.definition(workflow: snapshot.workflow, version: snapshot.version) })
        else {
            throw EngineError(.notFound(.workflow, "\(snapshot.workflow) v\(snapshot.version)"))
        }
        return (snapshot.restoringTypes(with: definition), definition)
    }

    public func latestDefinition(_ workflow: String, in tx: any StoreTransaction) throws -> WorkflowDefinition {
        // The newest version number is read each time (another process may deploy);
        // the definition itself comes from the cache.
        guard let version = try tx.latestVersion(of: workflow),
            let definition = try cache.definition(
                "\(workflow)#\(version)", load: { try tx.definition(workflow: workflow, version: version) })
        else {
            throw EngineError(.notFound(.workflow, workflow))
        }
        return definition
    }

    /// Refuses (and records) a read by someone with no role over the case, without its
    /// state: an outsider learns nothing of it. The attempt is on record for `audit denied`.
    public func authorizeRead(_ snapshot: CaseSnapshot, by reader: String, now: Date, in tx: any StoreTransaction)
        throws
    {
        // The assignee reads their own case wherever it went (escalated above their part).
        guard reader != snapshot.assignee else { return }
        guard !Authorization.permitsReading(rolesHeld: try tx.roles(of: reader, over: snapshot.organisation)) else {
            return
        }
        let refusal = Refusal(
            .notPermitted(actor: reader, required: []), caseID: snapshot.id, state: nil, event: "read")
        try recordDenied(refusal, organisation: snapshot.organisation, now: now, in: tx)
        throw EngineError(.refused(refusal))
    }

    /// A case with its definition for `reader`, who must hold a role over it. A case that
    /// is not there is "not found" to someone who reads the whole tree, and to anyone else
    /// the refusal an existing case outside their part would get, so that no one learns
    /// which ids exist beyond what they may read.
    public func read(_ caseID: String, by reader: String, now: Date, in tx: any StoreTransaction) throws -> (
        CaseSnapshot, WorkflowDefinition
    ) {
        let (snapshot, definition) = try load(caseID, askedBy: reader, event: "read", now: now, in: tx)
        try authorizeRead(snapshot, by: reader, now: now, in: tx)
        return (snapshot, definition)
    }

    /// ``load(_:in:)`` for a person: a case that is not there is answered as
    /// ``missingCase(_:for:event:now:in:)`` says, read once either way.
    private func load(
        _ caseID: String, askedBy person: String, event: String, now: Date, in tx: any StoreTransaction
    ) throws -> (CaseSnapshot, WorkflowDefinition) {
        do {
            return try load(caseID, in: tx)
        } catch let error as EngineError {
            guard case .notFound(.case, _) = error.reason else { throw error }
            throw try missingCase(caseID, for: person, event: event, now: now, in: tx)
        }
    }

    /// A case that is not there, as told to `person`: "not found" to someone who sees the
    /// whole tree, else the refusal an existing case outside their part would get, so that
    /// no one learns which ids exist beyond what they may read.
    func missingCase(_ caseID: String, for person: String, event: String, now: Date, in tx: any StoreTransaction)
        throws -> EngineError
    {
        guard person != EventRequest.systemActor else { return EngineError(.notFound(.case, caseID)) }
        for root in try tx.scopeRoots(of: person) where try tx.organisation(root)?.parent == nil {
            return EngineError(.notFound(.case, caseID))
        }
        let refusal = Refusal(.notPermitted(actor: person, required: []), caseID: caseID, state: nil, event: event)
        try tx.recordDenied(
            DeniedAttempt(
                at: now, recordedAt: recordingClock(), actor: person, action: event, caseID: caseID, organisation: nil,
                requiredRoles: []))
        return EngineError(.refused(refusal))
    }

    /// Runs `body` as one write transaction of the store. An ``EngineError`` is carried
    /// out of the transaction as a value, so that what was recorded about a refusal (a
    /// denied attempt) still commits: the engine refuses before it writes anything else.
    public func write<T>(_ body: (_ tx: any StoreTransaction) throws -> T) throws -> T {
        let outcome: Result<T, EngineError> = try store.write { tx in
            do { return .success(try body(tx)) } catch let error as EngineError { return .failure(error) }
        }
        return try outcome.get()
    }

    /// Runs `body` as one read-only transaction of the store.
    public func read<T>(_ body: (_ tx: any StoreTransaction) throws -> T) throws -> T {
        try store.read(body)
    }

    /// Runs a core decision; a permission refusal is recorded before it is passed on.
    private func decide(
        organisation: String, now: Date, in tx: any StoreTransaction, _ body: () throws(Refusal) -> Decision
    ) throws -> Decision {
        do {
            return try body()
        } catch {
            if case .notPermitted = error.reason {
                try recordDenied(error, organisation: organisation, now: now, in: tx)
            }
            throw EngineError(.refused(error))
        }
    }

    private func recordDenied(_ refusal: Refusal, organisation: String, now: Date, in tx: any StoreTransaction) throws {
        guard case .notPermitted(let actor, let required) = refusal.reason else { return }
        try tx.recordDenied(
            DeniedAttempt(
                at: now, recordedAt: recordingClock(), actor: actor, action: refusal.event,
                caseID: refusal.caseID.flatMap { $0.isEmpty ? nil : $0 },
                organisation: organisation, requiredRoles: required))
    }

    private func checkNewID(_ id: String) throws {
        guard Identifier.isValid(id) else { throw EngineError(.invalidID(id)) }
    }

    /// - Parameter assignee: the case's assignee, who keeps the roles they hold anywhere
    ///   for their own case, so that a request escalated above their organisation stays
    ///   theirs to complete.
    func environment(
        for definition: WorkflowDefinition, request: EventRequest, organisation: String, now: Date,
        assignee: String? = nil, in tx: any StoreTransaction
    ) throws -> TransitionEnvironment {
        var people = Set<String>()
        var orgs = Set<String>()
        var needRoles = Set<String>()
        for (key, raw) in definition.canonicalInput(request.input) {
            guard let field = definition.field(key) else { continue }
            switch field.type {
            case .person:
                people.insert(raw.trimmedOfSpaces)
                if field.constraints.personRole != nil { needRoles.insert(raw.trimmedOfSpaces) }
            case .list(.person):
                let named = FieldType.person.listItems(raw).map(\.trimmedOfSpaces)
                people.formUnion(named)
                if field.constraints.personRole != nil { needRoles.formUnion(named) }
            case .organisation: orgs.insert(raw.trimmedOfSpaces)
            case .list(.organisation): orgs.formUnion(FieldType.organisation.listItems(raw).map(\.trimmedOfSpaces))
            default: break
            }
        }
        if let list = definition.event(named: request.event)?.adds.flatMap({ definition.itemList($0) }) {
            for item in request.items {
                for (key, raw) in item where list.field(key)?.type == .person { people.insert(raw.trimmedOfSpaces) }
            }
        }
        let actor = request.actor == EventRequest.systemActor ? nil : request.actor
        let facts = try tx.eventFacts(
            EventFactsQuery(
                organisation: organisation, workflow: definition.id, people: people, rolesOver: needRoles,
                organisations: orgs, actor: actor, actorIsAssignee: actor != nil && actor == assignee))
        var environment = TransitionEnvironment(
            now: now, zone: zone, knownPeople: Set(facts.peopleStatus.keys),
            knownOrganisations: facts.existingOrganisations, parentOrganisation: facts.parentOrganisation,
            calendar: try calendar(for: definition, in: tx))
        environment.peopleStatus = facts.peopleStatus
        environment.peopleRoles = facts.peopleRoles
        useParameters(of: definition, texts: facts.parameterTexts, in: &environment)
        environment.actorRoles = facts.actorRoles
        return environment
    }

    private func commit(
        _ decision: Decision, as change: CaseChange, definition: WorkflowDefinition, in tx: any StoreTransaction
    ) throws -> CaseView {
        let entry = try tx.commit(decision, as: change, recordedAt: recordingClock())
        var snapshot = decision.snapshot
        snapshot.id = entry.caseID
        return CaseView(snapshot: snapshot, definition: definition, entry: entry, deadlines: decision.deadlines)
    }
}
