import ArgumentParser
import DocketCore
import DocketEngine
import DocketSQLite
import DocketSimulation
import Foundation

/// `docket-simulate`: fills a store with a month of realistic service requests, driven
/// through the engine on simulated time and deterministic from a seed (for examples).
@main
struct DocketSimulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docket-simulate", abstract: "Simulate a month of service requests on an initialised store.")

    @Option(help: "The store (env DOCKET_DB; default ./docket.db).") var db: String?
    @Option(help: "The organisation whose grids receive requests.") var org: String
    @Option(help: "The month, YYYY-MM.") var month = "2026-11"
    @Option(help: "How many requests.") var requests = 300
    @Option(help: "The random seed.") var seed: UInt64 = 7

    func run() throws {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, (1...12).contains(parts[1]) else {
            throw ValidationError("--month takes YYYY-MM, not '\(month)'")
        }
        let path = db ?? ProcessInfo.processInfo.environment["DOCKET_DB"] ?? "./docket.db"
        let store = try SQLiteStore.open(path: path, create: false)
        let zone = DeploymentZone(identifier: try store.timeZoneIdentifier()) ?? .shanghai
        var simulation = ServiceMonth(
            .init(seed: seed, requests: requests, year: parts[0], month: parts[1], organisation: org),
            engine: Engine(store: store, zone: zone))
        let tally = try simulation.run()
        print(
            "simulated \(tally.received) requests in \(month): \(tally.dispatched) dispatched, \(tally.completed) completed, \(tally.escalated) escalated"
        )
    }
}
