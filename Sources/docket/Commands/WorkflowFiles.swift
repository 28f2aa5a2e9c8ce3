import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import DocketYAML
import Foundation

/// Reading, checking and deploying workflow files, shared by `init` and `workflow`.
enum WorkflowFiles {
    /// The `.yaml`/`.yml` files directly in a folder, sorted.
    static func list(in folder: String, _ context: CommandContext) throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw context.fail(.badFile, zh: "无法读取工作流目录「\(folder)」", en: "cannot read the workflow folder '\(folder)'")
        }
        // grading.yaml configures grading, not a workflow.
        return names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && $0 != "grading.yaml" }.sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    /// Loads every file, prints every problem, and fails with status 3 if any file has one.
    static func loadAll(_ files: [String], _ context: CommandContext) throws -> [LoadedWorkflow] {
        var loaded: [LoadedWorkflow] = []
        for file in files {
            loaded.append(WorkflowLoader.load(source: try readFile(file, context), file: file))
        }
        let problems = loaded.flatMap(\.diagnostics)
        if !problems.isEmpty {
            for problem in problems where !context.globals.json { context.note(problem.rendered(in: context.language)) }
            let count = problems.count
            throw context.fail(
                .definitionInvalid, zh: "工作流定义有 \(count) 处错误", en: "\(count) problem(s) in workflow definitions",
                context: [("diagnostics", .array(problems.map(json)))])
        }
        return loaded
    }

    /// The grading schemes of `grading.yaml` in the workflow folder, if it is there.
    static func loadGrading(in folder: String, _ context: CommandContext) throws -> [GradingScheme] {
        let file = (folder as NSString).appendingPathComponent("grading.yaml")
        guard FileManager.default.fileExists(atPath: file) else { return [] }
        let contents = GradingFile.schemes(source: try readFile(file, context), file: file)
        if !contents.diagnostics.isEmpty {
            for problem in contents.diagnostics where !context.globals.json {
                context.note(problem.rendered(in: context.language))
            }
            throw context.fail(.definitionInvalid, zh: "分类定级配置有误", en: "problems in the grading schemes")
        }
        return contents.items
    }

    /// The working-day calendars in a folder (none when it does not exist); any problem
    /// fails like a workflow problem.
    static func loadCalendars(in folder: String, _ context: CommandContext) throws -> [WorkingCalendar] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var calendars: [WorkingCalendar] = []
        var problems: [Diagnostic] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let file = (folder as NSString).appendingPathComponent(name)
            let loaded = CalendarFile.load(source: try readFile(file, context), file: file)
            problems += loaded.diagnostics
            if let calendar = loaded.calendar { calendars.append(calendar) }
        }
        if !problems.isEmpty {
            for problem in problems where !context.globals.json { context.note(problem.rendered(in: context.language)) }
            throw context.fail(
                .definitionInvalid, zh: "工作日历有 \(problems.count) 处错误",
                en: "\(problems.count) problem(s) in working-day calendars",
                context: [("diagnostics", .array(problems.map(json)))])
        }
        return calendars
    }

    static func json(_ d: Diagnostic) -> JSONValue {
        .object([
            ("file", .string(d.file)), ("line", .int(d.line)), ("column", .int(d.column)),
            ("message", .string(d.message.zh)),
            ("message_en", .string(d.message.en)),
        ])
    }

    /// The loaded workflows as the application deploys them.
    static func deployables(_ loaded: [LoadedWorkflow]) -> [DocketApp.Deployable] {
        loaded.compactMap { workflow in
            workflow.definition.map { DocketApp.Deployable(definition: $0, source: workflow.source) }
        }
    }

    static func deploy(
        _ loaded: [LoadedWorkflow], to session: CommandContext.Session, action: String, _ context: CommandContext
    ) throws {
        let workflows = deployables(loaded)
        let outcomes: [DeployOutcome]
        do { outcomes = try session.app.deploy(workflows, action: action, by: session.caller) } catch {
            throw context.fail(error)
        }
        report(zip(workflows, outcomes).map { ($0.definition, $1) }, context)
    }

    /// Says what was deployed and what was there already.
    static func report(_ outcomes: [(WorkflowDefinition, DeployOutcome)], _ context: CommandContext) {
        var rows: [JSONValue] = []
        for (definition, outcome) in outcomes {
            let deployed = outcome == .deployed
            rows.append(
                .object([
                    ("id", .string(definition.id)), ("version", .int(definition.version)),
                    ("deployed", .bool(deployed)),
                ]))
            if !context.globals.json {
                context.emit(
                    deployed
                        ? context.text(
                            zh: "已部署 \(definition.id) 第 \(definition.version) 版（\(definition.title.zh)）",
                            en: "deployed \(definition.id) v\(definition.version) (\(definition.title.text(.en)))")
                        : context.text(
                            zh: "未变化 \(definition.id) 第 \(definition.version) 版",
                            en: "unchanged \(definition.id) v\(definition.version)"))
            }
        }
        if context.globals.json { context.emit(json: .array(rows)) }
    }
}
