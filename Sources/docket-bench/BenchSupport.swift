import DocketCore
import DocketEngine
import DocketSQLite
import DocketSimulation
import DocketYAML
import Foundation

/// What every workload shares: a fresh store with the shipped workflows, and output.
enum Bench {
    static let zone = DeploymentZone.shanghai

    static func at(_ text: String) -> Date { zone.parseInstant(text) ?? Date(timeIntervalSince1970: 0) }

    /// The peak resident set size of this process so far, in megabytes (VmHWM).
    static func peakRSSMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return (kilobytes / 1024 * 10).rounded() / 10
    }

    static func commit() -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "--short", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "unknown" }
        process.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines)
        return text.isEmpty ? "unknown" : text
    }

    /// A new store in `folder` with the shipped workflows and calendars deployed, and an
    /// actor holding every role at the top of the tree (created by the caller).
    static func store(at path: String, workflows: String) throws -> (SQLiteStore, Engine) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let store = try SQLiteStore.open(path: path, create: true, simulation: true)
        for name in ["member-development", "service-request", "branch-rectification"] {
            let file = "\(workflows)/\(name).yaml"
            let source = try String(contentsOfFile: file, encoding: .utf8)
            guard let definition = WorkflowLoader.load(source: source, file: file).definition else {
                throw BenchError("\(file) does not load")
            }
            _ = try store.write { tx in try tx.deploy(definition, source: source, at: Date(timeIntervalSince1970: 0)) }
        }
        let calendarFile = "\(workflows)/calendars/cn-mainland.yaml"
        if let calendar = CalendarFile.load(
            source: try String(contentsOfFile: calendarFile, encoding: .utf8), file: calendarFile
        ).calendar {
            try store.write { tx in try tx.saveCalendars([calendar]) }
        }
        return (store, Engine(store: store, zone: zone))
    }

    /// Everyone the workloads need: one person with every role at the root, two full members.
    static func people(root: String) -> [Person] { MemberDevelopmentPath.people(root: root) }

    /// Prints one workload's result as a JSON line.
    ///
    /// - Parameters:
    ///   - workload: the workload's name (`W1`, …).
    ///   - parameters: the sizes it ran with.
    ///   - wall: its wall-clock time, in seconds.
    ///   - rate: how many `unit` it did per second, when that is its measure.
    ///   - unit: what `rate` counts.
    ///   - extra: further figures of the workload.
    ///   - peakRSS: the workload's peak, when the process went on to measure something
    ///     else (a floor) after it.
    static func report(
        _ workload: String, parameters: [String: Any], wall: Double, rate: Double?, unit: String,
        extra: [String: Any] = [:], peakRSS: Double? = nil
    ) {
        var object: [String: Any] = [
            "workload": workload, "parameters": parameters, "wall_seconds": (wall * 1000).rounded() / 1000,
            "rate": rate.map { ($0 * 10).rounded() / 10 } as Any, "rate_unit": unit,
            "peak_rss_mb": peakRSS ?? peakRSSMegabytes(), "commit": commit(),
        ]
        for (key, value) in extra { object[key] = value }
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
            print(String(decoding: data, as: UTF8.self))
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[(sorted.count - 1) / 2]
    }

    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
