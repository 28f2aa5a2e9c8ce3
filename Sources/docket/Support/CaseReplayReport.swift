import ArgumentParser
import DocketCore
import DocketEngine
import DocketMessages

/// How `audit verify` reports its replay of the cases from the trail (`CaseReplay`).
enum CaseReplayReport {
    /// The line saying the rows agree with the trail, and how many were compared on their
    /// state and revision alone (their last entry written before Docket recorded outcomes).
    static func agreement(_ replay: CaseReplay.Summary, _ context: CommandContext) -> String {
        let older = replay.comparedOnStateOnly
        return context.text(
            zh: "已按审计链重演 \(replay.casesChecked) 件案件，数据库中的记录与之一致"
                + (older > 0 ? "（其中 \(older) 件的最后一条记录早于版本 3 编码，只比对状态和修订号）" : ""),
            en: "\(replay.casesChecked) case(s) replayed from the trail: their rows agree with it"
                + (older > 0
                    ? " (\(older) of them compared on state and revision only: their last entry predates encoding 3)"
                    : ""))
    }

    /// Every case whose row disagrees with the trail (one line each on stderr, or in the
    /// JSON error), then the failure itself (status 10).
    static func fail(_ replay: CaseReplay.Summary, head: JSONValue, _ context: CommandContext) -> ExitCode {
        if !context.globals.json {
            for disagreement in replay.disagreements { context.note(disagreement.text.text(context.language)) }
        }
        let cases: JSONValue = .array(
            replay.disagreements.map { disagreement in
                .object([
                    ("case", .string(disagreement.caseID)),
                    (
                        "differences",
                        .array(
                            disagreement.differences.map { difference in
                                .object([
                                    ("what", .string(difference.code)), ("row", .string(difference.values.row)),
                                    ("trail", .string(difference.values.trail)),
                                    ("message", .string(difference.text.zh)),
                                    ("message_en", .string(difference.text.en ?? difference.text.zh)),
                                ])
                            })
                    ),
                ])
            })
        let count = replay.disagreements.count
        return context.fail(
            .auditBroken,
            zh: "\(count) 件案件在数据库中的记录与审计链不符（审计链本身完好）：这些记录是绕过 Docket 改动的",
            en: "\(count) case(s) in the store disagree with the trail (the trail itself is intact): "
                + "their rows were changed behind Docket's back",
            context: [
                ("head", head), ("cases_replayed", .int(replay.casesChecked)), ("disagreeing", .int(count)),
                ("cases", cases),
            ])
    }
}
