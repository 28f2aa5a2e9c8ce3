import Foundation
import Testing

/// What a script reads from a refused command: the exit status, the JSON error's `code`
/// (the status's name) and, for a refusal by the rules, the refusal's own code, each
/// chosen from the failure's code.
@Suite struct ErrorCodeTests {
    @Test(
        "with --json a failure gives its status, the status's code, and a refusal's own code",
        arguments: [
            (["case", "show", "SR-404"], Int32(4), "not-found", String?.none),
            (["case", "list", "--workflow", "nothing"], Int32(4), "not-found", nil),
            (
                ["case", "fire", "SR-000001", "accept", "--as", "p-li"], Int32(5), "event-not-possible",
                "event-not-possible"
            ),
            (
                ["case", "fire", "SR-000001", "dispach", "--as", "p-secretary"], Int32(5), "event-not-possible",
                "unknown-event"
            ),
            (
                ["case", "fire", "SR-000001", "dispatch", "--as", "p-secretary", "--set", "assignee=p-ghost"], Int32(7),
                "invalid-input", "invalid-fields"
            ),
            (
                [
                    "case", "fire", "SR-000001", "dispatch", "--as", "p-secretary", "--set", "assignee=p-li", "--on",
                    "2026-11-30",
                ], Int32(7), "invalid-input", "invalid-date"
            ),
            (
                ["case", "fire", "SR-000001", "dispatch", "--as", "p-xi", "--set", "assignee=p-li"], Int32(13),
                "permission-denied", "not-permitted"
            ),
            (
                ["case", "import", "service-request", "--org", "dongcun-g1", "--state", "nowhere", "--as", "p-admin"],
                Int32(4), "not-found", "unknown-state"
            ),
            (
                ["case", "start", "service-request", "--org", "dongcun-g1", "--id", "SR-000001", "--as", "p-intake"],
                Int32(8), "conflict", nil
            ),
            (
                ["case", "start", "service-request", "--org", "dongcun-g1", "--id", "bad/id", "--as", "p-intake"],
                Int32(7), "invalid-input", nil
            ),
            (["case", "fire", "SR-000001", "dispatch", "--as", "p-nobody"], Int32(4), "not-found", nil),
        ])
    func codes(arguments: [String], status: Int32, code: String, refusal: String?) throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        let result = try docket.run(arguments + ["--at", "2026-11-23", "--json"])
        #expect(result.status == status, "\(result.stdout)")
        let error = try #require(try DocketRunner.object(result)["error"] as? [String: Any])
        #expect(error["code"] as? String == code)
        #expect(error["refusal"] as? String == refusal, "\(result.stdout)")
        #expect(result.stderr.isEmpty, "with --json the error is on stdout alone")
    }

    @Test("a timer refused during a tick is listed under failed with its refusal's code, and the tick succeeds")
    func tickRefusalCode() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        for step in [
            ["dispatch", "--set", "assignee=p-li", "--as", "p-secretary", "--at", "2026-11-22T10:00"],
            ["accept", "--as", "p-li", "--at", "2026-11-22T11:00"],
        ] {
            #expect(try docket.run(["case", "fire", "SR-000001"] + step).status == 0)
        }
        // Each day past its limit the request escalates, grid → village → township → county;
        // the county has no parent, so the fourth escalation is refused.
        let tick = try docket.run(["tick", "--at", "2027-03-01", "--json"])
        #expect(tick.status == 0, "\(tick.stdout)")
        let failed = try #require(try DocketRunner.object(tick)["failed"] as? [[String: Any]])
        #expect(failed.map { $0["refusal"] as? String } == ["no-parent-organisation"])
    }
}
