import Foundation

/// Works a running case's limits out again after something they are counted by changed:
/// a year's holiday notice added to the working-day calendar, or a parameter configured.
/// Pure, like ``Transition``.
///
/// A case's limits are otherwise worked out only when an event changes it, so without a
/// recount a limit counted provisionally (or under the old parameter) would keep its old
/// day for good.
public enum LimitRecount {
    /// Why the limits are counted again, as the trail records it.
    public enum Cause: Sendable, Hashable {
        /// A year's notice was added to (or corrected in) a calendar.
        case calendar(id: String, year: Int)
        /// Parameters of the case's workflow were configured.
        case parameters([String])

        /// The note the audit entry carries.
        public var note: String {
            switch self {
            case .calendar(let id, let year): return "calendar \(id) \(year)"
            case .parameters(let names): return "parameters " + names.sorted().joined(separator: ", ")
            }
        }
    }

    /// The event id of a recount on the trail.
    public static let event = "recount-limits"

    /// The case with its limits counted again, or `nil` when none moved.
    ///
    /// A limit that keeps its due time and warning stays exactly as it was (a timer the
    /// tick disarmed stays disarmed); one that moves, appears or ends is recorded on the
    /// trail as `old → new` under its rule's id.
    ///
    /// - Parameters:
    ///   - snapshot: the case as it stands.
    ///   - definition: the definition version the case runs under.
    ///   - standing: the limits the store holds for the case now.
    ///   - cause: what changed, for the audit entry's note.
    ///   - actor: who made the change (the administrator who added the year, say).
    ///   - environment: "now", the zone, and the calendar and parameters as they are after the change.
    /// - Throws: ``Refusal`` when the arithmetic leaves the calendar.
    public static func recount(
        _ snapshot: CaseSnapshot, definition: WorkflowDefinition, standing: [ScheduledDeadline], cause: Cause,
        actor: String,
        environment: TransitionEnvironment
    ) throws(Refusal) -> Decision? {
        let fresh: [ScheduledDeadline]
        do {
            fresh = try Schedule.deadlines(of: snapshot, definition: definition, environment: environment)
        } catch {
            throw Refusal(.calendar(error), caseID: snapshot.id, state: snapshot.state, event: event)
        }
        let old = Dictionary(standing.map { ($0.rule, $0) }, uniquingKeysWith: { first, _ in first })
        var kept: [ScheduledDeadline] = []
        var moves: [String: Value] = [:]
        for limit in fresh {
            if let was = old[limit.rule], was.dueAt == limit.dueAt, was.warnAt == limit.warnAt,
                was.provisional == limit.provisional
            {
                kept.append(was)
                continue
            }
            kept.append(limit)
            moves[limit.rule] = .text(
                "\(old[limit.rule].map { due($0, environment.zone) } ?? "—") → \(due(limit, environment.zone))")
        }
        for (rule, was) in old where !fresh.contains(where: { $0.rule == rule }) {
            moves[rule] = .text("\(due(was, environment.zone)) → —")
        }
        guard !moves.isEmpty else { return nil }
        var next = snapshot
        next.revision = snapshot.revision + 1
        next.updatedAt = environment.now
        let audit = AuditDraft(
            kind: .event, caseID: snapshot.id, event: event, fromState: snapshot.state, toState: snapshot.state,
            actor: actor,
            at: environment.now, on: environment.today, data: moves, note: cause.note)
        return Decision(snapshot: next, audit: audit, deadlines: kept, previous: snapshot)
    }

    /// A limit's due day (or instant, for hour limits); `暂按` after it when it was counted
    /// provisionally (the trail keeps facts, and this is the mark clerks know).
    private static func due(_ limit: ScheduledDeadline, _ zone: DeploymentZone) -> String {
        (limit.dueDate?.description ?? zone.format(limit.dueAt))
            + (limit.provisional ? " " + InputVocabulary.provisionalMark : "")
    }
}
