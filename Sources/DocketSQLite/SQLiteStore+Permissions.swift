import DocketCore
import DocketEngine
import Foundation
import GRDB

extension SQLiteTransaction {
    public func roles(of person: String, over organisation: String) throws(StoreError) -> Set<String> {
        try read("the roles of \(person)") { db in
            // A grant at an organisation covers every organisation whose path starts with its path.
            // Asked on every event: kept in the directory cache.
            try directory.value(\.roles, person + "\u{1F}" + organisation) {
                try Self.roles(of: person, over: organisation, db)
            }
        }
    }

    private static func roles(of person: String, over organisation: String, _ db: Database) throws -> Set<String> {
        var query = RawStatement(
            try db.cachedStatement(
                sql: """
                    SELECT DISTINCT g.role FROM role_grants g
                    JOIN organisations o ON o.id = g.organisation
                    JOIN organisations target ON target.id = ?
                    WHERE g.person = ? AND substr(target.path, 1, length(o.path)) = o.path
                    """))
        try query.bind(organisation)
        try query.bind(person)
        var roles = Set<String>()
        while try query.step() { roles.insert(query.text(0) ?? "") }
        return roles
    }

    public func roles(of person: String) throws(StoreError) -> Set<String> {
        try read("the roles of \(person)") { db in
            try directory.value(\.rolesAnywhere, person) {
                Set(
                    try String.fetchAll(
                        db.cachedStatement(sql: "SELECT DISTINCT role FROM role_grants WHERE person = ?"),
                        arguments: [person]))
            }
        }
    }

    public func scopeRoots(of person: String) throws(StoreError) -> [String] {
        try read("the scope of \(person)") { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT DISTINCT o.id, o.path FROM role_grants g JOIN organisations o ON o.id = g.organisation WHERE g.person = ? ORDER BY o.path"
                ),
                arguments: [person])
            // Keep only the topmost: a grant below another adds nothing to what can be read.
            var roots: [(id: String, path: String)] = []
            for row in rows {
                let path: String = row["path"]
                if !roots.contains(where: { path.hasPrefix($0.path) }) { roots.append((row["id"], path)) }
            }
            return roots.map(\.id)
        }
    }

    public func hasAdministrator() throws(StoreError) -> Bool {
        try read("administrators") { db in
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM role_grants WHERE role = 'admin' LIMIT 1"))
                ?? false
        }
    }

    public func recordDenied(_ attempt: DeniedAttempt) throws(StoreError) {
        try write("a refused attempt") { db in
            let path = try attempt.organisation.flatMap {
                try String.fetchOne(
                    db.cachedStatement(sql: "SELECT path FROM organisations WHERE id = ?"), arguments: [$0])
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO denied_attempts (at, recorded_at, actor, action, case_id, organisation, org_path, reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                attempt.at.timeIntervalSince1970, attempt.recordedAt.timeIntervalSince1970, attempt.actor,
                attempt.action,
                attempt.caseID, attempt.organisation, path, attempt.requiredRoles.joined(separator: ","),
            ])
        }
    }

    public func deniedAttempts(under organisation: String?) throws(StoreError) -> [DeniedAttempt] {
        try read("refused attempts") { db in
            var sql = "SELECT * FROM denied_attempts"
            var arguments: [String] = []
            if let organisation {
                guard let range = try Self.subtreeRange(of: organisation, db) else { return [] }
                sql += " WHERE (org_path >= ? AND org_path < ?)"
                arguments = [range.low, range.high]
                // Attempts on cases that are not there belong to no organisation: those who
                // see a whole tree see them.
                let isRoot =
                    try String.fetchOne(
                        db, sql: "SELECT parent FROM organisations WHERE id = ?", arguments: [organisation]) == nil
                if isRoot { sql += " OR org_path IS NULL" }
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY seq", arguments: StatementArguments(arguments)).map {
                row in
                DeniedAttempt(
                    seq: row["seq"], at: Date(timeIntervalSince1970: row["at"]),
                    recordedAt: Date(timeIntervalSince1970: row["recorded_at"]),
                    actor: row["actor"], action: row["action"], caseID: row["case_id"],
                    organisation: row["organisation"],
                    requiredRoles: (row["reason"] as String).split(separator: ",").map(String.init))
            }
        }
    }
}

