/// An event a clerk could fire now, and what it still needs.
public struct EventAvailability: Sendable, Hashable {
    public var event: String
    public var title: LocalizedText
    /// Required fields that have no value yet.
    public var missing: [String]
    /// Checks that would refuse the event today with the case's present data.
    public var blockedBy: [CheckFailure]
}

extension Transition {
    /// The events possible in the case's state, each with the fields it still needs and
    /// the checks that would refuse it now. Checks that read a field the clerk has yet to
    /// give are not judged here.
    public static func availability(
        _ definition: WorkflowDefinition, of snapshot: CaseSnapshot, environment: TransitionEnvironment
    ) -> [EventAvailability] {
        let evaluator = ExpressionEvaluator(
            context: EvaluationContext(
                data: snapshot.data, parameters: environment.parameters(of: definition), records: snapshot.records,
                today: environment.today, now: environment.now, zone: environment.zone, actor: nil,
                calendar: environment.calendar))
        let parameters = environment.parameters(of: definition)
        return definition.events(from: snapshot.state).filter { !$0.timerOnly && $0.isEnabled(by: parameters) }.map {
            event in
            let missing = event.fields.filter { $0.required && snapshot.data[$0.id] == nil }.map(\.id)
            let eventFields = Set(event.fields.map(\.id))
            let judged = event.checks.filter { check in
                !check.expression.root.references.contains { eventFields.contains($0) || $0 == "actor" }
            }
            let blocked = judged.compactMap { (try? CheckOutcome.failure(of: $0, with: evaluator)) ?? nil }
            return EventAvailability(event: event.id, title: event.title, missing: missing, blockedBy: blocked)
        }
    }
}
