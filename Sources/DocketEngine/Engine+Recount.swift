public import DocketCore
public import Foundation

extension Engine {
    /// What a recount of running limits did.
    public struct RecountSummary: Sendable {
        /// Running cases looked at.
        public var examined: Int = 0
        /// Cases whose limits moved, each with its audit entry.
        public var moved: [AuditEntry] = []
        /// Cases left with their old limits because counting them again was refused.
        public var refused: [Refusal] = []

        public init() {}

        /// Takes in the summary of another batch of the same recount.
        public mutating func add(_ other: RecountSummary) {
            examined += other.examined
            moved += other.moved
            refused += other.refused
        }
    }

    /// Adds one year's holiday notice to a working-day calendar (or puts it in place of
    /// the one it had) and counts again every running limit that the change moves, all
    /// in one transaction: the calendar and the limits never disagree.
    ///
    /// A case whose limits cannot be counted again (the deployment refuses provisional
    /// years and one is reached) keeps its old limits and is named in the summary.
    ///
    /// - Throws: ``EngineError`` `.notFound(.calendar, id)` for an unknown calendar.
    public func addCalendarYear(_ notice: YearNotice, to calendarID: String, actor: String, now: Date) throws
        -> RecountSummary
    {
        try write { tx in try addCalendarYear(notice, to: calendarID, actor: actor, now: now, in: tx) }
    }

    /// ``addCalendarYear(_:to:actor:now:)`` as a step of the caller's transaction.
    public func addCalendarYear(
        _ notice: YearNotice, to calendarID: String, actor: String, now: Date, in tx: any StoreTransaction
    ) throws -> RecountSummary {
        let pending = try saveCalendarYear(notice, to: calendarID, actor: actor, now: now, in: tx)
        return try recount(pending, actor: actor, now: now, in: tx)
    }

    /// The running limits a change of a calendar or of parameters leaves to count again:
    /// the open cases it may move, and why. A front end that must not hold the store for
    /// a whole county counts them in batches of its own with ``recount(_:actor:now:in:)``.
    public struct PendingRecount: Sendable {
        public var cause: LimitRecount.Cause
        /// The open cases of the workflows the change governs, in id order.
        public var cases: [String]

        /// The same change for some of its cases.
        public func only(_ cases: some Sequence<String>) -> PendingRecount {
            PendingRecount(cause: cause, cases: Array(cases))
        }
    }

    /// The calendar year saved, with its `setting` entry on the trail, and the open cases
    /// whose limits it may move, not yet counted again.
    public func saveCalendarYear(
        _ notice: YearNotice, to calendarID: String, actor: String, now: Date, in tx: any StoreTransaction
    ) throws -> PendingRecount {
        try checkChangeTime(now)
        guard let calendar = try tx.calendar(calendarID) else {
            throw EngineError(.notFound(.calendar, calendarID))
        }
        try tx.saveCalendars([calendar.adding(notice)])
        cache.forgetCalendars()
        let replaced = calendar.covers(notice.year)
        _ = try tx.recordSetting(
            AuditDraft(
                kind: .setting, caseID: "calendar/\(calendarID)",
                event: replaced ? "calendar-year-corrected" : "calendar-year-added",
                fromState: nil, toState: String(notice.year), actor: actor, at: now, on: zone.date(of: now),
                data: [
                    "holidays": .list(notice.holidays.sorted().map { .date($0) }),
                    "working-weekends": .list(notice.workingWeekends.sorted().map { .date($0) }),
                ],
                note: notice.source),
            recordedAt: recordingClock())
        let deploymentDefault = try tx.calendarIDs().first
        return PendingRecount(
            cause: .calendar(id: calendarID, year: notice.year),
            cases: try openCases(in: tx) { definition in (definition.calendar ?? deploymentDefault) == calendarID })
    }

