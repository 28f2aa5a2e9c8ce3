import DocketCore
import DocketEngine
import DocketSQLite
import Foundation

/// W2: supervisors' queries on a large store (1 county, 20 townships, 500 villages, 5,000
/// grids; open cases over the three workflows, 5% of them overdue at query time), and
/// the load beside its floor (``W2LoadFloor``).
enum W2Overdue {
    static let queryTime = Bench.at("2026-11-23T10:00")

    static func tree() -> [Organisation] {
        var orgs = [Organisation(id: "county", name: "示范县", parent: nil, kind: "county")]
        for t in 1...20 {
            let township = String(format: "t%02d", t)
            orgs.append(Organisation(id: township, name: "\(t)镇", parent: "county", kind: "township"))
            for v in 1...25 {
                let village = String(format: "%@-v%02d", township, v)
                orgs.append(Organisation(id: village, name: "\(t)镇\(v)村", parent: township, kind: "village"))
                for g in 1...10 {
                    orgs.append(
                        Organisation(
                            id: String(format: "%@-g%02d", village, g), name: "网格\(g)", parent: village, kind: "grid"))
                }
            }
        }
        return orgs
    }

    /// The rows to import: one case per row, spread over the grids and the workflows;
    /// every twentieth is overdue at `queryTime`, the others fall due within weeks.
    static func rows(_ count: Int, grids: [String]) -> some Sequence<ImportRow> {
        (0..<count).lazy.map { i in
            let overdue = i % 20 == 0
            let grid = grids[i % grids.count]
            func day(_ text: String) -> CivilDate { CivilDate(iso: text) ?? CivilDate(daysSinceEpoch: 0) }
            switch i % 3 {
            case 0:
                let d = day(overdue ? "2026-11-20" : "2026-11-23")
                return ImportRow(
                    line: i + 1, workflow: "service-request", organisation: grid, state: "dispatched",
                    input: [
                        "requester": "居民", "phone": "13800000000", "category": "repair", "description": "维修",
                        "urgency": "general", "assignee": "bench-m1",
                    ],
                    records: [ImportRecord(event: "order", on: d), ImportRecord(event: "dispatch", on: d)])
            case 1:
                return ImportRow(
                    line: i + 1, workflow: "member-development", organisation: grid, state: "applied",
                    input: ["name": "申请人", "birth-date": "1995-05-05"],
                    records: [ImportRecord(event: "apply", on: day(overdue ? "2026-10-01" : "2026-11-10"))])
            default:
                let designated = day(overdue ? "2026-10-01" : "2026-11-20")
                return ImportRow(
                    line: i + 1, workflow: "branch-rectification", organisation: grid, state: "designated",
                    input: ["criteria": "disputes", "evidence": "排查"],
                    records: [
                        ImportRecord(event: "nominate", on: day("2026-09-20")),
                        ImportRecord(event: "confirm", on: designated),
                    ])
            }
        }
    }

    /// Builds the store; returns it with the engine and the load time.
    static func build(cases: Int, folder: String, workflows: String) throws -> (SQLiteStore, Engine, Double) {
        let (store, engine) = try Bench.store(at: "\(folder)/w2.db", workflows: workflows)
        let orgs = tree()
        try store.write { tx in try tx.importOrganisations(orgs) }
        try store.write { tx in try tx.importPeople(Bench.people(root: "county")) }
        let grids = orgs.filter { $0.kind == "grid" }.map(\.id)
        let (outcome, seconds) = try Bench.time {
            try engine.importCases(rows(cases, grids: grids), actor: "bench", now: queryTime, batchSize: 5000)
        }
        guard outcome.rejected.isEmpty else { throw BenchError("W2 rows refused: \(outcome.rejected.prefix(3))") }
        return (store, engine, seconds)
    }

