import ArgumentParser
import DocketCore
import DocketEngine
import DocketSQLite
import Foundation

struct DispatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch", abstract: "Help with dispatching requests.", subcommands: [Suggest.self])

    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rank the members who could take a case: by skill match to its category, then by open load.")
        @Argument(help: "Case id.") var id: String
        @Option(help: "At most this many.") var limit: Int?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let reader = try context.reader(in: session.store)
            let candidates: [DispatchAdvisor.Candidate]
            do {
                let (snapshot, definition) = try session.engine.read(id, by: reader, now: session.now)
                candidates = try DispatchAdvice.candidates(for: snapshot, definition, session.store, context)
            } catch let exit as ExitCode {
                throw exit
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

/// Who could take a case, shared by `dispatch suggest` and `case fire … --auto`.
enum DispatchAdvice {
    /// The event that assigns the case in its state (`dispatch`), if any.
    static func assigningEvent(_ snapshot: CaseSnapshot, _ definition: WorkflowDefinition) -> EventDefinition? {
        definition.events(from: snapshot.state).first { $0.assigns != nil && !$0.timerOnly }
    }

    /// The candidates, best first: people holding, over the case's organisation, a role of
    /// the events that follow the assignment (accepting it) and not of the assignment itself.
    static func candidates(
        for snapshot: CaseSnapshot, _ definition: WorkflowDefinition, _ store: SQLiteStore, _ context: CommandContext
    ) throws -> [DispatchAdvisor.Candidate] {
        guard let assigning = assigningEvent(snapshot, definition) else {
            throw context.fail(
                .eventNotPossible, zh: "案件 \(snapshot.id) 当前状态下没有派单事件",
                en: "case \(snapshot.id) cannot be assigned in its present state")
        }
        let next = assigning.target.possibleStates.flatMap { definition.events(from: $0) }.filter { !$0.timerOnly }
        let roles = Set(next.flatMap(\.roles)).subtracting(assigning.roles)
        var members: [String: Person] = [:]
        for role in roles.sorted() {
            for person in try store.people(holding: role, over: snapshot.organisation) { members[person.id] = person }
        }
        var category: [String] = []
        if let declared = definition.serviceReport?.category, let field = definition.field(declared),
            case .text(let id) = snapshot.data[declared]
        {
            category =
                [id]
                + (field.choices.first { $0.id == id }.map { [$0.title.zh] + ($0.title.en.map { [$0] } ?? []) } ?? [])
        }
        let people = members.values.sorted { $0.id < $1.id }
        return DispatchAdvisor.rank(category: category, members: people, load: try store.openLoad(of: people.map(\.id)))
    }

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
