import Foundation
import Testing

/// The command line on a PostgreSQL store (`--db postgres://…`, here through `DOCKET_DB`):
/// the same steps answer as they do on SQLite. Runs when `DOCKET_TEST_POSTGRES` names a
/// server (scripts/test.sh starts one).
@Suite struct PostgresCLITests {
    static let server = ProcessInfo.processInfo.environment["DOCKET_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    @Test(
        "init, imports, a request started, dispatched and accepted, shown and verified: the same answers on PostgreSQL as on SQLite",
        .enabled(if: server != nil))
    func sameAsSQLite() throws {
        let server = try #require(Self.server)
        let name = "docket_cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try Self.psql(server, "CREATE DATABASE \(name)")
        defer { try? Self.psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let url = try #require(
            URL(string: server)?.deletingLastPathComponent().appendingPathComponent(name).absoluteString)
        let docket = try DocketRunner()
        let sqlite = ["DOCKET_DB": docket.folder.appendingPathComponent("d.db").path]
        let postgres = ["DOCKET_DB": url]
        let workflows = DocketRunner.packageRoot.appendingPathComponent("Workflows").path
        let examples = DocketRunner.packageRoot.appendingPathComponent("Examples")
        let steps: [[String]] = [
            ["init", "--workflows", workflows, "--at", "2026-11-01", "--simulation", "--json"],
            ["org", "import", examples.appendingPathComponent("org-tree.yaml").path, "--json"],
            ["person", "import", examples.appendingPathComponent("people.csv").path, "--json"],
            orderArguments + ["--json"],
            dispatchArguments("SR-000001") + ["--json"],
            ["case", "fire", "SR-000001", "accept", "--as", "p-li", "--at", "2026-11-22T10:00", "--json"],
            ["case", "show", "SR-000001", "--as", "p-secretary", "--at", "2026-11-22T11:00", "--json"],
            ["audit", "verify", "--as", "p-admin", "--json"],
        ]
        for step in steps {
            let onSQLite = try docket.run(step, environment: sqlite)
            let onPostgres = try docket.run(step, environment: postgres)
            #expect(onSQLite.status == 0, "\(step): \(onSQLite.stderr)")
            #expect(onPostgres.status == onSQLite.status, "\(step): \(onPostgres.stderr)")
            // The hashes cover when each entry was recorded (the wall clock, to the
            // second), which the two runs of a step need not share; all else is equal.
            #expect(Self.unhashed(onPostgres.stdout) == Self.unhashed(onSQLite.stdout), "\(step)")
        }
        // Opening it again finds the schema; a database without one is refused as not a store.
        let shown = try docket.run(["case", "show", "SR-000001", "--as", "p-li", "--json"], environment: postgres)
        #expect(try DocketRunner.object(shown)["state"] as? String == "in-progress")
        let bare = try #require(URL(string: server)?.absoluteString)
        let refused = try docket.run(["case", "list", "--json"], environment: ["DOCKET_DB": bare])
        #expect(refused.status != 0 && (refused.stdout + refused.stderr).contains("docket init"))
    }

    /// Output with every SHA-256 in hexadecimal (64 hex digits in a row) replaced by `<hash>`.
    static func unhashed(_ text: String) -> String {
        var result = ""
        var run = ""
        for character in text {
            if character.isHexDigit {
                run.append(character)
                continue
            }
            result += run.count == 64 ? "<hash>" : run
            run = ""
            result.append(character)
        }
        return result + (run.count == 64 ? "<hash>" : run)
    }

    /// Runs one statement through `psql` on the server's maintenance database.
    static func psql(_ server: String, _ statement: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = ["-q", "-v", "ON_ERROR_STOP=1", server, "-c", statement]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "psql: \(statement)")
    }
}
