public import DocketCore

extension InputHint {
    /// The hint in words, an example of what to type, in Chinese and English.
    public var words: LocalizedText {
        switch self {
        case .monthCount:
            return LocalizedText(zh: "月数，如 6（或 1 年）", en: "a number of months such as 6 (or 1 year)")
        case .type(let type):
            switch type {
            case .text: return LocalizedText(zh: "文字", en: "text")
            case .choice: return LocalizedText(zh: "可选值之一", en: "one of the choices")
            case .person: return LocalizedText(zh: "人员标识", en: "a person's id")
            case .organisation: return LocalizedText(zh: "组织标识", en: "an organisation's id")
            case .integer: return LocalizedText(zh: "整数，如 5", en: "an integer such as 5")
            case .number: return LocalizedText(zh: "数字，如 2.5", en: "a number such as 2.5")
            case .boolean: return LocalizedText(zh: "是或否（true、false）", en: "true or false")
            case .date:
                return LocalizedText(zh: "日期，如 \(CivilDate.typedForms)", en: "a date such as \(CivilDate.typedForms)")
            case .datetime:
                return LocalizedText(zh: "时间，如 2026-11-22 09:30", en: "a time such as 2026-11-22 09:30")
            case .duration:
                return LocalizedText(zh: "时长，如 6 个月、3 天、24 小时", en: "a duration such as 6 months, 3 days, 24 hours")
            case .list(let inner):
                let hint = InputHint.type(inner).words
                return LocalizedText(zh: "以逗号分隔的\(hint.zh)", en: "comma-separated \(hint.text(.en))")
            }
        }
    }

    /// The hint in Chinese, as a message built around it needs it.
    public var zh: String { words.zh }

    /// The hint in a language.
    public func text(_ language: Language) -> String { words.text(language) }
}
