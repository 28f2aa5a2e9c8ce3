import ArgumentParser
import DocketCore
import DocketEngine
import DocketSQLite
import DocketYAML

struct OrgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org", abstract: "The organisation tree.", subcommands: [Import.self, Tree.self, Show.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import organisations (YAML, or CSV: id,name,parent,kind): the good rows, naming the bad ones by line.")
        @Argument(help: "The file.") var file: String
        @Flag(help: "Import nothing if any row is bad.") var atomic = false
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let contents = DirectoryFile.organisations(source: try readFile(file, context), file: file)
            if atomic { try rejectProblems(contents.diagnostics, context) }
            let store = try context.openStore()
            try context.requireAdministrator(
                store, action: "org import", now: try context.now(in: try context.zone(of: store)))
            let checked: (accepted: [Organisation], problems: [RowProblem])
            do {
                let existing = Dictionary(
                    try store.organisations().map { ($0.id, $0.parent) }, uniquingKeysWith: { a, _ in a })
                checked = DirectoryRows.organisations(contents.items, lines: contents.lines, existing: existing)
            } catch {
                throw context.fail(error)
            }
            let plannedImport = DirectoryImport(
                file: file, diagnostics: contents.diagnostics, problems: checked.problems, atomic: atomic)
            // The tree goes in as one transaction: a subtree's paths depend on its ancestors.
            try plannedImport.run(count: checked.accepted.count, zh: "个组织", en: "organisation(s)", context) {
                if !checked.accepted.isEmpty { try store.importOrganisations(checked.accepted) }
            }
        }
    }

    struct Tree: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the organisation tree, or one subtree.")
        @Argument(help: "The root of the subtree.") var id: String?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let store = try context.openStore()
            let all: [Organisation]
            do { all = try store.organisations() } catch { throw context.fail(error) }
            let children = Dictionary(grouping: all, by: { $0.parent ?? "" })
            let roots: [Organisation]
            if let id {
                guard let root = all.first(where: { $0.id == id }) else {
                    throw context.fail(.notFound, zh: "找不到组织「\(id)」", en: "no organisation '\(id)'")
                }
                roots = [root]
            } else {
                roots = children[""] ?? []
            }
            func json(_ org: Organisation) -> JSONValue {
                .object([
                    ("id", .string(org.id)), ("name", .string(org.name)), ("kind", .string(org.kind)),
                    ("children", .array((children[org.id] ?? []).map(json))),
                ])
            }
            if globals.json {
                context.emit(json: .array(roots.map(json)))
                return
            }
            var lines: [String] = []
            func walk(_ org: Organisation, _ prefix: String, _ last: Bool, _ top: Bool) {
                lines.append((top ? "" : prefix + (last ? "└─ " : "├─ ")) + "\(org.name) (\(org.id)) \(org.kind)")
                let kids = children[org.id] ?? []
                for (i, kid) in kids.enumerated() {
                    walk(kid, top ? "" : prefix + (last ? "   " : "│  "), i == kids.count - 1, false)
                }
            }
            for root in roots { walk(root, "", true, true) }
            context.emit(lines.joined(separator: "\n"))
        }
    }
}

struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person", abstract: "People and the roles they hold.",
        subcommands: [Import.self, List.self, Show.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import people (YAML, or CSV: id,name,org,roles[,status][,skills]): the good rows, naming the bad ones by line."
        )
        @Argument(help: "The file.") var file: String
        @Flag(help: "Import nothing if any row is bad.") var atomic = false
        @Option(help: "People per transaction.") var batch = 1000
        @OptionGroup var globals: GlobalOptions

        /// The roles of every deployed workflow version and the administrator's; `nil`
        /// while none is deployed.
        private func knownRoles(_ store: SQLiteStore) throws -> Set<String>? {
            let deployed = try store.deployedWorkflows()
            guard !deployed.isEmpty else { return nil }
            var roles: Set<String> = [Authorization.administratorRole]
            for version in deployed {
                roles.formUnion(
                    try store.definition(workflow: version.id, version: version.version)?.roles.map(\.id) ?? [])
            }
            return roles
        }

        func run() throws {
            let context = CommandContext(globals)
            guard (1...Identifier.maximumBatch).contains(batch) else {
                throw context.fail(
                    .invalidInput, zh: "--batch 应为 1 至 \(Identifier.maximumBatch)",
                    en: "--batch must be from 1 to \(Identifier.maximumBatch)")
            }
            let contents = DirectoryFile.people(source: try readFile(file, context), file: file)
            if atomic { try rejectProblems(contents.diagnostics, context) }
            let store = try context.openStore()
            try context.requireAdministrator(
                store, action: "person import", now: try context.now(in: try context.zone(of: store)))
            let checked: (accepted: [Person], problems: [RowProblem])
            do {
                checked = DirectoryRows.people(
                    contents.items, lines: contents.lines, organisations: Set(try store.organisations().map(\.id)),
                    roles: try knownRoles(store))
            } catch {
                throw context.fail(error)
            }
            // A person's rows are joined before batching, so no batch undoes another's roles.
            let people = Person.merged(checked.accepted)
            let plannedImport = DirectoryImport(
                file: file, diagnostics: contents.diagnostics, problems: checked.problems, atomic: atomic)
            let progress = ImportProgress(context: context)
            try plannedImport.run(count: people.count, zh: "名人员", en: "person(s)", context) {
                let write = {
                    for start in stride(from: 0, to: people.count, by: batch) {
                        try store.importPeople(Array(people[start..<min(start + batch, people.count)]))
                        let done = min(start + batch, people.count)
                        progress.update(done, fraction: Double(done) / Double(people.count))
                    }
                }
                if atomic { try store.atomically(write) } else { try write() }
                progress.finish()
            }
        }
    }
}

/// What the directory imports share: bad rows reported by line (or, with `--atomic`,
/// nothing written when there is one), the good ones written, and the count.
private struct DirectoryImport {
    let file: String
    let diagnostics: [Diagnostic]
    let problems: [RowProblem]
    let atomic: Bool

    func run(count: Int, zh: String, en: String, _ context: CommandContext, write: () throws -> Void) throws {
        let bad = diagnostics.count + problems.count
        if atomic && bad > 0 {
            report(context)
            throw context.fail(
                .badFile, zh: "文件有 \(bad) 行有误，未导入任何内容", en: "\(bad) bad row(s) in the file; nothing was imported")
        }
        do {
            try write()
        } catch let error as StoreError where error.code == .invalidData {
            throw context.fail(
                .badFile, zh: "\(file)：\(error.text.zh)", en: "\(file): \(error.text.en ?? error.message)")
        } catch {
            throw context.fail(error)
        }
        if context.globals.json {
            context.emit(
                json: .object([
                    ("imported", .int(count)),
                    (
                        "rejected",
                        .array(
                            diagnostics.map {
                                .object([
                                    ("line", .int($0.line)), ("message", .string($0.message.zh)),
                                    ("message_en", .string($0.message.en)),
                                ])
                            }
                                + problems.map {
                                    .object([
                                        ("line", .int($0.line)), ("message", .string($0.message.zh)),
                                        ("message_en", .string($0.message.en)),
                                    ])
                                })
                    ),
                ]))
        } else {
            report(context)
            context.emit(
                context.text(
                    zh: "已导入 \(count) \(zh)" + (bad > 0 ? "，\(bad) 行有误" : ""),
                    en: "imported \(count) \(en)" + (bad > 0 ? "; \(bad) bad row(s)" : "")))
        }
        if bad > 0 { throw ExitCode(ExitStatus.badFile.rawValue) }
    }

    /// Every bad row on stderr: the reader's problems with their excerpt, then the rows
    /// that did not fit the tree or the store.
    private func report(_ context: CommandContext) {
        guard !context.globals.json else { return }
        for d in diagnostics { context.note(d.rendered(in: context.language)) }
        for p in problems { context.note("\(file):\(p.line): error: \(p.message.text(context.language))") }
    }
}

