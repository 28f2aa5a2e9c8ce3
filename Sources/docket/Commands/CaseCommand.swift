import ArgumentParser
import DocketCore
import DocketEngine
import DocketSQLite
import DocketYAML
import Foundation

struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Start, advance and inspect cases.",
        subcommands: [Start.self, Import.self, Fire.self, Show.self, History.self, List.self])

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a case with the workflow's starting event.")
        @Argument(help: "Workflow id.") var workflow: String
        @Option(help: "The organisation the case belongs to.") var org: String
        @Option(help: "Choose the case id (default: assigned).") var id: String?
        @Option(help: "The starting event, when the workflow has several.") var event: String?
        @Option(help: "The day it actually happened (YYYY-MM-DD; default: the date of --at).") var on: String?
        @Option(name: .customLong("set"), help: "FIELD=VALUE; lists comma-separated.") var values: [String] = []
        @Option(
            name: .customLong("item"), help: "A new item for the event's list: 'FIELD=VALUE; FIELD=VALUE' (repeatable)."
        ) var newItems: [String] = []
        @Option(help: "A note for the audit trail.") var note: String?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let (store, engine, now) = (session.store, session.engine, session.now)
            let request = EventRequest(
                event: event ?? "", input: try assignments(values, globals.language),
                on: try CaseCommand.day(on, context),
                actor: try context.actor(in: store), note: note, items: try items(newItems, globals.language))
            do {
                let view = try engine.start(
                    workflow: workflow, organisation: org, caseID: id, request: request, now: now)
                try CaseOutput.changed(view, engine: engine, now: now, context)
            } catch {
                throw context.fail(error, definition: try? engine.latestDefinition(workflow))
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Take in cases already under way: one in a given state with its earlier steps, or many from a file.",
            discussion:
                "With --file: JSON Lines or CSV, one case per row, imported in batched transactions; bad rows are reported by line and the good ones imported, or nothing with --atomic."
        )
        @Argument(help: "Workflow id (one case).") var workflow: String?
        @Option(help: "The organisation the case belongs to.") var org: String?
        @Option(help: "The state the case is in now.") var state: String?
        @Option(help: "Choose the case id (default: assigned).") var id: String?
        @Option(name: .customLong("set"), help: "FIELD=VALUE; any field of the workflow.") var values: [String] = []
        @Option(help: "An earlier step: EVENT@YYYY-MM-DD (repeatable).") var record: [String] = []
        @Option(help: "A note for the audit trail.") var note: String?
        @Option(help: "Many cases from a file (JSON Lines or CSV).") var file: String?
        @Flag(help: "With --file: import nothing if any row is bad.") var atomic = false
        @Option(help: "With --file: cases per transaction.") var batch = 1000
        @OptionGroup var globals: GlobalOptions

        func validate() throws {
            if file == nil && (workflow == nil || org == nil || state == nil) {
                throw usageError(
                    zh: "一件用 WORKFLOW --org ORG --state STATE，多件用 --file FILE",
                    en: "give WORKFLOW --org ORG --state STATE for one case, or --file FILE for many",
                    globals.language)
            }
            guard (1...Identifier.maximumBatch).contains(batch) else {
                throw usageError(
                    zh: "--batch 应为 1 至 \(Identifier.maximumBatch)",
                    en: "--batch must be from 1 to \(Identifier.maximumBatch)", globals.language)
            }
        }

        func run() throws {
            let context = CommandContext(globals)
            if let file { return try importFile(file, context) }
            var records: [(event: String, on: CivilDate)] = []
            for item in record {
                let parts = item.split(separator: "@", maxSplits: 1).map(String.init)
                guard parts.count == 2, let day = CivilDate(typed: parts[1]) else {
                    throw usageError(
                        zh: "--record 应为 事件@日期（日期可写作 \(CivilDate.typedForms)），而不是「\(item)」",
                        en: "--record takes EVENT@DATE (a date such as \(CivilDate.typedForms)), not '\(item)'",
                        globals.language)
                }
                records.append((parts[0], day))
            }
            let session = try context.session()
            let (store, engine, now) = (session.store, session.engine, session.now)
            let actor = try context.actor(in: store)
            let workflow = self.workflow ?? ""
            do {
                let view = try engine.importCase(
                    workflow: workflow, organisation: org ?? "", caseID: id, state: state ?? "",
                    input: try assignments(values, globals.language),
                    records: records, actor: actor, note: note, now: now)
                try CaseOutput.changed(view, engine: engine, now: now, context)
            } catch {
                throw context.fail(error, definition: try? engine.latestDefinition(workflow))
            }
        }

        private func importFile(_ path: String, _ context: CommandContext) throws {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                FileManager.default.isReadableFile(atPath: path)
            else {
                throw context.fail(.badFile, zh: "无法读取文件「\(path)」", en: "cannot read the file '\(path)'")
            }
            let session = try context.session()
            try context.requireAdministrator(session.store, action: "case import", now: session.now)
            let actor = try context.actor(in: session.store)
            let unreadable = ImportFile.ProblemSink()
            let progress = ImportProgress(context: context)
            let file = ImportFile(path: path, problems: unreadable)
            let outcome: Engine.ImportOutcome
            do {
                outcome = try session.engine.importCases(
                    file, actor: actor, now: session.now, batchSize: batch, atomic: atomic,
                    progress: { progress.update($0, fraction: file.position.fraction) },
                    indexing: { progress.phase(zh: "正在建立索引……", en: "building indexes…") },
                    abandon: { !unreadable.problems.isEmpty })
            } catch {
                throw context.fail(error)
            }
            progress.finish()
            let problems = (unreadable.problems + outcome.rejected).sorted { $0.line < $1.line }
            if !globals.json {
                for problem in problems {
                    context.note("\(path):\(problem.line): error: \(problem.message.text(context.language))")
                }
            }
            let imported = atomic && !problems.isEmpty ? 0 : outcome.imported
            if globals.json {
                context.emit(
                    json: .object([
                        ("imported", .int(imported)),
                        (
                            "rejected",
                            .array(
                                problems.map {
                                    .object([
                                        ("line", .int($0.line)), ("message", .string($0.message.zh)),
                                        ("message_en", .string($0.message.en)),
                                    ])
                                })
                        ),
                    ]))
            } else {
                context.emit(
                    context.text(
                        zh: "已导入 \(imported) 件，\(problems.count) 行有误",
                        en: "imported \(imported) case(s); \(problems.count) bad row(s)"))
            }
            if !problems.isEmpty { throw ExitCode(ExitStatus.badFile.rawValue) }
        }
    }

    struct Fire: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fire an event on a case.")
        @Argument(help: "Case id.") var id: String
        @Argument(help: "Event id.") var event: String
        @Option(help: "The day it actually happened (YYYY-MM-DD; default: the date of --at).") var on: String?
        @Option(name: .customLong("set"), help: "FIELD=VALUE; lists comma-separated.") var values: [String] = []
        @Option(
            name: .customLong("item"), help: "A new item for the event's list: 'FIELD=VALUE; FIELD=VALUE' (repeatable)."
        ) var newItems: [String] = []
        @Option(help: "A note for the audit trail.") var note: String?
        @Flag(help: "Assign to the first member `dispatch suggest` ranks (for an event that assigns the case).")
        var auto = false
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let (store, engine, now) = (session.store, session.engine, session.now)
            var input = try assignments(values, globals.language)
            if auto { try choose(into: &input, session, context) }
            let request = EventRequest(
                event: event, input: input, on: try CaseCommand.day(on, context), actor: try context.actor(in: store),
                note: note,
                items: try items(newItems, globals.language))
            do {
                let view = try engine.fire(caseID: id, request: request, now: now)
                try CaseOutput.changed(view, engine: engine, now: now, context)
            } catch {
                throw context.fail(error, definition: try? engine.load(id).1)
            }
        }

        /// `--auto`: the assignee is the first member the advisor ranks.
        private func choose(
            into input: inout [String: String], _ session: CommandContext.Session, _ context: CommandContext
        ) throws {
            let snapshot: CaseSnapshot
            let definition: WorkflowDefinition
            let roles: Set<String>
            do {
                // A case not there is for the event to answer, as it answers an outsider.
                guard try session.store.snapshot(of: id) != nil else { return }
                (snapshot, definition) = try session.engine.load(id)
                // Nothing of the case (who could take it, their load) is shown to someone
                // who may not dispatch it: the event refuses them, and says no more.
                roles = try session.store.roles(of: try context.actor(in: session.store), over: snapshot.organisation)
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw context.fail(error)
            }
            guard let assigning = definition.event(named: event), let field = assigning.assigns else {
                throw context.fail(
                    .invalidInput, zh: "--auto 只用于派单类事件（assigns）",
                    en: "--auto is only for an event that assigns the case")
            }
            guard Authorization.permits(assigning, rolesHeld: roles) else { return }
            guard input[field] == nil else {
                throw usageError(
                    zh: "--auto 会选定「\(field)」，不要再用 --set 给出", en: "--auto chooses \(field); do not also --set it",
                    globals.language)
            }
            guard let best = try DispatchAdvice.candidates(for: snapshot, definition, session.store, context).first
            else {
                throw context.fail(.notFound, zh: "没有可派单的党员", en: "no member could take this case")
            }
            input[field] = best.person.id
            if !globals.json {
                context.note(
                    context.text(
                        zh: "自动派给 \(best.person.name) (\(best.person.id))：",
                        en: "assigned to \(best.person.name) (\(best.person.id)): ")
                        + DispatchAdvice.why(best, context))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A case: state, stage, data, and the events possible now with what each needs.")
        @Argument(help: "Case id.") var id: String
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let (store, engine, now) = (session.store, session.engine, session.now)
            let reader = try context.reader(in: store)
            do {
                let (view, available) = try engine.show(caseID: id, now: now, reader: reader)
                CaseOutput.show(view, available, store: store, zone: engine.zone, now: now, context)
            } catch {
                throw context.fail(error)
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The full record of a case.")
        @Argument(help: "Case id.") var id: String
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let (store, engine, now) = (session.store, session.engine, session.now)
            let reader = try context.reader(in: store)
            do {
                let (_, definition) = try engine.read(id, by: reader, now: now)
                CaseOutput.history(try store.history(of: id), definition, zone: engine.zone, context)
            } catch {
                throw context.fail(error)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List cases; --org includes the whole subtree.")
        @Option(help: "Workflow id.") var workflow: String?
        @Option(help: "State id.") var state: String?
        @Option(help: "Organisation (with its subtree).") var org: String?
        @Option(help: "Assignee (person id).") var assignee: String?
        @Option(help: "At most this many.") var limit: Int?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let store = try context.openStore()
            let engine = try context.engine(store)
            let check = FilterCheck(store: store, context: context)
            let workflow = try check.workflow(self.workflow)
            let (state, org, assignee) = (
                try check.state(self.state, workflow: workflow), try check.organisation(self.org),
                try check.person(self.assignee)
            )
            let now = try context.now(in: engine.zone)
            let scope = try context.readScope(store, reader: try context.reader(in: store), requested: org, now: now)
            do {
                let query = CaseQuery(workflow: workflow, state: state, assignee: assignee, limit: limit)
                try CaseOutput.list(store: store, zone: engine.zone, context) { each in
                    try store.eachCase(matching: query, under: scope, each)
                }
            } catch {
                throw context.fail(error)
            }
        }
    }

    static func day(_ raw: String?, _ context: CommandContext) throws -> CivilDate? {
        guard let raw else { return nil }
        guard let day = CivilDate(typed: raw) else {
            throw context.fail(
                .invalidInput, zh: "--on「\(raw)」不是有效日期（可写作 \(CivilDate.typedForms)）",
                en: "--on '\(raw)' is not a valid date (any of \(CivilDate.typedForms))")
        }
        return day
    }
}
