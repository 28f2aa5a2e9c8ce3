import DocketApplication
import DocketCore
import DocketEngine
import DocketSQLite
import DocketSimulation
import Foundation

/// W5: `docket serve` on the W2 store with 64 clients over loopback at once, half firing
/// service-request events, half reading case pages and their township's overdue list,
/// each client with a bearer token of a person of its organisation, so that the
/// permission checks run on every request.
///
/// The server is the built `docket serve` in a process of its own (the program a county
/// runs, its log of a line per request included), so that its peak memory is its own and
/// not the bench's, which built the store. The clients are two `wrk` processes (`wrk`
/// from Debian) of 32 connections each, one connection per thread, driven by the
/// scripts of ``W5Scripts``; they and the server share the machine's cores, as a
/// county's server shares its own with nothing, so the figures are a floor of the server.
enum W5Server {
    /// Event clients and read clients: 64 in all.
    static let clientsPerKind = 32
    /// Every request's "now" (`serve --at`): W2's query time, at which 5% of the cases are overdue.
    static let now = "2026-11-23T10:00"
    static let townships = (1...20).map { String(format: "t%02d", $0) }
    /// The most dispatched requests taken per township: enough for 32 clients firing
    /// three events a case at several thousand events a second for a minute.
    static let casesPerTownship = 12_000

    static func run(cases: Int, folder: String, workflows: String, docket: String, seconds: Int) throws {
        let database = "\(folder)/w2.db"
        if !FileManager.default.fileExists(atPath: database) {
            _ = try W2Overdue.build(cases: cases, folder: folder, workflows: workflows)
        }
        let prepared = try prepare(database: database, folder: folder)
        for (name, text) in [("events", W5Scripts.events), ("reads", W5Scripts.reads)] {
            try text.write(toFile: "\(folder)/w5-\(name).lua", atomically: true, encoding: .utf8)
        }
        let log = "\(folder)/w5-serve.log"
        let server = try Spawn.start(
            [docket, "serve", "--db", database, "--port", "0", "--at", now, "--lang", "en"], output: log,
            errors: log)
        var stopped = false
        defer { if !stopped { kill(server, SIGKILL) } }
        let port = try waitForPort(log: log, server: server)
        let url = "http://127.0.0.1:\(port)"
        // The warm-up: the server's caches, SQLite's pages of the townships, the lazily
        // loaded definitions; its cases are apart from the measured run's.
        let warmup = max(1, seconds / 12)
        _ = try load(url: url, phase: "warmup", seconds: warmup, folder: folder)
        let (events, reads) = try load(url: url, phase: "measure", seconds: seconds, folder: folder)
        let (serverRSS, serverCPU) = (peakRSSMegabytes(of: server), cpuSeconds(of: server))
        kill(server, SIGTERM)
        let status = try Spawn.wait(server, docket)
        stopped = true

        let wall = Double(max(events.durationMicroseconds, reads.durationMicroseconds)) / 1e6
        let eventRate = Double(events.ok) / (Double(events.durationMicroseconds) / 1e6)
        let readRate = Double(reads.ok) / (Double(reads.durationMicroseconds) / 1e6)
        var extra: [String: Any] = [
            "events_per_s": rounded(eventRate, 1), "reads_per_s": rounded(readRate, 1),
            "event_p50_ms": ms(events.p50), "event_p99_ms": ms(events.p99), "event_max_ms": ms(events.max),
            "read_p50_ms": ms(reads.p50), "read_p99_ms": ms(reads.p99), "read_max_ms": ms(reads.max),
            "events_ok": events.ok, "events_refused": events.refused, "events_failed": events.failed,
            "reads_ok": reads.ok, "reads_refused": reads.refused, "reads_failed": reads.failed,
            "case_pages": reads.first, "overdue_lists": reads.second,
            "socket_errors": events.socketErrors + reads.socketErrors, "timeouts": events.timeouts + reads.timeouts,
            "event_clients_out_of_cases": events.outOfCases, "server_peak_rss_mb": serverRSS,
            "server_cpu_seconds": rounded(serverCPU, 1), "server_exit_status": Int(status),
            "dispatched_requests_taken": prepared,
        ]
        for (key, sample) in [("first_event_refusal", events.sample), ("first_read_refusal", reads.sample)]
        where !sample.isEmpty {
            extra[key] = sample
        }
        if let w1 = W1Lifecycle.lastRate(folder: folder) {
            extra["w1_events_per_s"] = rounded(w1.rate, 1)
            extra["w1_minutes_before"] = Int((Date().timeIntervalSince(w1.at) / 60).rounded())
            extra["ratio_to_w1"] = rounded(eventRate / w1.rate, 3)
        }
        if events.outOfCases > 0 {
            let warning =
                "W5: \(events.outOfCases) event clients ran out of dispatched requests before the end; "
                + "events/s is too low: use a larger --scale or a new --dir\n"
            FileHandle.standardError.write(Data(warning.utf8))
        }
        Bench.report(
            "W5",
            parameters: [
                "cases_in_store": cases, "event_clients": clientsPerKind, "read_clients": clientsPerKind,
                "seconds": seconds, "warmup_seconds": warmup,
            ], wall: wall, rate: eventRate, unit: "events/s", extra: extra, peakRSS: serverRSS)
    }

