import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketPresentation
import Foundation

extension CaseCommand {
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "把在办案件迁移到其工作流的另一版本：先行检查，并记入审计。",
                en: "Move running cases to another version of their workflow, checked first and recorded on the trail."),
            discussion: words(
                zh: "两个版本都有的状态保持不变；新版本没有的状态须用 --map OLD=NEW 指明去向。不加 --yes 时，选中的案件多于一件只作试运行：列出将有的变动，不写入任何内容。",
                en:
                    "A state in both versions maps to itself; one the new version lacks needs --map OLD=NEW. Without --yes, a selection of more than one case is a dry run: it lists what would change and writes nothing."
            )
        )
        @Option(help: help(zh: "工作流 id。", en: "Workflow id.")) var workflow: String
        @Option(name: .customLong("to-version"), help: help(zh: "迁移到哪一版本。", en: "The version to move to."))
        var toVersion: Int
        @Option(
            help: help(
                zh: "OLD=NEW：新版本没有的状态迁往何处（可重复）。", en: "OLD=NEW: where a state the new version lacks goes (repeatable).")
        )
        var map: [String] = []
        @Option(help: help(zh: "只迁移此组织之下的案件。", en: "Only cases under this organisation.")) var org: String?
        @Option(help: help(zh: "只迁移处于此状态（按现版本）的案件。", en: "Only cases in this state (of their present version)."))
        var state: String?
        @Option(name: .customLong("case"), help: help(zh: "只迁移此案件（可重复）。", en: "Only this case (repeatable)."))
        var cases: [String] = []
        @Flag(
            name: .customLong("dry-run"),
            help: help(zh: "列出将有的变动，不写入任何内容。", en: "List what would change; write nothing."))
        var dryRun = false
        @Flag(
            help: help(
                zh: "选中的案件多于一件时，不经试运行直接迁移。", en: "Move a selection of more than one case without a dry run first."))
        var yes = false
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            var mapping: [String: String] = [:]
            for item in map {
                let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, mapping[parts[0]] == nil else {
                    throw usageError(
                        zh: "--map 应为 旧状态=新状态，每个旧状态一次，而不是「\(item)」",
                        en: "--map takes OLD=NEW, each old state once, not '\(item)'", globals.language)
                }
                mapping[parts[0]] = parts[1]
            }
            // Many cases are moved only when asked twice: a dry run first, then --yes.
            let dry = dryRun || (cases.count != 1 && !yes)
            let session = try context.session()
            let request = DocketApp.MigrationRequest(
                workflow: workflow, toVersion: toVersion, mapping: mapping, organisation: org, state: state,
                cases: cases, dryRun: dry)
            let progress = dry || globals.json ? nil : ImportProgress(context: context)
            var json = globals.json ? StreamedJSONArray(opening: "{\"dry_run\": \(dry), \"cases\": [") : nil
            let summary: DocketApp.MigrationSummary
            do {
                let shown = { (outcome: Engine.MigrationOutcome) in
                    if json != nil {
                        json?.append(MigrationOutput.json(outcome, zone: session.zone, context))
                    } else {
                        let text = MigrationOutput.text(outcome, dry: dry, zone: session.zone, context)
                        if case .moved = outcome { context.emit(text) } else { context.note(text) }
                    }
                }
                summary = try session.app.migrateCases(
                    request, by: session.caller,
                    progress: { done in progress?.update(done) },
                    each: shown)
            } catch {
                json?.abandon()
                throw context.fail(error)
            }
            progress?.finish()
            if let json {
                json.close(
                    with:
                        "], \"moved\": \(summary.moved), \"cannot\": \(summary.cannot), \"changed_meanwhile\": \(summary.changedMeanwhile)}\n"
                )
            } else {
                context.emit(
                    dry
                        ? context.text(
                            zh: "试运行：可迁移 \(summary.moved) 件，不能迁移 \(summary.cannot) 件；未写入任何内容（确认后加 --yes 执行）",
                            en:
                                "dry run: \(summary.moved) case(s) would move, \(summary.cannot) cannot; nothing was written (add --yes to move them)"
                        )
                        : context.text(
                            zh:
                                "已迁移 \(summary.moved) 件（均已记入审计），不能迁移 \(summary.cannot) 件，期间被改动而跳过 \(summary.changedMeanwhile) 件",
                            en:
                                "moved \(summary.moved) case(s), each on the audit trail; \(summary.cannot) cannot move; \(summary.changedMeanwhile) changed meanwhile and were left"
                        ))
            }
            if summary.cannot > 0 { throw ExitCode(ExitStatus.checkFailed.rawValue) }
        }
    }
}

