import ArgumentParser
import DocketCore
import DocketPostgres
import Foundation

/// The options every command accepts, before or after the subcommand (shared/CLI.md).
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: help(
            zh:
                "数据库：SQLite 文件路径，或 PostgreSQL 的 postgres://用户@主机:端口/库名（密码可取自 PGPASSWORD 或 ~/.pgpass；环境变量 DOCKET_DB；默认 ./docket.db）。",
            en:
                "The store: a SQLite path, or a PostgreSQL postgres://user@host:port/database (password from PGPASSWORD or ~/.pgpass; env DOCKET_DB; default ./docket.db)."
        ))
    var db: String?

    @Option(
        name: .long,
        help: help(
            zh: "本命令的「当前时间」：2026-11-22、2026-11-22T09:30 或 ISO 8601（环境变量 DOCKET_NOW）。",
            en: "The command's \"now\": 2026-11-22, 2026-11-22T09:30 or ISO 8601 (env DOCKET_NOW)."))
    var at: String?

    @Option(
        name: .customLong("as"),
        help: help(zh: "操作人，记入审计（环境变量 DOCKET_ACTOR）。", en: "Who acts, recorded on the audit trail (env DOCKET_ACTOR)."))
    var actor: String?

    @Flag(
        name: .long,
        help: help(zh: "机器可读的输出：在标准输出打印一个 JSON 文档。", en: "Machine-readable output: one JSON document on stdout."))
    var json = false

    @Option(
        name: .long,
        help: help(
            zh: "提示与表格的语言：zh 或 en（默认依 LANG，否则为 zh）。",
            en: "Language of messages and tables: zh or en (default from LANG, else zh)."))
    var lang: String?

    /// The options that take a value, and the flags, as the argument reorderer sees them.
    static let valued: Set<String> = ["--db", "--at", "--as", "--lang"]
    static let flags: Set<String> = ["--json"]

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var databasePath: String { db ?? environment["DOCKET_DB"] ?? "./docket.db" }

    /// The store as a message may name it: a PostgreSQL URL without its password.
    var storeName: String { PostgresSettings.redacted(databasePath) }

    /// How long a command waits for another to let go of the store: `DOCKET_LOCK_WAIT`
    /// seconds (0 to 3600); `nil` for the store's own wait.
    var lockWait: Duration? {
        guard let text = environment["DOCKET_LOCK_WAIT"], let seconds = Int(text.trimmingCharacters(in: .whitespaces)),
            (0...3600).contains(seconds)
        else {
            return nil
        }
        return .seconds(seconds)
    }

    var language: Language {
        if let lang { return lang.lowercased().hasPrefix("en") ? .en : .zh }
        let locale = environment["LANG"] ?? ""
        return locale.lowercased().hasPrefix("en") ? .en : .zh
    }

    var actorID: String? {
        let value = actor ?? environment["DOCKET_ACTOR"]
        return value?.isEmpty == true ? nil : value
    }

    /// The raw "now", if one was given.
    var rawNow: String? { at ?? environment["DOCKET_NOW"] }

    func validate() throws {
        if let lang, !["zh", "en"].contains(lang.lowercased()) {
            throw ValidationError("--lang 只能是 zh 或 en / --lang must be zh or en, not '\(lang)'")
        }
    }

    /// Moves global options found before the subcommand (or anywhere) to the end, so that
    /// `docket --db x.db case show C` and `docket case show C --db x.db` mean the same.
    static func reorder(_ arguments: [String]) -> [String] {
        var rest: [String] = []
        var globals: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                rest.append(contentsOf: arguments[index...])
                break
            }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if flags.contains(argument) {
                globals.append(argument)
            } else if valued.contains(name) {
                globals.append(argument)
                if !argument.contains("="), index + 1 < arguments.count {
                    globals.append(arguments[index + 1])
                    index += 1
                }
            } else {
                rest.append(argument)
            }
            index += 1
        }
        return rest + globals
    }
}
