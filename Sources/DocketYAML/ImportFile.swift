public import DocketCore
import Foundation

/// Reads cases to import, streaming: JSON Lines (one object per line) or CSV.
///
/// - JSONL: `{"workflow": …, "org": …, "state": …, "id": …, "data": {field: value},
///   "records": [{"event": …, "on": "YYYY-MM-DD"}]}`; list values may be arrays.
/// - CSV: columns `workflow,org,state` (and optionally `id`, `records` as
///   `event@YYYY-MM-DD;…`); every other column is a field, lists separated by `;`.
///
/// Bad lines are reported with their line numbers through `problems`, never thrown, so
/// an import can go on with the good ones.
public struct ImportFile: Sequence {
    public let path: String
    private let problems: ProblemSink
    /// How far the reading has got, for a progress bar.
    public let position = ReadPosition()

    /// Collects the lines that could not be read.
    public final class ProblemSink: @unchecked Sendable {
        // Filled only from the single thread iterating the file.
        public private(set) var problems: [RowProblem] = []
        public init() {}
        func add(_ line: Int, _ zh: String, _ en: String) {
            problems.append(RowProblem(line: line, message: LocalizedText(zh: zh, en: en)))
        }
    }

    /// How much of the file has been read.
    public final class ReadPosition: @unchecked Sendable {
        // Written only by the single thread iterating the file, which also reads it.
        public fileprivate(set) var bytesRead = 0
        public fileprivate(set) var size = 0

        /// The part of the file read, from 0 to 1; `nil` for an empty or unknown size.
        public var fraction: Double? { size > 0 ? Swift.min(1, Double(bytesRead) / Double(size)) : nil }
    }

    public init(path: String, problems: ProblemSink) {
        self.path = path
        self.problems = problems
    }

    public func makeIterator() -> AnyIterator<ImportRow> {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else {
            problems.add(0, "无法读取文件「\(path)」", "cannot read '\(path)'")
            return AnyIterator { nil }
        }
        var lines = LineReader(handle: handle)
        let csv = path.lowercased().hasSuffix(".csv")
        var header: [String]?
        let sink = problems
        let position = position
        position.size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        func notUTF8(_ number: Int) {
            sink.add(number, "不是 UTF-8 文本（请将文件另存为「CSV UTF-8」）", "not UTF-8 text (save the file as CSV UTF-8)")
        }
        return AnyIterator {
            lines: while let (number, text) = lines.next() {
                position.bytesRead = lines.consumed
                guard var line = text else {
                    notUTF8(number)
                    continue
                }
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                if csv {
                    // A quoted cell may hold line breaks (a spreadsheet's multi-line
                    // cell): the record goes on until its quotes close.
                    while CSVReader.endsInsideQuotes(line) {
                        guard let (more, text) = lines.next() else {
                            sink.add(
                                number, "引号未闭合：此行开始的带引号单元格直到文件结尾都没有结束",
                                "a quoted cell that starts on this line never ends")
                            return nil
                        }
                        guard let text else {
                            notUTF8(more)
                            continue lines
                        }
                        line += "\n" + text
                    }
                    position.bytesRead = lines.consumed
                    let fields =
                        CSVReader.rows(line).first?.fields.map { $0.trimmingCharacters(in: .whitespaces) } ?? []
                    guard let columns = header else {
                        let missing = ["workflow", "org", "state"].filter { !fields.contains($0) }
                        if !missing.isEmpty {
                            sink.add(
                                number, "表头缺少列：\(missing.joined(separator: ", "))",
                                "the header lacks \(missing.joined(separator: ", "))")
                        }
                        header = fields
                        continue
                    }
                    var cells: [String: String] = [:]
                    for (index, name) in columns.enumerated() where index < fields.count { cells[name] = fields[index] }
                    if let row = Self.row(number, cells, sink) { return row }
                } else {
                    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                        sink.add(number, "不是有效的 JSON 对象", "not a JSON object")
                        continue
                    }
                    var cells: [String: String] = [:]
                    for key in ["workflow", "org", "state", "id"] { cells[key] = object[key] as? String }
                    var records: [String] = []
                    if let given = object["records"] {
                        guard let list = given as? [Any] else {
                            sink.add(number, "records 应为 {event, on} 的列表", "records should be a list of {event, on}")
                            continue
                        }
                        for item in list {
                            guard let record = item as? [String: Any], let event = record["event"] as? String,
                                let on = record["on"] as? String
                            else {
                                sink.add(
                                    number, "records 的每一项应为 {\"event\": …, \"on\": \"YYYY-MM-DD\"}",
                                    "each record should be {\"event\": …, \"on\": \"YYYY-MM-DD\"}")
                                continue lines
                            }
                            records.append("\(event)@\(on)")
                        }
                    }
                    cells["records"] = records.joined(separator: ";")
                    var data: [String: String] = [:]
                    if let given = object["data"], !(given is [String: Any]) {
                        sink.add(number, "data 应为对象（字段: 值）", "data should be an object (field: value)")
                        continue
                    }
                    for (key, value) in object["data"] as? [String: Any] ?? [:] {
                        guard let text = Self.cellText(value) else {
                            sink.add(
                                number, "字段「\(key)」的值应为文本、数字、true/false 或它们的列表",
                                "the value of '\(key)' should be text, a number, true/false or a list of them")
                            continue lines
                        }
                        data[key] = text
                    }
                    if let row = Self.row(number, cells, sink, data: data) { return row }
                }
            }
            if let failure = lines.failure {
                sink.add(lines.linesRead + 1, "文件未能读完：\(failure)", "the file could not be read to its end: \(failure)")
            }
            try? handle.close()
            return nil
        }
    }

    /// A JSON value as the text a field is typed in; `nil` for an object or null, and a
    /// list of anything but plain values (a list's items are joined by commas).
    private static func cellText(_ value: Any) -> String? {
        switch value {
        case let text as String: return text
        case let number as NSNumber: return number.stringValue
        case let list as [Any]:
            var items: [String] = []
            for item in list {
                guard !(item is [Any]), let text = cellText(item) else { return nil }
                items.append(text)
            }
            return items.joined(separator: ",")
        default: return nil
        }
    }

    private static func row(_ line: Int, _ cells: [String: String], _ sink: ProblemSink, data: [String: String]? = nil)
        -> ImportRow?
    {
        guard let workflow = cells["workflow"], !workflow.isEmpty, let org = cells["org"], !org.isEmpty,
            let state = cells["state"], !state.isEmpty
        else {
            sink.add(line, "需要 workflow、org 和 state", "needs workflow, org and state")
            return nil
        }
        var records: [ImportRecord] = []
        for item in (cells["records"] ?? "").split(separator: ";") {
            let parts = item.split(separator: "@")
            guard parts.count == 2, let on = CivilDate(iso: parts[1].trimmingCharacters(in: .whitespaces)) else {
                sink.add(line, "记录「\(item)」应为 事件@YYYY-MM-DD", "record '\(item)' should be EVENT@YYYY-MM-DD")
                return nil
            }
            records.append(ImportRecord(event: parts[0].trimmingCharacters(in: .whitespaces), on: on))
        }
        var input = data ?? [:]
        if data == nil {
            for (key, value) in cells
            where !["workflow", "org", "state", "id", "records"].contains(key) && !value.isEmpty {
                input[key] = value.split(separator: ";").joined(separator: ",")
            }
        }
        let id = cells["id"].flatMap { $0.isEmpty ? nil : $0 }
        return ImportRow(
            line: line, workflow: workflow, organisation: org, state: state, caseID: id, input: input, records: records)
    }
}

