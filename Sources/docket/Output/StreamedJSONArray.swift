/// A JSON array written to stdout one element at a time, for output that may run to a
/// hundred thousand elements: `{"fired": [` … `]` with one compact element per line.
struct StreamedJSONArray {
    private var first = true

    /// Writes `opening` (everything up to and including the `[`).
    init(opening: String) { print(opening) }

    mutating func append(_ element: JSONValue) {
        print((first ? "  " : ", ") + element.rendered(indent: 0, pretty: false))
        first = false
    }

    /// Writes `closing` (the `]` and whatever follows on its line).
    func close(with closing: String) { print(closing, terminator: "") }

    /// Ends the array and its object when the command fails part way, so that what was
    /// written (the firings already committed) still parses.
    func abandon() { print("]}") }
}
