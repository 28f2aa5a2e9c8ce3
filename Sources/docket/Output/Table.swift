import DocketCore

/// An aligned text table that pads by display width, so Chinese columns line up.
struct Table {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    func rendered(indent: String = "") -> String {
        let all = [header] + rows
        let count = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: count)
        for row in all {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        func line(_ row: [String]) -> String {
            let cells = row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : DisplayWidth.pad(cell, to: widths[i])
            }
            return Table.trimmed(indent + cells.joined(separator: "  "))
        }
        var lines = [line(header)]
        lines.append(indent + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    /// The line without the spaces that padded its last cells: only its end is looked at.
    static func trimmed(_ line: String) -> String {
        var end = line.utf8.endIndex
        while end > line.utf8.startIndex, line.utf8[line.utf8.index(before: end)] == UInt8(ascii: " ") {
            end = line.utf8.index(before: end)
        }
        return String(line[..<end])
    }
}

/// A table written as its rows come, for lists that may run to a million rows: the
/// column widths are set by the first `sample` rows, and later rows are padded to them
/// (a longer cell pushes its line out rather than the table being held whole).
struct StreamedTable {
    private var table: Table
    private let sample: Int
    private var widths: [Int]?

    init(_ header: [String], sample: Int = 500) {
        table = Table(header)
        self.sample = sample
    }

    mutating func add(_ row: [String]) {
        guard let widths else {
            table.add(row)
            if table.rows.count == sample { flushSample() }
            return
        }
        print(Self.line(row, widths))
    }

    /// Writes what is still held (a table shorter than the sample).
    mutating func finish() {
        if widths == nil { flushSample() }
    }

    private mutating func flushSample() {
        print(table.rendered())
        let all = [table.header] + table.rows
        var measured = [Int](repeating: 0, count: table.header.count)
        for row in all {
            for (i, cell) in row.enumerated() where i < measured.count {
                measured[i] = max(measured[i], DisplayWidth.of(cell))
            }
        }
        widths = measured
        table.rows.removeAll()
    }

    private static func line(_ row: [String], _ widths: [Int]) -> String {
        let cells = row.enumerated().map { i, cell in
            i == row.count - 1 || i >= widths.count ? cell : DisplayWidth.pad(cell, to: widths[i])
        }
        return Table.trimmed(cells.joined(separator: "  "))
    }
}
