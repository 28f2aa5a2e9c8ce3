import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation

/// `person list`, `person show` and `org show`: who holds which role where, and what an
/// organisation has under it, each within the part of the tree the reader may see.
enum Lookup {
    /// `示范县 › 城关镇 › 东村`: an organisation's place, from the top.
    static func place(of id: String, _ scope: ReadScope) -> String {
        scope.tree.path(of: id).joined(separator: " › ")
    }

    /// `东村 (dongcun)：支部书记 (branch-secretary)、…；…`: roles grouped by organisation,
    /// each by its title with its id beside (the id is what scripts and imports use).
    static func roles(_ grants: [RoleGrant], _ scope: ReadScope, _ names: RoleNames, _ context: CommandContext)
        -> String
    {
        var order: [String] = []
        var byOrganisation: [String: [String]] = [:]
        for grant in grants {
            if byOrganisation[grant.organisation] == nil { order.append(grant.organisation) }
            byOrganisation[grant.organisation, default: []].append(names.shown(grant.role, in: context.language))
        }
        return order.map { id in
            "\(scope.tree[id]?.name ?? id) (\(id))" + context.text(zh: "：", en: ": ")
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
            abstract: words(
                zh: "列出人员及其角色，可限于某组织之下或担任某角色的人员。", en: "People and their roles, under an organisation, holding a role.")
        )
        @Option(help: help(zh: "只列在此组织或其下级担任角色的人员。", en: "Only people with a role at this organisation or under it."))
        var org: String?
        @Option(help: help(zh: "只列担任此角色的人员。", en: "Only people holding this role.")) var role: String?
        @Flag(help: help(zh: "以 CSV 输出到标准输出（带表头，Excel 可直接打开）。", en: "CSV on stdout (with a header row, for Excel)."))
        var csv = false
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let (scope, rows, names): (ReadScope, [Person], RoleNames)
            do {
                (scope, rows) = try session.app.people(under: org, holding: role, by: session.caller)
                names = try session.app.roleNames()
            } catch {
                throw context.fail(error)
            }
            if globals.json || csv {
                let listed: JSONValue = .array(
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
                    })
                if csv {
                    context.emit(CSVDocument.table(listed, language: context.language))
                } else {
                    context.emit(json: listed)
                }
                return
            }
            var table = Table(
                context.zh ? ["人员", "姓名", "政治面貌", "角色", "技能"] : ["person", "name", "status", "roles", "skills"])
            for person in rows {
                table.add([
                    person.id, person.name, Lookup.statusText(person.status, context),
                    Lookup.roles(person.roles, scope, names, context), person.skills.joined(separator: "、"),
                ])
            }
            context.emit(table.rendered() + "\n" + context.text(zh: "共 \(rows.count) 人", en: "\(rows.count) person(s)"))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "查看一名人员：状态、技能、在各组织担任的角色、承办的在办案件。",
                en: "One person: status, skills, roles by organisation, open cases assigned."))
        @Argument(help: help(zh: "人员 id。", en: "The person's id.")) var id: String
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let (scope, person, open, names): (ReadScope, Person, Int, RoleNames)
            do {
                (scope, person, open) = try session.app.person(id, by: session.caller)
                names = try session.app.roleNames()
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
                                        ("place", .string(Lookup.place(of: $0.organisation, scope))),
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
                table.add([
                    names.shown(grant.role, in: context.language), grant.organisation,
                    Lookup.place(of: grant.organisation, scope),
                ])
            }
            context.emit(out + "\n" + table.rendered(indent: "  "))
        }
    }
}

extension OrgCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "查看一个组织：在组织树中的位置、本级的人员与角色、在办和逾期的案件。",
                en: "One organisation: its place, the people and roles there, its open and overdue cases."))
        @Argument(help: help(zh: "组织 id（或名称）。", en: "The organisation's id (or name).")) var id: String
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let (summary, names): (DocketApp.OrganisationSummary, RoleNames)
            do {
                summary = try session.app.organisation(id, by: session.caller)
                names = try session.app.roleNames()
            } catch {
                throw context.fail(error)
            }
            let (scope, organisation, children) = (summary.scope, summary.organisation, summary.children)
            let (holders, open, overdue) = (summary.holders, summary.openCases, summary.overdue)
            let id = organisation.id
            if globals.json {
                context.emit(
                    json: .object([
                        ("id", .string(id)), ("name", .string(organisation.name)),
                        ("kind", .string(organisation.kind)),
                        ("parent", .string(organisation.parent)), ("place", .string(Lookup.place(of: id, scope))),
                        ("children", .array(children.map { .string($0.id) })),
                        (
                            "people",
                            .array(
                                holders.map {
                                    .object([
                                        ("person", .string($0.person.id)), ("name", .string($0.person.name)),
                                        ("role", .string($0.role)),
                                    ])
                                })
                        ),
                        ("open_cases", .int(open)), ("overdue", .int(overdue)),
                    ]))
                return
            }
            var out = "\(organisation.name) (\(id)) · \(organisation.kind)\n"
            out += context.text(zh: "  位置：", en: "  place: ") + Lookup.place(of: id, scope) + "\n"
            out +=
                context.text(zh: "  下级：", en: "  below: ")
                + (children.isEmpty ? "—" : children.map { "\($0.name) (\($0.id))" }.joined(separator: "、")) + "\n"
            out +=
                context.text(
                    zh: "  在办案件（含下级）：\(open) 件，逾期时限 \(overdue) 项",
                    en: "  open cases (with those below): \(open), limits overdue: \(overdue)") + "\n"
            var table = Table(context.zh ? ["人员", "姓名", "角色"] : ["person", "name", "role"])
            for (person, role) in holders {
                table.add([person.id, person.name, names.shown(role, in: context.language)])
            }
            context.emit(
                out + "\n"
                    + (holders.isEmpty
                        ? context.text(zh: "  本级无人担任角色", en: "  nobody holds a role here")
                        : table.rendered(indent: "  ")))
        }
    }
}
