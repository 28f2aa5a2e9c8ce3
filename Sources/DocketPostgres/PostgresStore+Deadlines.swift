import DocketCore
import DocketEngine
import Foundation

extension PostgresTransaction {
    /// Replaces a case's running limits: those that go on under the same rule are
    /// updated in place, those that end deleted, new ones inserted.
    func replaceDeadlines(_ deadlines: [ScheduledDeadline], of snapshot: CaseSnapshot, orgPath: String) throws {
        let standing = Set(
            try session.query("SELECT rule FROM deadlines WHERE case_id = ?", [.text(snapshot.id)]).map {
                try $0.string(0)
            })
        let kept = Set(deadlines.map(\.rule))
        for rule in standing.subtracting(kept) {
            try session.execute(
                "DELETE FROM deadlines WHERE case_id = ? AND rule = ?", [.text(snapshot.id), .text(rule)])
        }
        for d in deadlines where standing.contains(d.rule) {
            try session.execute(
                "UPDATE deadlines SET \(Self.updateAssignments) WHERE case_id = ? AND rule = ?",
                Self.description(of: d, in: snapshot) + [
                    .text(orgPath), .real(d.dueAt.timeIntervalSince1970), .real(d.warnAt?.timeIntervalSince1970),
                    .text(d.fires), .text(snapshot.id), .text(d.rule),
                ])
        }
        try insertDeadlines(deadlines.filter { !standing.contains($0.rule) }, of: snapshot, orgPath: orgPath)
    }

    /// Inserts a case's running limits (its old ones already gone).
    func insertDeadlines(_ deadlines: [ScheduledDeadline], of snapshot: CaseSnapshot, orgPath: String) throws {
        for d in deadlines {
            try session.execute(
                Self.insertSQL,
                [.text(snapshot.id), .text(d.rule)] + Self.description(of: d, in: snapshot) + [
                    .text(orgPath), .real(d.dueAt.timeIntervalSince1970), .real(d.warnAt?.timeIntervalSince1970),
                    .text(d.fires),
                ])
        }
    }

    /// The columns of a limit that say what it is and whose, copied from the case; bound
    /// by ``description(of:in:)`` in this order.
    private static let descriptiveColumns = [
        "kind", "title", "title_en", "workflow", "state", "organisation", "assignee", "due_date", "input",
        "provisional",
    ]
    private static let updateAssignments =
        (descriptiveColumns + ["org_path", "due_at", "warn_at", "fires"]).map { "\($0) = ?" }.joined(separator: ", ")
    private static let insertSQL: String = {
        let columns = ["case_id", "rule"] + descriptiveColumns + ["org_path", "due_at", "warn_at", "fires"]
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO deadlines (\(columns.joined(separator: ", "))) VALUES (\(marks))"
    }()

    private static func description(of d: ScheduledDeadline, in snapshot: CaseSnapshot) -> [Bind] {
        [
            .text(d.kind.rawValue), .text(d.title.zh), .text(d.title.en), .text(snapshot.workflow),
            .text(snapshot.state), .text(snapshot.organisation), .text(snapshot.assignee),
            .text(d.dueDate?.description),
            .text(d.input.isEmpty ? "{}" : ValueJSON.encode(d.input.mapValues(Value.text))),
            .int(d.provisional ? 1 : 0),
        ]
    }

    /// The columns ``deadlineRow(_:)`` reads, by position.
    static let deadlineColumns =
        "rule, title, title_en, kind, due_at, due_date, warn_at, fires, input, case_id, workflow, state, organisation, assignee, provisional"

    static func deadlineRow(_ row: Row) throws(StoreError) -> DeadlineRow {
        let input = try row.text(8) ?? "{}"
        let deadline = ScheduledDeadline(
            rule: try row.string(0), title: LocalizedText(zh: try row.string(1), en: try row.text(2)),
            kind: DeadlineRule.Kind(rawValue: try row.string(3)) ?? .deadline,
            dueAt: Date(timeIntervalSince1970: try row.real(4) ?? 0),
            dueDate: try row.text(5).flatMap { CivilDate(iso: $0) },
            warnAt: try row.real(6).map { Date(timeIntervalSince1970: $0) }, fires: try row.text(7),
            input: input == "{}" ? [:] : (ValueJSON.decodeObject(input) ?? [:]).mapValues(\.display),
            provisional: try row.int(14) == 1)
        return DeadlineRow(
            caseID: try row.string(9), workflow: try row.string(10), state: try row.string(11),
            organisation: try row.string(12), assignee: try row.text(13), deadline: deadline)
    }

