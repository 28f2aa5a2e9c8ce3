public import DocketCore
public import DocketEngine
import DocketMessages
public import Foundation

/// The JSON documents of a case (shared/CLI.md): what `case show --json`, `case history
/// --json` and `case list --json` print and what the server answers, built in one place so
/// that the two front ends cannot drift apart.
public enum CaseDocument {
    /// A case as it stands: state, stage, data, records, the events possible now (what
    /// each still needs), deadlines, item lists, its place in the procedure, its revision.
    public static func json(_ view: Engine.CaseView, _ available: [EventAvailability], now: Date, zone: DeploymentZone)
        -> JSONValue
    {
        let s = view.snapshot
        let d = view.definition
        let state = d.state(s.state)
        return .object([
            ("id", .string(s.id)), ("workflow", .string(s.workflow)), ("version", .int(s.version)),
            ("state", .string(s.state)),
            ("state_title", .string(state?.title.zh)), ("stage", .string(state?.stage)),
            ("stage_title", .string(state?.stage.flatMap { d.stage($0)?.title.zh })),
            ("final", .bool(state?.isFinal ?? false)),
            ("org", .string(s.organisation)), ("assignee", .string(s.assignee)), ("data", .data(s.data, zone: zone)),
            (
                "records",
                .object(
                    s.records.keys.sorted().map { key in
                        (key, .array((s.records[key] ?? []).map { .string($0.description) }))
                    })
            ),
            (
                "events",
                .array(
                    available.map { a in
                        .object([
                            ("id", .string(a.event)), ("title", .string(a.title.zh)),
                            ("missing", .array(a.missing.map(JSONValue.string))),
                            (
                                "blocked_by",
                                .array(
                                    a.blockedBy.map { f in
                                        .object([
                                            ("message", .string(f.message.zh)), ("rule", .string(f.rule)),
                                            ("possible_from", .string(f.possibleFrom?.description)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
            (
                "deadlines",
                .array(
                    view.deadlines.map { d in
                        let status = d.status(at: now)
                        return .object([
                            ("id", .string(d.rule)), ("title", .string(d.title.zh)), ("kind", .string(d.kind.rawValue)),
                            ("due", .string(due(d, zone))), ("due_at", .string(zone.format(d.dueAt))),
                            ("overdue", .bool(status == .overdue)), ("status", .string(status.rawValue)),
                            ("overdue_by", status == .overdue ? .string(d.overdueBy(at: now, zone: zone)) : .null),
                            ("fires", .string(d.fires)), ("provisional", .bool(d.provisional)),
                        ])
                    })
            ),
            (
                "items",
                .object(
                    d.itemLists.map { list in
                        (
                            list.id,
                            .array(
                                (s.items[list.id] ?? []).map { item in
                                    .object([
                                        ("id", .string(item.id)), ("values", .data(item.values, zone: zone)),
                                        ("added_on", .string(item.addedOn.description)),
                                        ("closed_on", .string(item.closedOn?.description)),
                                        ("open", .bool(item.isOpen)),
                                    ])
                                })
                        )
                    })
            ),
            ("campaign", .string(s.campaign)),
            (
                "position",
                ProcedurePosition.of(s, in: d).map { p in
                    .object([
                        ("stage_number", .int(p.stageNumber)), ("stage", .string(p.stage.id)),
                        ("step", p.step.map(JSONValue.int) ?? .null),
                        ("step_title", .string(p.stepTitle?.zh)), ("text", .string(p.text(.zh))),
                    ])
                } ?? .null
            ),
            ("revision", .int(s.revision)),
        ])
    }

    /// One audit entry of a case's history, its data given back the types of its fields.
    public static func entry(_ e: AuditEntry, definition d: WorkflowDefinition?, zone: DeploymentZone) -> JSONValue {
        .object([
            ("seq", .int(e.seq)), ("kind", .string(e.kind.rawValue)), ("event", .string(e.event)),
            ("from", .string(e.fromState)),
            ("to", .string(e.toState)), ("actor", .string(e.actor)), ("at", .string(zone.format(e.at))),
            ("on", .string(e.on.description)),
            ("recorded_at", .string(zone.format(e.recordedAt))),
            ("data", JSONValue.parse(e.dataJSON, definition: d, zone: zone)), ("note", .string(e.note)),
            ("hash", .string(e.hash)),
        ])
    }

    /// A case in a list: where it stands, without its data.
    public static func summary(_ s: CaseSnapshot, definition: WorkflowDefinition?, zone: DeploymentZone) -> JSONValue {
        let state = definition?.state(s.state)
        return .object([
            ("id", .string(s.id)), ("workflow", .string(s.workflow)), ("version", .int(s.version)),
            ("state", .string(s.state)),
            ("state_title", .string(state?.title.zh)), ("stage", .string(state?.stage)),
            ("org", .string(s.organisation)),
            ("assignee", .string(s.assignee)), ("updated_at", .string(zone.format(s.updatedAt))),
        ])
    }

    /// "2026-02-10" for day limits, "2026-11-22T10:30:00+08:00" for hour limits.
    public static func due(_ d: ScheduledDeadline, _ zone: DeploymentZone) -> String {
        d.dueDate?.description ?? zone.format(d.dueAt)
    }
}
