import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketPresentation
import Foundation

struct TickCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick",
        abstract: words(
            zh: "触发截至 --at 到期的全部计时器，先到期的先触发，均以 system 身份执行。",
            en: "Fire every timer due at --at, oldest first, each as the system actor."),
        discussion: words(
            zh: """
                给出 --checkpoint-key 和 --checkpoints 时，触发完毕后为审计链的最新一条签署检查点，\
                追加到该文件（同 `audit checkpoint`）；链头自文件中最后一个检查点以来未变时不再追加。\
                例如每天一次的 cron 任务带上这两项，每几分钟一次的不带。
                """,
            en: """
                With --checkpoint-key and --checkpoints, a checkpoint of the trail's head is signed after \
                the firings and appended to the file (as `audit checkpoint` does), unless the head has not \
                moved since the file's last checkpoint: a daily cron line takes them, the one every few \
                minutes does not.
                """))
    @Option(
        name: .customLong("checkpoint-key"),
        help: help(
            zh: "签署检查点的私钥（由 `audit keygen` 生成）。", en: "The private key to sign a checkpoint with (from `audit keygen`)."
        ))
    var checkpointKey: String?
    @Option(
        help: help(
            zh: "追加检查点的文件（与 --checkpoint-key 同用）。", en: "The checkpoint file to append to (with --checkpoint-key)."))
    var checkpoints: String?
    @Flag(
        help: help(
            zh: "以 CSV 输出到标准输出，每次触发一行（带表头，Excel 可直接打开）；未能触发的写到标准错误。",
            en: "CSV on stdout, a row per firing (with a header row, for Excel); refused ones on stderr."))
    var csv = false
    @OptionGroup var globals: GlobalOptions

    /// The columns of a firing, in `--json` and `--csv` alike.
    static let columns = ["case", "rule", "event", "due", "to", "seq"]

    /// The table shows this many firings; a storm of timers is summed up, not listed.
    static let tableRows = 200

    func validate() throws {
        guard (checkpointKey == nil) == (checkpoints == nil) else {
            throw ValidationError("--checkpoint-key and --checkpoints go together")
        }
    }

    func run() throws {
        let context = CommandContext(globals)
        let session = try context.session()
        let engine = session.engine
        // A key or file that is not one is refused before any timer fires.
        let privateKey = try checkpointKey.map { try CheckpointFiles.key($0, context) }
        let lastCheckpoint = try checkpoints.flatMap { try CheckpointFiles.last(of: $0, context) }
        // A firing names its case, event and state, not its workflow: the state's title is
        // that of the workflow with both. Read before the tick, which writes meanwhile.
        let definitions =
            globals.json ? [] : try session.app.latestDefinitions().sorted { $0.key < $1.key }.map(\.value)
        func stateTitle(_ state: String, event: String) -> String {
            let definition = definitions.first { $0.event(event) != nil && $0.state(state) != nil }
            return definition?.state(state)?.title.text(context.language) ?? state
        }
        // Firings are written out as their batches commit (JSON) or kept up to the
        // table's length: memory does not grow with the number of timers.
        var json = globals.json ? StreamedJSONArray(opening: "{\"fired\": [") : nil
        // CSV rows are written as they come too, under a header written before the first.
        let asCSV = csv && !globals.json
        if asCSV { context.emit(CSVDocument.header(Self.columns, language: context.language)) }
        var failures: [Engine.TickReport.Failure] = []
        var table = Table(
            context.zh
                ? ["案件", "时限", "到期", "触发事件", "结果状态", "审计"] : ["case", "rule", "due", "event", "now in", "audit"])
        let counts: Engine.TickCounts
        do {
            counts = try session.app.tick(by: session.caller) { outcome in
                switch outcome {
                case .fired(let f):
                    let firing: JSONValue = .object([
                        ("case", .string(f.timer.caseID)), ("rule", .string(f.timer.rule)),
                        ("event", .string(f.timer.event)),
                        ("due", .string(engine.zone.format(f.timer.dueAt))), ("to", .string(f.entry.toState)),
                        ("seq", .int(f.entry.seq)),
                    ])
                    if json != nil {
                        json?.append(firing)
                    } else if asCSV {
                        context.emit(CSVDocument.line(firing, columns: Self.columns))
                    } else if table.rows.count < Self.tableRows {
                        table.add([
                            f.timer.caseID, f.timer.rule, engine.zone.formatShort(f.timer.dueAt), f.timer.event,
                            stateTitle(f.entry.toState, event: f.timer.event), String(f.entry.seq),
                        ])
                    }
                case .failed(let failure):
                    failures.append(failure)
                }
            }
        } catch {
            json?.abandon()
            throw context.fail(error)
        }
        if let json {
            json.close(with: "]")
            let failed = JSONValue.array(
                failures.map { f in
                    .object([
                        ("case", .string(f.timer.caseID)), ("rule", .string(f.timer.rule)),
                        ("event", .string(f.timer.event)),
                        ("refusal", .string(f.refusal.code.description)),
                        ("message", .string(f.refusal.message(in: context.language))),
                    ])
                })
            context.emit(", \"failed\": \(failed.rendered(indent: 0, pretty: false))")
            // A checkpoint that cannot be signed or written is reported after the tick's
            // object closes: the firings stand.
            let checkpointed: TickCheckpoint?
            do { checkpointed = try checkpoint(privateKey, after: lastCheckpoint, session) } catch {
                context.emit("}")
                throw CheckpointFiles.fail(error, context)
            }
            context.emit(checkpointed.map { ", \"checkpoint\": \($0.json.rendered(indent: 0, pretty: false))}" } ?? "}")
            try checkpointed?.write(context)
            return
        }
        if !table.rows.isEmpty { context.emit(table.rendered()) }
        if counts.fired > table.rows.count && !asCSV {
            context.emit(
                context.text(
                    zh: "……另有 \(counts.fired - table.rows.count) 个", en: "… and \(counts.fired - table.rows.count) more"
                ))
        }
        for f in failures {
            context.note(
                context.text(zh: "计时器 \(f.timer.rule) 未能触发：", en: "timer \(f.timer.rule) could not fire: ")
                    + f.refusal.message(in: context.language))
        }
        // With --csv, stdout is the spreadsheet alone; the count goes with the refusals.
        let summary = context.text(
            zh: "已触发 \(counts.fired) 个计时器" + (failures.isEmpty ? "" : "，\(failures.count) 个被拒绝"),
            en: "fired \(counts.fired) timer(s)" + (failures.isEmpty ? "" : ", \(failures.count) refused"))
        if asCSV { context.note(summary) } else { context.emit(summary) }
        let checkpointed: TickCheckpoint?
        do { checkpointed = try checkpoint(privateKey, after: lastCheckpoint, session) } catch {
            throw CheckpointFiles.fail(error, context)
        }
        try checkpointed?.write(context)
        if let checkpointed {
            if asCSV { context.note(checkpointed.text(context)) } else { context.emit(checkpointed.text(context)) }
        }
    }

    /// Signs a checkpoint of the head after the firings when asked to; it is to be
    /// appended unless `last` (the file's last checkpoint) is already of this head.
    /// Prints nothing (see `CheckpointFiles.signing`).
    private func checkpoint(_ privateKey: Data?, after last: AuditCheckpoint?, _ session: CommandContext.Session)
        throws -> TickCheckpoint?
    {
        guard let privateKey, let checkpoints else { return nil }
        return try CheckpointFiles.signedIfMoved(privateKey, file: checkpoints, after: last, session)
    }
}