    static func run(cases: Int, folder: String, workflows: String) throws {
        let (store, engine, load) = try build(cases: cases, folder: folder, workflows: workflows)
        // (a) the first 50 overdue items under one township, with the full row content.
        // The state titles come from the workflows' latest versions, as `docket overdue` shows them.
        let a = try timed {
            try store.read { tx in
                let rows = try tx.overdue(DeadlineQuery(organisation: "t01", limit: 50), at: queryTime)
                var definitions: [String: WorkflowDefinition] = [:]
                for row in rows {
                    if definitions[row.workflow] == nil {
                        definitions[row.workflow] = try engine.latestDefinition(row.workflow, in: tx)
                    }
                    _ = definitions[row.workflow]?.state(row.state)?.title
                    _ = row.deadline.overdueBy(at: queryTime, zone: Bench.zone)
                }
            }
        }
        // (b) the number overdue per township, for the whole county (`docket overdue --counts`).
        let b = try timed {
            let counts = try store.read { tx in
                try tx.overdueCounts(byChildOf: DeadlineQuery(organisation: "county"), at: queryTime)
            }
            guard counts.count == 20 else { throw BenchError("expected 20 townships, counted \(counts.count)") }
        }
        // (c) what falls due within 7 days under one village.
        let c = try timed {
            _ = try store.read { tx in
                try tx.dueSoon(
                    DeadlineQuery(organisation: "t01-v01"), at: queryTime,
                    horizon: queryTime.addingTimeInterval(7 * 86_400)
                )
            }
        }
        let overdueTotal = try store.read { tx in try tx.overdueCount(DeadlineQuery(), at: queryTime) }
        let peakRSS = Bench.peakRSSMegabytes()
        let floor = try W2LoadFloor.run(
            copying: "\(folder)/w2.db", into: "\(folder)/w2_floor.db", rowsPerTransaction: 50_000)
        Bench.report(
            "W2", parameters: ["cases": cases, "grids": 5000], wall: load, rate: Double(cases) / load,
            unit: "cases loaded/s",
            extra: [
                "load_seconds": (load * 100).rounded() / 100, "query_a_median_ms": a, "query_b_median_ms": b,
                "query_c_median_ms": c,
                "overdue_items": overdueTotal, "load_floor_seconds": (floor * 100).rounded() / 100,
                "load_ratio_to_floor": (floor / load * 1000).rounded() / 1000,
            ], peakRSS: peakRSS)
    }

    /// The median of 50 runs after one warm-up, in milliseconds.
    static func timed(_ body: () throws -> Void) throws -> Double {
        try body()
        var runs: [Double] = []
        for _ in 0..<50 { runs.append(try Bench.time(body).1 * 1000) }
        return (Bench.median(runs) * 1000).rounded() / 1000
    }
}

/// W3: a storm of timers due at one instant, fired by one tick.
enum W3Tick {
    static func run(timers: Int, folder: String, workflows: String) throws {
        let (store, engine) = try Bench.store(at: "\(folder)/w3.db", workflows: workflows)
        var orgs = [Organisation(id: "county", name: "县", parent: nil, kind: "county")]
        for v in 1...50 {
            orgs.append(Organisation(id: "v\(v)", name: "村\(v)", parent: "county", kind: "village"))
            for g in 1...10 { orgs.append(Organisation(id: "v\(v)-g\(g)", name: "网格", parent: "v\(v)", kind: "grid")) }
        }
        try store.write { tx in try tx.importOrganisations(orgs) }
        try store.write { tx in try tx.importPeople(Bench.people(root: "county")) }
        let grids = orgs.filter { $0.kind == "grid" }.map(\.id)
        let due = Bench.at("2026-11-23T00:00")
        func day(_ text: String) -> CivilDate { CivilDate(iso: text) ?? CivilDate(daysSinceEpoch: 0) }
        // Half are unanswered dispatches returning to the pool, half late requests
        // escalating; beside them, as many deadlines that only mark cases overdue.
        let rows = (0..<(timers + timers / 2)).lazy.map { i -> ImportRow in
            let grid = grids[i % grids.count]
            let request = [
                "requester": "居民", "phone": "13800000000", "category": "repair", "description": "维修",
                "urgency": "general", "assignee": "bench-m1",
            ]
            switch i % 3 {
            case 0:
                return ImportRow(
                    line: i + 1, workflow: "service-request", organisation: grid, state: "dispatched", input: request,
                    records: [
                        ImportRecord(event: "order", on: day("2026-11-22")),
                        ImportRecord(event: "dispatch", on: day("2026-11-22")),
                    ])
            case 1:
                return ImportRow(
                    line: i + 1, workflow: "service-request", organisation: grid, state: "in-progress", input: request,
                    records: [
                        ImportRecord(event: "order", on: day("2026-11-15")),
                        ImportRecord(event: "accept", on: day("2026-11-15")),
                    ])
            default:
                return ImportRow(
                    line: i + 1, workflow: "member-development", organisation: grid, state: "applied",
                    input: ["name": "申请人", "birth-date": "1995-05-05"],
                    records: [ImportRecord(event: "apply", on: day("2026-10-22"))])
            }
        }
        let outcome = try engine.importCases(rows, actor: "bench", now: due.addingTimeInterval(-3600), batchSize: 5000)
        guard outcome.rejected.isEmpty else { throw BenchError("W3 rows refused: \(outcome.rejected.prefix(3))") }
        let (counts, wall) = try Bench.time { try engine.tick(now: due) { _ in } }
        let second = try engine.tick(now: due) { _ in }
        Bench.report(
            "W3", parameters: ["timers": timers], wall: wall, rate: Double(counts.fired) / wall, unit: "timers/s",
            extra: [
                "fired": counts.fired, "refused": counts.failed, "second_tick_fired": second.fired,
                "overdue_marks": try store.read { tx in
                    try tx.overdueCount(DeadlineQuery(workflow: "member-development"), at: due)
                },
            ])
    }
}

