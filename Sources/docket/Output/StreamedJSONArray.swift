import DocketPresentation

/// A JSON array written to stdout one element at a time, for output that may run to a
/// million elements: `[` … `]` with one compact element per line.
///
/// Nothing is written until the first element or the close: a command refused before
/// its first row (a filter that names nothing) prints its JSON error alone.
struct StreamedJSONArray {
    private let opening: String
    private var empty = true

    /// `opening` is everything up to and including the `[`.
    init(opening: String) { self.opening = opening }

    mutating func append(_ element: JSONValue) {
        print((empty ? opening + "\n  " : ",\n  ") + element.rendered(indent: 0, pretty: false), terminator: "")
        empty = false
    }

    /// Writes `closing` (the `]` and whatever follows it).
    func close(with closing: String) { print((empty ? opening : "\n") + closing, terminator: "") }

    /// Ends the array and its object when the command fails part way, so that what was
    /// written (the part already committed) still parses.
    /// Before the first element nothing was written, and nothing is: the error stands alone.
    func abandon() {
        guard !empty else { return }
        close(with: "]}\n")
    }
}
