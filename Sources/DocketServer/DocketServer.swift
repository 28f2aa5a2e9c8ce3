public import DocketApplication
import DocketCore
public import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import NIOCore

/// `docket serve`: the application on the network, for the people of a county who are
/// not at the machine that holds the store (shared/API.md).
///
/// An adapter like the command line: each route parses its request, makes one call to
/// `DocketApp` as the person who logged in, and renders the answer
/// (the JSON of shared/CLI.md, or a page). No rule lives here.
public struct DocketServer: Sendable {
    public let app: DocketApp
    public let settings: ServerSettings

    public init(app: DocketApp, settings: ServerSettings) {
        self.app = app
        self.settings = settings
    }

    /// The routes and middleware, without a network: what the in-process tests drive.
    public func router() -> Router<DocketRequestContext> {
        let router = Router(context: DocketRequestContext.self)
        let routes = RouteTable()
        router.add(middleware: RequestLog(write: settings.log))
        router.add(middleware: FormEncodedQuery())
        router.add(middleware: FailureAnswers(app: app, routes: routes))
        router.add(middleware: Authentication(app: app))
        let recording = RecordingRouter(router: router, table: routes)
        APIRoutes(server: self).add(to: recording)
        PageRoutes(server: self).add(to: recording)
        return router
    }

    /// The application on the configured address.
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        var logger = Logger(label: "docket")
        logger.logLevel = .warning
        return Application(
            router: router(),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "docket"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? settings.port) },
            logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then finishes the requests in flight and returns.
    ///
    /// - Throws: ``PortTaken`` when another program holds the port.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        do {
            try await application(onRunning: onRunning).runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw PortTaken(port: settings.port)
        }
    }

    /// The caller's "now": the fixed instant of `--at`, else (in a simulation store) the
    /// instant a request names in `X-Docket-Now`, else the clock.
    func now(for request: Request) -> Date {
        if let fixed = settings.fixedNow { return fixed }
        if settings.simulation, let typed = request.headers[.docketNow], let instant = app.zone.parseTyped(typed) {
            return instant
        }
        return settings.clock()
    }
}

/// The port asked for is held by another program.
public struct PortTaken: Error, Sendable {
    public var port: Int
}

/// How a server runs: where it listens, its clock, what it reads.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    /// `--at`: every request's "now".
    public var fixedNow: Date?
    /// Whether the store is a simulation (`docket init --simulation`): then a request may
    /// name its "now" in `X-Docket-Now`, as a command names it with `--at`, so that a
    /// browser test of a year's limits takes no year. A store of record ignores the header.
    public var simulation: Bool
    public var clock: @Sendable () -> Date
    /// The largest request body read; a larger one is answered 413.
    public var maxBodyBytes: Int
    /// Where the line per request goes (stderr when serving).
    public var log: @Sendable (String) -> Void

    public init(
        host: String = "127.0.0.1", port: Int = 8080, fixedNow: Date? = nil, simulation: Bool = false,
        clock: @escaping @Sendable () -> Date = { Date() }, maxBodyBytes: Int = 1 << 20,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        self.fixedNow = fixedNow
        self.simulation = simulation
        self.clock = clock
        self.maxBodyBytes = maxBodyBytes
        self.log = log
    }
}

extension HTTPField.Name {
    /// A simulated "now", honoured only by a server on a simulation store.
    static let docketNow = Self("X-Docket-Now")!
    /// The CSRF token of a session, on an API call that changes something.
    static let csrfToken = Self("X-CSRF-Token")!
}
