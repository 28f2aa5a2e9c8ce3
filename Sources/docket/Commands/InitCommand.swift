import ArgumentParser
import DocketCore
import DocketSQLite
import DocketYAML
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create the store and deploy the workflows in a folder.")

    @Option(help: "The folder of workflow files to deploy.")
    var workflows = "./Workflows"

    @Option(help: "The deployment's time zone (IANA id).")
    var timezone = DeploymentZone.defaultIdentifier

    @Flag(
        help:
            "Make a simulation store, whose changes may be dated at any --at (examples, tests, what-if). A store of record takes none dated later than the clock."
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
        let store: SQLiteStore
        do {
            store = try SQLiteStore.open(
                path: globals.databasePath, create: true, timeZone: timezone, simulation: simulation)
        } catch {
            throw context.fail(error)
        }
        let now = try context.now(in: try context.zone(of: store))
        try context.requireAdministrator(store, action: "init", now: now)
        do {
            // A year added since with `calendar add` is kept, not dropped by the files.
            try store.saveCalendars(
                try calendars.map { file in try store.calendar(file.id).map(file.keepingYears(of:)) ?? file })
            if !grading.isEmpty { try store.saveGradingSchemes(grading) }
        } catch {
            throw context.fail(error)
        }
        try WorkflowFiles.deploy(loaded, to: store, at: now, context)
        if !globals.json {
            context.emit(
                context.text(
                    zh: "已初始化 \(globals.databasePath)（时区 \(timezone)）",
                    en: "initialised \(globals.databasePath) (time zone \(timezone))"))
        }
    }
}