/// Reads a file line by line without loading it whole.
struct LineReader {
    let handle: FileHandle
    private var buffer: [UInt8] = []
    /// Where the next line starts in `buffer`; the lines before it are kept until the
    /// next read, so that a line is never shifted more than once.
    private var start = 0
    private var number = 0
    private var finished = false
    private var startRead = false
    /// The bytes of the lines returned so far, their line ends included.
    private(set) var consumed = 0
    /// Why reading stopped before the end of the file, if it did.
    private(set) var failure: String?
    var linesRead: Int { number }
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    init(handle: FileHandle) { self.handle = handle }

    /// The next line's number and text, without its line end; the text is `nil` when
    /// the line is not UTF-8 (a file saved in GBK, say), which must not be guessed at.
    mutating func next() -> (number: Int, text: String?)? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                return line(upTo: newline, next: newline + 1)
            }
            if finished {
                guard start < buffer.count else { return nil }
                return line(upTo: buffer.count, next: buffer.count)
            }
            buffer.removeFirst(start)
            start = 0
            var chunk: [UInt8]
            do {
                chunk = [UInt8](try handle.read(upToCount: 1 << 16) ?? Data())
            } catch {
                failure = String(describing: error)
                chunk = []
            }
            // Spreadsheets save "CSV UTF-8" with a byte-order mark, which is not part of
            // the first column's name.
            if !startRead, chunk.starts(with: Self.byteOrderMark) {
                chunk.removeFirst(Self.byteOrderMark.count)
                consumed += Self.byteOrderMark.count
            }
            startRead = true
            if chunk.isEmpty { finished = true } else { buffer.append(contentsOf: chunk) }
        }
    }

    private mutating func line(upTo end: Int, next: Int) -> (number: Int, text: String?) {
        var last = end
        if last > start, buffer[last - 1] == UInt8(ascii: "\r") { last -= 1 }
        let text = String(validating: buffer[start..<last], as: UTF8.self)
        consumed += next - start
        start = next
        number += 1
        return (number, text)
    }
}
