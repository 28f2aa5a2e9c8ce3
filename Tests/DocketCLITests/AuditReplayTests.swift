import Foundation
import Testing

/// `audit verify` replays every case from its trail and compares it with the case's row:
/// a row changed behind the trail's back fails with status 10, naming the case.
@Suite struct AuditReplayTests {
    /// Two requests, the first dispatched to 李明 (p-li).
    private static func twoRequests() throws -> DocketRunner {
        let docket = try DocketRunner().initialised()
        for _ in 0..<2 { try #require(try docket.run(orderArguments).status == 0) }
        try #require(try docket.run(dispatchArguments("SR-000001")).status == 0)
        return docket
    }

    /// Runs one SQL statement on the store's SQLite file, as someone with write access would.
    private static func tamper(_ docket: DocketRunner, _ sql: String) throws {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()",
            docket.folder.appendingPathComponent("d.db").path, sql,
        ]
        try python.run()
        python.waitUntilExit()
        try #require(python.terminationStatus == 0)
    }

    @Test("an untouched store: the chain is intact, its head told in full, and every case's row agrees with its trail")
    func untouched() throws {
        let docket = try Self.twoRequests()
        let text = try docket.run(["audit", "verify"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("audit chain intact: 3 entries verified, head 3 · "), "\(text.stdout)")
        #expect(text.stdout.contains("2 case(s) replayed from the trail: their rows agree with it"), "\(text.stdout)")
        let json = try DocketRunner.object(try docket.run(["audit", "verify", "--json"]))
        let head = try #require(json["head"] as? [String: Any])
        #expect(head["seq"] as? Int == 3 && (head["hash"] as? String)?.count == 64)
        #expect(text.stdout.contains(head["hash"] as? String ?? "-"), "the text gives the whole hash")
        #expect(json["cases_replayed"] as? Int == 2 && json["cases_state_only"] as? Int == 0)
    }

    @Test("a case's state changed in the cases table only fails verify, naming the case and both states")
    func stateChanged() throws {
        let docket = try Self.twoRequests()
        try Self.tamper(docket, "UPDATE cases SET state = 'completed' WHERE id = 'SR-000001'")
        let text = try docket.run(["audit", "verify"])
        #expect(text.status == 10)
        #expect(
            text.stderr.contains(
                "case SR-000001 disagrees with its trail: its state is 'completed', the trail's 'dispatched'"),
            "\(text.stderr)")
        #expect(text.stderr.contains("1 case(s) in the store disagree with the trail"), "\(text.stderr)")
        let chinese = try docket.run(["audit", "verify", "--lang", "zh"])
        #expect(chinese.stderr.contains("案件 SR-000001 与审计链不符：状态为「completed」，审计链为「dispatched」"), "\(chinese.stderr)")

        let json = try docket.run(["audit", "verify", "--json"])
        #expect(json.status == 10)
        let error = try #require(try DocketRunner.object(json)["error"] as? [String: Any])
        #expect(error["code"] as? String != nil && error["disagreeing"] as? Int == 1)
        let cases = try #require(error["cases"] as? [[String: Any]])
        #expect(cases.count == 1 && cases[0]["case"] as? String == "SR-000001")
        let difference = try #require((cases[0]["differences"] as? [[String: Any]])?.first)
        #expect(
            difference["what"] as? String == "state" && difference["row"] as? String == "completed"
                && difference["trail"] as? String == "dispatched")
        #expect((error["head"] as? [String: Any])?["seq"] as? Int == 3)
    }

    @Test("a request's assignee changed in the cases table only fails verify, naming the case and both people")
    func assigneeChanged() throws {
        let docket = try Self.twoRequests()
        try Self.tamper(docket, "UPDATE cases SET assignee = 'p-intake' WHERE id = 'SR-000001'")
        let text = try docket.run(["audit", "verify"])
        #expect(text.status == 10)
        #expect(
            text.stderr.contains(
                "case SR-000001 disagrees with its trail: its assignee is 'p-intake', the trail's 'p-li'"),
            "\(text.stderr)")
        #expect(!text.stderr.contains("SR-000002"), "the untouched case is not named")
    }
}
