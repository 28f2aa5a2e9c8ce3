import ArgumentParser
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation

/// `docket`: the command line of the Docket workflow engine (shared/CLI.md).
@main
struct Docket: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docket",
        abstract: words(
            zh: "Docket：按工作流办理案件，有时限，有审计。", en: "Docket: casework workflows with time limits and an audit trail."),
        discussion: words(
            zh: "退出状态码见 README。全局选项（--db、--at、--as、--json、--lang）写在子命令之前或之后均可。",
            en:
                "Exit statuses are listed in the README. Global options (--db, --at, --as, --json, --lang) go before or after the subcommand."
        ),
        version: Docket.version,
        subcommands: [
            InitCommand.self, WorkflowCommand.self, OrgCommand.self, PersonCommand.self, CaseCommand.self,
            TickCommand.self,
            OverdueCommand.self, DueSoonCommand.self, ReportCommand.self, DispatchCommand.self, CampaignCommand.self,
            GradingCommand.self, AuditCommand.self, TokenCommand.self, ServeCommand.self,
            CalendarCommand.self,
        ]
    )

    /// What `docket --version` prints: the release, by the month it was cut, and the
    /// version of the audit entries' encoding it writes (a county comparing two installs
    /// needs both).
    static let version = "2026.12 (audit encoding \(AuditChain.currentEncoding))"

    /// Accepts the global options before the subcommand as well as after it.
    static func main() async {
        if let position = firstArgumentNotUTF8() {
            // Swift would have replaced the bytes with U+FFFD, and an id, a name or a
            // file name would be stored wrong without a word.
            let english = HelpLanguage.current == .en
            FileHandle.standardError.write(
                Data(
                    ((english
                        ? "error: argument \(position) is not UTF-8 text (set the terminal, or the script, to UTF-8)"
                        : "错误：第 \(position) 个参数不是 UTF-8 文本（请将终端或脚本设为 UTF-8）") + "\n").utf8))
            Foundation.exit(ExitStatus.usage.rawValue)
        }
        await run(GlobalOptions.reorder(Array(CommandLine.arguments.dropFirst())))
    }

    /// Parses and runs a command as `main` does, but says the parser's own errors and
    /// help in the reader's language, with the nearest subcommand to a mistyped one.
    private static func run(_ arguments: [String]) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var serving = command as? any AsyncParsableCommand {
                try await serving.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            let status = exitCode(for: error)
            let language = HelpLanguage.current
            // Only what people read: help and errors. A completion script, completion
            // candidates and the help dump are for programs, and are written as they are.
            let forPeople = status != .success || arguments.contains { ["--help", "-h", "help"].contains($0) }
            var message =
                forPeople ? UsageMessages.translated(fullMessage(for: error), language) : fullMessage(for: error)
            if status != .success, let typo = UsageMessages.subcommandTypo(arguments, language) {
                let rest = message.firstIndex(of: "\n").map { String(message[$0...]) } ?? ""
                message = typo + rest
            }
            if !message.isEmpty {
                if status == .success {
                    print(message)
                } else {
                    FileHandle.standardError.write(Data((message + "\n").utf8))
                }
            }
            Foundation.exit(status.rawValue)
        }
    }

    /// The position (from 1) of the first argument whose bytes are not valid UTF-8.
    private static func firstArgumentNotUTF8() -> Int? {
        for index in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[index] else { continue }
            if String(validatingCString: raw) == nil { return index }
        }
        return nil
    }
}

/// Reads a file named on the command line, or fails with the bad-file status.
func readFile(_ path: String, _ context: CommandContext) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw context.fail(.badFile, zh: "无法读取文件「\(path)」", en: "cannot read the file '\(path)'")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw context.fail(.badFile, zh: "文件「\(path)」不是 UTF-8 文本", en: "the file '\(path)' is not UTF-8 text")
    }
    return text
}

/// A malformed command line (status 64), said in the user's language.
func usageError(zh: String, en: String, _ language: Language) -> ValidationError {
    ValidationError(language == .en ? en : zh)
}

/// Parses repeated `--set FIELD=VALUE` options.
func assignments(_ raw: [String], _ language: Language) throws -> [String: String] {
    var result: [String: String] = [:]
    for item in raw {
        guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
            throw usageError(zh: "--set 应为 字段=值，而不是「\(item)」", en: "--set takes FIELD=VALUE, not '\(item)'", language)
        }
        let key = String(item[..<eq]).trimmingCharacters(in: .whitespaces)
        guard result[key] == nil else {
            throw usageError(zh: "--set 两次给出「\(key)」", en: "--set gives '\(key)' twice", language)
        }
        result[key] = String(item[item.index(after: eq)...])
    }
    return result
}

/// Parses repeated `--item 'title=…; responsible=…; due=…'` options: one new item each.
func items(_ raw: [String], _ language: Language) throws -> [[String: String]] {
    try raw.map { text in
        var item: [String: String] = [:]
        for part in text.split(separator: ";") {
            let piece = part.trimmingCharacters(in: .whitespaces)
            guard let eq = piece.firstIndex(of: "="), eq != piece.startIndex else {
                throw usageError(
                    zh: "--item 应为以「;」分隔的 字段=值，而不是「\(text)」",
                    en: "--item takes FIELD=VALUE pairs separated by ';', not '\(text)'", language)
            }
            item[String(piece[..<eq]).trimmingCharacters(in: .whitespaces)] = String(piece[piece.index(after: eq)...])
                .trimmingCharacters(in: .whitespaces)
        }
        return item
    }
}
