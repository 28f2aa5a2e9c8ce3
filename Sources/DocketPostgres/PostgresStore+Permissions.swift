import DocketCore
import DocketEngine
import Foundation

extension PostgresTransaction {
    /// The roles a person holds at an organisation or above: a grant covers every
    /// organisation whose path starts with its own.
    public func roles(of person: String, over organisation: String) throws(StoreError) -> Set<String> {
        try read("the roles of \(person)") { db in
            Set(
                try db.query(
                    """
                    SELECT DISTINCT g.role FROM role_grants g
                    JOIN organisations o ON o.id = g.organisation
                    JOIN organisations target ON target.id = ?
                    WHERE g.person = ? AND starts_with(target.path, o.path)
                    """, [.text(organisation), .text(person)]
                ).map { try $0.string(0) })
        }
    }

    public func roles(of person: String) throws(StoreError) -> Set<String> {
        try read("the roles of \(person)") { db in
            Set(
                try db.query("SELECT DISTINCT role FROM role_grants WHERE person = ?", [.text(person)]).map {
                    try $0.string(0)
                })
        }
    }

    /// Everything an event's decision needs of the directory and the deployment, in one
    /// round trip: the case's parent organisation, the people named with their status
    /// and roles, the organisations named, the actor's roles and the workflow's
    /// parameter values, as one row of arrays.
    public func eventFacts(_ query: EventFactsQuery) throws(StoreError) -> EventFacts {
        let separator = "\u{1F}"
        let row = try read("the facts of an event") { db in
            try db.query(
                """
                WITH target AS (SELECT path, parent FROM organisations WHERE id = ?)
                SELECT
                    (SELECT parent FROM target),
                    (SELECT string_agg(id || chr(31) || status, chr(30)) FROM people
                        WHERE id = ANY(string_to_array(?, chr(31)))),
                    (SELECT string_agg(DISTINCT g.person || chr(31) || g.role, chr(30)) FROM role_grants g
                        JOIN organisations o ON o.id = g.organisation, target
                        WHERE g.person = ANY(string_to_array(?, chr(31))) AND starts_with(target.path, o.path)),
                    (SELECT string_agg(id, chr(31)) FROM organisations WHERE id = ANY(string_to_array(?, chr(31)))),
                    (SELECT string_agg(DISTINCT g.role, chr(31)) FROM role_grants g
                        LEFT JOIN organisations o ON o.id = g.organisation
                        WHERE g.person = ? AND (?::boolean
                            OR EXISTS (SELECT 1 FROM target WHERE starts_with(target.path, o.path)))),
                    (SELECT string_agg(parameter || chr(31) || value, chr(30)) FROM parameter_overrides
                        WHERE workflow = ?)
                """,
                [
                    .text(query.organisation), .text(query.people.joined(separator: separator)),
                    .text(query.rolesOver.joined(separator: separator)),
                    .text(query.organisations.joined(separator: separator)), .text(query.actor ?? ""),
                    .text(query.actorIsAssignee ? "true" : "false"), .text(query.workflow),
                ]
            ).first
        }
        guard let row else { throw StoreError(.internalFailure, "the facts of an event came back empty") }
        func pairs(_ text: String?) -> [(String, String)] {
            (text ?? "").split(separator: "\u{1E}").compactMap { pair in
                let parts = pair.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            }
        }
        func list(_ text: String?) -> [String] {
            (text ?? "").split(separator: "\u{1F}").map(String.init)
        }
        var statuses: [String: Person.Status] = [:]
        for (id, status) in pairs(try row.text(1)) {
            statuses[id] = Person.Status(rawValue: status) ?? Person.Status.none
        }
        var roles: [String: Set<String>] = [:]
        for person in query.rolesOver where statuses[person] != nil { roles[person] = [] }
        for (person, role) in pairs(try row.text(2)) where statuses[person] != nil {
            roles[person, default: []].insert(role)
        }
        var parameters: [String: String] = [:]
        for (name, value) in pairs(try row.text(5)) { parameters[name] = value }
        // The assignee keeps the roles they hold anywhere (the query's `?::boolean`).
        let actorRoles: Set<String>? = query.actor == nil ? nil : Set(list(try row.text(4)))
        return EventFacts(
            parentOrganisation: try row.text(0), peopleStatus: statuses, peopleRoles: roles,
            existingOrganisations: Set(list(try row.text(3))), actorRoles: actorRoles, parameterTexts: parameters)
    }

    public func scopeRoots(of person: String) throws(StoreError) -> [String] {
        try read("the scope of \(person)") { db in
            let rows = try db.query(
                """
                SELECT DISTINCT o.id, o.path FROM role_grants g JOIN organisations o ON o.id = g.organisation
                WHERE g.person = ? ORDER BY o.path
                """, [.text(person)])
            // Keep only the topmost: a grant below another adds nothing to what can be read.
            var roots: [(id: String, path: String)] = []
            for row in rows {
                let path = try row.string(1)
                if !roots.contains(where: { path.hasPrefix($0.path) }) { roots.append((try row.string(0), path)) }
            }
            return roots.map(\.id)
        }
    }

    public func hasAdministrator() throws(StoreError) -> Bool {
        try read("administrators") { db in
            try !db.query("SELECT 1 FROM role_grants WHERE role = 'admin' LIMIT 1").isEmpty
        }
    }

