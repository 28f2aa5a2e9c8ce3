import DocketCore
import DocketEngine
import Foundation

extension PostgresTransaction {
    /// Adds or updates organisations, all in one transaction.
    ///
    /// Parents may come before or after their children in the input; every parent must
    /// exist in the input or the store, and the tree may not contain a cycle. The path
    /// of every organisation whose place changed (and of every row under a moved one) is
    /// recomputed, so that subtree queries stay a single index range.
    public func importOrganisations(_ organisations: [Organisation]) throws(StoreError) {
        try write("organisations") { db in
            for org in organisations {
                try db.execute(
                    """
                    INSERT INTO organisations (id, name, parent, kind, path) VALUES (?, ?, ?, ?, '')
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent = excluded.parent, kind = excluded.kind
                    """, [.text(org.id), .text(org.name), .text(org.parent), .text(org.kind)])
            }
            var parentOf: [String: String?] = [:]
            var storedPath: [String: String] = [:]
            for row in try db.query("SELECT id, parent, path FROM organisations") {
                let id = try row.string(0)
                parentOf[id] = try row.text(1)
                storedPath[id] = try row.string(2)
            }
            var paths: [String: String] = [:]
            func path(_ id: String, _ seen: Set<String>) throws -> String {
                if let known = paths[id] { return known }
                guard !seen.contains(id) else {
                    throw StoreError(
                        .invalidData, "the organisation tree has a cycle through \(id)", subject: .organisationCycle(id)
                    )
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
            for id in parentOf.keys.sorted() {
                let new = try path(id, [])
                let old = storedPath[id] ?? ""
                guard new != old else { continue }
                try db.execute("UPDATE organisations SET path = ? WHERE id = ?", [.text(new), .text(id)])
                guard !old.isEmpty else { continue }
                // A path ends in the organisation's own id, so no other's old path is a new one.
                for table in ["cases", "deadlines", "denied_attempts"] {
                    try db.execute("UPDATE \(table) SET org_path = ? WHERE org_path = ?", [.text(new), .text(old)])
                }
            }
        }
    }

    /// Adds or replaces people and their role grants, in one transaction.
    public func importPeople(_ people: [Person]) throws(StoreError) {
        let people = Person.merged(people)
        try write("people") { db in
            for person in people {
                for grant in person.roles {
                    guard try !db.query("SELECT 1 FROM organisations WHERE id = ?", [.text(grant.organisation)]).isEmpty
                    else {
                        throw StoreError(
                            .invalidData,
                            "person \(person.id) holds \(grant.role) at \(grant.organisation), which does not exist",
                            subject: .roleAtUnknownOrganisation(
                                person: person.id, organisation: grant.organisation, role: grant.role))
                    }
                }
                try db.execute(
                    """
                    INSERT INTO people (id, name, status, skills) VALUES (?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, status = excluded.status, skills = excluded.skills
                    """,
                    [
                        .text(person.id), .text(person.name), .text(person.status.rawValue),
                        .text(try Self.encode(person.skills)),
                    ])
                try db.execute("DELETE FROM role_grants WHERE person = ?", [.text(person.id)])
                for grant in Set(person.roles) {
                    try db.execute(
                        "INSERT INTO role_grants (person, role, organisation) VALUES (?, ?, ?)",
                        [.text(person.id), .text(grant.role), .text(grant.organisation)])
                }
            }
        }
    }

    public func organisation(_ id: String) throws(StoreError) -> Organisation? {
        try read("organisation \(id)") { db in
            try db.query("SELECT id, name, parent, kind FROM organisations WHERE id = ?", [.text(id)]).first.map(
                Self.organisation)
        }
    }

    public func organisations() throws(StoreError) -> [Organisation] {
        try read("organisations") { db in
            try db.query("SELECT id, name, parent, kind FROM organisations ORDER BY path").map(Self.organisation)
        }
    }

    static func organisation(_ row: Row) throws(StoreError) -> Organisation {
        Organisation(id: try row.string(0), name: try row.string(1), parent: try row.text(2), kind: try row.string(3))
    }

    public func person(_ id: String) throws(StoreError) -> Person? {
        try read("person \(id)") { db in
            guard let row = try db.query("SELECT id, name, status, skills FROM people WHERE id = ?", [.text(id)]).first
            else { return nil }
            let grants = try db.query(
                "SELECT role, organisation FROM role_grants WHERE person = ? ORDER BY organisation, role", [.text(id)])
            return Person(
                id: try row.string(0), name: try row.string(1),
                status: Person.Status(rawValue: try row.string(2)) ?? .none,
                skills: (try? Self.decode([String].self, try row.string(3), what: "skills")) ?? [],
                roles: try grants.map { RoleGrant(role: try $0.string(0), organisation: try $0.string(1)) })
        }
    }

    public func personIDs() throws(StoreError) -> [String] {
        try read("people") { db in try db.query("SELECT id FROM people ORDER BY id").map { try $0.string(0) } }
    }

    public func peopleStatus(among ids: Set<String>) throws(StoreError) -> [String: Person.Status] {
        guard !ids.isEmpty else { return [:] }
        return try read("people") { db in
            var statuses: [String: Person.Status] = [:]
            for row in try db.query(
                "SELECT id, status FROM people WHERE id = ANY(string_to_array(?, chr(31)))",
                [
                    .text(ids.joined(separator: "\u{1F}"))
                ])
            {
                statuses[try row.string(0)] = Person.Status(rawValue: try row.string(1)) ?? Person.Status.none
            }
            return statuses
        }
    }

    public func existingOrganisations(among ids: Set<String>) throws(StoreError) -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return try read("organisations") { db in
            Set(
                try db.query(
                    "SELECT id FROM organisations WHERE id = ANY(string_to_array(?, chr(31)))",
                    [
                        .text(ids.joined(separator: "\u{1F}"))
                    ]
                ).map { try $0.string(0) })
        }
    }
}
