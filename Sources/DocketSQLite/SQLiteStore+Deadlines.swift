import DocketCore
import DocketEngine
import Foundation
import GRDB

extension SQLiteTransaction {
    /// Replaces a case's running limits inside the caller's transaction, touching only
    /// what differs.
    ///
    /// Most events leave most limits where they were, and SQLite rewrites an index entry
    /// whenever its column is named in an UPDATE, changed or not. So a limit that goes
    /// on under the same rule is updated in place, naming only the indexed columns that
    /// changed (its due time, warning, timer, or organisation path when the case moved);
    /// limits that end are deleted and new ones inserted.
    static func replaceDeadlines(
        _ deadlines: [ScheduledDeadline], of snapshot: CaseSnapshot, orgPath: String, organisationChanged: Bool,
        _ db: Database
    ) throws {
        var read = RawStatement(
            try db.cachedStatement(sql: "SELECT rule, due_at, warn_at, fires FROM deadlines WHERE case_id = ?"))
        try read.bind(snapshot.id)
        var standing: [String: StandingLimit] = [:]
        while try read.step() {
            standing[read.text(0) ?? ""] = StandingLimit(dueAt: read.real(1), warnAt: read.real(2), fires: read.text(3))
        }
        var inserts: [ScheduledDeadline] = []
        for d in deadlines {
            if let old = standing.removeValue(forKey: d.rule) {
                try updateDeadline(d, from: old, of: snapshot, orgPath: organisationChanged ? orgPath : nil, db)
            } else {
                inserts.append(d)
            }
        }
        if !standing.isEmpty {
            var delete = RawStatement(
                try db.cachedStatement(sql: "DELETE FROM deadlines WHERE case_id = ? AND rule = ?"))
            for rule in standing.keys {
                delete.rewind()
                try delete.bind(snapshot.id)
                try delete.bind(rule)
                try delete.run()
            }
        }
        try insertDeadlines(inserts, of: snapshot, orgPath: orgPath, db)
    }

    /// The indexed columns of a stored limit, as ``replaceDeadlines`` compares them.
    struct StandingLimit {
        var dueAt: Double?
        var warnAt: Double?
        var fires: String?
    }

    /// Updates a limit that goes on under the same rule; `orgPath` when the case moved.
    private static func updateDeadline(
        _ d: ScheduledDeadline, from old: StandingLimit, of snapshot: CaseSnapshot, orgPath: String?, _ db: Database
    ) throws {
        let dueAt = d.dueAt.timeIntervalSince1970
        let warnAt = d.warnAt?.timeIntervalSince1970
        let dueChanged = old.dueAt != dueAt
        let warnChanged = old.warnAt != warnAt
        let firesChanged = old.fires != d.fires
        var assignments = descriptiveAssignments
        if dueChanged { assignments += ", due_at = ?" }
        if warnChanged { assignments += ", warn_at = ?" }
        if firesChanged { assignments += ", fires = ?" }
        if orgPath != nil { assignments += ", org_path = ?" }
        var update = RawStatement(
            try db.cachedStatement(sql: "UPDATE deadlines SET \(assignments) WHERE case_id = ? AND rule = ?"))
        try bindDescription(of: d, in: snapshot, to: &update)
        if dueChanged { try update.bind(dueAt) }
        if warnChanged { try update.bind(warnAt) }
        if firesChanged { try update.bind(d.fires) }
        if let orgPath { try update.bind(orgPath) }
        try update.bind(snapshot.id)
        try update.bind(d.rule)
        try update.run()
    }

    /// Inserts a case's running limits inside the caller's transaction (its old ones
    /// already deleted).
    static func insertDeadlines(
        _ deadlines: [ScheduledDeadline], of snapshot: CaseSnapshot, orgPath: String, _ db: Database
    ) throws {
        guard !deadlines.isEmpty else { return }
        var insert = RawStatement(try db.cachedStatement(sql: insertSQL))
        for d in deadlines {
            insert.rewind()
            try insert.bind(snapshot.id)
            try insert.bind(d.rule)
            try bindDescription(of: d, in: snapshot, to: &insert)
            try insert.bind(orgPath)
            try insert.bind(d.dueAt.timeIntervalSince1970)
            try insert.bind(d.warnAt?.timeIntervalSince1970)
            try insert.bind(d.fires)
            try insert.run()
        }
    }

