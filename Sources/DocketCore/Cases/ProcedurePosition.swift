/// Where a case stands in the procedure, in the regulation's own terms: the stage by its
/// number and title, and the step to be done next (「第三阶段 发展对象的确定和考察 · 第10步 政治审查」);
/// the catalogue (DocketMessages) words it.
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
}
