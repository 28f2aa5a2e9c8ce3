import ArgumentParser
import DocketCore
import DocketEngine
import DocketSQLite
import DocketYAML
import Foundation

struct WorkflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow", abstract: "Check, deploy and inspect workflow definitions.",
        subcommands: [Validate.self, Deploy.self, List.self, Show.self, Graph.self, Configure.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check definitions; report every problem as file:line:column.")
        @Argument(help: "Workflow files.") var files: [String]
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
        static let configuration = CommandConfiguration(abstract: "Store new versions of workflow definitions.")
        @Argument(help: "Workflow files.") var files: [String]
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let loaded = try WorkflowFiles.loadAll(files, context)
            let store = try context.openStore()
            let now = try context.now(in: try context.zone(of: store))
            try context.requireAdministrator(store, action: "workflow deploy", now: now)
            try WorkflowFiles.deploy(loaded, to: store, at: now, context)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deployed workflows and their versions.")
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let store = try context.openStore()
            let zone = try context.zone(of: store)
            let deployed: [DeployedWorkflow]
            do { deployed = try store.deployedWorkflows() } catch { throw context.fail(error) }
            if globals.json {
                context.emit(
                    json: .array(
                        deployed.map {
                            .object([
                                ("id", .string($0.id)), ("version", .int($0.version)), ("title", .string($0.title.zh)),
                                ("deployed_at", .string(zone.format($0.deployedAt))),
                            ])
                        }))
                return
            }
            var table = Table(context.zh ? ["工作流", "版本", "名称", "部署时间"] : ["workflow", "version", "title", "deployed"])
            for w in deployed { table.add([w.id, String(w.version), w.title.zh, zone.formatShort(w.deployedAt)]) }
            context.emit(table.rendered())
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a deployed workflow readably.")
        @Argument(help: "Workflow id.") var id: String
        @Option(help: "A version (default: the latest).") var version: Int?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let definition = try WorkflowCommand.definition(id, version: version, context)
            let overrides = (try? context.engine(context.openStore()).parameterOverrides(for: definition)) ?? [:]
            if globals.json {
                context.emit(json: WorkflowDescription.json(definition, overrides: overrides))
            } else {
                context.emit(WorkflowDescription.text(definition, overrides: overrides, context.language))
            }
        }
    }

    struct Graph: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw states, stages and events as Mermaid or Graphviz DOT.")
        enum Format: String, ExpressibleByArgument, CaseIterable { case mermaid, dot }
        @Argument(help: "Workflow id.") var id: String
        @Option(help: "mermaid or dot.") var format: Format = .mermaid
        @Option(help: "A version (default: the latest).") var version: Int?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let definition = try WorkflowCommand.definition(id, version: version, context)
            let graph = WorkflowGraph(definition: definition, language: context.language)
            context.emit(format == .mermaid ? graph.mermaid() : graph.dot())
        }
    }

    struct Configure: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Set the deployment's values of workflow parameters from a YAML file (workflow: {parameter: value}).")
        @Argument(help: "The overrides file.") var file: String
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let store = try context.openStore()
            try context.requireAdministrator(
                store, action: "workflow configure", now: try context.now(in: try context.zone(of: store)))
            var definitions: [String: WorkflowDefinition] = [:]
            do {
                for deployed in try store.deployedWorkflows() {
                    definitions[deployed.id] = try store.definition(workflow: deployed.id, version: nil)
                }
            } catch {
                throw context.fail(error)
            }
            let contents = ParameterFile.read(source: try readFile(file, context), file: file, definitions: definitions)
            if !contents.diagnostics.isEmpty {
                if !globals.json { for d in contents.diagnostics { context.note(d.rendered(in: context.language)) } }
                throw context.fail(
                    .badFile, zh: "文件有 \(contents.diagnostics.count) 处错误，未修改任何参数",
                    en: "\(contents.diagnostics.count) problem(s) in the file; no parameter was changed",
                    context: [("diagnostics", .array(contents.diagnostics.map(WorkflowFiles.json)))])
            }
            let engine = try context.engine(store)
            let now = try context.now(in: engine.zone)
            let actor = try context.actor(in: store)
            let summary: Engine.RecountSummary
            do {
                summary = try engine.configure(
                    contents.items.map { ($0.workflow, $0.parameter, $0.raw) }, actor: actor, now: now)
            } catch {
                throw context.fail(error)
            }
            if globals.json {
                context.emit(
                    json: .array(
                        contents.items.map {
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
                for item in contents.items {
                    context.emit(
                        context.text(
                            zh: "\(item.workflow) · \(item.parameter) = \(item.value.display)",
                            en: "\(item.workflow) · \(item.parameter) = \(item.value.display)"))
                }
            }
        }
    }

    static func definition(_ id: String, version: Int?, _ context: CommandContext) throws -> WorkflowDefinition {
        let store = try context.openStore()
        // By id or title; an unknown one is named with the nearest deployed one.
        let resolved = try FilterCheck(store: store, context: context).workflow(id) ?? id
        let found: WorkflowDefinition?
        do { found = try store.definition(workflow: resolved, version: version) } catch { throw context.fail(error) }
        guard let found else {
            throw context.fail(
                .notFound, zh: "找不到已部署的工作流「\(id)」第 \(version ?? 0) 版",
                en: "no version \(version ?? 0) of the deployed workflow '\(id)'")
        }
        return found
    }
}