    /// The columns of a limit that no index holds: what it is and whose, copied from the
    /// case. Bound by ``bindDescription(of:in:to:)`` in this order.
    private static let descriptiveColumns = [
        "kind", "title", "title_en", "workflow", "state", "organisation", "assignee", "due_date", "input",
        "provisional",
    ]
    private static let descriptiveAssignments = descriptiveColumns.map { "\($0) = ?" }.joined(separator: ", ")
    private static let insertSQL: String = {
        let columns = ["case_id", "rule"] + descriptiveColumns + ["org_path", "due_at", "warn_at", "fires"]
        return
            "INSERT INTO deadlines (\(columns.joined(separator: ", "))) VALUES (\(databaseQuestionMarks(count: columns.count)))"
    }()

    private static func bindDescription(
        of d: ScheduledDeadline, in snapshot: CaseSnapshot, to statement: inout RawStatement
    ) throws {
        try statement.bind(d.kind.rawValue)
        try statement.bind(d.title.zh)
        try statement.bind(d.title.en)
        try statement.bind(snapshot.workflow)
        try statement.bind(snapshot.state)
        try statement.bind(snapshot.organisation)
        try statement.bind(snapshot.assignee)
        try statement.bind(d.dueDate?.description)
        try statement.bind(d.input.isEmpty ? "{}" : ValueJSON.encode(d.input.mapValues(Value.text)))
        try statement.bind(d.provisional ? 1 : 0)
    }

    /// The columns ``eachDeadlineRow(_:_:_:_:)`` reads, by position, through SQLite's C
    /// interface: a supervisor's list can run to thousands of rows of fifteen columns.
    static let deadlineColumns =
        "rule, title, title_en, kind, due_at, due_date, warn_at, fires, input, case_id, workflow, state, organisation, assignee, provisional"

    static func eachDeadlineRow(
        _ sql: String, _ arguments: StatementArguments, _ db: Database, _ body: (DeadlineRow) throws -> Void
    ) throws {
        let query = try RawStatement(boundBy: arguments, db.cachedStatement(sql: sql))
        // The statement is reset however the loop ends, so that it can be used again.
        defer { query.finish() }
        // A list repeats its rules, titles, workflows, states and organisations from row
        // to row: reused, they are not made again for each of thousands of rows.
        var last = [ReusedText](repeating: ReusedText(), count: 14)
        var lastDueDate: (text: String, date: CivilDate?)?
        while try query.step() {
            let input = query.text(8) ?? "{}"
            let dueDateText = query.text(5, reusing: &last[5])
            if let dueDateText, lastDueDate?.text != dueDateText {
                lastDueDate = (dueDateText, CivilDate(iso: dueDateText))
            }
            let deadline = ScheduledDeadline(
                rule: query.text(0, reusing: &last[0]) ?? "",
                title: LocalizedText(zh: query.text(1, reusing: &last[1]) ?? "", en: query.text(2, reusing: &last[2])),
                kind: DeadlineRule.Kind(rawValue: query.text(3, reusing: &last[3]) ?? "") ?? .deadline,
                dueAt: Date(timeIntervalSince1970: query.real(4) ?? 0),
                dueDate: dueDateText == nil ? nil : lastDueDate?.date,
                warnAt: query.real(6).map { Date(timeIntervalSince1970: $0) }, fires: query.text(7, reusing: &last[7]),
                input: input == "{}" ? [:] : (ValueJSON.decodeObject(input) ?? [:]).mapValues(\.display),
                provisional: query.integer(14) == 1)
            try body(
                DeadlineRow(
                    caseID: query.text(9) ?? "", workflow: query.text(10, reusing: &last[10]) ?? "",
                    state: query.text(11, reusing: &last[11]) ?? "",
                    organisation: query.text(12, reusing: &last[12]) ?? "",
                    assignee: query.text(13, reusing: &last[13]), deadline: deadline))
        }
    }

    public func deadlines(of caseID: String) throws(StoreError) -> [ScheduledDeadline] {
        try read("the deadlines of \(caseID)") { db in
            var limits: [ScheduledDeadline] = []
            try Self.eachDeadlineRow(
                "SELECT \(Self.deadlineColumns) FROM deadlines WHERE case_id = ? ORDER BY due_at",
                StatementArguments([caseID]), db
            ) { limits.append($0.deadline) }
            return limits
        }
    }

