import DocketCore
import DocketEngine
import DocketSQLite
import DocketSimulation
import Foundation

/// W1: N member-development cases driven along the whole main path, every event its own
/// durable transaction with its audit entry and limits; and the C floor beside it.
enum W1Lifecycle {
    /// The main path: (event, day, fields), shared with the tests.
    static let path = MemberDevelopmentPath.steps.map { ($0.event, $0.day, $0.input) }

    static func run(cases: Int, folder: String, workflows: String, floorSource: String) throws {
        let (store, engine) = try Bench.store(at: "\(folder)/w1.db", workflows: workflows)
        let branches = (1...100).map { Organisation(id: "b\($0)", name: "支部\($0)", parent: "county", kind: "branch") }
        try store.write { tx in
            try tx.importOrganisations([Organisation(id: "county", name: "县", parent: nil, kind: "county")] + branches)
        }
        try store.write { tx in try tx.importPeople(Bench.people(root: "county")) }
        // The instants are worked out before the clock starts, as a client holds them.
        let applied = Bench.at("2025-01-06T10:00")
        let steps = path.map { event, day, input in
            (EventRequest(event: event, input: input, actor: "bench"), Bench.at("\(day)T10:00"))
        }
        let (events, wall) = try Bench.time { () throws -> Int in
            var events = 0
            for index in 0..<cases {
                let started = try engine.start(
                    workflow: "member-development", organisation: "b\(index % 100 + 1)", caseID: nil,
                    request: EventRequest(
                        event: "apply", input: ["name": "申请人\(index)", "birth-date": "1995-05-05"], actor: "bench"),
                    now: applied)
                events += 1
                for (request, now) in steps {
                    _ = try engine.fire(caseID: started.snapshot.id, request: request, now: now)
                    events += 1
                }
            }
            return events
        }
        let rate = Double(events) / wall
        try? String(rate).write(toFile: rateFile(folder), atomically: true, encoding: .utf8)
        let floor = try? Floor.run(source: floorSource, cases: cases, folder: folder)
        var extra: [String: Any] = [
            "events": events, "audit_intact": try store.read { tx in try AuditChain.verify(tx) }.isIntact,
        ]
        if let floor {
            extra["floor_events_per_s"] = (floor * 10).rounded() / 10
            extra["ratio_to_floor"] = (rate / floor * 1000).rounded() / 1000
        }
        Bench.report(
            "W1", parameters: ["cases": cases, "events_per_case": path.count + 1], wall: wall, rate: rate,
            unit: "events/s", extra: extra)
    }
}

extension W1Lifecycle {
    static func rateFile(_ folder: String) -> String { "\(folder)/w1-events-per-s" }

    /// The rate of the last W1 run in `folder`, and when it ended: W5 compares its
    /// events/s with W1's of the same sitting.
    static func lastRate(folder: String) -> (rate: Double, at: Date)? {
        guard let text = try? String(contentsOfFile: rateFile(folder), encoding: .utf8), let rate = Double(text),
            let at = try? FileManager.default.attributesOfItem(atPath: rateFile(folder))[.modificationDate] as? Date
        else { return nil }
        return (rate, at)
    }
}

/// The storage floor of shared/bench/w1_floor.c, built with gcc and run in the same sitting.
enum Floor {
    static func run(source: String, cases: Int, folder: String) throws -> Double {
        let binary = "\(folder)/w1_floor"
        guard try Spawn.run(["/usr/bin/env", "gcc", "-O2", "-o", binary, source, "-lsqlite3"]) == 0 else {
            throw BenchError("gcc could not build \(source)")
        }
        // Started the way W1 itself is (posix_spawn), its output read from a file.
        let output = "\(folder)/w1_floor.out"
        guard try Spawn.run([binary, String(cases), "\(folder)/w1_floor.db"], output: output) == 0 else {
            throw BenchError("the floor failed")
        }
        let printed = try String(contentsOfFile: output, encoding: .utf8)
        guard let line = printed.split(separator: "\n").last, let data = String(line).data(using: .utf8),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let rate = object["events_per_s"] as? Double
        else { throw BenchError("the floor printed no events_per_s: \(printed)") }
        return rate
    }
}