    /// Sets the deployment's values of workflows' parameters and counts again, in the
    /// same transaction, the running limits of those workflows' open cases: a limit
    /// governed by a changed parameter follows it, each moved case recorded on the trail.
    public func configure(
        _ values: [(workflow: String, parameter: String, value: String)], actor: String, now: Date
    ) throws -> RecountSummary {
        try write { tx in try configure(values, actor: actor, now: now, in: tx) }
    }

    /// ``configure(_:actor:now:)`` as a step of the caller's transaction.
    public func configure(
        _ values: [(workflow: String, parameter: String, value: String)], actor: String, now: Date,
        in tx: any StoreTransaction
    ) throws -> RecountSummary {
        try recount(try saveParameters(values, actor: actor, now: now, in: tx), actor: actor, now: now, in: tx)
    }

    /// The parameters' values set, each workflow's change with a `setting` entry on the
    /// trail (`parameters/WORKFLOW`, the values given), and the open cases of their
    /// workflows, not yet counted again.
    public func saveParameters(
        _ values: [(workflow: String, parameter: String, value: String)], actor: String, now: Date,
        in tx: any StoreTransaction
    ) throws -> PendingRecount {
        try checkChangeTime(now)
        try tx.setParameters(values)
        for (workflow, given) in Dictionary(grouping: values, by: \.workflow).sorted(by: { $0.key < $1.key }) {
            _ = try tx.recordSetting(
                AuditDraft(
                    kind: .setting, caseID: "parameters/\(workflow)", event: "parameters-set", fromState: nil,
                    toState: workflow, actor: actor, at: now, on: zone.date(of: now),
                    data: Dictionary(
                        given.map { ($0.parameter, Value.text($0.value)) }, uniquingKeysWith: { _, last in last }),
                    note: nil),
                recordedAt: recordingClock())
        }
        let workflows = Set(values.map(\.workflow))
        return PendingRecount(
            cause: .parameters(values.map(\.parameter)), cases: try openCases(in: tx) { workflows.contains($0.id) })
    }

    /// The open cases of the workflow versions `counts` picks.
    private func openCases(
        in tx: any StoreTransaction, _ counts: (_ definition: WorkflowDefinition) -> Bool
    ) throws -> [String] {
        // The ids first: cases are not written while the list of them is being read.
        var open: [String] = []
        // One pass per workflow, not per deployed version: a case query takes every version.
        for workflow in Set(try tx.deployedWorkflows().map(\.id)).sorted() {
            try tx.eachCase(matching: CaseQuery(workflow: workflow), under: nil) { snapshot in
                let key = "\(snapshot.workflow)#\(snapshot.version)"
                guard
                    let definition = try cache.definition(
                        key, load: { try tx.definition(workflow: snapshot.workflow, version: snapshot.version) }),
                    counts(definition), definition.state(snapshot.state)?.isFinal == false
                else { return }
                open.append(snapshot.id)
            }
        }
        return open
    }

    /// Counts again the running limits of `pending`'s cases, each moved case committed
    /// with its `recount-limits` entry; a case refused keeps its limits. Each case is read
    /// afresh, so a batch may run in a transaction after the one that saved the change.
    public func recount(_ pending: PendingRecount, actor: String, now: Date, in tx: any StoreTransaction) throws
        -> RecountSummary
    {
        let cause = pending.cause
        var summary = RecountSummary()
        for id in pending.cases {
            let (snapshot, definition) = try load(id, in: tx)
            var environment = TransitionEnvironment(
                now: now, zone: zone, calendar: try calendar(for: definition, in: tx))
            try useParameters(of: definition, in: &environment, tx)
            summary.examined += 1
            do {
                guard
                    let decision = try LimitRecount.recount(
                        snapshot, definition: definition, standing: try tx.deadlines(of: id), cause: cause,
                        actor: actor,
                        environment: environment)
                else { continue }
                summary.moved.append(
                    try tx.commit(
                        decision, as: .update(expectedRevision: snapshot.revision), recordedAt: recordingClock()))
            } catch let refusal as Refusal {
                summary.refused.append(refusal)
            }
        }
        return summary
    }
}