/// What `tick --checkpoints` did with the trail's head: signed and appended, or left out
/// because the file's last checkpoint is already of it (or the trail is still empty).
struct TickCheckpoint {
    var checkpoint: AuditCheckpoint?
    var file: String
    /// Whether the checkpoint is (to be) appended: the head moved since the file's last.
    var appended: Bool

    /// Appends the checkpoint to its file when it is to be.
    func write(_ context: CommandContext) throws {
        guard appended, let checkpoint else { return }
        try CheckpointFiles.append(checkpoint, to: file, context)
    }

    var json: JSONValue {
        .object([
            ("seq", checkpoint.map { .int($0.seq) } ?? .null), ("hash", .string(checkpoint?.headHash)),
            ("root", .string(checkpoint?.merkleRoot)),
            ("code", .string(checkpoint?.code)), ("file", .string(file)), ("appended", .bool(appended)),
        ])
    }

    func text(_ context: CommandContext) -> String {
        guard let checkpoint else {
            return context.text(zh: "审计链还没有任何记录，未签署检查点", en: "the audit trail is empty: no checkpoint was signed")
        }
        if appended {
            return context.text(
                zh: "已签署检查点：第 \(checkpoint.seq) 条，校验码 \(checkpoint.code)；已追加到 \(file)",
                en: "checkpoint signed at entry \(checkpoint.seq), code \(checkpoint.code); appended to \(file)")
        }
        return context.text(
            zh: "链头（第 \(checkpoint.seq) 条，\(checkpoint.code)）自 \(file) 中最后一个检查点以来未变，未追加",
            en:
                "the head (entry \(checkpoint.seq), \(checkpoint.code)) has not moved since the last checkpoint of \(file); nothing appended"
        )
    }
}