/// One case's migration, for people and for scripts.
enum MigrationOutput {
    static func text(_ outcome: Engine.MigrationOutcome, dry: Bool, zone: DeploymentZone, _ context: CommandContext)
        -> String
    {
        switch outcome {
        case .cannot(let id, let obstacle):
            return context.text(zh: "\(id) 不能迁移：", en: "\(id) cannot move: ") + obstacle.message.text(context.language)
        case .changedMeanwhile(let id):
            return context.text(
                zh: "\(id) 在此期间被改动，未迁移（可再运行一次）", en: "\(id) was changed meanwhile and was left (run again)")
        case .moved(let p, let entry):
            var lines = [
                "\(p.caseID)  \(p.fromState) → \(p.toState)  v\(p.fromVersion) → v\(p.toVersion)"
                    + (entry.map { context.text(zh: "（审计第 \($0.seq) 条）", en: " (audit entry \($0.seq))") } ?? "")
            ]
            var limits: [String] = []
            for d in p.limitsAppearing { limits.append("+\(d.rule) \(DeadlineOutput.due(d, zone))") }
            for c in p.limitsChanging {
                limits.append(
                    "~\(c.after.rule) \(DeadlineOutput.due(c.before, zone)) → \(DeadlineOutput.due(c.after, zone))")
            }
            for d in p.limitsEnding { limits.append("−\(d.rule)") }
            if !limits.isEmpty {
                lines.append(
                    context.text(zh: "  时限：", en: "  limits: ") + limits.joined(separator: context.zh ? "；" : "; "))
            }
            let events = p.eventsGained.map { "+" + $0 } + p.eventsLost.map { "−" + $0 }
            if !events.isEmpty {
                lines.append(context.text(zh: "  可办事件：", en: "  events: ") + events.joined(separator: " "))
            }
            if !p.removedFields.isEmpty {
                lines.append(
                    context.text(zh: "  新版本没有的字段（值留在审计中）：", en: "  fields the new version lacks (kept on the trail): ")
                        + p.removedFields.joined(separator: ", "))
            }
            if !p.missingFields.isEmpty {
                lines.append(
                    context.text(zh: "  新版本要求而缺少的字段：", en: "  fields the new version requires that are missing: ")
                        + p.missingFields.joined(separator: ", "))
            }
            return lines.joined(separator: "\n")
        }
    }

    static func json(_ outcome: Engine.MigrationOutcome, zone: DeploymentZone, _ context: CommandContext) -> JSONValue {
        func limit(_ d: ScheduledDeadline) -> JSONValue {
            .object([("rule", .string(d.rule)), ("due", .string(DeadlineOutput.due(d, zone)))])
        }
        switch outcome {
        case .cannot(let id, let obstacle):
            return .object([
                ("case", .string(id)), ("outcome", .string("cannot")), ("reason", .string(obstacle.message.zh)),
                ("reason_en", .string(obstacle.message.en)),
            ])
        case .changedMeanwhile(let id):
            return .object([("case", .string(id)), ("outcome", .string("changed-meanwhile"))])
        case .moved(let p, let entry):
            return .object([
                ("case", .string(p.caseID)), ("outcome", .string(entry == nil ? "would-move" : "moved")),
                ("from_version", .int(p.fromVersion)), ("to_version", .int(p.toVersion)),
                ("from_state", .string(p.fromState)), ("to_state", .string(p.toState)),
                ("limits_appearing", .array(p.limitsAppearing.map(limit))),
                (
                    "limits_changing",
                    .array(
                        p.limitsChanging.map {
                            .object([
                                ("rule", .string($0.after.rule)),
                                ("from", .string(DeadlineOutput.due($0.before, zone))),
                                ("to", .string(DeadlineOutput.due($0.after, zone))),
                            ])
                        })
                ),
                ("limits_ending", .array(p.limitsEnding.map(limit))),
                ("events_gained", .array(p.eventsGained.map(JSONValue.string))),
                ("events_lost", .array(p.eventsLost.map(JSONValue.string))),
                ("removed_fields", .array(p.removedFields.map(JSONValue.string))),
                ("missing_fields", .array(p.missingFields.map(JSONValue.string))),
                ("audit_seq", entry.map { .int($0.seq) } ?? .null),
            ])
        }
    }
}
