import ArgumentParser
import DocketCore
import DocketEngine
import DocketMessages
import DocketPresentation

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
}