    public func recordDenied(_ attempt: DeniedAttempt) throws(StoreError) {
        try write("a refused attempt") { db in
            try db.execute(
                """
                INSERT INTO denied_attempts (at, recorded_at, actor, action, case_id, organisation, org_path, reason)
                VALUES (?, ?, ?, ?, ?, ?, (SELECT path FROM organisations WHERE id = ?), ?)
                """,
                [
                    .real(attempt.at.timeIntervalSince1970), .real(attempt.recordedAt.timeIntervalSince1970),
                    .text(attempt.actor), .text(attempt.action), .text(attempt.caseID), .text(attempt.organisation),
                    .text(attempt.organisation), .text(attempt.requiredRoles.joined(separator: ",")),
                ])
        }
    }

    public func deniedAttempts(under organisation: String?) throws(StoreError) -> [DeniedAttempt] {
        try read("refused attempts") { db in
            var sql = "SELECT seq, at, recorded_at, actor, action, case_id, organisation, reason FROM denied_attempts"
            var binds: [Bind] = []
            if let organisation {
                guard let range = try subtreeRange(of: organisation) else { return [] }
                sql += " WHERE (org_path >= ? AND org_path < ?)"
                binds = [.text(range.low), .text(range.high)]
                // Attempts on cases that are not there belong to no organisation: those who
                // see a whole tree see them.
                let parent = try db.query("SELECT parent FROM organisations WHERE id = ?", [.text(organisation)]).first
                if try parent?.text(0) == nil { sql += " OR org_path IS NULL" }
            }
            return try db.query(sql + " ORDER BY seq", binds).map { row throws(StoreError) -> DeniedAttempt in
                DeniedAttempt(
                    seq: try row.int(0), at: Date(timeIntervalSince1970: try row.real(1) ?? 0),
                    recordedAt: Date(timeIntervalSince1970: try row.real(2) ?? 0), actor: try row.string(3),
                    action: try row.string(4), caseID: try row.text(5), organisation: try row.text(6),
                    requiredRoles: try row.string(7).split(separator: ",").map(String.init))
            }
        }
    }

    public func grants(of role: String) throws(StoreError) -> [(person: String, organisation: String)] {
        try read("the holders of \(role)") { db in
            try db.query(
                "SELECT person, organisation FROM role_grants WHERE role = ? ORDER BY person, organisation",
                [
                    .text(role)
                ]
            ).map { row throws(StoreError) -> (person: String, organisation: String) in
                (try row.string(0), try row.string(1))
            }
        }
    }

    public func people(holding role: String, over organisation: String) throws(StoreError) -> [Person] {
        try read("people holding \(role)") { db in
            try db.query(
                """
                SELECT DISTINCT p.id, p.name, p.status, p.skills FROM people p
                JOIN role_grants g ON g.person = p.id AND g.role = ?
                JOIN organisations o ON o.id = g.organisation
                JOIN organisations target ON target.id = ?
                WHERE starts_with(target.path, o.path)
                ORDER BY p.id
                """, [.text(role), .text(organisation)]
            ).map { row throws(StoreError) -> Person in
                Person(
                    id: try row.string(0), name: try row.string(1),
                    status: Person.Status(rawValue: try row.string(2)) ?? .none,
                    skills: (try? Self.decode([String].self, try row.string(3), what: "skills")) ?? [])
            }
        }
    }

    public func people(under organisation: String) throws(StoreError) -> [Person] {
        try read("people under \(organisation)") { db in
            let rows = try db.query(
                """
                SELECT p.id, p.name, p.status, p.skills, g.role, g.organisation FROM role_grants g
                JOIN organisations o ON o.id = g.organisation
                JOIN organisations top ON top.id = ?
                JOIN people p ON p.id = g.person
                WHERE starts_with(o.path, top.path)
                ORDER BY p.id, g.organisation, g.role
                """, [.text(organisation)])
            var found: [Person] = []
            for row in rows {
                let grant = RoleGrant(role: try row.string(4), organisation: try row.string(5))
                let id = try row.string(0)
                if found.last?.id == id {
                    found[found.count - 1].roles.append(grant)
                    continue
                }
                found.append(
                    Person(
                        id: id, name: try row.string(1), status: Person.Status(rawValue: try row.string(2)) ?? .none,
                        skills: (try? Self.decode([String].self, try row.string(3), what: "skills")) ?? [],
                        roles: [grant]))
            }
            return found
        }
    }

    public func openLoad(of people: [String]) throws(StoreError) -> [String: Int] {
        guard !people.isEmpty else { return [:] }
        return try read("open loads") { db in
            // Which states are final is in the definitions, so count against them.
            var finals = Set<String>()
            for row in try db.query("SELECT definition FROM workflow_versions") {
                guard let definition = try? Self.decode(WorkflowDefinition.self, try row.string(0), what: "workflow")
                else { continue }
                for state in definition.states where state.isFinal { finals.insert("\(definition.id)/\(state.id)") }
            }
            var loads: [String: Int] = [:]
            for row in try db.query(
                """
                SELECT assignee, workflow, state, count(*) FROM cases
                WHERE assignee = ANY(string_to_array(?, chr(31))) GROUP BY assignee, workflow, state
                """, [.text(people.joined(separator: "\u{1F}"))])
            {
                guard !finals.contains("\(try row.string(1))/\(try row.string(2))") else { continue }
                loads[try row.string(0), default: 0] += try row.int(3)
            }
            return loads
        }
    }
}
