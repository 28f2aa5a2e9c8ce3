import Foundation

/// Decides what an event does to a case. Pure: no I/O, no clock.
///
/// Given a definition, a case, a request and an environment (which carries "now"),
/// each function returns the new case and the audit entry to write, or a ``Refusal``
/// saying exactly why not. Nothing is written here; the engine commits the decision.
public enum Transition {
    /// Starts a case with a starting event.
    public static func start(
        _ definition: WorkflowDefinition, caseID: String, organisation: String, request: EventRequest,
        environment: TransitionEnvironment
    ) throws(Refusal) -> Decision {
        guard let event = definition.event(named: request.event) else {
            throw Refusal(
                .unknownEvent(possible: definition.startEvents.map(\.id)), caseID: caseID, state: nil,
                event: request.event)
        }
        guard event.source == .start else {
            throw Refusal(
                .notAStartEvent(startEvents: definition.startEvents.map(\.id)), caseID: caseID, state: nil,
                event: event.id)
        }
        let on = request.on ?? environment.today
        let blank = CaseSnapshot(
            id: caseID, workflow: definition.id, version: definition.version, state: "", organisation: organisation,
            lastStepOn: on, openedAt: environment.now, updatedAt: environment.now, revision: 0)
        return try apply(
            event, to: blank, request: request, definition: definition, environment: environment, kind: .start)
    }

    /// Fires an event on an existing case.
    public static func fire(
        _ definition: WorkflowDefinition, on snapshot: CaseSnapshot, request: EventRequest,
        environment: TransitionEnvironment
    ) throws(Refusal) -> Decision {
        let parameters = environment.parameters(of: definition)
        let fromHere = definition.events(from: snapshot.state)
        // What a person may be told is possible: timer-only events are not theirs to fire,
        // and a step the deployment has switched off is no step at all.
        let possible = fromHere.filter { !$0.timerOnly && $0.isEnabled(by: parameters) }.map(\.id)
        guard let event = definition.event(named: request.event) else {
            throw Refusal(
                .unknownEvent(possible: possible), caseID: snapshot.id, state: snapshot.state, event: request.event)
        }
        guard fromHere.contains(where: { $0.id == event.id }) else {
            throw Refusal(
                .notPossibleInState(possible: possible), caseID: snapshot.id, state: snapshot.state, event: event.id)
        }
        if let switchParameter = event.enabledBy, !event.isEnabled(by: parameters) {
            throw Refusal(
                .switchedOff(parameter: switchParameter, possible: possible), caseID: snapshot.id,
                state: snapshot.state,
                event: event.id)
        }
        return try apply(
            event, to: snapshot, request: request, definition: definition, environment: environment, kind: .event)
    }

