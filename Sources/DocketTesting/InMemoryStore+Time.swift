public import DocketCore
public import DocketEngine
public import Foundation

// MARK: Limits and timers

extension InMemoryTransaction {
    public func saveCalendars(_ calendars: [WorkingCalendar]) throws(StoreError) {
        try writeState("calendars") { state in
            for calendar in calendars { state.calendars[calendar.id] = calendar }
        }
    }

    public func calendar(_ id: String) throws(StoreError) -> WorkingCalendar? {
        try readState { $0.calendars[id] }
    }

    public func calendarIDs() throws(StoreError) -> [String] {
        try readState { $0.calendars.keys.sorted { $0.precedesAsBytes($1) } }
    }

    public func deadlines(of caseID: String) throws(StoreError) -> [ScheduledDeadline] {
        try readState { state in
            (state.deadlines[caseID] ?? []).sorted { a, b in
                a.dueAt != b.dueAt ? a.dueAt < b.dueAt : a.rule.precedesAsBytes(b.rule)
            }
        }
    }

    public func overdueCount(_ query: DeadlineQuery, at now: Date) throws(StoreError) -> Int {
        try readState { state in
            guard let filter = state.caseFilter(query) else { return 0 }
            return state.deadlineRows(filter, limit: nil) { $0.dueAt <= now }.count
        }
    }

    public func overdueCounts(byChildOf query: DeadlineQuery, at now: Date) throws(StoreError) -> [OverdueCount] {
        try readState { state in
            guard let parent = query.organisation, let parentPath = state.paths[parent],
                let filter = state.caseFilter(query)
            else { return [] }
            var counts: [String: Int] = [:]
            for row in state.deadlineRows(filter, limit: nil, { $0.dueAt <= now }) {
                // The path below the parent's starts with the child's id; the parent's own
                // limits have nothing below it.
                let below = (state.paths[row.organisation] ?? parentPath).utf8.dropFirst(parentPath.utf8.count)
                let child = String(decoding: below.prefix { $0 != UInt8(ascii: "/") }, as: UTF8.self)
                counts[child.isEmpty ? parent : child, default: 0] += 1
            }
            var result = state.organisations.values.filter { $0.parent == parent }
                .sorted { (state.paths[$0.id] ?? "").precedesAsBytes(state.paths[$1.id] ?? "") }
                .map { OverdueCount(organisation: $0.id, name: $0.name, count: counts[$0.id] ?? 0) }
            if let own = counts[parent] {
                result.insert(
                    OverdueCount(organisation: parent, name: state.organisations[parent]?.name ?? parent, count: own),
                    at: 0)
            }
            return result
        }
    }

    public func overdue(_ query: DeadlineQuery, at now: Date) throws(StoreError) -> [DeadlineRow] {
        try readState { state in
            guard let filter = state.caseFilter(query) else { return [] }
            return state.deadlineRows(filter, limit: query.limit, after: query.after) { $0.dueAt <= now }
        }
    }

    public func overdue(_ query: DeadlineQuery, at now: Date, each: (DeadlineRow) throws -> Void) throws(StoreError) {
        try readState { (state) throws(StoreError) in
            guard let filter = state.caseFilter(query) else { return }
            for row in state.deadlineRows(filter, limit: query.limit, after: query.after, { $0.dueAt <= now }) {
                try visit("overdue limits") { try each(row) }
            }
        }
    }

    public func dueSoon(_ query: DeadlineQuery, at now: Date, horizon: Date) throws(StoreError) -> [DeadlineRow] {
        var rows: [DeadlineRow] = []
        try dueSoon(query, at: now, horizon: horizon) { rows.append($0) }
        return rows
    }

    public func dueSoon(_ query: DeadlineQuery, at now: Date, horizon: Date, each: (DeadlineRow) throws -> Void)
        throws(StoreError)
    {
        try readState { (state) throws(StoreError) in
            guard let filter = state.caseFilter(query) else { return }
            let soon = { (limit: ScheduledDeadline) in
                limit.dueAt > now && (limit.dueAt <= horizon || (limit.warnAt.map { $0 <= now } ?? false))
            }
            for row in state.deadlineRows(filter, limit: query.limit, after: query.after, soon) {
                try visit("limits due soon") { try each(row) }
            }
        }
    }

    public func nextTimer(dueBy now: Date) throws(StoreError) -> DueTimer? {
        try dueTimers(dueBy: now, limit: 1).first
    }

    /// Timers due by `now` in due order, then by case id as bytes (and rule).
    public func dueTimers(dueBy now: Date, limit: Int) throws(StoreError) -> [DueTimer] {
        try readState { state in
            let rows = state.deadlineRows({ _ in true }, limit: limit < 0 ? nil : limit) { limit in
                limit.fires != nil && limit.dueAt <= now
            }
            return rows.map { row in
                DueTimer(
                    caseID: row.caseID, rule: row.deadline.rule, dueAt: row.deadline.dueAt,
                    event: row.deadline.fires ?? "", input: row.deadline.input)
            }
        }
    }

    public func disarm(_ timer: DueTimer) throws(StoreError) {
        try writeState("timer \(timer.rule) of \(timer.caseID)") { state in
            guard var limits = state.deadlines[timer.caseID] else { return }
            for index in limits.indices where limits[index].rule == timer.rule { limits[index].fires = nil }
            state.deadlines[timer.caseID] = limits
        }
    }
}

// MARK: Reports

extension InMemoryTransaction {
    public func eachCaseHistory(
        workflow: String, under roots: [String], openedFrom: Date,
        _ body: (_ history: [AuditEntry], _ organisation: String) throws -> Void
    ) throws(StoreError) {
        try readState { (state) throws(StoreError) in
            // A second of slack, as the SQLite store gives: the opening is kept to the
            // fraction, the trail to the second.
            let from = openedFrom.addingTimeInterval(-1)
            for stored in state.reportCases(workflow: workflow, under: roots, { $0.openedAt >= from }) {
                let history = state.history(of: stored.snapshot.id)
                guard !history.isEmpty else { continue }
                try visit("the histories of \(workflow)") { try body(history, stored.snapshot.organisation) }
            }
        }
    }

    public func eachStateChange(
        workflow: String, under roots: [String], overdueAt now: Date, _ body: (StateChangeRow) throws -> Void
    ) throws(StoreError) {
        try readState { (state) throws(StoreError) in
            for stored in state.reportCases(workflow: workflow, under: roots) {
                let snapshot = stored.snapshot
                let overdue = (state.deadlines[snapshot.id] ?? []).contains { $0.dueAt <= now }
                for entry in state.history(of: snapshot.id) {
                    let change = StateChange(
                        caseID: snapshot.id, from: entry.fromState, to: entry.toState, on: entry.on)
                    let row = StateChangeRow(
                        change: change, organisation: snapshot.organisation, state: snapshot.state, overdue: overdue)
                    try visit("the history of \(workflow)") { try body(row) }
                }
            }
        }
    }
}