extension SQLiteTransaction {
    public func grants(of role: String) throws(StoreError) -> [(person: String, organisation: String)] {
        try read("the holders of \(role)") { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT person, organisation FROM role_grants WHERE role = ? ORDER BY person"),
                arguments: [role]
            )
            .map { (person: $0[0], organisation: $0[1]) }
        }
    }

    public func people(holding role: String, over organisation: String) throws(StoreError) -> [Person] {
        let rows = try read("people holding \(role)") { db -> [[String]] in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT DISTINCT p.id, p.name, p.status, p.skills FROM people p
                        JOIN role_grants g ON g.person = p.id AND g.role = ?
                        JOIN organisations o ON o.id = g.organisation
                        JOIN organisations target ON target.id = ?
                        WHERE substr(target.path, 1, length(o.path)) = o.path
                        ORDER BY p.id
                        """
                ),
                arguments: [role, organisation]
            ).map { [$0["id"], $0["name"], $0["status"], $0["skills"]] }
        }
        return rows.map { row in
            Person(
                id: row[0], name: row[1], status: Person.Status(rawValue: row[2]) ?? .none,
                skills: (try? Self.decode([String].self, row[3], what: "skills")) ?? [])
        }
    }

    public func people(under organisation: String) throws(StoreError) -> [Person] {
        try read("people under \(organisation)") { db in
            guard let range = try Self.subtreeRange(of: organisation, db) else { return [] }
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT p.id, p.name, p.status, p.skills, g.role, g.organisation FROM role_grants g
                        JOIN organisations o ON o.id = g.organisation
                        JOIN people p ON p.id = g.person
                        WHERE o.path >= ? AND o.path < ?
                        ORDER BY p.id, g.organisation, g.role
                        """),
                arguments: [range.low, range.high])
            var found: [Person] = []
            for row in rows {
                let grant = RoleGrant(role: row["role"], organisation: row["organisation"])
                if found.last?.id == row["id"] {
                    found[found.count - 1].roles.append(grant)
                    continue
                }
                found.append(
                    Person(
                        id: row["id"], name: row["name"], status: Person.Status(rawValue: row["status"]) ?? .none,
                        skills: (try? Self.decode([String].self, row["skills"], what: "skills")) ?? [],
                        roles: [grant]))
            }
            return found
        }
    }

    public func openLoad(of people: [String]) throws(StoreError) -> [String: Int] {
        guard !people.isEmpty else { return [:] }
        let rows = try read("open loads") { db -> [(String, Int)] in
            // Which states are final is in the definitions, so count against them.
            let finals = try finalStates(db)
            return try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT assignee, workflow, state FROM cases WHERE assignee IN (\(databaseQuestionMarks(count: people.count)))"
                ),
                arguments: StatementArguments(people)
            ).compactMap { row in
                let key = "\(row["workflow"] as String)/\(row["state"] as String)"
                return finals.contains(key) ? nil : (row["assignee"] as String, 1)
            }
        }
        return Dictionary(rows, uniquingKeysWith: +)
    }

    /// `workflow/state` of every final state of every deployed version (each decoded
    /// once per store, by ``DecodedDefinitions``).
    private func finalStates(_ db: Database) throws -> Set<String> {
        var result = Set<String>()
        let versions = try Row.fetchAll(db.cachedStatement(sql: "SELECT workflow, version FROM workflow_versions"))
        for row in versions {
            let (workflow, version): (String, Int) = (row["workflow"], row["version"])
            guard let definition = try? decodedDefinition(workflow, version, db) else { continue }
            for state in definition.states where state.isFinal { result.insert("\(workflow)/\(state.id)") }
        }
        return result
    }
}
