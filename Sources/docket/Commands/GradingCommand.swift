import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketPresentation
import DocketYAML
import Foundation

struct GradingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grading",
        abstract: words(
            zh: "分类定级：党组织年度得分、等次，以及对后进党组织的整顿。",
            en: "分类定级: yearly branch scores, grades, and rectification for the lowest."),
        subcommands: [Import.self, List.self, Campaign.self])

    /// The options shared by the grading commands.
    struct Selection: ParsableArguments {
        @Option(help: help(zh: "得分所属年度。", en: "The year of the scores.")) var year: Int
        @Option(
            help: help(
                zh: "定级方案（grades 或 stars，见 Workflows/grading.yaml）。",
                en: "The grading scheme (grades or stars, from Workflows/grading.yaml)."))
        var scheme = "grades"
        @Option(help: help(zh: "显示哪个整顿工作流的在办案件。", en: "The rectification workflow whose open cases are shown."))
        var workflow = "branch-rectification"
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "导入某年度的得分：CSV，含 org 和 score 列，或 org 和各项指标列。",
                en: "Import a year's scores: CSV with org and score, or org and indicator columns."))
        @Argument(help: help(zh: "CSV 文件。", en: "The CSV file.")) var file: String
        @Option(help: help(zh: "得分所属年度。", en: "The year of the scores.")) var year: Int
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let contents = GradingFile.scores(source: try readFile(file, context), file: file)
            if !contents.diagnostics.isEmpty {
                if !globals.json { for d in contents.diagnostics { context.note(d.rendered(in: context.language)) } }
                throw context.fail(
                    .badFile, zh: "文件有 \(contents.diagnostics.count) 处错误，未导入",
                    en: "\(contents.diagnostics.count) problem(s) in the file; nothing was imported")
            }
            let session = try context.session()
            do {
                try session.app.importScores(
                    year: year, contents.items.map { ($0.organisation, $0.score, $0.indicators) }, by: session.caller)
            } catch {
                guard let error = error as? StoreError, error.code == .invalidData else { throw context.fail(error) }
                throw context.fail(
                    .badFile, zh: "\(file)：\(error.text.zh)", en: "\(file): \(error.text.en ?? error.message)")
            }
            context.emit(
                context.text(
                    zh: "已导入 \(year) 年 \(contents.items.count) 个党组织的得分",
                    en: "imported \(contents.items.count) score(s) for \(year)"))
        }
    }

    static func graded(_ selection: Selection, _ session: CommandContext.Session, _ context: CommandContext) throws
        -> (GradingScheme, [DocketApp.Graded])
    {
        do {
            return try session.app.grades(
                year: selection.year, scheme: selection.scheme, workflow: selection.workflow, by: session.caller)
        } catch {
            throw context.fail(error)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "各党组织的得分和等次，以及有无在办的整顿案件。",
                en: "Each branch's score and grade, and whether it has an open rectification case."))
        @OptionGroup var selection: Selection
        @Flag(help: help(zh: "只列最低等次（后进，或星数最少）。", en: "Only the lowest grade (后进, or the fewest stars)."))
        var lowest = false
        @Flag(help: help(zh: "以 CSV 输出到标准输出（带表头，Excel 可直接打开）。", en: "CSV on stdout (with a header row, for Excel)."))
        var csv = false
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let (scheme, all) = try GradingCommand.graded(selection, session, context)
            let rows = lowest ? all.filter { $0.level.id == scheme.lowest?.id } : all
            if globals.json || csv {
                let listed: JSONValue = .array(
                    rows.map { g in
                        .object([
                            ("org", .string(g.organisation.id)), ("name", .string(g.organisation.name)),
                            ("score", .double(g.score)),
                            ("grade", .string(g.level.id)), ("grade_title", .string(g.level.title.zh)),
                            ("open_case", .string(g.openCase)),
                        ])
                    })
                if csv {
                    let columns = ["org", "name", "score", "grade", "grade_title", "open_case"]
                    context.emit(CSVDocument.table(listed, columns: columns, language: context.language))
                } else {
                    context.emit(json: listed)
                }
                return
            }
            var table = Table(
                context.zh
                    ? ["党组织", "名称", "得分", "等次", "在办整顿案件"]
                    : ["organisation", "name", "score", "grade", "open rectification"])
            for g in rows {
                table.add([
                    g.organisation.id, g.organisation.name, String(format: "%.1f", g.score),
                    g.level.title.text(context.language), g.openCase ?? context.text(zh: "无", en: "none"),
                ])
            }
            context.emit(table.rendered())
        }
    }

    struct Campaign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "为尚无在办案件的最低等次党组织启动整顿活动。",
                en: "Start a rectification campaign for the lowest-graded branches that have no open case."))
        @Argument(help: help(zh: "活动名称。", en: "The campaign's name.")) var name: String
        @OptionGroup var selection: Selection
        @Option(help: help(zh: "为其记录的软弱涣散情形。", en: "The criterion recorded for them."))
        var criterion = "last-in-assessment"
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            do {
                let ids = try session.app.startGradingCampaign(
                    name: name, year: selection.year, scheme: selection.scheme, workflow: selection.workflow,
                    by: session.caller
                ) { graded in
                    [
                        "criteria": criterion,
                        "evidence":
                            "\(selection.year)年分类定级为\(graded.level.title.zh)（得分 \(String(format: "%.1f", graded.score))）",
                    ]
                }
                guard !ids.isEmpty else {
                    context.emit(context.text(zh: "没有需要新启动整顿的党组织", en: "no branch needs a new rectification case"))
                    return
                }
                if globals.json {
                    context.emit(
                        json: .object([("campaign", .string(name)), ("cases", .array(ids.map(JSONValue.string)))]))
                } else {
                    context.emit(
                        context.text(
                            zh: "活动「\(name)」已为 \(ids.count) 个后进党组织启动整顿：\(ids.joined(separator: ", "))",
                            en: "campaign '\(name)' started \(ids.count) case(s): \(ids.joined(separator: ", "))"))
                }
            } catch {
                throw context.fail(error)
            }
        }
    }
}
