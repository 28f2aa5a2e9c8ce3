/// Where a case stands in the procedure, in the regulation's own terms: the stage by its
/// number and title, and the step to be done next (「第三阶段 发展对象的确定和考察 · 第10步 政治审查」).
public struct ProcedurePosition: Sendable, Hashable {
    /// 1-based, in the order the workflow lists its stages.
    public var stageNumber: Int
    public var stage: StageDefinition
    public var step: Int?
    public var stepTitle: LocalizedText?

    /// The next step is the lowest-numbered step possible in the present state that has
    /// not been done and is not earlier than a step already done (so an assessment,
    /// step 6, counts as step 21 in probation and is not offered as "next" there); when
    /// every such step is done, the lowest step that moves the case on; in a final
    /// state, the last step done.
    public static func of(_ snapshot: CaseSnapshot, in definition: WorkflowDefinition) -> ProcedurePosition? {
        guard let state = definition.state(snapshot.state), let stageID = state.stage,
            let index = definition.stages.firstIndex(where: { $0.id == stageID })
        else { return nil }
        let doneSteps = definition.events.filter { snapshot.records[$0.id]?.isEmpty == false }.compactMap(\.step)
        let highestDone = doneSteps.max() ?? 0
        let next = definition.events(from: snapshot.state)
            .filter { !$0.timerOnly && $0.step != nil && snapshot.records[$0.id]?.isEmpty != false }
            .filter { ($0.step ?? 0) >= highestDone }
            .min { ($0.step ?? 0) < ($1.step ?? 0) }
        // Everything here done already (probation after an extension, say): the next step
        // is the lowest one that moves the case on.
        let again = definition.events(from: snapshot.state)
            .filter { !$0.timerOnly && $0.step != nil && !$0.isRecord }
            .min { ($0.step ?? 0) < ($1.step ?? 0) }
        let done = definition.events.filter { $0.step == highestDone && highestDone > 0 }.first
        let shown = state.isFinal ? done : next ?? again ?? done
        return ProcedurePosition(
            stageNumber: index + 1, stage: definition.stages[index], step: shown?.step, stepTitle: shown?.title)
    }

    /// 「第三阶段 发展对象的确定和考察 · 第10步 政治审查」 or "Stage 3 … · step 10 …".
    public func text(_ language: Language) -> String {
        switch language {
        case .zh:
            let head = "第\(Self.chineseNumber(stageNumber))阶段 \(stage.title.zh)"
            guard let step, let stepTitle else { return head }
            return head + " · 第\(step)步 \(stepTitle.zh)"
        case .en:
            let head = "Stage \(stageNumber) \(stage.title.text(.en))"
            guard let step, let stepTitle else { return head }
            return head + " · step \(step) \(stepTitle.text(.en))"
        }
    }

    /// 1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (up to 99).
    public static func chineseNumber(_ n: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard n > 0, n < 100 else { return String(n) }
        if n < 10 { return digits[n] }
        let tens = n / 10
        let ones = n % 10
        return (tens == 1 ? "" : digits[tens]) + "十" + (ones == 0 ? "" : digits[ones])
    }
}
