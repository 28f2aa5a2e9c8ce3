import DocketCore
import DocketEngine
import GRDB

extension SQLiteTransaction {
    /// Adds or updates organisations, all in one transaction.
    ///
    /// Parents may come before or after their children in the input; every parent must
    /// exist in the input or the store, and the tree may not contain a cycle. The path
    /// of every organisation (and of every case under a moved one) is recomputed, so that
    /// subtree queries stay a single index range.
    public func importOrganisations(_ organisations: [Organisation]) throws(StoreError) {
        try writeDirectory("organisations") { db in
            for org in organisations {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO organisations (id, name, parent, kind, path) VALUES (?, ?, ?, ?, '')
                        ON CONFLICT(id) DO UPDATE SET name = excluded.name, parent = excluded.parent, kind = excluded.kind
                        """
                ).execute(arguments: [org.id, org.name, org.parent, org.kind])
            }
            let rows = try Row.fetchAll(db, sql: "SELECT id, parent, path FROM organisations")
            var parentOf: [String: String?] = [:]
            var storedPath: [String: String] = [:]
            for row in rows {
                parentOf[row["id"]] = row["parent"] as String?
                storedPath[row["id"]] = row["path"]
            }
            var paths: [String: String] = [:]
            func path(_ id: String, _ seen: Set<String>) throws -> String {
                if let known = paths[id] { return known }
                guard !seen.contains(id) else {
                    throw StoreError(
                        .invalidData, "the organisation tree has a cycle through \(id)",
                        subject: .organisationCycle(id))
                }
                guard let entry = parentOf[id] else {
                    throw StoreError(.invalidData, "unknown organisation \(id)", subject: .unknownOrganisation(id))
                }
                let result: String
                if let parent = entry {
                    guard parentOf[parent] != nil else {
                        throw StoreError(
                            .invalidData, "organisation \(id) names parent \(parent), which does not exist",
                            subject: .missingParent(organisation: id, parent: parent))
                    }
                    result = try path(parent, seen.union([id])) + id + "/"
                } else {
                    result = "/" + id + "/"
                }
                paths[id] = result
                return result
            }
            // Only organisations whose place changed (new ones, and moved ones with their
            // subtrees) are rewritten, and only the rows at a moved one: adding a grid to
            // a county of a million cases touches no case.
            for id in parentOf.keys.sorted() {
                let new = try path(id, [])
                let old = storedPath[id] ?? ""
                guard new != old else { continue }
                try db.cachedStatement(sql: "UPDATE organisations SET path = ? WHERE id = ?").execute(arguments: [
                    new, id,
                ])
                guard !old.isEmpty else { continue }
                // A path ends in the organisation's own id, so no other's old path is a new one.
                for table in ["cases", "deadlines", "denied_attempts"] {
                    try db.cachedStatement(sql: "UPDATE \(table) SET org_path = ? WHERE org_path = ?").execute(
                        arguments: [new, old])
                }
            }
        }
    }

    /// Adds or replaces people and their role grants, in one transaction.
    public func importPeople(_ people: [Person]) throws(StoreError) {
        let people = Person.merged(people)
        try writeDirectory("people") { db in
            for person in people {
                for grant in person.roles {
                    let known = try db.cachedStatement(sql: "SELECT 1 FROM organisations WHERE id = ?")
                    let exists = try Bool.fetchOne(known, arguments: [grant.organisation]) ?? false
                    guard exists else {
                        throw StoreError(
                            .invalidData,
                            "person \(person.id) holds \(grant.role) at \(grant.organisation), which does not exist",
                            subject: .roleAtUnknownOrganisation(
                                person: person.id, organisation: grant.organisation, role: grant.role))
                    }
                }
                try db.cachedStatement(
                    sql: """
                        INSERT INTO people (id, name, status, skills) VALUES (?, ?, ?, ?)
                        ON CONFLICT(id) DO UPDATE SET name = excluded.name, status = excluded.status, skills = excluded.skills
                        """
                ).execute(arguments: [person.id, person.name, person.status.rawValue, try Self.encode(person.skills)])
                try db.cachedStatement(sql: "DELETE FROM role_grants WHERE person = ?").execute(arguments: [person.id])
                for grant in Set(person.roles) {
                    try db.cachedStatement(sql: "INSERT INTO role_grants (person, role, organisation) VALUES (?, ?, ?)")
                        .execute(arguments: [person.id, grant.role, grant.organisation])
                }
            }
        }
    }

    public func organisation(_ id: String) throws(StoreError) -> Organisation? {
        try read("organisation \(id)") { db in
            try directory.value(\.organisations, id) {
                var query = RawStatement(
                    try db.cachedStatement(sql: "SELECT id, name, parent, kind FROM organisations WHERE id = ?"))
                try query.bind(id)
                guard try query.step() else { return nil }
                defer { query.finish() }
                return Organisation(
                    id: query.text(0) ?? "", name: query.text(1) ?? "", parent: query.text(2), kind: query.text(3) ?? ""
                )
            }
        }
    }

    public func organisations() throws(StoreError) -> [Organisation] {
        try read("organisations") { db in
            try Row.fetchAll(db, sql: "SELECT id, name, parent, kind FROM organisations ORDER BY path").map(
                Self.organisation)
        }
    }

    static func organisation(_ row: Row) -> Organisation {
        Organisation(id: row[0], name: row[1], parent: row[2], kind: row[3])
    }

    public func person(_ id: String) throws(StoreError) -> Person? {
        try read("person \(id)") { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, name, status, skills FROM people WHERE id = ?", arguments: [id])
            else { return nil }
            let grants = try Row.fetchAll(
                db, sql: "SELECT role, organisation FROM role_grants WHERE person = ? ORDER BY organisation, role",
                arguments: [id])
            return Person(
                id: row["id"], name: row["name"], status: Person.Status(rawValue: row["status"]) ?? .none,
                skills: (try? Self.decode([String].self, row["skills"], what: "skills")) ?? [],
                roles: grants.map { RoleGrant(role: $0["role"], organisation: $0["organisation"]) })
        }
    }

    public func personIDs() throws(StoreError) -> [String] {
        try read("people") { db in try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM people ORDER BY id")) }
    }

    public func peopleStatus(among ids: Set<String>) throws(StoreError) -> [String: Person.Status] {
        guard !ids.isEmpty else { return [:] }
        // A handful per event (mentors, introducers) and the same few again and again:
        // one by one through the directory cache. A bulk import asks for everyone at
        // once; that goes to SQLite in one query.
        guard ids.count <= 16 else { return try peopleStatusAtOnce(Array(ids)) }
        return try read("people") { db in
            var statuses: [String: Person.Status] = [:]
            for id in ids {
                let status = try directory.value(\.people, id) { () throws -> Person.Status? in
                    var query = RawStatement(try db.cachedStatement(sql: "SELECT status FROM people WHERE id = ?"))
                    try query.bind(id)
                    guard try query.step() else { return nil }
                    defer { query.finish() }
                    return Person.Status(rawValue: query.text(0) ?? "") ?? Person.Status.none
                }
                if let status { statuses[id] = status }
            }
            return statuses
        }
    }

    private func peopleStatusAtOnce(_ list: [String]) throws(StoreError) -> [String: Person.Status] {
        try read("people") { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT id, status FROM people WHERE id IN (\(databaseQuestionMarks(count: list.count)))",
                arguments: StatementArguments(list))
            return Dictionary(
                rows.map { ($0["id"] as String, Person.Status(rawValue: $0["status"]) ?? .none) },
                uniquingKeysWith: { a, _ in a })
        }
    }

    public func existingOrganisations(among ids: Set<String>) throws(StoreError) -> Set<String> {
        try existing(ids, table: "organisations")
    }

    private func existing(_ ids: Set<String>, table: String) throws(StoreError) -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let list = Array(ids)
        return try read(table) { db in
            let marks = databaseQuestionMarks(count: list.count)
            return Set(
                try String.fetchAll(
                    db, sql: "SELECT id FROM \(table) WHERE id IN (\(marks))", arguments: StatementArguments(list)))
        }
    }
}
