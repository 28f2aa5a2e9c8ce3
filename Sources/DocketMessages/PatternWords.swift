import DocketCore

/// A field's pattern in words, for the clerk whose input it refused: 「5 至 20 个（数字、+、-、
/// 空格）」 rather than `[0-9+\- ]{5,20}`.
///
/// Patterns of the shape workflows use for numbers and codes — character classes, each
/// with a count — are worded; any other pattern gives `nil`, and the message shows it as
/// written, since a wrong description would be worse than none.
enum PatternWords {
    static func describe(_ pattern: String) -> LocalizedText? {
        var scalars = Array(pattern.unicodeScalars)[...]
        var parts: [(zh: String, en: String)] = []
        while !scalars.isEmpty {
            guard let members = characterClass(&scalars), let (low, high) = count(&scalars) else { return nil }
            let zh = "（" + members.map(\.zh).joined(separator: "、") + "）"
            let en = "(" + members.map(\.en).joined(separator: ", ") + ")"
            let many: (zh: String, en: String)
            switch (low, high) {
            case (let l, let h?) where l == h: many = ("\(l) 个", "\(l) of ")
            case (let l, let h?): many = ("\(l) 至 \(h) 个", "\(l) to \(h) of ")
            case (0, nil): many = ("任意个", "any number of ")
            case (let l, nil): many = ("至少 \(l) 个", "at least \(l) of ")
            }
            parts.append((many.zh + zh, many.en + en))
        }
        guard !parts.isEmpty else { return nil }
        return LocalizedText(
            zh: parts.map(\.zh).joined(separator: "，再 "), en: parts.map(\.en).joined(separator: ", then "))
    }

    /// `[…]` or `\d`: what it admits, in words.
    private static func characterClass(_ s: inout ArraySlice<Unicode.Scalar>) -> [(zh: String, en: String)]? {
        if s.starts(with: ["\\", "d"]) {
            s.removeFirst(2)
            return [("数字", "digits")]
        }
        guard s.first == "[" else { return nil }
        s.removeFirst()
        var members: [(zh: String, en: String)] = []
        while let c = s.first, c != "]" {
            s.removeFirst()
            var literal = c
            if c == "\\" {
                guard let escaped = s.first else { return nil }
                s.removeFirst()
                if escaped == "d" {
                    members.append(("数字", "digits"))
                    continue
                }
                // \w, \s, \D and the like are classes of their own, not letters.
                guard escaped.properties.isAlphabetic == false else { return nil }
                literal = escaped
            } else if c == "^" && members.isEmpty {
                return nil
            }
            if s.first == "-", s.dropFirst().first.map({ $0 != "]" }) == true, let end = s.dropFirst().first {
                s.removeFirst(2)
                switch (literal, end) {
                case ("0", "9"): members.append(("数字", "digits"))
                case ("a", "z"): members.append(("小写字母", "lower-case letters"))
                case ("A", "Z"): members.append(("大写字母", "capital letters"))
                default: return nil
                }
                continue
            }
            let shown = literal == " " ? ("空格", "space") : (String(literal), String(literal))
            members.append(shown)
        }
        guard s.first == "]", !members.isEmpty else { return nil }
        s.removeFirst()
        return members
    }

    /// `{n}`, `{m,n}`, `{m,}`, `+`, `*`, `?` or nothing (exactly one).
    private static func count(_ s: inout ArraySlice<Unicode.Scalar>) -> (Int, Int?)? {
        switch s.first {
        case "+":
            s.removeFirst()
            return (1, nil)
        case "*":
            s.removeFirst()
            return (0, nil)
        case "?":
            s.removeFirst()
            return (0, 1)
        case "{":
            guard let close = s.firstIndex(of: "}") else { return nil }
            let inside = String(String.UnicodeScalarView(s[s.index(after: s.startIndex)..<close]))
            s = s[s.index(after: close)...]
            let bounds = inside.split(separator: ",", omittingEmptySubsequences: false)
            guard let low = Int(bounds[0]), low >= 0, bounds.count <= 2 else { return nil }
            if bounds.count == 1 { return (low, low) }
            if bounds[1].isEmpty { return (low, nil) }
            guard let high = Int(bounds[1]), high >= low else { return nil }
            return (low, high)
        default:
            return (1, 1)
        }
    }
}
