/// A stored text as a screen shows it: cut at the longest text input accepts.
///
/// Input refuses texts over ``limit`` characters, but a store may hold longer ones,
/// written before the limit or by another program. Shown whole, one description of fifty
/// megabytes made every display of its case take seconds and hundreds of megabytes; cut,
/// it costs what any accepted text costs. Machine-readable output carries the text whole.
public struct ClippedText: Sendable, Hashable {
    /// The most characters a text value or a note may have, on input and on screen.
    public static let limit = 20_000

    /// The text, or its first ``limit`` characters.
    public let shown: String
    /// How many characters (Unicode scalars) were cut off; 0 when the text is whole.
    public let omitted: Int

    public init(_ text: String) {
        // Fewer bytes than the limit means fewer characters too: nothing to count.
        guard text.utf8.count > Self.limit else {
            (shown, omitted) = (text, 0)
            return
        }
        let head = text.prefix(Self.limit)
        guard head.endIndex < text.endIndex else {
            (shown, omitted) = (text, 0)
            return
        }
        shown = String(head)
        omitted = text.unicodeScalars[head.endIndex...].count
    }
}
