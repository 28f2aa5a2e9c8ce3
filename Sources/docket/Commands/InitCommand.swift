import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import DocketYAML
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: words(zh: "创建数据库，并部署文件夹中的工作流。", en: "Create the store and deploy the workflows in a folder."))

    @Option(help: help(zh: "要部署的工作流文件所在的文件夹。", en: "The folder of workflow files to deploy."))
    var workflows = "./Workflows"

    @Option(help: help(zh: "本部署的时区（IANA id）。", en: "The deployment's time zone (IANA id)."))
    var timezone = DeploymentZone.defaultIdentifier

    @Flag(
        help:
            help(
                zh: "创建模拟数据库，其中的改动可用任意 --at 时间（用于示例、测试、推演）。正式数据库不接受晚于系统时钟的改动。",
                en:
                    "Make a simulation store, whose changes may be dated at any --at (examples, tests, what-if). A store of record takes none dated later than the clock."
            )
    )
    var simulation = false

    @OptionGroup var globals: GlobalOptions

    func run() throws {
        let context = CommandContext(globals)
        guard DeploymentZone(identifier: timezone) != nil else {
            throw context.fail(.invalidInput, zh: "未知时区「\(timezone)」", en: "unknown time zone '\(timezone)'")
        }
        // Everything is read and checked before the store is created, so a bad
        // workflow leaves nothing behind.
        let files = try WorkflowFiles.list(in: workflows, context)
        let loaded = try WorkflowFiles.loadAll(files, context)
        let calendars = try WorkflowFiles.loadCalendars(
            in: (workflows as NSString).appendingPathComponent("calendars"), context)
        let grading = try WorkflowFiles.loadGrading(in: workflows, context)
        let session = try context.session(create: true, timeZone: timezone, simulation: simulation)
        let workflows = WorkflowFiles.deployables(loaded)
        let outcomes: [DeployOutcome]
        do {
            outcomes = try session.app.initialise(
                calendars: calendars, grading: grading, workflows: workflows, by: session.caller)
        } catch {
            throw context.fail(error)
        }
        WorkflowFiles.report(zip(workflows, outcomes).map { ($0.definition, $1) }, context)
        if !globals.json {
            context.emit(
                context.text(
                    zh: "已初始化 \(globals.storeName)（时区 \(timezone)）",
                    en: "initialised \(globals.storeName) (time zone \(timezone))"))
        }
    }
}
