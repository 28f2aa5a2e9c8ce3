public import DocketCore

extension CalendarDuration {
    /// The duration in Chinese, e.g. `6个月`, as it is shown (the core's `description` is
    /// the English form it stores).
    public var chinese: String {
        switch unit {
        case .hours: return "\(amount)小时"
        case .days: return "\(amount)天"
        case .weeks: return "\(amount)周"
        case .months: return "\(amount)个月"
        case .years: return "\(amount)年"
        case .workingDays: return "\(amount)个工作日"
        }
    }
}
