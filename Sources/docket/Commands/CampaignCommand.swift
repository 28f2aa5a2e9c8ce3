import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketPresentation
import DocketYAML
import Foundation

struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: words(
            zh: "在多个组织同时开展的案件办理（如集中整顿活动）。",
            en: "Casework run over many organisations at once (e.g. a rectification campaign)."),
        subcommands: [Start.self, List.self, Status.self])

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "为 CSV 或 YAML 文件中的每个组织各启动一件案件，全部启动或一件不启动；有误的行逐一按行号列出。",
                en:
                    "Start one case per organisation in a CSV or YAML file, all or nothing; every bad row is reported by line."
            )
        )
        @Argument(help: help(zh: "活动名称。", en: "The campaign's name.")) var name: String
        @Option(help: help(zh: "工作流 id。", en: "Workflow id.")) var workflow: String
        @Option(
            help: help(
                zh: "组织名单：CSV（org 列，另加每个字段一列）或 YAML。",
                en: "The organisations: CSV (org plus one column per field) or YAML."))
        var orgs: String
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let contents = CampaignFile.rows(source: try readFile(orgs, context), file: orgs)
            if !contents.diagnostics.isEmpty {
                if !globals.json { for d in contents.diagnostics { context.note(d.rendered(in: context.language)) } }
                throw context.fail(
                    .badFile, zh: "活动名单有 \(contents.diagnostics.count) 处错误，未启动任何案件",
                    en: "\(contents.diagnostics.count) problem(s) in the campaign file; no case was started",
                    context: [("diagnostics", .array(contents.diagnostics.map(WorkflowFiles.json)))])
            }
            let session = try context.session()
            let ids: [String]
            do {
                ids = try session.app.startCampaign(
                    name: name, workflow: workflow, rows: contents.items, by: session.caller)
            } catch let error as EngineError {
                if case .campaignRejected(let problems) = error.reason, !globals.json {
                    for problem in problems {
                        context.note("\(orgs):\(problem.line): error: \(problem.message.text(context.language))")
                    }
                    throw context.fail(
                        .badFile, zh: "活动名单有 \(problems.count) 行有误，未启动任何案件",
                        en: "\(problems.count) bad row(s) in the campaign file; no case was started")
                }
                throw context.fail(error)
            } catch {
                throw context.fail(error)
            }
            if globals.json {
                context.emit(
                    json: .object([("campaign", .string(name)), ("cases", .array(ids.map(JSONValue.string)))]))
            } else {
                context.emit(
                    context.text(
                        zh: "活动「\(name)」已启动 \(ids.count) 件：\(ids.joined(separator: ", "))",
                        en: "campaign '\(name)' started \(ids.count) case(s): \(ids.joined(separator: ", "))"))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "列出各活动及其工作流、各自启动的案件数。", en: "The campaigns, with their workflow and how many cases each started."))
        @Flag(help: help(zh: "以 CSV 输出到标准输出（带表头，Excel 可直接打开）。", en: "CSV on stdout (with a header row, for Excel)."))
        var csv = false
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let campaigns: [CampaignSummary]
            do { campaigns = try session.app.campaigns(by: session.caller) } catch { throw context.fail(error) }
            if csv {
                context.emit(CampaignDocument.listCSV(campaigns, zone: session.zone, language: context.language))
                return
            }
            if globals.json {
                context.emit(json: CampaignDocument.list(campaigns, zone: session.zone))
                return
            }
            var table = Table(
                context.zh ? ["活动", "工作流", "启动时间", "启动人", "案件数"] : ["campaign", "workflow", "started", "by", "cases"])
            for c in campaigns {
                table.add([c.name, c.workflow, session.zone.formatShort(c.startedAt), c.startedBy, String(c.cases)])
            }
            context.emit(table.rendered())
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "按组织分组：各阶段案件数，逾期、已验收、已办结件数，以及各在第几轮。",
                en:
                    "Per organisation group: how many cases at each stage, overdue, accepted, closed, and in which round."
            ))
        @Argument(help: help(zh: "活动名称。", en: "The campaign's name.")) var name: String
        @Option(
            help: help(
                zh: "按案件上级中这一类的组织分组（township、village……，也可写 乡镇、村）。",
                en: "Group by the organisations of this kind above each case (township, village, …)."))
        var by: String?
        @Flag(help: help(zh: "以 CSV 输出到标准输出，每组一行。", en: "CSV on stdout, one row per group.")) var csv = false
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let groups: [CampaignDocument.Group]
            let definition: WorkflowDefinition
            do {
                let found = try session.app.campaignCases(name, by: session.caller)
                definition = found.definition
                groups = CampaignDocument.progress(
                    found, by: by, unplaced: context.text(zh: "（其他）", en: "(other)"))
            } catch {
                throw context.fail(error)
            }
            CampaignProgress.emit(groups, definition: definition, csv: csv, context)
        }
    }
}

/// A campaign's progress per organisation group, for people (its JSON and CSV are
/// `CampaignDocument`'s).
enum CampaignProgress {
    static func emit(
        _ groups: [CampaignDocument.Group], definition: WorkflowDefinition, csv: Bool, _ context: CommandContext
    ) {
        let stages = definition.stages
        func rounds(_ g: CampaignDocument.Group) -> String {
            g.byRound.keys.sorted().map {
                context.text(zh: "第\($0)轮 \(g.byRound[$0] ?? 0)", en: "round \($0): \(g.byRound[$0] ?? 0)")
            }.joined(separator: context.zh ? "，" : ", ")
        }
        if context.globals.json {
            context.emit(json: CampaignDocument.status(groups, definition: definition))
            return
        }
        if csv {
            context.emit(CampaignDocument.statusCSV(groups, definition: definition, language: context.language))
            return
        }
        var table = Table(
            [context.text(zh: "组织", en: "group"), context.text(zh: "案件", en: "cases")]
                + stages.map { $0.title.text(context.language) }
                + [
                    context.text(zh: "逾期", en: "overdue"), context.text(zh: "已验收", en: "accepted"),
                    context.text(zh: "已办结", en: "closed"),
                    context.text(zh: "轮次", en: "rounds"),
                ])
        for g in groups {
            table.add(
                [g.name, String(g.cases)] + stages.map { String(g.byStage[$0.id] ?? 0) } + [
                    String(g.overdue), String(g.accepted), String(g.closed), rounds(g),
                ])
        }
        context.emit(table.rendered())
    }
}
