import DocketCore
import DocketEngine
import Foundation
import GRDB

extension SQLiteTransaction {
    /// Keeps the deployment's grading schemes (from `Workflows/grading.yaml` at init).
    public func saveGradingSchemes(_ schemes: [GradingScheme]) throws(StoreError) {
        let json: String
        do { json = try Self.encode(schemes) } catch { throw StoreError(.invalidData, "grading schemes", cause: error) }
        try write("grading schemes") { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('grading-schemes', ?)", arguments: [json])
        }
    }

    public func gradingSchemes() throws(StoreError) -> [GradingScheme] {
        let json = try read("grading schemes") { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'grading-schemes'")
        }
        guard let json else { return [] }
        do { return try Self.decode([GradingScheme].self, json, what: "grading schemes") } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError(.invalidData, "grading schemes", cause: error)
        }
    }

    /// Replaces a year's scores, all in one transaction; every organisation must exist.
    public func saveScores(year: Int, _ scores: [(organisation: String, score: Double, indicators: [String: Double])])
        throws(StoreError)
    {
        let rows: [(String, Double, String)]
        do { rows = try scores.map { ($0.organisation, $0.score, try Self.encode($0.indicators)) } } catch {
            throw StoreError(.invalidData, "scores", cause: error)
        }
        try write("the scores of \(year)") { db in
            try db.execute(sql: "DELETE FROM grading_scores WHERE year = ?", arguments: [year])
            for (organisation, score, indicators) in rows {
                guard
                    try Bool.fetchOne(db, sql: "SELECT 1 FROM organisations WHERE id = ?", arguments: [organisation])
                        == true
                else {
                    throw StoreError(
                        .invalidData, "no organisation \(organisation)", subject: .unknownOrganisation(organisation))
                }
                try db.execute(
                    sql: "INSERT INTO grading_scores (year, organisation, score, indicators) VALUES (?, ?, ?, ?)",
                    arguments: [year, organisation, score, indicators])
            }
        }
    }

    /// A year's scores, organisation by organisation.
    public func scores(year: Int) throws(StoreError) -> [(organisation: String, score: Double)] {
        let rows = try read("the scores of \(year)") { db -> [[String]] in
            try Row.fetchAll(
                db, sql: "SELECT organisation, score FROM grading_scores WHERE year = ? ORDER BY score, organisation",
                arguments: [year]
            )
            .map { [$0["organisation"], String($0["score"] as Double)] }
        }
        return rows.map { ($0[0], Double($0[1]) ?? 0) }
    }
}
