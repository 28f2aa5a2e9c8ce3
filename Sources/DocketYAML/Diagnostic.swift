public import DocketCore

/// A problem in a source file, at a line and column, rendered like a compiler's.
///
/// ```
/// Workflows/x.yaml:12:9: error: undefined state 'talkd'; did you mean 'talked'?
///     to: talkd
///         ^
/// ```
public struct Diagnostic: Sendable, Hashable {
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in Unicode scalars as libyaml does.
    public var column: Int
    public var message: LocalizedText
    /// The text of the line, for the excerpt under the message.
    public var sourceLine: String

    public init(file: String, line: Int, column: Int, message: LocalizedText, sourceLine: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.sourceLine = sourceLine
    }

    /// `file:line:column: error: message`, the source line, and a caret under the column.
    ///
    /// The caret is placed by display width, so it stands under the right character
    /// in a line with Chinese text.
    public func rendered(in language: Language) -> String {
        let head = "\(file):\(line):\(column): error: \(message.text(language))"
        guard !sourceLine.isEmpty else { return head }
        let prefix = String(String.UnicodeScalarView(sourceLine.unicodeScalars.prefix(max(0, column - 1))))
        let pad = String(repeating: " ", count: DisplayWidth.of(prefix))
        return head + "\n" + sourceLine + "\n" + pad + "^"
    }
}