/// W4: one whole `docket` process firing one event on the W2 store.
enum W4Latency {
    static func run(cases: Int, folder: String, workflows: String, docket: String) throws {
        if !FileManager.default.fileExists(atPath: "\(folder)/w2.db") {
            _ = try W2Overdue.build(cases: cases, folder: folder, workflows: workflows)
        }
        // Twenty applicants still waiting for their talk, so that a second run on the
        // same store finds cases the event applies to.
        let store = try SQLiteStore.open(path: "\(folder)/w2.db", create: false)
        let ids = try store.read { tx in
            try tx.cases(matching: CaseQuery(workflow: "member-development", state: "applied", limit: 20))
        }.map(
            \.id)
        guard ids.count == 20 else {
            throw BenchError("the W2 store has \(ids.count) applicants waiting for their talk; build a new one")
        }
        var runs: [Double] = []
        for id in ids {
            let arguments = [
                docket, "case", "fire", id, "talk", "--set", "talker=bench", "--as", "bench", "--at",
                "2026-11-23T10:00", "--db", "\(folder)/w2.db", "--json",
            ]
            let (status, seconds) = try Bench.time { try Spawn.run(arguments) }
            guard status == 0 else { throw BenchError("docket case fire \(id) exited \(status)") }
            runs.append(seconds * 1000)
        }
        let median = Bench.median(runs)
        Bench.report(
            "W4", parameters: ["cases_in_store": cases, "runs": 20], wall: runs.reduce(0, +) / 1000,
            rate: 1000 / median, unit: "commands/s",
            extra: ["median_ms": (median * 100).rounded() / 100])
    }
}

/// Starts a program the way a shell does (`posix_spawn`, output to /dev/null) and waits
/// for it. Foundation's `Process` adds some twenty milliseconds of its own on Linux,
/// which a clerk's script would not pay.
enum Spawn {
    /// Runs a program to its end and returns its exit status.
    ///
    /// - Parameters:
    ///   - arguments: the program's path, then its arguments.
    ///   - output: where its standard output goes (a file, created or emptied); standard
    ///     error goes to /dev/null with it. `nil`: both to ours.
    static func run(_ arguments: [String], output: String? = "/dev/null") throws -> Int32 {
        try wait(start(arguments, output: output, errors: output == nil ? nil : "/dev/null"), arguments[0])
    }

    /// Starts a program without waiting for it (W5's server and clients run side by side).
    ///
    /// - Parameters:
    ///   - arguments: the program's path, then its arguments.
    ///   - output: where its standard output goes (a file, created or emptied); `nil`: to ours.
    ///   - errors: where its standard error goes (may be `output`); `nil`: to ours.
    /// - Returns: its process id, for ``wait(_:_:)``.
    static func start(_ arguments: [String], output: String?, errors: String?) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let output {
            posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        if let errors {
            if errors == output {
                posix_spawn_file_actions_adddup2(&actions, 1, 2)
            } else {
                posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            }
        }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let started = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
        guard started == 0 else { throw BenchError("cannot start \(arguments[0]): error \(started)") }
        return pid
    }

    /// Waits for a started program to end and returns its exit status (-1 if a signal ended it).
    static func wait(_ pid: pid_t, _ name: String) throws -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw BenchError("waiting for \(name) failed: error \(errno)") }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : -1
    }
}
