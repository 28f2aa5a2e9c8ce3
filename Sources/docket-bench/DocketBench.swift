import ArgumentParser
import Foundation

/// `docket-bench`: the workloads of shared/BENCHMARKS.md, one JSON line each.
///
/// Without `--only`, each workload runs in a child process of its own, so that the peak
/// memory reported is that workload's.
@main
struct DocketBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docket-bench", abstract: "Measure Docket on W1–W5 of shared/BENCHMARKS.md.")

    @Option(help: "Run one workload: W1, W2, W3, W4 or W5.") var only: String?
    @Option(help: "Scale the workloads (0.1 for a quick run).") var scale = 1.0
    @Option(help: "Where the stores go (default: a new temporary folder).") var dir: String?
    @Option(help: "The shipped workflows.") var workflows = "./Workflows"
    @Option(help: "The C floor program for W1.") var floor = "../shared/bench/w1_floor.c"
    @Option(help: "W5's seconds of load (after a warm-up of a twelfth of them).") var seconds = 60

    func validate() throws {
        if let only, !Self.workloads.contains(only) {
            throw ValidationError("--only takes W1, W2, W3, W4 or W5")
        }
        guard seconds > 0 else { throw ValidationError("--seconds must be above 0") }
        guard scale > 0, scale <= 10 else { throw ValidationError("--scale must be above 0 and at most 10") }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: workflows, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError(
                "no workflows folder at \(workflows): run from the project's folder or pass --workflows")
        }
    }

    func run() throws {
        let folder =
            dir
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("docket-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let count = { (n: Double) in max(1, Int((n * scale).rounded())) }
        guard let only else {
            // Started with posix_spawn: a child started by Foundation's Process ran
            // markedly slower (W2's query (a) 0.25 ms rather than 0.17; the C floor 27,000
            // events/s rather than 35,000), for no reason found.
            let me = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
            for workload in Self.workloads {
                let status = try Spawn.run(
                    [
                        me, "--only", workload, "--scale", String(scale), "--dir", folder, "--workflows", workflows,
                        "--floor", floor, "--seconds", String(seconds),
                    ], output: nil)
                guard status == 0 else { throw ExitCode(status) }
            }
            return
        }
        switch only {
        case "W1": try W1Lifecycle.run(cases: count(10_000), folder: folder, workflows: workflows, floorSource: floor)
        case "W2": try W2Overdue.run(cases: count(1_000_000), folder: folder, workflows: workflows)
        case "W3": try W3Tick.run(timers: count(100_000), folder: folder, workflows: workflows)
        case "W4": try W4Latency.run(cases: count(1_000_000), folder: folder, workflows: workflows, docket: docket)
        default:
            try W5Server.run(
                cases: count(1_000_000), folder: folder, workflows: workflows, docket: docket, seconds: seconds)
        }
    }

    /// In the order they run: W5 last, after W1, whose rate it is compared with.
    static let workloads = ["W1", "W2", "W3", "W4", "W5"]

    /// The `docket` built beside this program: W4 runs it, W5 serves with it.
    var docket: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("docket").path
    }
}
