import ArgumentParser
import DocketCore
import DocketEngine
import DocketSQLite
import Foundation

/// `person list`, `person show` and `org show`: who holds which role where, and what an
/// organisation has under it, each within the part of the tree the reader may see.
enum Lookup {
    /// The reader's part of the tree: each organisation they may see, by id.
    struct Scope {
        let organisations: [String: Organisation]
        let visible: Set<String>
        let wholeTree: Bool

        init(reader: String, store: SQLiteStore) throws(StoreError) {
            let all = try store.organisations()
            let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let roots = Set(try store.scopeRoots(of: reader))
            var visible = Set<String>()
            for organisation in all {
                var current: Organisation? = organisation
                var steps = 0
                while let at = current, steps <= DirectoryRows.maximumDepth {
                    if roots.contains(at.id) {
                        visible.insert(organisation.id)
                        break
                    }
                    current = at.parent.flatMap { byID[$0] }
                    steps += 1
                }
            }
            organisations = byID
            self.visible = visible
            wholeTree = roots.contains { byID[$0]?.parent == nil }
        }

        /// Whether `id` is `ancestor` or below it.
        func isUnder(_ id: String, _ ancestor: String) -> Bool {
            var current: String? = id
            var steps = 0
            while let at = current, steps <= DirectoryRows.maximumDepth {
                if at == ancestor { return true }
                current = organisations[at]?.parent
                steps += 1
            }
            return false
        }

        /// `示范县 › 城关镇 › 东村`: an organisation's place, from the top.
        func place(of id: String) -> String {
            var names: [String] = []
            var current = organisations[id]
            while let at = current, names.count <= DirectoryRows.maximumDepth {
                names.insert(at.name, at: 0)
                current = at.parent.flatMap { organisations[$0] }
            }
            return names.joined(separator: " › ")
        }
    }

    /// Something asked for that the reader may not see, or that is not there: told alike
    /// (status 13), but to someone who sees the whole tree (status 4).
    static func unseen(
        _ kind: String, _ kindZh: String, _ id: String, _ scope: Scope, _ reader: String, _ context: CommandContext
    ) -> ExitCode {
        if scope.wholeTree { return context.fail(.notFound, zh: "找不到\(kindZh)「\(id)」", en: "no \(kind) '\(id)'") }
        return context.fail(
            .permissionDenied, zh: "\(reader) 无权查看\(kindZh)「\(id)」：不在其担任角色的组织之下",
            en: "\(reader) may not see the \(kind) '\(id)': it is not under an organisation where they hold a role")
    }

    /// `东村 (dongcun)：branch-clerk、branch-secretary；…`: roles grouped by organisation.
    static func roles(_ grants: [RoleGrant], _ scope: Scope, _ context: CommandContext) -> String {
        var order: [String] = []
        var byOrganisation: [String: [String]] = [:]
        for grant in grants {
            if byOrganisation[grant.organisation] == nil { order.append(grant.organisation) }
            byOrganisation[grant.organisation, default: []].append(grant.role)
        }
        return order.map { id in
            "\(scope.organisations[id]?.name ?? id) (\(id))" + context.text(zh: "：", en: ": ")
                + (byOrganisation[id] ?? []).joined(separator: context.zh ? "、" : ", ")
        }.joined(separator: context.zh ? "；" : "; ")
    }

    static func statusText(_ status: Person.Status, _ context: CommandContext) -> String {
        switch status {
        case .full: context.text(zh: "正式党员", en: "full member")
        case .probationary: context.text(zh: "预备党员", en: "probationary member")
        case .none: context.text(zh: "非党员", en: "not a member")
        }
    }
}