    /// Adds a clerk per township (intake and dispatch there: they rate the requests and read
    /// the township's cases), gives every client its bearer token, and writes each client's
    /// cases into its file. Returns how many dispatched requests the event clients have.
    static func prepare(database: String, folder: String) throws -> Int {
        let store = try SQLiteStore.open(path: database, create: false)
        try store.write { tx in
            try tx.importPeople(
                townships.map { township in
                    Person(
                        id: "w5-\(township)", name: "\(township)受理员", status: .full,
                        roles: ["intake", "branch-dispatcher"].map { RoleGrant(role: $0, organisation: township) })
                })
        }
        let app = try DocketApp(store: store)
        // The bench's person holds every role at the top of the tree, the administrator's too.
        let administrator = Caller(person: MemberDevelopmentPath.actor, now: Date())
        func token(_ person: String) throws -> String {
            let made = try app.createToken(for: person, name: "W5", lifetime: 86_400, by: administrator)
            return made.secret
        }
        // The member every W2 request was dispatched to: only they may accept it.
        let member = try token(MemberDevelopmentPath.mentors[0])
        var taken = 0
        for (index, township) in townships.enumerated() {
            let clerk = try token("w5-\(township)")
            let ids = try store.read { tx in
                try tx.cases(
                    matching: CaseQuery(
                        workflow: "service-request", state: "dispatched", organisation: township,
                        limit: casesPerTownship))
            }.map(\.id)
            taken += ids.count
            // The clients of this township share its requests, every n-th to each; a tenth of
            // each client's is for the warm-up.
            let clients = stride(from: index, to: clientsPerKind, by: townships.count).map { $0 }
            for (slot, client) in clients.enumerated() {
                let mine = stride(from: slot, to: ids.count, by: clients.count).map { ids[$0] }
                let warm = mine.count / 10
                for (phase, part) in [("warmup", mine[..<warm]), ("measure", mine[warm...])] {
                    try ([member, clerk] + part).joined(separator: "\n").write(
                        toFile: "\(folder)/w5-events-\(phase)-\(client).txt", atomically: true, encoding: .utf8)
                }
            }
        }
        for client in 0..<clientsPerKind {
            let township = townships[client % townships.count]
            let clerk = try token("w5-\(township)")
            let ids = try store.read { tx in
                try ["service-request", "member-development", "branch-rectification"].flatMap {
                    try tx.cases(matching: CaseQuery(workflow: $0, organisation: township, limit: 700))
                }
            }.map(\.id)
            // A township without cases (a tiny --scale fills the first grids only): its
            // clients read only its overdue list.
            try ([clerk, township] + ids).joined(separator: "\n").write(
                toFile: "\(folder)/w5-reads-\(client).txt", atomically: true, encoding: .utf8)
        }
        return taken
    }

    /// Waits for `docket serve` to say where it listens (it was asked for any free port).
    static func waitForPort(log: String, server: pid_t) throws -> Int {
        let marker = "http://127.0.0.1:"
        for _ in 0..<600 {
            if let text = try? String(contentsOfFile: log, encoding: .utf8), let range = text.range(of: marker) {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits), text[range.upperBound...].dropFirst(digits.count).first == "/" {
                    return port
                }
            }
            var status: Int32 = 0
            if waitpid(server, &status, WNOHANG) == server {
                throw BenchError("docket serve exited before serving; its log: \(log)")
            }
            usleep(100_000)
        }
        throw BenchError("docket serve did not say its port within a minute; its log: \(log)")
    }

    /// Runs the event and the read clients side by side for `seconds`.
    static func load(url: String, phase: String, seconds: Int, folder: String) throws -> (
        events: WrkResult, reads: WrkResult
    ) {
        let runs = try ["events", "reads"].map { kind in
            let output = "\(folder)/w5-wrk-\(kind)-\(phase).out"
            let pid = try Spawn.start(
                [
                    "/usr/bin/env", "wrk", "-t\(clientsPerKind)", "-c\(clientsPerKind)", "-d\(seconds)s",
                    "--timeout", "10s", "-s", "\(folder)/w5-\(kind).lua", url, "--", folder, phase,
                ], output: output, errors: output)
            return (pid, output)
        }
        var results: [WrkResult] = []
        for (pid, output) in runs {
            let status = try Spawn.wait(pid, "wrk")
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            guard status == 0, let result = WrkResult(output: text) else {
                throw BenchError(
                    status == 127
                        ? "W5 needs wrk (apt-get install wrk)" : "wrk exited \(status) without a result: \(output)")
            }
            results.append(result)
        }
        return (results[0], results[1])
    }

    /// The peak resident set size of a process (VmHWM), in megabytes.
    static func peakRSSMegabytes(of pid: pid_t) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return rounded(kilobytes / 1024, 1)
    }

    /// The processor time a process has used (user and system), in seconds: how much of
    /// the two cores the server had, beside the clients.
    static func cpuSeconds(of pid: pid_t) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        // After the command's name: state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func ms(_ microseconds: Int) -> Double { rounded(Double(microseconds) / 1000, 2) }

    static func rounded(_ value: Double, _ places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}

/// What one `wrk` of W5 measured: its `W5RESULT` line.
struct WrkResult {
    var requests, durationMicroseconds, ok, refused, failed, outOfCases, first, second: Int
    var socketErrors, timeouts, p50, p99, max: Int
    var sample: String

    init?(output: String) {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("W5RESULT ") }),
            let object = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(9).utf8)) as? [String: Any]
        else { return nil }
        func int(_ key: String) -> Int { (object[key] as? NSNumber)?.intValue ?? 0 }
        requests = int("requests")
        durationMicroseconds = int("duration_us")
        ok = int("ok")
        refused = int("refused")
        failed = int("failed")
        outOfCases = int("out_of_cases")
        first = int("first")
        second = int("second")
        socketErrors = int("socket_errors")
        timeouts = int("timeouts")
        p50 = int("p50_us")
        p99 = int("p99_us")
        max = int("max_us")
        sample = object["sample"] as? String ?? ""
        guard durationMicroseconds > 0 else { return nil }
    }
}
