public import DocketCore
public import Foundation

extension ScheduledDeadline {
    /// How late it is at `now`, for people: "3 天" / "3 days" for day limits, "1小时40分钟"
    /// / "1 h 40 min" for hour limits.
    public func overdueText(at now: Date, zone: DeploymentZone, language: Language) -> String {
        let zh = language == .zh
        switch lateness(at: now, zone: zone) {
        case .days(let days):
            return zh ? "\(days) 天" : "\(days) day\(days == 1 ? "" : "s")"
        case .time(let d, let h, let m):
            var parts: [String] = []
            if d > 0 { parts.append(zh ? "\(d)天" : "\(d) d") }
            if h > 0 { parts.append(zh ? "\(h)小时" : "\(h) h") }
            if m > 0 || parts.isEmpty { parts.append(zh ? "\(m)分钟" : "\(m) min") }
            return parts.joined(separator: zh ? "" : " ")
        }
    }
}
