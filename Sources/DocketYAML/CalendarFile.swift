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
            let pairs = document.mapping(root, allowed: ["calendar", "title", "title-en", "years"], what: "calendar")
        else { return (nil, document.diagnostics) }
        let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let idNode = map["calendar"], let id = document.identifier(idNode, what: "calendar"), let yearsNode = map["years"] else {
            document.report(root, zh: "日历需要 calendar 和 years", en: "a calendar needs 'calendar' and 'years'")
            return (nil, document.diagnostics)
        }
        let title = LocalizedText(
            zh: map["title"].flatMap { document.string($0, what: "title") } ?? id,
            en: map["title-en"].flatMap { document.string($0, what: "title-en") })
        var calendar = WorkingCalendar(id: id, title: title, years: [], holidays: [], workingWeekends: [])
        for year in document.mapping(yearsNode, what: "years") ?? [] {
            guard let number = Int(year.key), (1900...2200).contains(number) else {
                document.report(year.keyNode, zh: "「\(year.key)」不是年份", en: "'\(year.key)' is not a year")
                continue
            }
            calendar.years.insert(number)
            guard let fields = document.mapping(year.value, allowed: ["source", "holidays", "working-weekends"], what: "year") else { continue }
            for field in fields where field.key != "source" {
                for day in days(field.value, year: number, document) {
                    if field.key == "holidays" {
                        calendar.holidays.insert(day)
                    } else if day.isoWeekday < 6 {
                        document.report(field.value, zh: "\(day) 不是周末，不能作为调休上班日", en: "\(day) is not a weekend day, so it cannot be a working weekend")
                    } else {
                        calendar.workingWeekends.insert(day)
                    }
                }
            }
        }
        for day in calendar.holidays.intersection(calendar.workingWeekends).sorted() {
            document.report(yearsNode, zh: "\(day) 既是假日又是调休上班日", en: "\(day) is both a holiday and a working weekend")
        }
        return (document.diagnostics.isEmpty ? calendar : nil, document.diagnostics)
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
            guard (1...2).contains(ends.count), let first = CivilDate(iso: ends[0]), let last = CivilDate(iso: ends[ends.count - 1]), first <= last else {
                document.report(item, zh: "「\(text)」应为日期或日期范围（YYYY-MM-DD..YYYY-MM-DD）", en: "'\(text)' should be a day or a range of days (YYYY-MM-DD..YYYY-MM-DD)")
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