    public func deadlines(of caseID: String) throws(StoreError) -> [ScheduledDeadline] {
        try read("the deadlines of \(caseID)") { db in
            try db.query(
                "SELECT \(Self.deadlineColumns) FROM deadlines WHERE case_id = ? ORDER BY due_at, rule",
                [.text(caseID)]
            ).map { try Self.deadlineRow($0).deadline }
        }
    }

    /// The WHERE clauses of a deadline query, with their values; `nil` when an
    /// organisation it names does not exist (nothing matches).
    private func filter(_ query: DeadlineQuery) throws -> (sql: String, binds: [Bind])? {
        var clauses: [String] = []
        var binds: [Bind] = []
        if let org = query.organisation {
            guard let range = try subtreeRange(of: org) else { return nil }
            clauses.append("org_path >= ? AND org_path < ?")
            binds += [.text(range.low), .text(range.high)]
        }
        if !query.organisations.isEmpty {
            guard let under = try underAny(query.organisations) else { return nil }
            clauses.append(under.sql)
            binds += under.binds
        }
        if let workflow = query.workflow {
            clauses.append("workflow = ?")
            binds.append(.text(workflow))
        }
        if let assignee = query.assignee {
            clauses.append("assignee = ?")
            binds.append(.text(assignee))
        }
        return (clauses.map { " AND " + $0 }.joined(), binds)
    }

    /// The clause that keeps the limits after `key` in the lists' order (due time, then
    /// case and rule by bytes: both columns are `COLLATE "C"`), and its binds.
    static func after(_ key: DeadlineKey?) -> (sql: String, binds: [Bind]) {
        guard let key else { return ("", []) }
        return (
            " AND (due_at, case_id, rule) > (?, ?, ?)",
            [.real(key.dueAt.timeIntervalSince1970), .text(key.caseID), .text(key.rule)]
        )
    }

    public func overdue(_ query: DeadlineQuery, at now: Date) throws(StoreError) -> [DeadlineRow] {
        var rows: [DeadlineRow] = []
        try overdue(query, at: now) { rows.append($0) }
        return rows
    }

    public func overdue(_ query: DeadlineQuery, at now: Date, each: (DeadlineRow) throws -> Void) throws(StoreError) {
        try read("overdue limits") { db in
            guard let (where_, binds) = try filter(query) else { return }
            let limit = query.limit.map { " LIMIT \(max(0, $0))" } ?? ""
            let (after, afterBinds) = Self.after(query.after)
            try db.each(
                "SELECT \(Self.deadlineColumns) FROM deadlines WHERE due_at <= ?\(where_)\(after) ORDER BY due_at, case_id, rule\(limit)",
                [.real(now.timeIntervalSince1970)] + binds + afterBinds
            ) {
                try each(try Self.deadlineRow($0))
                return true
            }
        }
    }

    public func overdueCount(_ query: DeadlineQuery, at now: Date) throws(StoreError) -> Int {
        try read("overdue limits") { db in
            guard let (where_, binds) = try filter(query) else { return 0 }
            return try db.query(
                "SELECT count(*) FROM deadlines WHERE due_at <= ?\(where_)", [.real(now.timeIntervalSince1970)] + binds
            ).first?.int(0) ?? 0
        }
    }

