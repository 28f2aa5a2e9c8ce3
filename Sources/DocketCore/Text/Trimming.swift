extension StringProtocol {
    /// The text without spaces and tabs at either end: what `trimmingCharacters(in:
    /// .whitespaces)` gives, without a round trip through `NSString` on every field of
    /// every event.
    public var trimmedOfSpaces: String {
        guard let first, let last else { return "" }
        if !first.isHorizontalSpace && !last.isHorizontalSpace { return String(self) }
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isHorizontalSpace { start = index(after: start) }
        while end > start, self[index(before: end)].isHorizontalSpace { end = index(before: end) }
        return String(self[start..<end])
    }
}

extension Character {
    /// A tab or a space separator (U+0020, U+3000 ideographic space, and the like);
    /// not a line break.
    var isHorizontalSpace: Bool {
        if let ascii = asciiValue { return ascii == 0x20 || ascii == 0x09 }
        return unicodeScalars.allSatisfy { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    }
}