/// The options shared by `overdue` and `due-soon`.
struct DeadlineFilter: ParsableArguments {
    @Option(
        help: help(zh: "组织（含全部下级）。", en: "Organisation (with its whole subtree)."),
        completion: StoreCompletions.organisations)
    var org: String?
    @Option(help: help(zh: "工作流 id。", en: "Workflow id."), completion: StoreCompletions.workflows)
    var workflow: String?
    @Option(help: help(zh: "承办人（人员 id）。", en: "Assignee (person id).")) var assignee: String?
    @Option(help: help(zh: "最多列出多少行。", en: "At most this many rows.")) var limit: Int?
    @Flag(help: help(zh: "以 CSV 输出到标准输出（含表头行）。", en: "CSV on stdout (with a header row).")) var csv = false

    /// The filter as the application takes it: names as typed, checked there.
    var limits: DocketApp.LimitFilter {
        DocketApp.LimitFilter(workflow: workflow, organisation: org, assignee: assignee, limit: limit)
    }
}

struct OverdueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overdue",
        abstract: words(
            zh: "某组织之下截至 --at 已逾期的事项，逾期最久的排在前面。",
            en: "What is overdue at --at under an organisation, most overdue first."))
    @Flag(
        help:
            help(
                zh: "不逐项列出，而是按 --org（或查看人本人所在组织）的各直属下级组织统计逾期数。",
                en:
                    "Count what is overdue under each organisation directly below --org (or below the reader's own) instead of listing it."
            )
    )
    var counts = false
    @OptionGroup var filter: DeadlineFilter
    @OptionGroup var globals: GlobalOptions

    func run() throws {
        let context = CommandContext(globals)
        let session = try context.session()
        do {
            if counts {
                DeadlineOutput.emit(
                    try session.app.overdueCounts(filter.limits, by: session.caller), csv: filter.csv, context)
                return
            }
            try DeadlineOutput.emit(csv: filter.csv, session, context) { each in
                try session.app.eachOverdue(filter.limits, by: session.caller, named: each)
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw context.fail(error)
        }
    }
}

struct DueSoonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due-soon",
        abstract: words(
            zh: "即将到期的事项：在 --within 之内到期，或已进入预警期。",
            en: "What falls due soon: within --within, or inside its warning period."))
    @Option(help: help(zh: "向后看多长时间（默认 7 days）。", en: "How far ahead to look (default 7 days).")) var within = "7 days"
    @OptionGroup var filter: DeadlineFilter
    @OptionGroup var globals: GlobalOptions

    func run() throws {
        let context = CommandContext(globals)
        guard let horizon = CalendarDuration(parsing: within) else {
            throw context.fail(
                .invalidInput, zh: "--within「\(within)」不是时长（如 7 days、48 hours）",
                en: "--within '\(within)' is not a duration (e.g. 7 days, 48 hours)")
        }
        let session = try context.session()
        do {
            try DeadlineOutput.emit(csv: filter.csv, session, context) { each in
                try session.app.eachDueSoon(filter.limits, within: horizon, by: session.caller, named: each)
            }
        } catch let error as ExitCode {
            throw error
        } catch let error as CalendarError {
            throw context.fail(.calendarNotCovering, message: error.message.text(context.language))
        } catch {
            throw context.fail(error)
        }
    }
}
