import Foundation

/// Shows how an import is going: on a terminal, a bar redrawn in place with the rows,
/// the rate and the time left; when stderr is not a terminal (a log), a plain line every
/// ten thousand rows with the same facts.
final class ImportProgress {
    private let context: CommandContext
    private let start = Date()
    private let terminal = isatty(STDERR_FILENO) == 1
    private var lastReported = 0
    private var lastDrawn = Date.distantPast

    init(context: CommandContext) { self.context = context }

    /// - Parameters:
    ///   - rows: the rows handled so far.
    ///   - fraction: how much of the work is done (0...1), when it is known: the part of
    ///     the file read, or of the people checked.
    /// `done` of `all` rows handled, for work whose whole is counted before it starts.
    func update(_ done: Int, of all: Int) {
        update(done, fraction: all > 0 ? Double(done) / Double(all) : nil)
    }

    func update(_ rows: Int, fraction: Double? = nil) {
        let now = Date()
        let seconds = max(now.timeIntervalSince(start), 0.001)
        let rate = Int(Double(rows) / seconds)
        var zh = "已处理 \(rows) 行，每秒 \(rate) 行"
        var en = "\(rows) rows, \(rate)/s"
        if let fraction, fraction > 0 {
            let percent = Int((fraction * 100).rounded(.down))
            zh = "\(percent)%  " + zh
            en = "\(percent)%  " + en
            // Said only once there is enough behind it to go by.
            if fraction < 1, seconds >= 1 {
                let left = Int((seconds * (1 - fraction) / fraction).rounded(.up))
                zh += "，约剩 \(left) 秒"
                en += ", about \(left) s left"
            }
        }
        if terminal {
            // A redraw five times a second is enough for the eye.
            guard now.timeIntervalSince(lastDrawn) >= 0.2 || fraction == 1 else { return }
            lastDrawn = now
            let bar = fraction.map { Self.bar($0) + " " } ?? ""
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + bar + context.text(zh: zh, en: en)).utf8))
        } else if rows - lastReported >= 10_000 {
            context.note(context.text(zh: zh, en: en))
            lastReported = rows
        }
    }

    /// Says what the import is doing after its rows are in (building indexes, say).
    func phase(zh: String, en: String) {
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        context.note(context.text(zh: zh, en: en))
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    /// `[██████░░░░░░░░░░░░░░░░░░]`, 24 cells.
    static func bar(_ fraction: Double) -> String {
        let cells = 24
        let filled = max(0, min(cells, Int((fraction * Double(cells)).rounded(.down))))
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: cells - filled) + "]"
    }
}
