/// The Chinese (and full-width) spellings people may type, which the core reads as they
/// mean them: duration units, yes and no, the marks of a written date, list separators.
///
/// These are data, not words: a parser needs them at transition time, in whatever language
/// the person reads messages in. The words Docket *shows* (messages, how a duration or a
/// position is written out) live in the DocketMessages catalogue. This file is the only
/// place in DocketCore's sources with Chinese text outside doc comments; keep it so, and
/// add a new accepted spelling here, next to its English ones.
///
/// One more kind of fixed text lives here for the same reason: ``provisionalMark``, which
/// the core writes into the trail and which must read the same for every reader.
enum InputVocabulary {
    /// Every spelling of a duration unit, after lower-casing: `6 months`, `6mo`, `6个月`.
    static let durationUnits: [String: CalendarDuration.Unit] = [
        "hour": .hours, "hours": .hours, "h": .hours, "小时": .hours,
        "day": .days, "days": .days, "d": .days, "天": .days, "日": .days,
        "week": .weeks, "weeks": .weeks, "w": .weeks, "周": .weeks,
        "month": .months, "months": .months, "mo": .months, "个月": .months, "月": .months,
        "year": .years, "years": .years, "y": .years, "年": .years,
        "working day": .workingDays, "working days": .workingDays, "wd": .workingDays, "工作日": .workingDays,
        "个工作日": .workingDays,
    ]

    /// Every spelling of a boolean, after lower-casing: `true`, `yes`, `1`, `是`.
    static let booleans: [String: Bool] = [
        "true": true, "yes": true, "1": true, "是": true,
        "false": false, "no": false, "0": false, "否": false,
    ]

    /// The marks of a date written the Chinese way, `2026年11月22日` (the day mark may be
    /// left out).
    static let yearMark: Character = "年"
    static let monthMark: Character = "月"
    static let dayMark: Character = "日"

    /// The forms of a date people type, for messages that say what is accepted.
    static let dateForms = "2026-11-22, 2026-3-5, 2026/11/22, 2026.11.22, 2026年11月22日"

    /// The forms of a time people type, for messages that say what is accepted.
    static let timeForms =
        "2026-11-22, 2026-11-22 09:30, 2026-11-22T09:30, 2026/11/22 9:30, 2026年11月22日 09:30, or ISO 8601 with an offset"

    /// What separates the items of a list of ids, choices, dates or numbers: the comma,
    /// and the full-width comma and the enumeration comma a Chinese keyboard gives.
    static func isListSeparator(_ c: Character) -> Bool { c == "," || c == "，" || c == "、" }

    /// A full-width digit, sign or separator (`０`–`９`, `＋`, `－`, `．`, `／`, `：`) as
    /// its ASCII form, and the ideographic space as a space; any other scalar as it is.
    static func halfWidth(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0xFF10...0xFF19, 0xFF0B, 0xFF0D, 0xFF0E, 0xFF0F, 0xFF1A: // ０-９ ＋ － ． ／ ：
            return Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar
        case 0x3000: // ideographic space
            return " "
        default:
            return scalar
        }
    }

    /// The mark a limit's due day carries on the trail when it was counted provisionally
    /// (through a year whose holiday notice the calendar lacks): the mark clerks know. It
    /// is a recorded fact, chained into the audit trail, so it does not follow the
    /// reader's language.
    static let provisionalMark = "暂按"
}
