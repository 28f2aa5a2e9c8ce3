public import DocketCore
import DocketMessages
import Yams

/// Reads organisation trees and people from YAML or CSV, reporting bad rows by line.
///
/// CSV headers follow shared/CLI.md: organisations `id,name,parent,kind`; people
/// `id,name,org,roles[,status][,skills]` with `roles` and `skills` separated by `;`.
/// In YAML, organisations may be nested with `children`, or flat with `parent`.
public enum DirectoryFile {
    /// What a file held, and what was wrong with it.
    public struct Contents<Item: Sendable>: Sendable {
        public var items: [Item]
        public var diagnostics: [Diagnostic]
        /// The line each item starts on, for problems found after reading (a parent
        /// that is nowhere, a role at an organisation that does not exist).
        public var lines: [Int] = []
    }

    public static func organisations(source: String, file: String) -> Contents<Organisation> {
        if isCSV(file) { return organisationsCSV(source, file: file) }
        let document = YAMLDocument(file: file, source: source)
        var items: [Organisation] = []
        var lines: [Int] = []
        if let root = document.compose(source) {
            let list = root.mapping?["organisations"] ?? root
            walkOrganisations(list, parent: nil, into: &items, lines: &lines, document)
        }
        return withoutRepeats(Contents(items: items, diagnostics: document.diagnostics, lines: lines), file: file)
    }

    /// The organisations with each id's first row only; every later row of the same id is
    /// a problem naming the first. A spreadsheet that lists a village twice, with two
    /// parents, is a mistake to show, not a choice for the last row to make silently.
    private static func withoutRepeats(_ contents: Contents<Organisation>, file: String) -> Contents<Organisation> {
        var firstLine: [String: Int] = [:]
        var kept = Contents<Organisation>(items: [], diagnostics: contents.diagnostics, lines: [])
        for (item, line) in zip(contents.items, contents.lines) {
            if let first = firstLine[item.id] {
                kept.diagnostics.append(
                    rowProblem(
                        file, line, zh: "组织「\(item.id)」重复（第一次在第 \(first) 行），本行未导入",
                        en:
                            "organisation '\(item.id)' is listed again (first at line \(first)); this row is not imported"
                    ))
                continue
            }
            firstLine[item.id] = line
            kept.items.append(item)
            kept.lines.append(line)
        }
        return kept
    }

    private static func walkOrganisations(
        _ node: Node, parent: String?, into items: inout [Organisation], lines: inout [Int], _ document: YAMLDocument
    ) {
        guard let sequence = node.sequence else {
            document.report(node, zh: "应为组织列表", en: "expected a list of organisations")
            return
        }
        for item in sequence {
            guard
                let pairs = document.mapping(
                    item, allowed: ["id", "name", "parent", "kind", "children"], what: "organisation")
            else { continue }
            let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            guard let idNode = map["id"], let id = document.string(idNode, what: "id"), !id.isEmpty else {
                document.report(item, zh: "组织缺少 id", en: "an organisation needs an id")
                continue
            }
            guard Identifier.isValid(id) else {
                let refusal = Identifier.refusal(id)
                document.report(idNode, zh: refusal.zh, en: refusal.en ?? refusal.zh)
                continue
            }
            let declaredParent = map["parent"].flatMap { document.string($0, what: "parent") }
            let org = Organisation(
                id: id, name: map["name"].flatMap { document.string($0, what: "name") } ?? id,
                parent: parent ?? declaredParent,
                kind: OrganisationKind.canonical(map["kind"].flatMap { document.string($0, what: "kind") } ?? ""))
            items.append(org)
            lines.append(item.mark?.line ?? 0)
            if let children = map["children"] {
                walkOrganisations(children, parent: id, into: &items, lines: &lines, document)
            }
        }
    }

    private static func organisationsCSV(_ source: String, file: String) -> Contents<Organisation> {
        var diagnostics: [Diagnostic] = []
        guard let table = CSVTable(source, required: ["id", "name", "parent", "kind"], file: file, &diagnostics) else {
            return Contents(items: [], diagnostics: diagnostics)
        }
        var items: [Organisation] = []
        var lines: [Int] = []
        for row in table.rows {
            guard !row["id"].isEmpty else {
                diagnostics.append(rowProblem(file, row.line, zh: "缺少 id", en: "missing id"))
                continue
            }
            guard Identifier.isValid(row["id"]) else {
                let refusal = Identifier.refusal(row["id"])
                diagnostics.append(rowProblem(file, row.line, zh: refusal.zh, en: refusal.en ?? refusal.zh))
                continue
            }
            items.append(
                Organisation(
                    id: row["id"], name: row["name"].isEmpty ? row["id"] : row["name"],
                    parent: row["parent"].isEmpty ? nil : row["parent"],
                    kind: OrganisationKind.canonical(row["kind"])))
            lines.append(row.line)
        }
        return withoutRepeats(Contents(items: items, diagnostics: diagnostics, lines: lines), file: file)
    }