    /// The WHERE clauses of a deadline query, bound as arguments.
    ///
    /// - Parameter dueOrder: whether the query should read the limits in due order and
    ///   test each one's organisation (a large part of the tree: the first matches come
    ///   soon), rather than read the organisation's subtree and then sort (a small part:
    ///   the subtree is short). The organisation test is then written `+org_path`, which
    ///   keeps SQLite from choosing the subtree index.
    /// The order of the overdue and due-soon lists (``DeadlineKey``): the index on
    /// `(due_at, case_id, …)` gives the first two, and SQLite sorts only the limits of one
    /// case due at one instant by rule.
    static let listOrder = "due_at, case_id, rule"

    /// The clause that keeps the limits after `key` in ``listOrder``, and its arguments.
    static func after(_ key: DeadlineKey?) -> (sql: String, arguments: [any DatabaseValueConvertible]) {
        guard let key else { return ("", []) }
        return (" AND (due_at, case_id, rule) > (?, ?, ?)", [key.dueAt.timeIntervalSince1970, key.caseID, key.rule])
    }

    private static func filter(
        _ query: DeadlineQuery, dueOrder: Bool = false, _ db: Database
    ) throws -> (sql: String, arguments: [any DatabaseValueConvertible])? {
        var clauses: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let org = query.organisation {
            guard let range = try subtreeRange(of: org, db) else { return nil }
            let dueFirst = try dueOrder && coversLargePart([range], db)
            let column = dueFirst ? "+org_path" : "org_path"
            clauses.append("\(column) >= ? AND \(column) < ?")
            arguments += [range.low, range.high]
        }
        if !query.organisations.isEmpty {
            guard let plain = try underAny(query.organisations, db) else { return nil }
            let dueFirst = try dueOrder && coversLargePart(plain.ranges, db)
            let under = dueFirst ? try underAny(query.organisations, column: "+org_path", db) ?? plain : plain
            clauses.append(under.sql)
            arguments += under.arguments
        }
        if let workflow = query.workflow {
            clauses.append("workflow = ?")
            arguments.append(workflow)
        }
        if let assignee = query.assignee {
            clauses.append("assignee = ?")
            arguments.append(assignee)
        }
        return (clauses.map { " AND " + $0 }.joined(), arguments)
    }

