import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketPresentation
import DocketYAML
import Foundation

struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: words(zh: "启动、推进和查看案件。", en: "Start, advance and inspect cases."),
        subcommands: [Start.self, Import.self, Fire.self, Show.self, History.self, List.self, Migrate.self])

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(zh: "以工作流的起始事件启动一件案件。", en: "Start a case with the workflow's starting event."))
        @Argument(help: help(zh: "工作流 id。", en: "Workflow id."), completion: StoreCompletions.workflows)
        var workflow: String
        @Option(
            help: help(zh: "案件所属的组织。", en: "The organisation the case belongs to."),
            completion: StoreCompletions.organisations)
        var org: String
        @Option(help: help(zh: "指定案件 id（默认自动编号）。", en: "Choose the case id (default: assigned).")) var id: String?
        @Option(help: help(zh: "起始事件（工作流有多个起始事件时指定）。", en: "The starting event, when the workflow has several."))
        var event: String?
        @Option(
            help: help(
                zh: "实际发生的日期（YYYY-MM-DD；默认取 --at 的日期）。",
                en: "The day it actually happened (YYYY-MM-DD; default: the date of --at)."))
        var on: String?
        @Option(
            name: .customLong("set"),
            help: help(zh: "FIELD=VALUE；列表的各项以逗号分隔。", en: "FIELD=VALUE; lists comma-separated."))
        var values: [String] = []
        @Option(
            name: .customLong("item"),
            help: help(
                zh: "为事件的列表新增一项：'FIELD=VALUE; FIELD=VALUE'（可重复）。",
                en: "A new item for the event's list: 'FIELD=VALUE; FIELD=VALUE' (repeatable).")
        ) var newItems: [String] = []
        @Option(help: help(zh: "记入审计的备注。", en: "A note for the audit trail.")) var note: String?
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
            abstract: words(
                zh: "导入已在办理中的案件：一件时给出当前状态及此前各步，多件时从文件导入。",
                en: "Take in cases already under way: one in a given state with its earlier steps, or many from a file."
            ),
            discussion: words(
                zh: "使用 --file 时：文件为 JSON Lines 或 CSV，每行一件，分批在事务中导入；有误的行按行号列出，无误的照常导入；加 --atomic 则一件也不导入。",
                en:
                    "With --file: JSON Lines or CSV, one case per row, imported in batched transactions; bad rows are reported by line and the good ones imported, or nothing with --atomic."
            )
        )
        @Argument(help: help(zh: "工作流 id（导入一件时）。", en: "Workflow id (one case).")) var workflow: String?
        @Option(help: help(zh: "案件所属的组织。", en: "The organisation the case belongs to.")) var org: String?
        @Option(help: help(zh: "案件当前所处的状态。", en: "The state the case is in now.")) var state: String?
        @Option(help: help(zh: "指定案件 id（默认自动编号）。", en: "Choose the case id (default: assigned).")) var id: String?
        @Option(
            name: .customLong("set"),
            help: help(zh: "FIELD=VALUE；可为工作流的任一字段。", en: "FIELD=VALUE; any field of the workflow."))
        var values: [String] = []
        @Option(help: help(zh: "此前的一步：EVENT@YYYY-MM-DD（可重复）。", en: "An earlier step: EVENT@YYYY-MM-DD (repeatable)."))
        var record: [String] = []
        @Option(help: help(zh: "记入审计的备注。", en: "A note for the audit trail.")) var note: String?
        @Option(help: help(zh: "从文件导入多件案件（JSON Lines 或 CSV）。", en: "Many cases from a file (JSON Lines or CSV)."))
        var file: String?
        @Flag(help: help(zh: "配合 --file：任一行有误则一件也不导入。", en: "With --file: import nothing if any row is bad."))
        var atomic = false
        @Option(help: help(zh: "配合 --file：每个事务导入的案件数。", en: "With --file: cases per transaction.")) var batch = 1000
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
        static let configuration = CommandConfiguration(
            abstract: words(zh: "对案件办理一个事件。", en: "Fire an event on a case."))
        @Argument(help: help(zh: "案件 id。", en: "Case id.")) var id: String
        @Argument(help: help(zh: "事件 id。", en: "Event id."), completion: StoreCompletions.events) var event: String
        @Option(
            help: help(
                zh: "实际发生的日期（YYYY-MM-DD；默认取 --at 的日期）。",
                en: "The day it actually happened (YYYY-MM-DD; default: the date of --at)."))
        var on: String?
        @Option(
            name: .customLong("set"),
            help: help(zh: "FIELD=VALUE；列表的各项以逗号分隔。", en: "FIELD=VALUE; lists comma-separated."))
        var values: [String] = []
        @Option(
            name: .customLong("item"),
            help: help(
                zh: "为事件的列表新增一项：'FIELD=VALUE; FIELD=VALUE'（可重复）。",
                en: "A new item for the event's list: 'FIELD=VALUE; FIELD=VALUE' (repeatable).")
        ) var newItems: [String] = []
        @Option(help: help(zh: "记入审计的备注。", en: "A note for the audit trail.")) var note: String?
        @Flag(
            help: help(
                zh: "派给 `dispatch suggest` 排在首位的党员（用于派单类事件）。",
                en: "Assign to the first member `dispatch suggest` ranks (for an event that assigns the case)."))
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
            abstract: words(
                zh: "查看案件：状态、阶段、数据，以及当前可办的事件和各自所需的内容。",
                en: "A case: state, stage, data, and the events possible now with what each needs."))
        @Argument(help: help(zh: "案件 id。", en: "Case id.")) var id: String
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
        static let configuration = CommandConfiguration(
            abstract: words(zh: "案件的完整记录。", en: "The full record of a case."))
        @Argument(help: help(zh: "案件 id。", en: "Case id.")) var id: String
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
        static let configuration = CommandConfiguration(
            abstract: words(zh: "列出案件；--org 包含该组织的全部下级。", en: "List cases; --org includes the whole subtree."))
        @Option(help: help(zh: "工作流 id。", en: "Workflow id."), completion: StoreCompletions.workflows)
        var workflow: String?
        @Option(help: help(zh: "状态 id。", en: "State id."), completion: StoreCompletions.states) var state: String?
        @Option(
            help: help(zh: "组织（含下级）。", en: "Organisation (with its subtree)."),
            completion: StoreCompletions.organisations)
        var org: String?
        @Option(help: help(zh: "承办人（人员 id）。", en: "Assignee (person id).")) var assignee: String?
        @Option(help: help(zh: "最多列出多少件。", en: "At most this many.")) var limit: Int?
        @Flag(help: help(zh: "以 CSV 输出到标准输出（含表头行）。", en: "CSV on stdout (with a header row).")) var csv = false
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
