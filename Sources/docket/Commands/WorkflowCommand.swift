import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketPresentation
import DocketYAML
import Foundation

struct WorkflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: words(zh: "检查、部署和查看工作流定义。", en: "Check, deploy and inspect workflow definitions."),
        subcommands: [Validate.self, Deploy.self, List.self, Show.self, Graph.self, Configure.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "检查工作流定义；每处问题按 file:line:column 列出。",
                en: "Check definitions; report every problem as file:line:column."))
        @Argument(help: help(zh: "工作流文件。", en: "Workflow files.")) var files: [String]
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let loaded = try WorkflowFiles.loadAll(files, context)
            if globals.json {
                context.emit(
                    json: .array(
                        loaded.map {
                            .object([
                                ("file", .string($0.file)), ("id", .string($0.definition?.id)),
                                ("problems", .array([])),
                            ])
                        }))
            } else {
                for workflow in loaded {
                    context.emit(context.text(zh: "\(workflow.file)：无错误", en: "\(workflow.file): no problems"))
                }
            }
        }
    }

    struct Deploy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(zh: "把工作流定义的新版本存入数据库。", en: "Store new versions of workflow definitions."))
        @Argument(help: help(zh: "工作流文件。", en: "Workflow files.")) var files: [String]
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let loaded = try WorkflowFiles.loadAll(files, context)
            try WorkflowFiles.deploy(loaded, to: try context.session(), action: "workflow deploy", context)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(zh: "列出已部署的工作流及其版本。", en: "List deployed workflows and their versions."))
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let zone = session.zone
            let deployed: [DeployedWorkflow]
            do { deployed = try session.app.deployedWorkflows(by: session.caller) } catch { throw context.fail(error) }
            if globals.json {
                context.emit(
                    json: .array(deployed.map { DirectoryDocument.workflow($0, zone: zone) }))
                return
            }
            var table = Table(context.zh ? ["工作流", "版本", "名称", "部署时间"] : ["workflow", "version", "title", "deployed"])
            for w in deployed { table.add([w.id, String(w.version), w.title.zh, zone.formatShort(w.deployedAt)]) }
            context.emit(table.rendered())
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(zh: "以易读的形式显示已部署的工作流。", en: "Print a deployed workflow readably."))
        @Argument(help: help(zh: "工作流 id。", en: "Workflow id.")) var id: String
        @Option(help: help(zh: "版本（默认：最新版本）。", en: "A version (default: the latest).")) var version: Int?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let definition = try WorkflowCommand.definition(id, version: version, session, context)
            let overrides = (try? session.app.parameterOverrides(for: definition)) ?? [:]
            if globals.json {
                context.emit(json: WorkflowDescription.json(definition, overrides: overrides))
            } else {
                context.emit(WorkflowDescription.text(definition, overrides: overrides, context.language))
            }
        }
    }

    struct Graph: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "把状态、阶段和事件画成 Mermaid 或 Graphviz DOT 图。",
                en: "Draw states, stages and events as Mermaid or Graphviz DOT."))
        enum Format: String, ExpressibleByArgument, CaseIterable { case mermaid, dot }
        @Argument(help: help(zh: "工作流 id。", en: "Workflow id.")) var id: String
        @Option(help: help(zh: "mermaid 或 dot。", en: "mermaid or dot.")) var format: Format = .mermaid
        @Option(help: help(zh: "版本（默认：最新版本）。", en: "A version (default: the latest).")) var version: Int?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let definition = try WorkflowCommand.definition(id, version: version, try context.session(), context)
            let graph = WorkflowGraph(definition: definition, language: context.language)
            context.emit(format == .mermaid ? graph.mermaid() : graph.dot())
        }
    }

    struct Configure: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "从 YAML 文件设定本部署的工作流参数值（workflow: {parameter: value}）。",
                en:
                    "Set the deployment's values of workflow parameters from a YAML file (workflow: {parameter: value})."
            ))
        @Argument(help: help(zh: "参数设定文件。", en: "The overrides file.")) var file: String
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let source = try readFile(file, context)
            var items: [ParameterFile.Override] = []
            let summary: Engine.RecountSummary
            do {
                summary = try session.app.configure(by: session.caller) { definitions in
                    let contents = ParameterFile.read(source: source, file: file, definitions: definitions)
                    if !contents.diagnostics.isEmpty {
                        if !globals.json {
                            for d in contents.diagnostics { context.note(d.rendered(in: context.language)) }
                        }
                        throw context.fail(
                            .badFile, zh: "文件有 \(contents.diagnostics.count) 处错误，未修改任何参数",
                            en: "\(contents.diagnostics.count) problem(s) in the file; no parameter was changed",
                            context: [("diagnostics", .array(contents.diagnostics.map(WorkflowFiles.json)))])
                    }
                    items = contents.items
                    return contents.items.map { ($0.workflow, $0.parameter, $0.raw) }
                }
            } catch {
                throw context.fail(error)
            }
            if globals.json {
                context.emit(
                    json: .array(
                        items.map {
                            .object([
                                ("workflow", .string($0.workflow)), ("parameter", .string($0.parameter)),
                                ("value", .string($0.value.display)),
                            ])
                        }))
            } else {
                defer {
                    context.emit(
                        context.text(
                            zh: "在办案件 \(summary.examined) 件，其中 \(summary.moved.count) 件的时限随参数变动（均已记入审计）",
                            en:
                                "\(summary.examined) running case(s) looked at; the limits of \(summary.moved.count) moved with the parameters (each recorded on the audit trail)"
                        ))
                    for refusal in summary.refused {
                        context.note(
                            context.text(zh: "未能重算（保留原时限）", en: "not counted again (its limits stay as they were)")
                                + " \(refusal.caseID ?? "")" + context.text(zh: "：", en: ": ")
                                + refusal.message(in: context.language, definition: nil))
                    }
                }
                for item in items {
                    context.emit(
                        context.text(
                            zh: "\(item.workflow) · \(item.parameter) = \(item.value.display)",
                            en: "\(item.workflow) · \(item.parameter) = \(item.value.display)"))
                }
            }
        }
    }

    /// A deployed definition by id or title; an unknown one is named with the nearest.
    static func definition(
        _ id: String, version: Int?, _ session: CommandContext.Session, _ context: CommandContext
    ) throws -> WorkflowDefinition {
        do {
            return try session.app.definition(id, version: version, by: session.caller)
        } catch let error as EngineError {
            guard case .notFound(.workflow, _) = error.reason else { throw context.fail(error) }
            throw context.fail(
                .notFound, zh: "找不到已部署的工作流「\(id)」第 \(version ?? 0) 版",
                en: "no version \(version ?? 0) of the deployed workflow '\(id)'")
        } catch {
            throw context.fail(error)
        }
    }
}