    public func overdueCounts(byChildOf query: DeadlineQuery, at now: Date) throws(StoreError) -> [OverdueCount] {
        try read("overdue limits") { db in
            guard let parent = query.organisation,
                let parentRow = try db.query("SELECT path, name FROM organisations WHERE id = ?", [.text(parent)]).first
            else { return [] }
            let parentPath = try parentRow.string(0)
            guard let (where_, binds) = try filter(query) else { return [] }
            // The path below the parent's starts with the child's id and a "/"; limits of
            // the parent itself have nothing below it, and count under the parent.
            let tallies = try db.query(
                """
                SELECT split_part(substr(org_path, length(?) + 1), '/', 1) AS child, count(*)
                FROM deadlines WHERE due_at <= ?\(where_) GROUP BY child
                """, [.text(parentPath), .real(now.timeIntervalSince1970)] + binds)
            var counts: [String: Int] = [:]
            for row in tallies {
                let segment = try row.string(0)
                counts[segment.isEmpty ? parent : segment, default: 0] += try row.int(1)
            }
            var result = try db.query(
                "SELECT id, name FROM organisations WHERE parent = ? ORDER BY path", [.text(parent)]
            )
            .map { row throws(StoreError) -> OverdueCount in
                let id = try row.string(0)
                return OverdueCount(organisation: id, name: try row.string(1), count: counts[id] ?? 0)
            }
            if let own = counts[parent] {
                result.insert(OverdueCount(organisation: parent, name: try parentRow.string(1), count: own), at: 0)
            }
            return result
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
        try read("limits due soon") { db in
            guard let (where_, binds) = try filter(query) else { return }
            let limit = query.limit.map { " LIMIT \(max(0, $0))" } ?? ""
            let t = now.timeIntervalSince1970
            let (after, afterBinds) = Self.after(query.after)
            try db.each(
                """
                SELECT \(Self.deadlineColumns) FROM deadlines WHERE due_at > ? AND (due_at <= ? OR warn_at <= ?)\(where_)\(after)
                ORDER BY due_at, case_id, rule\(limit)
                """, [.real(t), .real(horizon.timeIntervalSince1970), .real(t)] + binds + afterBinds
            ) {
                try each(try Self.deadlineRow($0))
                return true
            }
        }
    }

    public func nextTimer(dueBy now: Date) throws(StoreError) -> DueTimer? {
        try dueTimers(dueBy: now, limit: 1).first
    }

    /// In a write transaction the timers are claimed: locked `FOR UPDATE SKIP LOCKED`, so
    /// that a timer another transaction holds is passed over rather than waited for or
    /// fired twice; the tick fires them in the transaction that claimed them.
    public func dueTimers(dueBy now: Date, limit: Int) throws(StoreError) -> [DueTimer] {
        let sql = """
            SELECT case_id, rule, due_at, fires, input FROM deadlines WHERE fires IS NOT NULL AND due_at <= ?
            ORDER BY due_at, case_id, rule LIMIT ?
            """
        let binds: [Bind] = [.real(now.timeIntervalSince1970), .int(limit)]
        let rows: [Row]
        if writable {
            rows = try write("timers") { db in try db.query(sql + " FOR UPDATE SKIP LOCKED", binds) }
        } else {
            rows = try read("timers") { db in try db.query(sql, binds) }
        }
        return try rows.map { row throws(StoreError) -> DueTimer in
            let input = try row.text(4) ?? "{}"
            return DueTimer(
                caseID: try row.string(0), rule: try row.string(1),
                dueAt: Date(timeIntervalSince1970: try row.real(2) ?? 0), event: try row.string(3),
                input: input == "{}" ? [:] : (ValueJSON.decodeObject(input) ?? [:]).mapValues(\.display))
        }
    }

    public func disarm(_ timer: DueTimer) throws(StoreError) {
        try write("timer \(timer.rule) of \(timer.caseID)") { db in
            try db.execute(
                "UPDATE deadlines SET fires = NULL WHERE case_id = ? AND rule = ?",
                [.text(timer.caseID), .text(timer.rule)])
        }
    }

    public func saveCalendars(_ calendars: [WorkingCalendar]) throws(StoreError) {
        try write("calendars") { db in
            for calendar in calendars {
                try db.execute(
                    """
                    INSERT INTO calendars (id, definition) VALUES (?, ?)
                    ON CONFLICT (id) DO UPDATE SET definition = excluded.definition
                    """, [.text(calendar.id), .text(try Self.encode(calendar))])
            }
        }
    }

    public func calendar(_ id: String) throws(StoreError) -> WorkingCalendar? {
        let json = try read("calendar \(id)") { db in
            try db.query("SELECT definition FROM calendars WHERE id = ?", [.text(id)]).first?.string(0)
        }
        guard let json else { return nil }
        return try Self.decode(WorkingCalendar.self, json, what: "calendar \(id)")
    }

    public func calendarIDs() throws(StoreError) -> [String] {
        try read("calendars") { db in try db.query("SELECT id FROM calendars ORDER BY id").map { try $0.string(0) } }
    }
}
