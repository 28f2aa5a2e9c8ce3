import DocketCore

/// A mistake a Chinese input method makes in YAML, found on one line: a full-width colon
/// after a key, a full-width space or a tab in the indentation.
///
/// libyaml reports these in English, far from the cause ("could not find expected ':'",
/// "found character that cannot start any token"), or not at all: a line indented with
/// full-width spaces reads as a key that begins with them. Named, with the character's
/// column, the clerk sees at once what to retype.
struct InputMethodSlip: Equatable {
    enum Kind: Equatable {
        /// `title：上党课`: the key ends in U+FF1A.
        case fullWidthColon
        /// The indentation holds U+3000.
        case fullWidthSpace
        /// The indentation holds a tab, which YAML never takes there.
        case tab
    }

    var kind: Kind
    /// 1-based, in Unicode scalars, as libyaml counts columns.
    var column: Int

    /// The slip on `line`, if it has one.
    static func find(in line: Substring) -> InputMethodSlip? {
        let scalars = Array(line.unicodeScalars)
        var index = 0
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" || scalars[index] == "\u{3000}" {
            if scalars[index] == "\t" { return InputMethodSlip(kind: .tab, column: index + 1) }
            if scalars[index] == "\u{3000}" { return InputMethodSlip(kind: .fullWidthSpace, column: index + 1) }
            index += 1
        }
        // A list item's dash, then the key.
        if index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] == " " { index += 2 }
        let key = index
        while index < scalars.count {
            switch scalars[index] {
            case ":", "#", "\"", "'", "{", "[", "|", ">":
                return nil
            case "\u{FF1A}":
                return index > key ? InputMethodSlip(kind: .fullWidthColon, column: index + 1) : nil
            default:
                index += 1
            }
        }
        return nil
    }

    var message: LocalizedText {
        switch kind {
        case .fullWidthColon:
            LocalizedText(
                zh: "第 \(column) 列是全角冒号「：」，键后应为半角冒号加空格「: 」",
                en: "column \(column) is a full-width colon '：'; a key is followed by an ASCII colon and a space ': '")
        case .fullWidthSpace:
            LocalizedText(
                zh: "第 \(column) 列的缩进是全角空格，YAML 的缩进只能用半角空格",
                en:
                    "the indentation at column \(column) is a full-width space (U+3000); YAML indents with ASCII spaces only"
            )
        case .tab:
            LocalizedText(
                zh: "第 \(column) 列的缩进是制表符（Tab），YAML 的缩进只能用半角空格",
                en: "the indentation at column \(column) is a tab; YAML indents with ASCII spaces only")
        }
    }
}
