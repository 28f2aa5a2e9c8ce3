import DocketCore
import DocketPresentation

/// What a report covers in time, read from a query as `report service --from --to` and
/// `report stages --year` read their options: the days from `from` to `to` (by default
/// the first of the month of "now" to "now"'s day), or a year. The JSON API and the
/// report page both read their queries here, so that a date taken by one is taken by the
/// other and a bad one is refused in the same words, naming the same key.
struct ReportPeriod: Sendable, Hashable {
    var from: CivilDate
    var to: CivilDate

    /// - Parameters:
    ///   - from: `?from=` as sent, `nil` when absent.
    ///   - to: `?to=` as sent, `nil` when absent.
    ///   - today: "now"'s day in the deployment's zone, which the defaults are counted from.
    ///   - language: the reader's, for the refusal.
    /// - Throws: a ``Failure`` (invalid input, its `key` the parameter) for a value that is
    ///   not a date, or a first day later than the last.
    init(from: String?, to: String?, today: CivilDate, language: Language) throws {
        let first = try Self.day("from", from, language) ?? CivilDate(year: today.year, month: today.month, day: 1)
        let last = try Self.day("to", to, language) ?? today
        guard let first, first <= last else {
            // Each day well formed, not the two together: 422 from the server.
            var failure = Failure(
                .invalidInput, zh: "from 不应晚于 to", en: "from must not be later than to", language: language,
                context: [("key", .string("from"))])
            failure.unprocessable = true
            throw failure
        }
        self.from = first
        self.to = last
    }

    /// A day in the forms `--from` takes (`2026-11-30`, `2026/11/30`, …).
    static func day(_ key: String, _ typed: String?, _ language: Language) throws -> CivilDate? {
        guard let typed else { return nil }
        guard let day = CivilDate(typed: typed) else {
            throw Failure(
                .invalidInput, zh: "\(key) 应为日期，如 \(CivilDate.typedForms)，而不是「\(typed)」",
                en: "\(key) must be a date such as \(CivilDate.typedForms), not '\(typed)'", language: language,
                context: [("key", .string(key))])
        }
        return day
    }

    /// `?year=`, a whole number as `--year` takes it; `nil` when absent (the year of "now").
    static func year(_ typed: String?, _ language: Language) throws -> Int? {
        guard let typed else { return nil }
        guard let year = Int(typed), (1...9999).contains(year) else {
            throw Failure(
                .invalidInput, zh: "year 应为年份，如 2026，而不是「\(typed)」",
                en: "year must be a year such as 2026, not '\(typed)'", language: language,
                context: [("key", .string("year"))])
        }
        return year
    }
}
