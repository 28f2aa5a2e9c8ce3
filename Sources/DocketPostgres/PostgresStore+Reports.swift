import DocketCore
import DocketEngine
import Foundation

extension PostgresTransaction {
    /// Streams every state change of a workflow's cases under `roots` through a cursor,
    /// case by case (in the order of the `(workflow, state, id)` index) with each case's
    /// entries in order.
    public func eachStateChange(
        workflow: String, under roots: [String], overdueAt now: Date, _ body: (StateChangeRow) throws -> Void
    ) throws(StoreError) {
        try read("the history of \(workflow)") { db in
            guard let under = try underAny(roots, column: "c.org_path") else { return }
            try db.each(
                """
                SELECT a.case_id, a.from_state, a.to_state, a.on_date, c.organisation, c.state,
                       EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = c.id AND d.due_at <= ?)
                FROM cases c JOIN audit a ON a.case_id = c.id
                WHERE c.workflow = ? AND \(under.sql) ORDER BY c.state, c.id, a.seq
                """, [.real(now.timeIntervalSince1970), .text(workflow)] + under.binds
            ) { row in
                guard let day = try row.text(3).flatMap({ CivilDate(iso: $0) }) else { return true }
                let change = StateChange(
                    caseID: try row.string(0), from: try row.text(1), to: try row.string(2), on: day)
                try body(
                    StateChangeRow(
                        change: change, organisation: try row.string(4), state: try row.string(5),
                        overdue: try row.bool(6)))
                return true
            }
        }
    }

    /// Streams the cases of a workflow opened since an instant, each with its whole
    /// history, through a cursor.
    public func eachCaseHistory(
        workflow: String, under roots: [String], openedFrom: Date,
        _ body: (_ history: [AuditEntry], _ organisation: String) throws -> Void
    ) throws(StoreError) {
        try read("the histories of \(workflow)") { db in
            guard let under = try underAny(roots, column: "c.org_path") else { return }
            let columns = Self.entryColumns.split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }
            var history: [AuditEntry] = []
            var organisation = ""
            // A second of slack: the opening time is kept to the fraction, the trail's to the second.
            try db.each(
                """
                SELECT \(columns.joined(separator: ", ")), c.organisation FROM cases c JOIN audit a ON a.case_id = c.id
                WHERE c.workflow = ? AND c.opened_at >= ? AND \(under.sql) ORDER BY c.state, c.id, a.seq
                """, [.text(workflow), .real(openedFrom.timeIntervalSince1970 - 1)] + under.binds
            ) { row in
                let entry = try Self.entry(row)
                if let first = history.first, first.caseID != entry.caseID {
                    try body(history, organisation)
                    history.removeAll(keepingCapacity: true)
                }
                organisation = try row.string(16)
                history.append(entry)
                return true
            }
            if !history.isEmpty { try body(history, organisation) }
        }
    }
}
