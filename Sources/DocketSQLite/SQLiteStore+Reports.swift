import DocketCore
public import Foundation
public import DocketEngine
import GRDB

extension SQLiteStore {
    /// The subtree clause for a case query, or `nil` when the organisation is unknown.
    private static func subtree(_ organisation: String?, _ db: Database) throws -> (sql: String, arguments: [String])? {
        guard let organisation else { return ("", []) }
        guard let range = try subtreeRange(of: organisation, db) else { return nil }
        return (" AND c.org_path >= ? AND c.org_path < ?", [range.low, range.high])
    }

    public func caseStates(workflow: String, organisation: String?) throws(StoreError) -> [(id: String, state: String, organisation: String)] {
        let rows = try read("cases of \(workflow)") { db -> [[String]] in
            guard let (clause, arguments) = try Self.subtree(organisation, db) else { return [] }
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT c.id, c.state, c.organisation FROM cases c WHERE c.workflow = ?\(clause)",
                arguments: StatementArguments([workflow] + arguments))
            var result: [[String]] = []
            while let row = try cursor.next() { result.append([row["id"], row["state"], row["organisation"]]) }
            return result
        }
        return rows.map { (id: $0[0], state: $0[1], organisation: $0[2]) }
    }

    public func eachStateChange(
        workflow: String, under roots: [String], overdueAt now: Date, _ body: (StateChangeRow) throws -> Void
    ) throws(StoreError) {
        try read("the history of \(workflow)") { db in
            let ranges = try roots.compactMap { try Self.subtreeRange(of: $0, db) }
            guard !ranges.isEmpty else { return }
            let within = ranges.map { _ in "(c.org_path >= ? AND c.org_path < ?)" }.joined(separator: " OR ")
            // Case by case, each with its entries in order, in the order of the
            // (workflow, state) index: nothing has to sort the whole trail.
            let statement = try db.cachedStatement(
                sql: """
                    SELECT a.case_id, a.from_state, a.to_state, a.on_date, c.organisation, c.state,
                           EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = c.id AND d.due_at <= ?)
                    FROM cases c JOIN audit a ON a.case_id = c.id
                    WHERE c.workflow = ? AND (\(within)) ORDER BY c.state, c.rowid, a.seq
                    """)
            let query = try RawStatement(
                boundBy: StatementArguments([now.timeIntervalSince1970, workflow] + ranges.flatMap { [$0.low, $0.high] }), statement)
            while try query.step() {
                guard let day = query.text(3).flatMap({ CivilDate(iso: $0) }) else { continue }
                let change = StateChange(caseID: query.text(0) ?? "", from: query.text(1), to: query.text(2) ?? "", on: day)
                try body(StateChangeRow(change: change, organisation: query.text(4) ?? "", state: query.text(5) ?? "", overdue: query.integer(6) != 0))
            }
        }
    }
}

extension SQLiteStore {
    public func auditEntries(workflow: String, organisation: String?) throws(StoreError) -> [AuditEntry] {
        try read("the audit entries of \(workflow)") { db in
            guard let (clause, arguments) = try Self.subtree(organisation, db) else { return [] }
            let cursor = try Row.fetchCursor(
                db,
                sql: "SELECT a.* FROM audit a JOIN cases c ON c.id = a.case_id WHERE c.workflow = ?\(clause) ORDER BY a.case_id, a.seq",
                arguments: StatementArguments([workflow] + arguments))
            var result: [AuditEntry] = []
            while let row = try cursor.next() { result.append(Self.entry(row)) }
            return result
        }
    }

    public func eachCaseHistory(
        workflow: String, under roots: [String], openedFrom: Date, _ body: (_ history: [AuditEntry], _ organisation: String) throws -> Void
    ) throws(StoreError) {
        try read("the histories of \(workflow)") { db in
            let ranges = try roots.compactMap { try Self.subtreeRange(of: $0, db) }
            guard !ranges.isEmpty else { return }
            let within = ranges.map { _ in "(c.org_path >= ? AND c.org_path < ?)" }.joined(separator: " OR ")
            // A second of slack: the opening time is kept to the fraction, the trail's to the second.
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT a.*, c.organisation AS case_organisation FROM cases c JOIN audit a ON a.case_id = c.id
                    WHERE c.workflow = ? AND c.opened_at >= ? AND (\(within)) ORDER BY c.state, c.rowid, a.seq
                    """,
                arguments: StatementArguments([workflow, openedFrom.timeIntervalSince1970 - 1] + ranges.flatMap { [$0.low, $0.high] }))
            var history: [AuditEntry] = []
            var organisation = ""
            while let row = try cursor.next() {
                let entry = Self.entry(row)
                if let first = history.first, first.caseID != entry.caseID {
                    try body(history, organisation)
                    history.removeAll(keepingCapacity: true)
                }
                organisation = row["case_organisation"]
                history.append(entry)
            }
            if !history.isEmpty { try body(history, organisation) }
        }
    }
}