    /// Whether some subtrees hold at least one organisation in a hundred: then about one
    /// overdue limit in a hundred is under them, and a list of 50 is found within the
    /// first few thousand in due order.
    private static func coversLargePart(_ ranges: [(low: String, high: String)], _ db: Database) throws -> Bool {
        let all = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM organisations")) ?? 0
        var under = 0
        for range in ranges {
            under +=
                try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT COUNT(*) FROM organisations WHERE path >= ? AND path < ?"),
                    arguments: [range.low, range.high]) ?? 0
        }
        return under * 100 >= all
    }

    public func overdue(_ query: DeadlineQuery, at now: Date) throws(StoreError) -> [DeadlineRow] {
        var rows: [DeadlineRow] = []
        try overdue(query, at: now) { rows.append($0) }
        return rows
    }

    public func overdue(_ query: DeadlineQuery, at now: Date, each: (DeadlineRow) throws -> Void) throws(StoreError) {
        try read("overdue limits") { db in
            guard let (where_, arguments) = try Self.filter(query, dueOrder: true, db) else { return }
            let limit = query.limit.map { " LIMIT \(max(0, $0))" } ?? ""
            let (after, afterArguments) = Self.after(query.after)
            try Self.eachDeadlineRow(
                "SELECT \(Self.deadlineColumns) FROM deadlines WHERE due_at <= ?\(where_)\(after) ORDER BY \(Self.listOrder)\(limit)",
                StatementArguments([now.timeIntervalSince1970] + arguments + afterArguments), db, each)
        }
    }

    public func overdueCount(_ query: DeadlineQuery, at now: Date) throws(StoreError) -> Int {
        try read("overdue limits") { db in
            guard let (where_, arguments) = try Self.filter(query, db) else { return 0 }
            return try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM deadlines WHERE due_at <= ?\(where_)",
                arguments: StatementArguments([now.timeIntervalSince1970] + arguments)) ?? 0
        }
    }

    public func overdueCounts(byChildOf query: DeadlineQuery, at now: Date) throws(StoreError) -> [OverdueCount] {
        try read("overdue limits") { db in
            guard let parent = query.organisation,
                let parentPath = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT path FROM organisations WHERE id = ?"), arguments: [parent])
            else { return [] }
            guard let (where_, arguments) = try Self.filter(query, dueOrder: true, db) else { return [] }
            let statement = try db.cachedStatement(sql: "SELECT org_path FROM deadlines WHERE due_at <= ?\(where_)")
            try statement.setArguments(StatementArguments([now.timeIntervalSince1970] + arguments))
            // The path below the parent's starts with the child's id and a "/"; limits of
            // the parent itself have nothing below it, and count under the parent.
            var tally = PathSegmentTally(skipping: parentPath.utf8.count)
            try tally.count(statement)
            var counts: [String: Int] = [:]
            for (segment, count) in tally.counts { counts[segment.isEmpty ? parent : segment, default: 0] += count }
            let children = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT id, name FROM organisations WHERE parent = ? ORDER BY path"),
                arguments: [parent])
            var result = children.map {
                OverdueCount(organisation: $0[0], name: $0[1], count: counts[$0[0] as String] ?? 0)
            }
            if let own = counts[parent] {
                let name =
                    try String.fetchOne(
                        db.cachedStatement(sql: "SELECT name FROM organisations WHERE id = ?"), arguments: [parent])
                    ?? parent
                result.insert(OverdueCount(organisation: parent, name: name, count: own), at: 0)
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
            guard let (where_, arguments) = try Self.filter(query, db) else { return }
            let limit = query.limit.map { " LIMIT \(max(0, $0))" } ?? ""
            let t = now.timeIntervalSince1970
            let (after, afterArguments) = Self.after(query.after)
            try Self.eachDeadlineRow(
                "SELECT \(Self.deadlineColumns) FROM deadlines WHERE due_at > ? AND (due_at <= ? OR warn_at <= ?)\(where_)\(after) ORDER BY \(Self.listOrder)\(limit)",
                StatementArguments([t, horizon.timeIntervalSince1970, t] + arguments + afterArguments), db, each)
        }
    }

    public func nextTimer(dueBy now: Date) throws(StoreError) -> DueTimer? {
        try dueTimers(dueBy: now, limit: 1).first
    }

    public func dueTimers(dueBy now: Date, limit: Int) throws(StoreError) -> [DueTimer] {
        try read("timers") { db in
            var query = RawStatement(
                try db.cachedStatement(
                    sql:
                        "SELECT case_id, rule, due_at, fires, input FROM deadlines WHERE fires IS NOT NULL AND due_at <= ? ORDER BY due_at, case_id LIMIT ?"
                ))
            try query.bind(now.timeIntervalSince1970)
            try query.bind(limit)
            defer { query.finish() }
            var timers: [DueTimer] = []
            while try query.step() {
                let input = query.text(4) ?? "{}"
                timers.append(
                    DueTimer(
                        caseID: query.text(0) ?? "", rule: query.text(1) ?? "",
                        dueAt: Date(timeIntervalSince1970: query.real(2) ?? 0),
                        event: query.text(3) ?? "",
                        input: input == "{}" ? [:] : (ValueJSON.decodeObject(input) ?? [:]).mapValues(\.display)))
            }
            return timers
        }
    }

    public func disarm(_ timer: DueTimer) throws(StoreError) {
        try write("timer \(timer.rule) of \(timer.caseID)") { db in
            try db.cachedStatement(sql: "UPDATE deadlines SET fires = NULL WHERE case_id = ? AND rule = ?")
                .execute(arguments: [timer.caseID, timer.rule])
        }
    }

    public func saveCalendars(_ calendars: [WorkingCalendar]) throws(StoreError) {
        try write("calendars") { db in
            for calendar in calendars {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO calendars (id, definition) VALUES (?, ?)",
                    arguments: [calendar.id, try Self.encode(calendar)])
            }
        }
    }

    public func calendar(_ id: String) throws(StoreError) -> WorkingCalendar? {
        let json = try read("calendar \(id)") { db in
            try String.fetchOne(db, sql: "SELECT definition FROM calendars WHERE id = ?", arguments: [id])
        }
        guard let json else { return nil }
        do { return try Self.decode(WorkingCalendar.self, json, what: "calendar \(id)") } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError(.invalidData, "calendar \(id)", cause: error)
        }
    }

    public func calendarIDs() throws(StoreError) -> [String] {
        try read("calendars") { db in try String.fetchAll(db, sql: "SELECT id FROM calendars ORDER BY id") }
    }
}
