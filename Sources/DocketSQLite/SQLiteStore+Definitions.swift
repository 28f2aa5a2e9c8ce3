import DocketCore
import DocketEngine
import Foundation
import GRDB
import Synchronization

extension SQLiteTransaction {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError(.invalidData, "stored \(what) does not decode", cause: error)
        }
    }

    public func deploy(_ definition: WorkflowDefinition, source: String, at: Date) throws(StoreError) -> DeployOutcome {
        let json: String
        do { json = try Self.encode(definition) } catch {
            throw StoreError(.invalidData, "cannot encode \(definition.id)", cause: error)
        }
        return try write("workflow \(definition.id) v\(definition.version)") { db in
            let existing = try String.fetchOne(
                db, sql: "SELECT definition FROM workflow_versions WHERE workflow = ? AND version = ?",
                arguments: [definition.id, definition.version])
            if let existing {
                guard existing == json else {
                    throw StoreError(
                        .versionConflict,
                        "\(definition.id) version \(definition.version) is already deployed with different content; raise its version",
                        subject: .versionConflict(workflow: definition.id, version: definition.version))
                }
                return .unchanged
            }
            try db.execute(
                sql: """
                    INSERT INTO workflow_versions (workflow, version, title, definition, source, digest, deployed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    definition.id, definition.version, definition.title.zh, json, source, AuditChain.sha256Hex(json),
                    at.timeIntervalSince1970,
                ])
            return .deployed
        }
    }

    public func definition(workflow: String, version: Int?) throws(StoreError) -> WorkflowDefinition? {
        try read("workflow \(workflow)") { db in
            let resolved: Int?
            if let version {
                resolved = version
            } else {
                resolved = try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT MAX(version) FROM workflow_versions WHERE workflow = ?"),
                    arguments: [workflow])
            }
            guard let resolved else { return nil }
            return try decodedDefinition(workflow, resolved, db)
        }
    }

    /// A deployed version, decoded from its JSON the first time this store is asked for
    /// it: a version never changes once deployed, and decoding one (with its
    /// expressions) cost most of a server request that names states by their titles.
    func decodedDefinition(_ workflow: String, _ version: Int, _ db: Database) throws -> WorkflowDefinition? {
        try store.decodedDefinitions.definition(workflow, version) {
            guard
                let json = try String.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT definition FROM workflow_versions WHERE workflow = ? AND version = ?"),
                    arguments: [workflow, version])
            else { return nil }
            do { return try Self.decode(WorkflowDefinition.self, json, what: "workflow \(workflow)") } catch let e
                as StoreError
            { throw e } catch {
                throw StoreError(.invalidData, "workflow \(workflow)", cause: error)
            }
        }
    }

    public func latestVersion(of workflow: String) throws(StoreError) -> Int? {
        try read("versions of \(workflow)") { db in
            // Read on every start: prepared once.
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT MAX(version) FROM workflow_versions WHERE workflow = ?"),
                arguments: [workflow])
        }
    }

    public func deployedWorkflows() throws(StoreError) -> [DeployedWorkflow] {
        try read("workflows") { db in
            try Row.fetchAll(
                db,
                sql: "SELECT workflow, version, title, deployed_at FROM workflow_versions ORDER BY workflow, version"
            ).map {
                DeployedWorkflow(
                    id: $0["workflow"], version: $0["version"], title: LocalizedText(zh: $0["title"]),
                    deployedAt: Date(timeIntervalSince1970: $0["deployed_at"]))
            }
        }
    }

    public func parameterTexts(workflow: String) throws(StoreError) -> [String: String] {
        try read("parameters of \(workflow)") { db in
            // Read on every event: kept in the directory cache.
            try directory.value(\.parameterTexts, workflow) {
                var query = RawStatement(
                    try db.cachedStatement(sql: "SELECT parameter, value FROM parameter_overrides WHERE workflow = ?"))
                try query.bind(workflow)
                var texts: [String: String] = [:]
                while try query.step() { texts[query.text(0) ?? ""] = query.text(1) ?? "" }
                return texts
            }
        }
    }

    /// Stores a deployment's values for workflow parameters, all in one transaction
    /// (validated by the caller against the parameters' types).
    public func setParameters(_ values: [(workflow: String, parameter: String, value: String)]) throws(StoreError) {
        try writeDirectory("parameters") { db in
            for item in values {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO parameter_overrides (workflow, parameter, value) VALUES (?, ?, ?)",
                    arguments: [item.workflow, item.parameter, item.value])
            }
        }
    }
}

/// The deployed versions a store has decoded, by workflow and version (see
/// ``SQLiteTransaction/decodedDefinition(_:_:_:)``). A version missing from the store is
/// not remembered: it may be deployed later.
final class DecodedDefinitions: Sendable {
    private let byVersion = Mutex<[String: WorkflowDefinition]>([:])

    func definition(_ workflow: String, _ version: Int, decode: () throws -> WorkflowDefinition?) rethrows
        -> WorkflowDefinition?
    {
        let key = "\(workflow)\u{1F}\(version)"
        if let known = byVersion.withLock({ $0[key] }) { return known }
        guard let decoded = try decode() else { return nil }
        byVersion.withLock { $0[key] = decoded }
        return decoded
    }
}