/// Prints every problem of an import file and fails before anything is written.
private func rejectProblems(_ diagnostics: [Diagnostic], _ context: CommandContext) throws {
    guard !diagnostics.isEmpty else { return }
    if !context.globals.json {
        for d in diagnostics { context.note(d.rendered(in: context.language)) }
    }
    throw context.fail(
        .badFile, zh: "文件有 \(diagnostics.count) 处错误，未导入任何内容",
        en: "\(diagnostics.count) problem(s) in the file; nothing was imported",
        context: [("diagnostics", .array(diagnostics.map(WorkflowFiles.json)))])
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "The audit trail.", subcommands: [Verify.self, Denied.self])

    struct Denied: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Refused attempts (who, what, which case, when, why) under an organisation.")
        @Option(help: "Organisation (with its whole subtree).") var org: String?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let store = try context.openStore()
            let zone = try context.zone(of: store)
            let now = try context.now(in: zone)
            let org = try FilterCheck(store: store, context: context).organisation(self.org)
            let scope = try context.readScope(store, reader: try context.reader(in: store), requested: org, now: now)
            var attempts: [DeniedAttempt] = []
            do {
                for root in scope { attempts += try store.deniedAttempts(under: root) }
            } catch {
                throw context.fail(error)
            }
            attempts.sort { $0.seq < $1.seq }
            func reason(_ a: DeniedAttempt, _ language: Language) -> String {
                if a.requiredRoles.isEmpty {
                    return language == .zh ? "在该组织及其上级没有任何角色" : "no role over the organisation"
                }
                let list = a.requiredRoles.joined(separator: language == .zh ? "、" : ", ")
                return language == .zh ? "需担任：\(list)" : "needs one of: \(list)"
            }
            if globals.json {
                context.emit(
                    json: .array(
                        attempts.map { a in
                            .object([
                                ("seq", .int(a.seq)), ("at", .string(zone.format(a.at))),
                                ("recorded_at", .string(zone.format(a.recordedAt))),
                                ("actor", .string(a.actor)), ("action", .string(a.action)), ("case", .string(a.caseID)),
                                ("org", .string(a.organisation)),
                                ("required_roles", .array(a.requiredRoles.map(JSONValue.string))),
                                ("reason", .string(reason(a, .zh))), ("reason_en", .string(reason(a, .en))),
                            ])
                        }))
                return
            }
            var table = Table(
                context.zh
                    ? ["序号", "时间", "操作人", "尝试", "案件", "组织", "原因"]
                    : ["seq", "at", "actor", "tried", "case", "organisation", "reason"])
            for a in attempts {
                table.add([
                    String(a.seq), zone.formatShort(a.at), a.actor, a.action, a.caseID ?? "—", a.organisation ?? "—",
                    reason(a, context.language),
                ])
            }
            context.emit(table.rendered())
            context.emit(context.text(zh: "共 \(attempts.count) 次被拒绝的尝试", en: "\(attempts.count) refused attempt(s)"))
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the whole hash chain; name the first entry that does not verify.")
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let store = try context.openStore()
            let result: AuditVerification
            do { result = try store.verifyAuditTrail() } catch { throw context.fail(error) }
            if let broken = result.firstBroken {
                throw context.fail(
                    .auditBroken, zh: "审计链在第 \(broken) 条处断裂：该条记录或其链接与哈希不符",
                    en: "the audit chain is broken at entry \(broken): its content or link does not match its hash",
                    context: [("first_broken", .int(broken)), ("entries_checked", .int(result.entriesChecked))])
            }
            if globals.json {
                context.emit(json: .object([("intact", .bool(true)), ("entries", .int(result.entriesChecked))]))
            } else {
                context.emit(
                    context.text(
                        zh: "审计链完好：已核验 \(result.entriesChecked) 条",
                        en: "audit chain intact: \(result.entriesChecked) entries verified"))
            }
        }
    }
}