    /// Takes in a case already under way on paper: in a given state, with its earlier
    /// data and the days of its earlier steps.
    public static func importCase(
        _ definition: WorkflowDefinition, caseID: String, organisation: String, state: String, input: [String: String],
        records: [(event: String, on: CivilDate)], actor: String, note: String?, environment: TransitionEnvironment
    ) throws(Refusal) -> Decision {
        guard definition.state(state) != nil else {
            throw Refusal(
                .unknownState(possible: definition.states.map(\.id)), caseID: caseID, state: state, event: "import")
        }
        let parser = FieldInput(definition: definition, environment: environment)
        let input = definition.canonicalInput(input)
        var (data, problems) = parser.parse(input, accepted: definition.fields.map(\.id))
        if let problem = FieldInput.noteProblem(note) { problems.append(problem) }
        var byEvent: [String: [CivilDate]] = [:]
        for record in records {
            guard let event = definition.event(record.event) else {
                let suggestion = Suggestion.closest(to: record.event, among: definition.events.map(\.id))
                problems.append(
                    FieldProblem(
                        field: "record:\(record.event)",
                        kind: .unknown(suggestion: suggestion, accepted: definition.events.map(\.id))))
                continue
            }
            if record.on > environment.today {
                throw Refusal(
                    .dateAfterNow(on: record.on, today: environment.today), caseID: caseID, state: state,
                    event: record.event)
            }
            byEvent[event.id, default: []].append(record.on)
            if let dateField = event.dateField, data[dateField] == nil || input[dateField] == nil {
                data[dateField] = .date(max(record.on, (data[dateField]).flatMap(Self.date) ?? record.on))
            }
        }
        guard problems.isEmpty else {
            throw Refusal(.invalidFields(problems), caseID: caseID, state: state, event: "import")
        }
        // Fields the recorded events would have worked out (the end of probation from the
        // vote day, say) are worked out now, in the order the steps happened.
        let parameters = environment.parameters(of: definition)
        func compute(_ computed: ComputedField, today: CivilDate) -> Value? {
            let evaluator = ExpressionEvaluator(
                context: EvaluationContext(
                    data: data, parameters: parameters, records: byEvent, today: today,
                    now: environment.now, zone: environment.zone, actor: actor, calendar: environment.calendar))
            if let condition = computed.condition, (try? evaluator.truth(condition.root)) != true { return nil }
            return try? evaluator.evaluate(computed.expression.root)
        }
        for record in records.sorted(by: { $0.on < $1.on }) {
            for computed in definition.event(record.event)?.computes ?? [] where data[computed.field] == nil {
                if let value = compute(computed, today: record.on) { data[computed.field] = value }
            }
        }
        let days = byEvent.mapValues { $0.sorted() }
        let latest = days.values.compactMap(\.last).max() ?? environment.today
        // A step the paper file does not record may still have happened on the way to the
        // state (the approval of a member imported as probationary with only the vote day):
        // what it works out is worked out too, from whatever the import gives, so that no
        // later rule or limit meets an empty date. Only steps that lead toward the state.
        for event in definition.events where byEvent[event.id] == nil {
            for computed in event.computes where data[computed.field] == nil {
                guard let value = compute(computed, today: latest), definition.leads(event, toward: state) else {
                    continue
                }
                data[computed.field] = value
            }
        }
        var assignee: String?
        for event in definition.events {
            if let field = event.assigns, case .text(let person) = data[field] { assignee = person }
        }
        // The state's clocks run from the latest earlier step: the day the case most
        // likely entered it on paper.
        let snapshot = CaseSnapshot(
            id: caseID, workflow: definition.id, version: definition.version, state: state, organisation: organisation,
            assignee: assignee, data: data, records: days, lastStepOn: latest, openedAt: environment.now,
            updatedAt: environment.now, stateEnteredAt: environment.zone.instant(date: latest), stateEnteredOn: latest)
        // A limit of the state counted from a date the import does not give would never
        // be overdue: such a row is refused, naming the date and how to give it.
        var undated: [FieldProblem] = []
        let evaluator = ExpressionEvaluator(
            context: EvaluationContext(
                data: data, parameters: parameters, records: days, today: latest, now: environment.now,
                zone: environment.zone,
                actor: actor, calendar: environment.calendar))
        for rule in definition.state(state)?.deadlines ?? [] {
            guard case .field(let field) = rule.base, data[field] == nil,
                rule.satisfiedBy.map({ days[$0] == nil }) ?? true
            else { continue }
            if let condition = rule.condition, (try? evaluator.truth(condition.root)) != true { continue }
            guard !undated.contains(where: { $0.field == field }) else { continue }
            undated.append(
                FieldProblem(
                    field: field,
                    kind: .clockBase(
                        limit: rule.id, state: state, event: definition.events.first { $0.dateField == field }?.id)))
        }
        guard undated.isEmpty else {
            throw Refusal(.invalidFields(undated), caseID: caseID, state: state, event: "import")
        }
        let audit = AuditDraft(
            kind: .import, caseID: caseID, event: "import", fromState: nil, toState: state, actor: actor,
            at: environment.now,
            on: environment.today, data: data, note: note)
        do {
            let deadlines = try Schedule.deadlines(of: snapshot, definition: definition, environment: environment)
            return Decision(snapshot: snapshot, audit: audit, deadlines: deadlines)
        } catch {
            throw Refusal(.calendar(error), caseID: caseID, state: state, event: "import")
        }
    }

    private static func date(_ value: Value) -> CivilDate? {
        if case .date(let d) = value { return d }
        return nil
    }

