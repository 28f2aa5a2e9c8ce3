import ArgumentParser
import DocketApplication
import DocketEngine
import DocketPresentation
import DocketServer
import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: words(
            zh: "启动 HTTP 服务：JSON API 与网页，凭密码或令牌登录（见 shared/API.md）。",
            en: "Serve the JSON API and the web pages, behind logins (see shared/API.md)."),
        discussion: words(
            zh:
                "每个请求在标准错误输出记一行；收到 SIGTERM 或 SIGINT 时处理完在办请求后退出。--at 固定所有请求的「当前时间」；演练库（init --simulation）还接受请求头 X-Docket-Now。",
            en:
                "Logs a line per request to stderr; on SIGTERM or SIGINT finishes the requests in flight, then exits. --at fixes every request's \"now\"; a simulation store (init --simulation) also takes the X-Docket-Now header."
        ))
    @Option(help: help(zh: "监听的地址。", en: "The address to listen on.")) var host = "127.0.0.1"
    @Option(help: help(zh: "监听的端口（0 表示任选一个空闲端口）。", en: "The port (0: any free port).")) var port = 8080
    @Option(
        name: .customLong("checkpoint-key"),
        help: help(
            zh: "签署检查点的私钥（audit keygen 生成）：启动时、每隔 --checkpoint-every、停止时各签一次（链头未变则不追加）；需 --as 在组织树顶端担任角色。",
            en:
                "The private key to sign checkpoints with (from audit keygen): at start, every --checkpoint-every and at stop (none appended when the head has not moved); needs --as with a role at the top of the tree."
        ))
    var checkpointKey: String?
    @Option(
        help: help(
            zh: "追加检查点的文件（与 --checkpoint-key 同用）。", en: "The checkpoint file to append to (with --checkpoint-key)."))
    var checkpoints: String?
    @Option(
        name: .customLong("checkpoint-every"),
        help: help(
            zh: "检查点的间隔：如 24h、30m、7d（默认 24h）。", en: "How often to sign a checkpoint: 24h, 30m, 7d (default 24h)."))
    var checkpointEvery = "24h"
    @OptionGroup var globals: GlobalOptions

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw usageError(zh: "--port 应为 0 至 65535", en: "--port must be from 0 to 65535", globals.language)
        }
        guard (checkpointKey == nil) == (checkpoints == nil) else {
            throw usageError(
                zh: "--checkpoint-key 与 --checkpoints 须同时给出", en: "give --checkpoint-key and --checkpoints together",
                globals.language)
        }
        guard ShortDuration.seconds(checkpointEvery) != nil else {
            throw usageError(
                zh: "--checkpoint-every 应写作 24h、30m 或 7d", en: "--checkpoint-every takes 24h, 30m or 7d",
                globals.language)
        }
    }

    /// Signs and appends a checkpoint when the head moved; says what it did on stderr.
    private func checkpoint(_ key: Data, _ file: String, _ session: CommandContext.Session, _ context: CommandContext)
        throws
    {
        let last = try CheckpointFiles.last(of: file, context)
        let signed: TickCheckpoint
        do { signed = try CheckpointFiles.signedIfMoved(key, file: file, after: last, session) } catch {
            throw CheckpointFiles.fail(error, context)
        }
        try signed.write(context)
        if signed.appended { context.note(signed.text(context)) }
    }

    func run() async throws {
        let context = CommandContext(globals)
        let session = try context.session()
        let simulation = (try? session.app.store.isSimulation()) ?? false
        let settings = ServerSettings(
            host: host, port: port, fixedNow: globals.rawNow == nil ? nil : session.now, simulation: simulation,
            log: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) })
        let server = DocketServer(app: session.app, settings: settings)
        let (host, zh) = (host, context.zh)
        // Checkpoints: one now (which also checks the key, the file and the person's role
        // before anyone is served), then on the schedule, then one at the stop.
        var schedule: Task<Void, Never>?
        if let checkpointKey, let checkpoints {
            let key = try CheckpointFiles.key(checkpointKey, context)
            try checkpoint(key, checkpoints, session, context)
            let interval = ShortDuration.seconds(checkpointEvery) ?? 86_400
            let command = self
            schedule = Task.detached {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(interval))
                    if Task.isCancelled { return }
                    try? command.checkpoint(key, checkpoints, try command.freshSession(context), context)
                }
            }
        }
        defer { schedule?.cancel() }
        do {
            try await server.run { port in
                let line =
                    zh
                    ? "Docket 已在 http://\(host):\(port)/ 启动（Ctrl-C 停止）"
                    : "Docket serving on http://\(host):\(port)/ (Ctrl-C stops it)"
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            if let checkpointKey, let checkpoints {
                schedule?.cancel()
                try checkpoint(
                    try CheckpointFiles.key(checkpointKey, context), checkpoints, try freshSession(context), context)
            }
        } catch let exit as ExitCode {
            throw exit
        } catch is PortTaken {
            throw context.fail(
                .storeUnavailable, zh: "端口 \(port) 已被占用：换一个 --port，或先停止占用它的程序",
                en: "port \(port) is taken: choose another --port, or stop what holds it")
        } catch {
            throw context.fail(
                .internalError, zh: "服务无法启动：\(error)", en: "the server could not start: \(error)")
        }
    }

    /// The session of a scheduled checkpoint: the same person, and the clock's "now".
    private func freshSession(_ context: CommandContext) throws -> CommandContext.Session {
        let session = try context.session()
        return CommandContext.Session(app: session.app, caller: Caller(person: session.caller.person, now: Date()))
    }
}
