/// A JSON array written to stdout one element at a time, for output that may run to a
/// million elements: `[` … `]` with one compact element per line.
struct StreamedJSONArray {
    private var empty = true

    /// Writes `opening` (everything up to and including the `[`).
    init(opening: String) { print(opening, terminator: "") }

    mutating func append(_ element: JSONValue) {
        print((empty ? "\n  " : ",\n  ") + element.rendered(indent: 0, pretty: false), terminator: "")
        empty = false
    }

    /// Writes `closing` (the `]` and whatever follows it).
    func close(with closing: String) { print((empty ? "" : "\n") + closing, terminator: "") }

    /// Ends the array and its object when the command fails part way, so that what was
    /// written (the part already committed) still parses.
    func abandon() { close(with: "]}\n") }
}
