/// A text users see, in Chinese and (when given) English.
///
/// Chinese is the language of record; English falls back to Chinese when absent so that
/// nothing is ever shown blank.
public struct LocalizedText: Hashable, Sendable, Codable, CustomStringConvertible {
    public var zh: String
    public var en: String?

    public init(zh: String, en: String? = nil) {
        self.zh = zh
        self.en = en
    }

    /// The text in a language, falling back to Chinese.
    public func text(_ language: Language) -> String {
        switch language {
        case .zh: return zh
        case .en: return en ?? zh
        }
    }

    public var description: String { zh }
}

/// The two languages every user-visible message exists in.
public enum Language: String, Sendable, Codable, CaseIterable {
    case zh, en
}

extension LocalizedText {
    /// Whether a clerk typing `text` means this title: the Chinese exactly, the English
    /// in any case (both after trimming spaces).
    public func isNamed(_ text: String) -> Bool {
        let typed = text.trimmedOfSpaces
        return zh == typed || en?.lowercased() == typed.lowercased()
    }
}
