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
    @OptionGroup var globals: GlobalOptions

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw usageError(zh: "--port 应为 0 至 65535", en: "--port must be from 0 to 65535", globals.language)
        }
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
        do {
            try await server.run { port in
                let line =
                    zh
                    ? "Docket 已在 http://\(host):\(port)/ 启动（Ctrl-C 停止）"
                    : "Docket serving on http://\(host):\(port)/ (Ctrl-C stops it)"
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        } catch is PortTaken {
            throw context.fail(
                .storeUnavailable, zh: "端口 \(port) 已被占用：换一个 --port，或先停止占用它的程序",
                en: "port \(port) is taken: choose another --port, or stop what holds it")
        } catch {
            throw context.fail(
                .internalError, zh: "服务无法启动：\(error)", en: "the server could not start: \(error)")
        }
    }
}
