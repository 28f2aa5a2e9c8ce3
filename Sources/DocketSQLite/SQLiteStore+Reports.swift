import DocketCore
import DocketEngine
import Foundation
import GRDB

extension SQLiteTransaction {
    public func eachStateChange(
        workflow: String, under roots: [String], overdueAt now: Date, _ body: (StateChangeRow) throws -> Void
    ) throws(StoreError) {
        try read("the history of \(workflow)") { db in
            guard let under = try Self.underAny(roots, column: "c.org_path", db) else { return }
            // Case by case, each with its entries in order, in the order of the
            // (workflow, state) index: nothing has to sort the whole trail.
            let statement = try db.cachedStatement(
                sql: """
                    SELECT a.case_id, a.from_state, a.to_state, a.on_date, c.organisation, c.state,
                           EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = c.id AND d.due_at <= ?)
                    FROM cases c JOIN audit a ON a.case_id = c.id
                    WHERE c.workflow = ? AND \(under.sql) ORDER BY c.state, c.rowid, a.seq
                    """)
            let query = try RawStatement(
                boundBy: StatementArguments([now.timeIntervalSince1970, workflow] + under.arguments), statement)
            while try query.step() {
                guard let day = query.text(3).flatMap({ CivilDate(iso: $0) }) else { continue }
                let change = StateChange(
                    caseID: query.text(0) ?? "", from: query.text(1), to: query.text(2) ?? "", on: day)
                try body(
                    StateChangeRow(
                        change: change, organisation: query.text(4) ?? "", state: query.text(5) ?? "",
                        overdue: query.integer(6) != 0))
            }
        }
    }
}

extension SQLiteTransaction {

    public func eachCaseHistory(
        workflow: String, under roots: [String], openedFrom: Date,
        _ body: (_ history: [AuditEntry], _ organisation: String) throws -> Void
    ) throws(StoreError) {
        try read("the histories of \(workflow)") { db in
            guard let under = try Self.underAny(roots, column: "c.org_path", db) else { return }
            // A second of slack: the opening time is kept to the fraction, the trail's to the second.
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT a.*, c.organisation AS case_organisation FROM cases c JOIN audit a ON a.case_id = c.id
                    WHERE c.workflow = ? AND c.opened_at >= ? AND \(under.sql) ORDER BY c.state, c.rowid, a.seq
                    """,
                arguments: StatementArguments([workflow, openedFrom.timeIntervalSince1970 - 1] + under.arguments))
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