    private static func apply(
        _ event: EventDefinition, to snapshot: CaseSnapshot, request: EventRequest, definition: WorkflowDefinition,
        environment: TransitionEnvironment, kind: AuditDraft.Kind
    ) throws(Refusal) -> Decision {
        let caseID = snapshot.id
        let state = kind == .start ? nil : snapshot.state
        func refuse(_ reason: Refusal.Reason) -> Refusal {
            Refusal(reason, caseID: caseID, state: state, event: event.id)
        }

        if event.timerOnly && request.actor != EventRequest.systemActor { throw refuse(.timerOnly) }
        if let held = environment.actorRoles, !Authorization.permits(event, rolesHeld: held) {
            // Someone with no role over the case at all is not told the state it is in.
            throw Refusal(
                .notPermitted(actor: request.actor, required: event.roles), caseID: caseID,
                state: held.isEmpty ? nil : state, event: event.id)
        }
        let on = request.on ?? environment.today
        if on > environment.today { throw refuse(.dateAfterNow(on: on, today: environment.today)) }
        if kind != .start, on < snapshot.lastStepOn {
            throw refuse(.dateBeforePreviousStep(on: on, previous: snapshot.lastStepOn))
        }

        let parser = FieldInput(definition: definition, environment: environment)
        var request = request
        request.input = definition.canonicalInput(request.input)
        var fieldInput = request.input
        if event.closes != nil { fieldInput["item"] = nil }
        var (given, problems) = parser.parse(fieldInput, accepted: event.fields.map(\.id))
        if let problem = FieldInput.noteProblem(request.note) { problems.append(problem) }
        var data = snapshot.data.merging(given) { _, new in new }
        for field in event.fields where field.required && data[field.id] == nil && request.input[field.id] == nil {
            problems.append(FieldProblem(field: field.id, kind: .missing))
        }
        let itemChange = ItemInput(definition: definition, environment: environment).apply(
            event, request: request, to: snapshot.items, on: on)
        problems += itemChange.problems
        guard problems.isEmpty else { throw refuse(.invalidFields(problems)) }
        // The trail keeps a readable line per item added, and the id of one closed.
        if let list = event.adds, !itemChange.added.isEmpty {
            given["added:\(list)"] = .list(
                itemChange.added.map { item in
                    .text(
                        item.id + " "
                            + item.values.keys.sorted().map {
                                "\($0)=\(item.values[$0]?.display(in: environment.zone) ?? "")"
                            }.joined(separator: "; "))
                })
        }
        if let closed = itemChange.closed { given["item"] = .text(closed.id) }
        if let dateField = event.dateField {
            data[dateField] = .date(on)
            given[dateField] = .date(on)
        }

        var context = EvaluationContext(
            data: data, parameters: environment.parameters(of: definition), records: snapshot.records, today: on,
            now: environment.now, zone: environment.zone, actor: request.actor, calendar: environment.calendar)
        context.items = itemChange.items
        let evaluator = ExpressionEvaluator(context: context)
        for check in event.checks {
            let failure: CheckFailure?
            do {
                failure = try CheckOutcome.failure(of: check, with: evaluator)
            } catch {
                throw refuse(.calendar(error))
            }
            if let failure { throw refuse(.checkFailed(failure)) }
        }

        let target: String
        var escalates = event.movesToParentOrganisation
        switch event.target {
        case .stay: target = snapshot.state
        case .state(let s): target = s
        case .conditional(let branches):
            let chosen = branches.first { branch in
                guard let condition = branch.condition else { return true }
                return (try? evaluator.truth(condition.root)) == true
            }
            guard let chosen else { throw refuse(.noTargetMatched) }
            target = chosen.state
            escalates = escalates || chosen.escalates
        }

        for computed in event.computes {
            let context = EvaluationContext(
                data: data, parameters: environment.parameters(of: definition), records: snapshot.records, today: on,
                now: environment.now, zone: environment.zone, actor: request.actor, calendar: environment.calendar)
            let evaluator = ExpressionEvaluator(context: context)
            if let condition = computed.condition, (try? evaluator.truth(condition.root)) != true { continue }
            do {
                let value = try evaluator.evaluate(computed.expression.root)
                data[computed.field] = value
                given[computed.field] = value
            } catch .calendar(let error) {
                throw refuse(.calendar(error))
            } catch .outOfRange {
                throw refuse(.calendar(.outOfRange(rule: computed.expression.source)))
            } catch {
                throw refuse(.computation(field: computed.field, rule: computed.expression.source))
            }
        }

        var next = snapshot
        next.state = target
        next.data = data
        next.items = itemChange.items
        next.records[event.id, default: []].append(on)
        next.lastStepOn = max(on, kind == .start ? on : snapshot.lastStepOn)
        next.updatedAt = environment.now
        next.revision = snapshot.revision + 1
        if let field = event.assigns, case .text(let person) = data[field] { next.assignee = person }
        if event.unassigns {
            // The person fields that assign the case are cleared too, so the next
            // dispatch has to name someone again.
            next.assignee = nil
            for field in definition.events.compactMap(\.assigns) { next.data[field] = nil }
        }
        if escalates {
            guard let parent = environment.parentOrganisation else {
                throw refuse(.noParentOrganisation(snapshot.organisation))
            }
            next.organisation = parent
        }
        if kind == .start || target != snapshot.state || escalates {
            // Entering a state (or moving up a level) starts its clocks: from the moment
            // of the command when the step is today, else from the start of its day.
            next.stateEnteredOn = on
            next.stateEnteredAt = on == environment.today ? environment.now : environment.zone.instant(date: on)
        }
        let audit = AuditDraft(
            kind: kind, caseID: caseID, event: event.id, fromState: state, toState: target, actor: request.actor,
            at: environment.now, on: on, data: given, note: request.note)
        do {
            let deadlines = try Schedule.deadlines(of: next, definition: definition, environment: environment)
            return Decision(
                snapshot: next, audit: audit, deadlines: deadlines, previous: kind == .start ? nil : snapshot)
        } catch {
            throw refuse(.calendar(error))
        }
    }
}
