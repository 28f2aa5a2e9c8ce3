import DocketCore
import DocketEngine
import Foundation

extension PostgresTransaction {
    public func deploy(_ definition: WorkflowDefinition, source: String, at: Date) throws(StoreError) -> DeployOutcome {
        let json: String
        do { json = try Self.encode(definition) } catch {
            throw StoreError(.invalidData, "cannot encode \(definition.id)", cause: error)
        }
        return try write("workflow \(definition.id) v\(definition.version)") { db in
            let existing = try db.query(
                "SELECT definition FROM workflow_versions WHERE workflow = ? AND version = ?",
                [.text(definition.id), .int(definition.version)]
            ).first
            if let existing {
                guard try existing.string(0) == json else {
                    throw StoreError(
                        .versionConflict,
                        "\(definition.id) version \(definition.version) is already deployed with different content; raise its version",
                        subject: .versionConflict(workflow: definition.id, version: definition.version))
                }
                return .unchanged
            }
            try db.execute(
                """
                INSERT INTO workflow_versions (workflow, version, title, definition, source, digest, deployed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(definition.id), .int(definition.version), .text(definition.title.zh), .text(json),
                    .text(source), .text(AuditChain.sha256Hex(json)), .real(at.timeIntervalSince1970),
                ])
            return .deployed
        }
    }

    public func definition(workflow: String, version: Int?) throws(StoreError) -> WorkflowDefinition? {
        let json = try read("workflow \(workflow)") { db in
            if let version {
                return try db.query(
                    "SELECT definition FROM workflow_versions WHERE workflow = ? AND version = ?",
                    [.text(workflow), .int(version)]
                ).first?.string(0)
            }
            return try db.query(
                "SELECT definition FROM workflow_versions WHERE workflow = ? ORDER BY version DESC LIMIT 1",
                [.text(workflow)]
            ).first?.string(0)
        }
        guard let json else { return nil }
        return try Self.decode(WorkflowDefinition.self, json, what: "workflow \(workflow)")
    }

    public func latestVersion(of workflow: String) throws(StoreError) -> Int? {
        try read("versions of \(workflow)") { db in
            try db.query("SELECT max(version) FROM workflow_versions WHERE workflow = ?", [.text(workflow)]).first?
                .optionalInt(0)
        }
    }

    public func deployedWorkflows() throws(StoreError) -> [DeployedWorkflow] {
        try read("workflows") { db in
            try db.query(
                "SELECT workflow, version, title, deployed_at FROM workflow_versions ORDER BY workflow, version"
            )
            .map {
                DeployedWorkflow(
                    id: try $0.string(0), version: try $0.int(1), title: LocalizedText(zh: try $0.string(2)),
                    deployedAt: Date(timeIntervalSince1970: try $0.real(3) ?? 0))
            }
        }
    }

    public func parameterTexts(workflow: String) throws(StoreError) -> [String: String] {
        try read("parameters of \(workflow)") { db in
            var texts: [String: String] = [:]
            for row in try db.query(
                "SELECT parameter, value FROM parameter_overrides WHERE workflow = ?", [.text(workflow)])
            {
                texts[try row.string(0)] = try row.string(1)
            }
            return texts
        }
    }

    public func setParameters(_ values: [(workflow: String, parameter: String, value: String)]) throws(StoreError) {
        try write("parameters") { db in
            for item in values {
                try db.execute(
                    """
                    INSERT INTO parameter_overrides (workflow, parameter, value) VALUES (?, ?, ?)
                    ON CONFLICT (workflow, parameter) DO UPDATE SET value = excluded.value
                    """, [.text(item.workflow), .text(item.parameter), .text(item.value)])
            }
        }
    }

    /// Keeps the deployment's grading schemes (from `Workflows/grading.yaml` at init).
    public func saveGradingSchemes(_ schemes: [GradingScheme]) throws(StoreError) {
        let json: String
        do { json = try Self.encode(schemes) } catch { throw StoreError(.invalidData, "grading schemes", cause: error) }
        try write("grading schemes") { db in
            try db.execute(
                """
                INSERT INTO meta (key, value) VALUES ('grading-schemes', ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, [.text(json)])
        }
    }

    public func gradingSchemes() throws(StoreError) -> [GradingScheme] {
        let json = try read("grading schemes") { db in
            try db.query("SELECT value FROM meta WHERE key = 'grading-schemes'").first?.string(0)
        }
        guard let json else { return [] }
        return try Self.decode([GradingScheme].self, json, what: "grading schemes")
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
            try db.execute("DELETE FROM grading_scores WHERE year = ?", [.int(year)])
            for (organisation, score, indicators) in rows {
                guard try !db.query("SELECT 1 FROM organisations WHERE id = ?", [.text(organisation)]).isEmpty else {
                    throw StoreError(
                        .invalidData, "no organisation \(organisation)", subject: .unknownOrganisation(organisation))
                }
                try db.execute(
                    "INSERT INTO grading_scores (year, organisation, score, indicators) VALUES (?, ?, ?, ?)",
                    [.int(year), .text(organisation), .real(score), .text(indicators)])
            }
        }
    }

    public func scores(year: Int) throws(StoreError) -> [(organisation: String, score: Double)] {
        try read("the scores of \(year)") { db in
            try db.query(
                "SELECT organisation, score FROM grading_scores WHERE year = ? ORDER BY score, organisation",
                [.int(year)]
            ).map { row throws(StoreError) -> (organisation: String, score: Double) in
                (try row.string(0), try row.real(1) ?? 0)
            }
        }
    }
}
