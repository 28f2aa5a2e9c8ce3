import Foundation

/// Shows how an import is going: a line redrawn in place on a terminal (rows, rate), or
/// a plain line every ten thousand rows when stderr is not a terminal.
final class ImportProgress {
    private let context: CommandContext
    private let start = Date()
    private let terminal = isatty(STDERR_FILENO) == 1
    private var lastReported = 0

    init(context: CommandContext) { self.context = context }

    func update(_ rows: Int) {
        let seconds = max(Date().timeIntervalSince(start), 0.001)
        let rate = Int(Double(rows) / seconds)
        let text = context.text(zh: "已处理 \(rows) 行（每秒 \(rate) 行，用时 \(Int(seconds)) 秒）", en: "\(rows) rows (\(rate)/s, \(Int(seconds)) s)")
        if terminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        } else if rows - lastReported >= 10_000 {
            context.note(text)
            lastReported = rows
        }
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