    public static func people(source: String, file: String) -> Contents<Person> {
        if isCSV(file) { return peopleCSV(source, file: file) }
        let document = YAMLDocument(file: file, source: source)
        var items: [Person] = []
        var lines: [Int] = []
        if let root = document.compose(source) {
            let list = root.mapping?["people"] ?? root
            for item in list.sequence ?? [] {
                if let person = person(item, document) {
                    items.append(person)
                    lines.append(item.mark?.line ?? 0)
                }
            }
            if list.sequence == nil { document.report(list, zh: "应为人员列表", en: "expected a list of people") }
        }
        return Contents(items: items, diagnostics: document.diagnostics, lines: lines)
    }

    private static func person(_ item: Node, _ document: YAMLDocument) -> Person? {
        guard
            let pairs = document.mapping(
                item, allowed: ["id", "name", "org", "roles", "status", "skills"], what: "person")
        else { return nil }
        let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let idNode = map["id"], let id = document.string(idNode, what: "id"), !id.isEmpty else {
            document.report(item, zh: "人员缺少 id", en: "a person needs an id")
            return nil
        }
        guard Identifier.isValid(id) else {
            let refusal = Identifier.refusal(id)
            document.report(idNode, zh: refusal.zh, en: refusal.en ?? refusal.zh)
            return nil
        }
        guard id != EventRequest.systemActor else {
            document.report(idNode, zh: "「system」是计时器的保留身份", en: "'system' is reserved for timers")
            return nil
        }
        var person = Person(id: id, name: map["name"].flatMap { document.string($0, what: "name") } ?? id)
        if let statusNode = map["status"] {
            let raw = document.string(statusNode, what: "status") ?? ""
            guard let status = Person.Status(typed: raw) else {
                document.report(
                    statusNode, zh: "status「\(raw)」应为 full（正式党员）、probationary（预备党员）或 none（群众）",
                    en: "status '\(raw)' should be full, probationary or none")
                return nil
            }
            person.status = status
        }
        person.skills = (map["skills"]?.sequence ?? []).compactMap { document.string($0, what: "skill") }
        let org = map["org"].flatMap { document.string($0, what: "org") }
        for roleNode in map["roles"]?.sequence ?? [] {
            if let role = roleNode.scalar?.string {
                guard let org else {
                    document.report(
                        roleNode, zh: "角色需要组织：给出 org，或写成 {role, org}",
                        en: "a role needs an organisation: give 'org', or write {role, org}")
                    continue
                }
                person.roles.append(RoleGrant(role: role, organisation: org))
            } else if let grant = roleNode.mapping, let role = grant["role"]?.string,
                let at = grant["org"]?.string ?? org
            {
                person.roles.append(RoleGrant(role: role, organisation: at))
            } else {
                document.report(roleNode, zh: "角色应为标识或 {role, org}", en: "a role should be an id or {role, org}")
            }
        }
        return person
    }

    private static func peopleCSV(_ source: String, file: String) -> Contents<Person> {
        var diagnostics: [Diagnostic] = []
        guard let table = CSVTable(source, required: ["id", "name", "org", "roles"], file: file, &diagnostics) else {
            return Contents(items: [], diagnostics: diagnostics)
        }
        var items: [Person] = []
        var lines: [Int] = []
        for row in table.rows {
            guard !row["id"].isEmpty else {
                diagnostics.append(rowProblem(file, row.line, zh: "缺少 id", en: "missing id"))
                continue
            }
            guard Identifier.isValid(row["id"]) else {
                let refusal = Identifier.refusal(row["id"])
                diagnostics.append(rowProblem(file, row.line, zh: refusal.zh, en: refusal.en ?? refusal.zh))
                continue
            }
            guard row["id"] != EventRequest.systemActor else {
                diagnostics.append(
                    rowProblem(file, row.line, zh: "「system」是计时器的保留身份", en: "'system' is reserved for timers"))
                continue
            }
            let rawStatus = row["status"]
            guard let status = rawStatus.isEmpty ? Person.Status.none : Person.Status(typed: rawStatus) else {
                diagnostics.append(
                    rowProblem(
                        file, row.line, zh: "status「\(rawStatus)」应为 full（正式党员）、probationary（预备党员）或 none（群众）",
                        en: "status '\(rawStatus)' should be full, probationary or none"))
                continue
            }
            let org = row["org"]
            let roles = row.list("roles")
            if !roles.isEmpty && org.isEmpty {
                diagnostics.append(rowProblem(file, row.line, zh: "有角色但缺少 org", en: "roles given without an org"))
                continue
            }
            items.append(
                Person(
                    id: row["id"], name: row["name"].isEmpty ? row["id"] : row["name"], status: status,
                    skills: row.list("skills"),
                    roles: roles.map { RoleGrant(role: $0, organisation: org) }))
            lines.append(row.line)
        }
        return Contents(items: items, diagnostics: diagnostics, lines: lines)
    }

    static func isCSV(_ file: String) -> Bool { file.lowercased().hasSuffix(".csv") }

    static func rowProblem(_ file: String, _ line: Int, zh: String, en: String) -> Diagnostic {
        Diagnostic(file: file, line: line, column: 1, message: LocalizedText(zh: zh, en: en), sourceLine: "")
    }

}
