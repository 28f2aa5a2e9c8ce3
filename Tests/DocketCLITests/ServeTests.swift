import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `docket serve` as a county runs it: the same answers as the command line on the same
/// store, a clean stop on SIGTERM, a plain word when the port is taken.
@Suite struct ServeTests {
    /// A running `docket serve --port 0` on the runner's store, and the port it took
    /// (read from its first line on stderr, which says where it serves).
    final class Server: Sendable {
        let process: Process
        let port: Int
        let errors: Pipe

        init(_ runner: DocketRunner, port: Int = 0, _ more: [String] = []) throws {
            process = Process()
            process.executableURL = DocketRunner.binary
            process.arguments = ["serve", "--port", String(port)] + more
            process.currentDirectoryURL = runner.folder
            process.environment = [
                "PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8",
                "DOCKET_DB": runner.folder.appendingPathComponent("d.db").path,
            ]
            errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            // Blocks until the server says where it listens (or exits).
            var text = ""
            while !text.contains("/ (") {
                let chunk = errors.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            let address = text.split(separator: "\n").first { $0.contains("http://") } ?? ""
            let digits = address.split(separator: ":").last?.prefix { $0.isNumber } ?? ""
            self.port = Int(digits) ?? -1
            try #require(self.port > 0, "no port in: \(text)")
        }

        func stop() -> Int32 {
            process.terminate()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    func get(_ port: Int, _ path: String, token: String, now: String) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue(now, forHTTPHeaderField: "X-Docket-Now")
        request.setValue("en", forHTTPHeaderField: "Accept-Language")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test("GET /api/v1/cases/{id} answers what case show --json prints; a token reads only its person's part")
    func sameAnswers() async throws {
        let runner = try DocketRunner().initialised()
        #expect(try runner.run(orderArguments).status == 0)
        #expect(try runner.run(dispatchArguments("SR-000001")).status == 0)
        let made = try runner.run(["token", "create", "p-secretary", "--name", "test", "--json"])
        let token = try #require(try DocketRunner.object(made)["token"] as? String)
        let xiToken = try #require(
            try DocketRunner.object(runner.run(["token", "create", "p-xi", "--json"]))["token"] as? String)
        let server = try Server(runner)
        let (status, body) = try await get(
            server.port, "/api/v1/cases/SR-000001", token: token, now: "2026-11-22T10:00")
        let cli = try runner.run([
            "case", "show", "SR-000001", "--json", "--as", "p-secretary", "--at", "2026-11-22T10:00",
        ])
        #expect(status == 200 && cli.status == 0)
        #expect(body == cli.stdout, "the server and the command line answer alike")
        let (outside, _) = try await get(
            server.port, "/api/v1/cases/SR-000001", token: xiToken, now: "2026-11-22T10:00")
        let (missing, _) = try await get(
            server.port, "/api/v1/cases/SR-999999", token: xiToken, now: "2026-11-22T10:00")
        #expect(outside == 403 && missing == 403)
        // Revoked, the token stops at once, in a server that is already running.
        let listed = try runner.run(["token", "list", "p-secretary", "--json"])
        let id = try #require(
            (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])?.first?["id"]
                as? String)
        #expect(try runner.run(["token", "revoke", id]).status == 0)
        let (revoked, _) = try await get(server.port, "/api/v1/me", token: token, now: "2026-11-22T10:00")
        #expect(revoked == 401)
        #expect(server.stop() == 0, "SIGTERM stops it cleanly")
    }

    @Test("a port another server holds is refused in plain words, with the store-unavailable status")
    func portTaken() throws {
        let runner = try DocketRunner().initialised()
        let first = try Server(runner)
        let second = try runner.run(["serve", "--port", String(first.port)])
        #expect(second.status == 9 && second.stderr.contains("port \(first.port) is taken"), "\(second.stderr)")
        #expect(first.stop() == 0)
    }

    @Test(
        "serve signs a checkpoint when it starts and when it stops, if the head moved, and the trail passes through both"
    )
    func checkpoints() throws {
        let runner = try DocketRunner().initialised()
        let key = runner.folder.appendingPathComponent("county.key").path
        let file = runner.folder.appendingPathComponent("checkpoints.txt").path
        #expect(try runner.run(["audit", "keygen", "--out", key]).status == 0)
        #expect(try runner.run(orderArguments).status == 0)
        let server = try Server(
            runner, port: 0, ["--checkpoint-key", key, "--checkpoints", file, "--as", "p-admin"])
        let lines = { (try? String(contentsOfFile: file, encoding: .utf8))?.split(separator: "\n").count ?? 0 }
        #expect(lines() == 1, "signed at the start")
        #expect(try runner.run(dispatchArguments("SR-000001")).status == 0)
        #expect(server.stop() == 0)
        #expect(lines() == 2, "signed again at the stop: the head moved")
        let verified = try runner.run(["audit", "verify", "--checkpoints", file, "--public-key", key + ".pub"])
        #expect(verified.status == 0, "\(verified.stderr)")
        // Someone without a role at the top cannot make the server sign: it does not start.
        let refused = try runner.run(
            ["serve", "--port", "0", "--checkpoint-key", key, "--checkpoints", file, "--as", "p-secretary"])
        #expect(refused.status == 13, "\(refused.stderr)")
    }
}
