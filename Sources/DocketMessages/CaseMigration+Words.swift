public import DocketCore

extension CaseMigration.Obstacle {
    /// Why the case cannot move, in words.
    public var message: LocalizedText {
        switch self {
        case .unmappedState(let state):
            LocalizedText(
                zh: "新版本没有状态「\(state)」，须用 --map \(state)=新状态 指明去向",
                en: "the new version has no state '\(state)': say where it goes with --map \(state)=NEW")
        case .unknownTarget(let from, let to):
            LocalizedText(
                zh: "--map \(from)=\(to)：新版本没有状态「\(to)」",
                en: "--map \(from)=\(to): the new version has no state '\(to)'")
        case .alreadyThere(let version):
            LocalizedText(zh: "已在第 \(version) 版", en: "already on version \(version)")
        case .beforeLastStep(let on, let last):
            LocalizedText(
                zh: "迁移日期 \(on) 早于案件上一步的日期 \(last)",
                en: "the move's date, \(on), is earlier than the case's last step, \(last)")
        case .limits(let error):
            LocalizedText(
                zh: "按新版本无法计算时限（工作日历 \(error.calendar) 不含 \(error.year) 年）",
                en:
                    "its limits cannot be counted under the new version (the calendar \(error.calendar) lacks \(error.year))"
            )
        }
    }
}
