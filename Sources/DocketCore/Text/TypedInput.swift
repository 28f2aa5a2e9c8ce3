/// What people type, read as they mean it: the full-width forms a Chinese input method
/// gives, and dates as they are written on paper forms.
extension StringProtocol {
    /// The text with full-width digits, signs and separators (`２０２６－１１－２２`,
    /// `１２：３０`, `１．５`) replaced by their ASCII forms, and spaces trimmed. Letters and
    /// words are left as they are.
    public var halfWidth: String {
        var result = ""
        result.unicodeScalars.reserveCapacity(utf8.count)
        for scalar in trimmedOfSpaces.unicodeScalars {
            result.unicodeScalars.append(InputVocabulary.halfWidth(scalar))
        }
        return result
    }
}

extension CivilDate {
    /// The forms of a date people type, for messages that say what is accepted.
    public static let typedForms = InputVocabulary.dateForms

    /// Reads a date as people write it: `2026-11-22` and `2026-3-5`, `2026/11/22`,
    /// `2026.11.22`, `2026年11月22日` (the 日 may be left out), in ASCII or full-width
    /// digits. `nil` when it is none of those or the day does not exist.
    public init?(typed text: some StringProtocol) {
        let plain = text.halfWidth
        if let exact = CivilDate(iso: plain) {
            self = exact
            return
        }
        func number(_ part: Substring, digits: ClosedRange<Int>) -> Int? {
            guard digits.contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(part)
        }
        let parts: [Substring]
        if plain.contains(InputVocabulary.yearMark) {
            // Year, month and day marks, the day's optional.
            var rest = Substring(plain)
            if rest.last == InputVocabulary.dayMark { rest = rest.dropLast() }
            let year = rest.split(separator: InputVocabulary.yearMark, maxSplits: 1, omittingEmptySubsequences: false)
            guard year.count == 2 else { return nil }
            let month = year[1].split(
                separator: InputVocabulary.monthMark, maxSplits: 1, omittingEmptySubsequences: false)
            guard month.count == 2 else { return nil }
            parts = [year[0], month[0], month[1]]
        } else {
            guard let separator = plain.first(where: { !($0.isASCII && $0.isNumber) }), "-/.".contains(separator) else {
                return nil
            }
            parts = plain.split(separator: separator, omittingEmptySubsequences: false)
        }
        guard parts.count == 3, let year = number(parts[0], digits: 4...4), let month = number(parts[1], digits: 1...2),
            let day = number(parts[2], digits: 1...2)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }
}