extension PersonCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "People and their roles, under an organisation, holding a role.")
        @Option(help: "Only people with a role at this organisation or under it.") var org: String?
        @Option(help: "Only people holding this role.") var role: String?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let store = try context.openStore()
            let reader = try context.reader(in: store)
            let org = try FilterCheck(store: store, context: context).organisation(self.org)
            var rows: [Person] = []
            let scope: Lookup.Scope
            do {
                scope = try Lookup.Scope(reader: reader, store: store)
                if let org, !scope.visible.contains(org) {
                    throw Lookup.unseen("organisation", "组织", org, scope, reader, context)
                }
                let under = org.map { id in scope.visible.filter { scope.isUnder($0, id) } } ?? scope.visible
                for id in try store.personIDs() {
                    guard let person = try store.person(id) else { continue }
                    let grants = person.roles.filter {
                        under.contains($0.organisation) && (role == nil || $0.role == role)
                    }
                    if !grants.isEmpty {
                        rows.append(
                            Person(
                                id: person.id, name: person.name, status: person.status, skills: person.skills,
                                roles: grants))
                    }
                }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw context.fail(error)
            }
            if globals.json {
                context.emit(
                    json: .array(
                        rows.map { person in
                            .object([
                                ("id", .string(person.id)), ("name", .string(person.name)),
                                ("status", .string(person.status.rawValue)),
                                (
                                    "roles",
                                    .array(
                                        person.roles.map {
                                            .object([("role", .string($0.role)), ("org", .string($0.organisation))])
                                        })
                                ),
                                ("skills", .array(person.skills.map(JSONValue.string))),
                            ])
                        }))
                return
            }
            var table = Table(
                context.zh ? ["人员", "姓名", "政治面貌", "角色", "技能"] : ["person", "name", "status", "roles", "skills"])
            for person in rows {
                table.add([
                    person.id, person.name, Lookup.statusText(person.status, context),
                    Lookup.roles(person.roles, scope, context), person.skills.joined(separator: "、"),
                ])
            }
            context.emit(table.rendered() + "\n" + context.text(zh: "共 \(rows.count) 人", en: "\(rows.count) person(s)"))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One person: status, skills, roles by organisation, open cases assigned.")
        @Argument(help: "The person's id.") var id: String
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let store = try context.openStore()
            let reader = try context.reader(in: store)
            let person: Person
            let scope: Lookup.Scope
            let open: Int
            do {
                scope = try Lookup.Scope(reader: reader, store: store)
                // Someone with no role under the reader's part is not theirs to look up.
                guard let found = try store.person(id),
                    found.roles.contains(where: { scope.visible.contains($0.organisation) }) || id == reader
                else {
                    throw Lookup.unseen("person", "人员", id, scope, reader, context)
                }
                person = Person(
                    id: found.id, name: found.name, status: found.status, skills: found.skills,
                    roles: found.roles.filter { scope.visible.contains($0.organisation) || id == reader })
                open = try store.openLoad(of: [id])[id] ?? 0
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw context.fail(error)
            }
            if globals.json {
                context.emit(
                    json: .object([
                        ("id", .string(person.id)), ("name", .string(person.name)),
                        ("status", .string(person.status.rawValue)),
                        ("skills", .array(person.skills.map(JSONValue.string))),
                        (
                            "roles",
                            .array(
                                person.roles.map {
                                    .object([
                                        ("role", .string($0.role)), ("org", .string($0.organisation)),
                                        ("place", .string(scope.place(of: $0.organisation))),
                                    ])
                                })
                        ),
                        ("open_cases", .int(open)),
                    ]))
                return
            }
            var out = "\(person.name) (\(person.id)) · \(Lookup.statusText(person.status, context))\n"
            out +=
                context.text(zh: "  技能：", en: "  skills: ")
                + (person.skills.isEmpty ? "—" : person.skills.joined(separator: "、")) + "\n"
            out += context.text(zh: "  在办案件：", en: "  open cases assigned: ") + "\(open)\n"
            var table = Table(context.zh ? ["角色", "组织", "位置"] : ["role", "organisation", "place"])
            for grant in person.roles {
                table.add([grant.role, grant.organisation, scope.place(of: grant.organisation)])
            }
            context.emit(out + "\n" + table.rendered(indent: "  "))
        }
    }
}

extension OrgCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One organisation: its place, the people and roles there, its open and overdue cases.")
        @Argument(help: "The organisation's id (or name).") var id: String
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let store = try context.openStore()
            let reader = try context.reader(in: store)
            let now = try context.now(in: try context.zone(of: store))
            let id = try FilterCheck(store: store, context: context).organisation(self.id) ?? self.id
            let scope: Lookup.Scope
            var holders: [(Person, RoleGrant)] = []
            let open: Int
            let overdue: Int
            do {
                scope = try Lookup.Scope(reader: reader, store: store)
                guard scope.visible.contains(id) else {
                    throw Lookup.unseen("organisation", "组织", id, scope, reader, context)
                }
                for person in try store.personIDs() {
                    guard let found = try store.person(person) else { continue }
                    for grant in found.roles where grant.organisation == id { holders.append((found, grant)) }
                }
                // Open cases: those whose state is not final in their own version.
                var finals: [String: Set<String>] = [:]
                var count = 0
                try store.eachCase(matching: CaseQuery(organisation: id), under: nil) { snapshot in
                    let key = "\(snapshot.workflow)#\(snapshot.version)"
                    if finals[key] == nil {
                        finals[key] = Set(
                            (try store.definition(workflow: snapshot.workflow, version: snapshot.version))?.states
                                .filter(\.isFinal).map(\.id) ?? [])
                    }
                    if finals[key]?.contains(snapshot.state) == false { count += 1 }
                }
                open = count
                overdue = try store.overdueCount(DeadlineQuery(organisation: id), at: now)
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw context.fail(error)
            }
            let organisation = scope.organisations[id]
            let children = scope.organisations.values.filter { $0.parent == id }.sorted { $0.id < $1.id }
            if globals.json {
                context.emit(
                    json: .object([
                        ("id", .string(id)), ("name", .string(organisation?.name)),
                        ("kind", .string(organisation?.kind)),
                        ("parent", .string(organisation?.parent)), ("place", .string(scope.place(of: id))),
                        ("children", .array(children.map { .string($0.id) })),
                        (
                            "people",
                            .array(
                                holders.map {
                                    .object([
                                        ("person", .string($0.0.id)), ("name", .string($0.0.name)),
                                        ("role", .string($0.1.role)),
                                    ])
                                })
                        ),
                        ("open_cases", .int(open)), ("overdue", .int(overdue)),
                    ]))
                return
            }
            var out = "\(organisation?.name ?? id) (\(id)) · \(organisation?.kind ?? "")\n"
            out += context.text(zh: "  位置：", en: "  place: ") + scope.place(of: id) + "\n"
            out +=
                context.text(zh: "  下级：", en: "  below: ")
                + (children.isEmpty ? "—" : children.map { "\($0.name) (\($0.id))" }.joined(separator: "、")) + "\n"
            out +=
                context.text(
                    zh: "  在办案件（含下级）：\(open) 件，逾期时限 \(overdue) 项",
                    en: "  open cases (with those below): \(open), limits overdue: \(overdue)") + "\n"
            var table = Table(context.zh ? ["人员", "姓名", "角色"] : ["person", "name", "role"])
            for (person, grant) in holders { table.add([person.id, person.name, grant.role]) }
            context.emit(
                out + "\n"
                    + (holders.isEmpty
                        ? context.text(zh: "  本级无人担任角色", en: "  nobody holds a role here")
                        : table.rendered(indent: "  ")))
        }
    }
}
