import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketYAML
import Foundation

struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Start, advance and inspect cases.",
        subcommands: [Start.self, Import.self, Fire.self, Show.self, History.self, List.self, Migrate.self])

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
            let request = EventRequest(
                event: event ?? "", input: try assignments(values, globals.language),
                on: try CaseCommand.day(on, context), actor: "", note: note,
                items: try items(newItems, globals.language))
            do {
                let view = try session.app.startCase(
                    workflow: workflow, organisation: org, caseID: id, request: request, by: session.caller)
                try CaseOutput.changed(view, session, context)
            } catch {
                throw context.fail(error, definition: try? session.app.definition(workflow, version: nil))
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
            let workflow = self.workflow ?? ""
            do {
                let view = try session.app.importCase(
                    workflow: workflow, organisation: org ?? "", caseID: id, state: state ?? "",
                    input: try assignments(values, globals.language), records: records, note: note,
                    by: session.caller)
                try CaseOutput.changed(view, session, context)
            } catch {
                throw context.fail(error, definition: try? session.app.definition(workflow, version: nil))
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
            let unreadable = ImportFile.ProblemSink()
            let progress = ImportProgress(context: context)
            let file = ImportFile(path: path, problems: unreadable)
            let outcome: Engine.ImportOutcome
            do {
                outcome = try session.app.importCases(
                    file, batchSize: batch, atomic: atomic, by: session.caller,
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
            let input = try assignments(values, globals.language)
            let request = EventRequest(
                event: event, input: input, on: try CaseCommand.day(on, context), actor: "", note: note,
                items: try items(newItems, globals.language))
            do {
                let fired = try session.app.fire(caseID: id, request: request, autoAssign: auto, by: session.caller)
                if let best = fired.chosen, !globals.json {
                    context.note(
                        context.text(
                            zh: "自动派给 \(best.person.name) (\(best.person.id))：",
                            en: "assigned to \(best.person.name) (\(best.person.id)): ")
                            + DispatchAdvice.why(best, context))
                }
                try CaseOutput.changed(fired.view, session, context)
            } catch {
                throw context.fail(
                    error, definition: try? session.engine.read { tx in try session.engine.load(id, in: tx).1 })
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
            do {
                let (view, available) = try session.app.showCase(id, by: session.caller)
                CaseOutput.show(view, available, session, context)
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
            do {
                let record = try session.app.caseHistory(id, by: session.caller)
                CaseOutput.history(
                    record.entries, record.definition, earlier: record.earlier, zone: session.zone,
                    personName: session.app.personName, context)
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
        @Flag(help: "CSV on stdout (with a header row).") var csv = false
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let filter = DocketApp.TypedFilter(workflow: workflow, state: state, organisation: org, person: assignee)
            do {
                try CaseOutput.list(session, csv: csv, context) { each in
                    try session.app.eachCase(filter, limit: limit, by: session.caller, named: each)
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
