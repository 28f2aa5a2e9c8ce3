public import DocketCore
import Foundation
import Yams

/// Reads a working-day calendar:
///
/// ```yaml
/// calendar: cn-mainland
/// title: 全国法定节假日
/// years:
///   2026:
///     source: 国务院办公厅通知（2025-11-04）
///     holidays: [2026-01-01..2026-01-03, 2026-02-15..2026-02-23]
///     working-weekends: [2026-01-04, 2026-02-14]
/// ```
///
/// Ranges are written `FIRST..LAST`, both days included. Every day must lie in its year;
/// a working weekend must be a Saturday or Sunday and a holiday may not also be one.
public enum CalendarFile {
    public static func load(source: String, file: String) -> (calendar: WorkingCalendar?, diagnostics: [Diagnostic]) {
        let document = YAMLDocument(file: file, source: source)
        guard let root = document.compose(source),
            let pairs = document.mapping(
                root, allowed: ["calendar", "title", "title-en", "uncovered-years", "years"], what: "calendar")
        else { return (nil, document.diagnostics) }
        let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let idNode = map["calendar"], let id = document.identifier(idNode, what: "calendar"),
            let yearsNode = map["years"]
        else {
            document.report(root, zh: "日历需要 calendar 和 years", en: "a calendar needs 'calendar' and 'years'")
            return (nil, document.diagnostics)
        }
        let title = LocalizedText(
            zh: map["title"].flatMap { document.string($0, what: "title") } ?? id,
            en: map["title-en"].flatMap { document.string($0, what: "title-en") })
        var calendar = WorkingCalendar(id: id, title: title, years: [], holidays: [], workingWeekends: [])
        if let node = map["uncovered-years"], let policy = uncoveredYears(node, document) {
            calendar.uncoveredYears = policy
        }
        for year in document.mapping(yearsNode, what: "years") ?? [] {
            guard let number = Int(year.key), (1900...2200).contains(number) else {
                document.report(year.keyNode, zh: "「\(year.key)」不是年份", en: "'\(year.key)' is not a year")
                continue
            }
            guard
                let fields = document.mapping(
                    year.value, allowed: ["source", "holidays", "working-weekends"], what: "year")
            else { continue }
            calendar = calendar.adding(notice(of: number, fields, document))
        }
        for day in calendar.holidays.intersection(calendar.workingWeekends).sorted() {
            document.report(yearsNode, zh: "\(day) 既是假日又是调休上班日", en: "\(day) is both a holiday and a working weekend")
        }
        return (document.diagnostics.isEmpty ? calendar : nil, document.diagnostics)
    }

    /// Reads one year's notice, for `docket calendar add`:
    ///
    /// ```yaml
    /// calendar: cn-mainland
    /// year: 2027
    /// source: 国务院办公厅关于2027年部分节假日安排的通知
    /// holidays: [2027-01-01, 2027-02-06..2027-02-13]
    /// working-weekends: [2027-02-14]
    /// ```
    public static func loadNotice(source: String, file: String) -> (
        calendar: String?, notice: YearNotice?, diagnostics: [Diagnostic]
    ) {
        let document = YAMLDocument(file: file, source: source)
        guard let root = document.compose(source),
            let pairs = document.mapping(
                root, allowed: ["calendar", "year", "source", "holidays", "working-weekends"], what: "notice")
        else { return (nil, nil, document.diagnostics) }
        let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let idNode = map["calendar"], let yearNode = map["year"] else {
            document.report(
                root, zh: "一年的节假日安排需要 calendar（日历标识）和 year（年份）",
                en: "a year's notice needs 'calendar' (the calendar's id) and 'year'")
            return (nil, nil, document.diagnostics)
        }
        let id = document.identifier(idNode, what: "calendar")
        guard let text = document.string(yearNode, what: "year"), let number = Int(text), (1900...2200).contains(number)
        else {
            document.report(yearNode, zh: "year 应为 1900 至 2200 之间的年份", en: "'year' should be a year from 1900 to 2200")
            return (id, nil, document.diagnostics)
        }
        let notice = notice(of: number, pairs.filter { $0.key != "calendar" && $0.key != "year" }, document)
        for day in notice.holidays.intersection(notice.workingWeekends).sorted() {
            document.report(root, zh: "\(day) 既是假日又是调休上班日", en: "\(day) is both a holiday and a working weekend")
        }
        return (id, document.diagnostics.isEmpty ? notice : nil, document.diagnostics)
    }

    /// The days of one year from its `source`, `holidays` and `working-weekends`.
    private static func notice(
        of year: Int, _ fields: [(key: String, keyNode: Node, value: Node)], _ document: YAMLDocument
    ) -> YearNotice {
        var notice = YearNotice(year: year, source: nil, holidays: [], workingWeekends: [])
        for field in fields {
            if field.key == "source" {
                notice.source = document.string(field.value, what: "source")
                continue
            }
            for day in days(field.value, year: year, document) {
                if field.key == "holidays" {
                    notice.holidays.insert(day)
                } else if day.isoWeekday < 6 {
                    document.report(
                        field.value, zh: "\(day) 不是周末，不能作为调休上班日",
                        en: "\(day) is not a weekend day, so it cannot be a working weekend")
                } else {
                    notice.workingWeekends.insert(day)
                }
            }
        }
        return notice
    }

    private static func uncoveredYears(_ node: Node, _ document: YAMLDocument) -> WorkingCalendar.UncoveredYears? {
        guard let text = document.string(node, what: "uncovered-years") else { return nil }
        guard let policy = WorkingCalendar.UncoveredYears(rawValue: text) else {
            document.report(
                node, zh: "uncovered-years 应为 provisional（暂按周一至周五计算）或 refuse（拒绝计算）",
                en: "'uncovered-years' should be provisional (count by Monday to Friday) or refuse")
            return nil
        }
        return policy
    }

    private static func days(_ node: Node, year: Int, _ document: YAMLDocument) -> [CivilDate] {
        guard let sequence = node.sequence else {
            document.report(node, zh: "应为日期列表", en: "expected a list of days")
            return []
        }
        var result: [CivilDate] = []
        for item in sequence {
            guard let text = document.string(item, what: "day") else { continue }
            let ends = text.components(separatedBy: "..")
            guard (1...2).contains(ends.count), let first = CivilDate(iso: ends[0]),
                let last = CivilDate(iso: ends[ends.count - 1]), first <= last
            else {
                document.report(
                    item, zh: "「\(text)」应为日期或日期范围（YYYY-MM-DD..YYYY-MM-DD）",
                    en: "'\(text)' should be a day or a range of days (YYYY-MM-DD..YYYY-MM-DD)")
                continue
            }
            guard first.year == year, last.year == year else {
                document.report(item, zh: "「\(text)」不在 \(year) 年内", en: "'\(text)' is not within \(year)")
                continue
            }
            var day = first
            while day <= last {
                result.append(day)
                day = day.adding(days: 1)
            }
        }
        return result
    }
}
