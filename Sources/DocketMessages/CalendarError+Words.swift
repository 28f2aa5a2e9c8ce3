public import DocketCore

extension CalendarError {
    /// The failure in words, in Chinese and English: which rule's arithmetic left the
    /// years, or which calendar lacks which year and how to add it.
    public var message: LocalizedText {
        switch code {
        case .outOfRange:
            return LocalizedText(
                zh: (rule.map { "「\($0)」的" } ?? "") + "日期计算超出了 1 至 9999 年的范围（时长或数值过大）",
                en: (rule.map { "the date arithmetic of '\($0)'" } ?? "date arithmetic")
                    + " leaves the years 1 to 9999 (a duration or number too large)")
        case .notCovered:
            return notCovered
        default:
            // A kind added to the core after these words were written: named by its code.
            return LocalizedText(
                zh: "按工作日历计算日期失败（\(code)）", en: "date arithmetic on the working-day calendar failed (\(code))")
        }
    }

    private var notCovered: LocalizedText {
        calendar.isEmpty
            ? LocalizedText(
                zh: "按工作日计算需要工作日历，但未配置（Workflows/calendars/）",
                en: "working days need a working-day calendar, and none is configured (Workflows/calendars/)")
            : LocalizedText(
                zh: "工作日历「\(calendar)」不包含 \(year) 年，且本部署不按周一至周五暂行计算；请用 docket calendar add 文件 补充该年的节假日安排",
                en:
                    "the working-day calendar '\(calendar)' does not cover \(year), and this deployment does not count such years provisionally; add that year's notice with docket calendar add FILE"
            )
    }
}
