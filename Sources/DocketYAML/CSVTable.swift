/// A CSV file read by its header: each row's cells by column name, with the row's line.
struct CSVTable {
    struct Row {
        let line: Int
        let cells: [String: String]

        /// The trimmed cell of a column; empty when the column or the cell is missing.
        subscript(column: String) -> String { cells[column] ?? "" }

        /// A cell holding a list (roles, skills), as spreadsheets write one: split at `;`,
        /// `,` (a quoted cell) and the full-width `；`, `，` and the enumeration comma `、`
        /// a Chinese keyboard gives; blanks dropped. No role or skill holds any of them.
        func list(_ column: String) -> [String] {
            self[column].split { ";,；，、".contains($0) }.map { String($0).trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        }
    }

    let rows: [Row]

    /// Reads the table, or records why it cannot (an empty file, a header without the
    /// required columns) and returns `nil`.
    init?(_ source: String, required: [String], file: String, _ diagnostics: inout [Diagnostic]) {
        var raw = CSVReader.rows(source)
        // A quote never closed swallows the rest of the file into its cell: the row it
        // opens on is refused, not read with a line break and more in one cell.
        if CSVReader.endsInsideQuotes(source), let open = raw.popLast() {
            diagnostics.append(
                DirectoryFile.rowProblem(
                    file, open.line, zh: "引号未闭合：此行开始的带引号单元格直到文件结尾都没有结束",
                    en: "a quoted cell that starts on this line never ends"))
            if raw.isEmpty { return nil }
        }
        guard let header = raw.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) else {
            diagnostics.append(DirectoryFile.rowProblem(file, 1, zh: "文件为空", en: "the file is empty"))
            return nil
        }
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else {
            diagnostics.append(
                DirectoryFile.rowProblem(
                    file, 1, zh: "表头缺少列：\(missing.joined(separator: ", "))（应为 \(required.joined(separator: ","))）",
                    en:
                        "the header lacks column(s) \(missing.joined(separator: ", ")) (expected \(required.joined(separator: ",")))"
                ))
            return nil
        }
        // A row of empty cells is what a spreadsheet leaves below its data (`,,,,`): skipped.
        rows = raw.dropFirst().filter { row in row.fields.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }.map { row in
            var cells: [String: String] = [:]
            for (index, name) in header.enumerated() where index < row.fields.count && cells[name] == nil {
                cells[name] = row.fields[index].trimmingCharacters(in: .whitespaces)
            }
            return Row(line: row.line, cells: cells)
        }
    }
}
