import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation

struct DispatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch", abstract: words(zh: "协助派单。", en: "Help with dispatching requests."),
        subcommands: [Suggest.self])

    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "为案件排出可接单的党员：先看技能是否对口案件类别，再看在办件数。",
                en: "Rank the members who could take a case: by skill match to its category, then by open load."))
        @Argument(help: help(zh: "案件 id。", en: "Case id.")) var id: String
        @Option(help: help(zh: "最多列出多少人。", en: "At most this many.")) var limit: Int?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let candidates: [DispatchAdvisor.Candidate]
            do {
                candidates = try session.app.dispatchCandidates(caseID: id, by: session.caller)
            } catch {
                throw context.fail(error)
            }
            let shown = limit.map { Array(candidates.prefix(max(0, $0))) } ?? candidates
            if globals.json {
                context.emit(
                    json: .array(
                        shown.enumerated().map { index, c in
                            .object([
                                ("rank", .int(index + 1)), ("person", .string(c.person.id)),
                                ("name", .string(c.person.name)),
                                ("skills", .array(c.person.skills.map(JSONValue.string))),
                                ("matching_skills", .array(c.matchingSkills.map(JSONValue.string))),
                                ("open_load", .int(c.openLoad)), ("why", .string(DispatchAdvice.why(c, context))),
                            ])
                        }))
                return
            }
            var table = Table(
                context.zh
                    ? ["名次", "人员", "姓名", "技能", "在办", "理由"] : ["rank", "person", "name", "skills", "open", "why"])
            for (index, c) in shown.enumerated() {
                table.add([
                    String(index + 1), c.person.id, c.person.name, c.person.skills.joined(separator: "、"),
                    String(c.openLoad), DispatchAdvice.why(c, context),
                ])
            }
            context.emit(table.rendered())
        }
    }
}

/// How a dispatch candidate is explained, shared by `dispatch suggest` and `case fire … --auto`.
enum DispatchAdvice {
    static func why(_ c: DispatchAdvisor.Candidate, _ context: CommandContext) -> String {
        let match =
            c.matchingSkills.isEmpty
            ? context.text(zh: "技能不对口", en: "no matching skill")
            : context.text(
                zh: "技能对口：\(c.matchingSkills.joined(separator: "、"))",
                en: "skill: \(c.matchingSkills.joined(separator: ", "))")
        return match + context.text(zh: "；在办 \(c.openLoad) 件", en: "; \(c.openLoad) open")
    }
}
