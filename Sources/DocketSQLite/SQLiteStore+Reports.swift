import DocketCore
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

    public func stateChanges(workflow: String, organisation: String?) throws(StoreError) -> [StateChange] {
        try read("the history of \(workflow)") { db in
            guard let (clause, arguments) = try Self.subtree(organisation, db) else { return [] }
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT a.case_id, a.from_state, a.to_state, a.on_date FROM audit a JOIN cases c ON c.id = a.case_id
                    WHERE c.workflow = ?\(clause) ORDER BY a.case_id, a.seq
                    """,
                arguments: StatementArguments([workflow] + arguments))
            var result: [StateChange] = []
            while let row = try cursor.next() {
                let on: String = row["on_date"]
                guard let day = CivilDate(iso: on) else { continue }
                result.append(StateChange(caseID: row["case_id"], from: row["from_state"], to: row["to_state"], on: day))
            }
            return result
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
}
