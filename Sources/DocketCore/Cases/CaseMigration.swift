import Foundation

/// Moves a running case to another version of its workflow: its state mapped, its data
/// kept (what the new version no longer has is kept on the trail), its limits worked out
/// again under the new version's rules. Pure, like ``Transition``.
public enum CaseMigration {
    /// The event id of a migration on the trail.
    public static let event = "migrate"

    /// What moving one case changes, for a dry run to list and the trail to keep.
    public struct Preview: Sendable, Hashable {
        public var caseID: String
        public var fromVersion: Int
        public var toVersion: Int
        public var fromState: String
        public var toState: String
        /// Limits the new version runs that the case did not have.
        public var limitsAppearing: [ScheduledDeadline]
        /// Limits of the same rule whose due time or warning moves.
        public var limitsChanging: [LimitChange]
        /// Limits that end because the new version does not run them.
        public var limitsEnding: [ScheduledDeadline]
        /// Events possible now under the new version that were not, and the reverse.
        public var eventsGained: [String]
        public var eventsLost: [String]
        /// Fields with values that the new version does not have: kept on the trail.
        public var removedFields: [String]
        /// Fields that every way into the new state requires, and the case lacks.
        public var missingFields: [String]
    }

    /// A limit of the same rule before and after the move.
    public struct LimitChange: Sendable, Hashable {
        public var before: ScheduledDeadline
        public var after: ScheduledDeadline
    }

    /// Why a case cannot move, as a dry run reports it.
    public enum Obstacle: Error, Sendable, Hashable {
        /// The case's state is not in the new version and no mapping names one.
        case unmappedState(String)
        /// A mapping names a state the new version does not have.
        case unknownTarget(from: String, to: String)
        /// The case is already on that version.
        case alreadyThere(version: Int)
        /// The new version's limits could not be counted (the calendar does not reach).
        case limits(CalendarError)
        /// The move is dated before the case's last step: a case's trail goes forward.
        case beforeLastStep(on: CivilDate, last: CivilDate)
    }

    /// The case as it would stand on `target`, with its limits, and what changes.
    ///
    /// - Parameters:
    ///   - snapshot: the case as it stands.
    ///   - current: the version the case is on (to tell which events it loses).
    ///   - target: the version to move it to.
    ///   - mapping: old state id → new state id; a state in both versions maps to itself.
    ///   - standing: the limits the store holds for the case now.
    ///   - actor: who moves it, as the trail records.
    ///   - environment: the new version's facts at "now" (parameters, calendar).
    ///   - currentEnvironment: the same under the version the case is on.
    public static func migrate(
        _ snapshot: CaseSnapshot, from current: WorkflowDefinition, to target: WorkflowDefinition,
        mapping: [String: String], standing: [ScheduledDeadline], actor: String, environment: TransitionEnvironment,
        currentEnvironment: TransitionEnvironment
    ) -> Result<(Decision, Preview), Obstacle> {
        guard snapshot.version != target.version else { return .failure(.alreadyThere(version: target.version)) }
        guard environment.today >= snapshot.lastStepOn else {
            return .failure(.beforeLastStep(on: environment.today, last: snapshot.lastStepOn))
        }
        let state: String
        if let mapped = mapping[snapshot.state] {
            guard target.state(mapped) != nil else {
                return .failure(.unknownTarget(from: snapshot.state, to: mapped))
            }
            state = mapped
        } else if target.state(snapshot.state) != nil {
            state = snapshot.state
        } else {
            return .failure(.unmappedState(snapshot.state))
        }
        var next = snapshot
        next.version = target.version
        next.state = state
        next.revision = snapshot.revision + 1
        next.updatedAt = environment.now
        let kept = Set(target.fields.map(\.id))
        let removed = snapshot.data.keys.filter { !kept.contains($0) }.sorted()
        for field in removed { next.data[field] = nil }
        let fresh: [ScheduledDeadline]
        do {
            fresh = try Schedule.deadlines(of: next, definition: target, environment: environment)
        } catch {
            return .failure(.limits(error))
        }
        let before = Dictionary(standing.map { ($0.rule, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(fresh.map { ($0.rule, $0) }, uniquingKeysWith: { first, _ in first })
        let appearing = fresh.filter { before[$0.rule] == nil }
        let ending = standing.filter { after[$0.rule] == nil }
        let changing = fresh.compactMap { limit -> LimitChange? in
            guard let was = before[limit.rule], was.dueAt != limit.dueAt || was.warnAt != limit.warnAt else {
                return nil
            }
            return LimitChange(before: was, after: limit)
        }
        let possibleBefore = Set(
            Transition.availability(current, of: snapshot, environment: currentEnvironment).map(\.event))
        let possibleAfter = Set(Transition.availability(target, of: next, environment: environment).map(\.event))
        let preview = Preview(
            caseID: snapshot.id, fromVersion: snapshot.version, toVersion: target.version, fromState: snapshot.state,
            toState: state, limitsAppearing: appearing, limitsChanging: changing, limitsEnding: ending,
            eventsGained: possibleAfter.subtracting(possibleBefore).sorted(),
            eventsLost: possibleBefore.subtracting(possibleAfter).sorted(), removedFields: removed,
            missingFields: requiredOnEntry(state, of: target).filter { next.data[$0] == nil })
        // The trail keeps the move and every value the new version has no field for.
        var data: [String: Value] = [
            "from-version": .integer(snapshot.version), "to-version": .integer(target.version),
        ]
        for field in removed { data["removed:" + field] = snapshot.data[field] }
        // A limit that keeps its due time and warning stays as it was (a disarmed timer stays so).
        let limits = fresh.map { limit in
            before[limit.rule].flatMap { $0.dueAt == limit.dueAt && $0.warnAt == limit.warnAt ? $0 : nil } ?? limit
        }
        let audit = AuditDraft(
            kind: .event, caseID: snapshot.id, event: event, fromState: snapshot.state, toState: state, actor: actor,
            at: environment.now, on: environment.today, data: data,
            note: "v\(snapshot.version) → v\(target.version)")
        return .success((Decision(snapshot: next, audit: audit, deadlines: limits, previous: snapshot), preview))
    }

    /// The fields every event that enters `state` requires: what a case in it should have.
    static func requiredOnEntry(_ state: String, of definition: WorkflowDefinition) -> [String] {
        let entering = definition.events.filter { $0.target.possibleStates.contains(state) }
        guard let first = entering.first else { return [] }
        var required = Set(first.fields.filter(\.required).map(\.id))
        for event in entering.dropFirst() { required.formIntersection(event.fields.filter(\.required).map(\.id)) }
        return required.sorted()
    }
}
