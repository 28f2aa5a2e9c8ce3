import Foundation
import Testing

/// `case migrate`: running cases follow a new version of their workflow, checked first,
/// each moved in its own transaction on the trail.
@Suite struct MigrationTests {
    /// Version 2 of service-request as a county might write it: `in-progress` renamed
    /// `handling`, the field `phone` renamed `contact` (so the old values are the old
    /// version's alone).
    static func serviceRequestV2() throws -> String {
        let url = DocketRunner.packageRoot.appendingPathComponent("Workflows/service-request.yaml")
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "\nversion: 1\n", with: "\nversion: 2\n")
        for (old, new) in [("in-progress", "handling"), ("phone", "contact")] {
            text = text.replacingOccurrences(
                of: "(?<![-\\w])\(old)(?![-\\w])", with: new, options: .regularExpression)
        }
        return text
    }

    /// Four requests, one in each open state: ordered, dispatched, in-progress, completed.
    func fourOpenRequests() throws -> DocketRunner {
        let docket = try DocketRunner().initialised()
        for _ in 0..<4 { try #require(try docket.run(orderArguments).status == 0) }
        var minute = 10
        func fire(_ id: String, _ args: [String]) throws {
            minute += 1
            try #require(
                try docket.run(["case", "fire", id] + args + ["--at", "2026-11-22T10:\(minute)"]).status == 0)
        }
        for id in ["SR-000002", "SR-000003", "SR-000004"] {
            try fire(id, ["dispatch", "--set", "assignee=p-li", "--as", "p-secretary"])
        }
        for id in ["SR-000003", "SR-000004"] { try fire(id, ["accept", "--as", "p-li"]) }
        try fire("SR-000004", ["complete", "--set", "result=已修好", "--as", "p-li"])
        let v2 = try docket.write("service-request-v2.yaml", try Self.serviceRequestV2())
        try #require(try docket.run(["workflow", "deploy", v2]).status == 0)
        return docket
    }

    func show(_ docket: DocketRunner, _ id: String) throws -> [String: Any] {
        try DocketRunner.object(try docket.run(["case", "show", id, "--json", "--at", "2026-11-23T09:00"]))
    }

    @Test("a state the new version lacks is refused at the dry run, naming it; nothing is written")
    func unmappable() throws {
        let docket = try fourOpenRequests()
        let dry = try docket.run([
            "case", "migrate", "--workflow", "service-request", "--to-version", "2", "--at", "2026-11-23T09:00",
            "--json",
        ])
        #expect(dry.status == 6, "\(dry.stderr)")
        let result = try DocketRunner.object(dry)
        #expect(result["dry_run"] as? Bool == true && result["moved"] as? Int == 3 && result["cannot"] as? Int == 1)
        let cases = try #require(result["cases"] as? [[String: Any]])
        let refused = try #require(cases.first { $0["case"] as? String == "SR-000003" })
        #expect(
            refused["reason_en"] as? String
                == "the new version has no state 'in-progress': say where it goes with --map in-progress=NEW")
        #expect(try show(docket, "SR-000003")["version"] as? Int == 1, "a dry run writes nothing")
        #expect(try show(docket, "SR-000001")["version"] as? Int == 1)
    }

    @Test("every open state moves with --map, goes on to its end under the new version's rules, and the trail verifies")
    func moveAndFinish() throws {
        let docket = try fourOpenRequests()
        let before = try docket.run(["case", "history", "SR-000004", "--json"]).stdout
        let moved = try docket.run([
            "case", "migrate", "--workflow", "service-request", "--to-version", "2", "--map", "in-progress=handling",
            "--yes", "--at", "2026-11-23T09:00", "--json",
        ])
        #expect(moved.status == 0, "\(moved.stderr)")
        let result = try DocketRunner.object(moved)
        #expect(result["moved"] as? Int == 4 && result["dry_run"] as? Bool == false)
        let cases = try #require(result["cases"] as? [[String: Any]])
        #expect(cases.allSatisfy { $0["outcome"] as? String == "moved" && $0["audit_seq"] as? Int != nil })
        #expect(cases.allSatisfy { ($0["removed_fields"] as? [String]) == ["phone"] }, "phone is v1's field")
        for (id, state) in [
            ("SR-000001", "ordered"), ("SR-000002", "dispatched"), ("SR-000003", "handling"),
            ("SR-000004", "completed"),
        ] {
            let now = try show(docket, id)
            #expect(now["version"] as? Int == 2 && now["state"] as? String == state, "\(id): \(now)")
        }
        // The old value is on the trail, with the move.
        let history = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try docket.run(["case", "history", "SR-000004", "--json"]).stdout.utf8)) as? [[String: Any]])
        let migrate = try #require(history.last)
        #expect(migrate["event"] as? String == "migrate")
        #expect((migrate["data"] as? [String: Any])?["removed:phone"] as? String == "13800000000")
        #expect((migrate["data"] as? [String: Any])?["to-version"] as? Int == 2)
        #expect(before.count < (try docket.run(["case", "history", "SR-000004", "--json"]).stdout.count))
        // Steps taken under version 1 are named as version 1 named them.
        let text = try docket.run(["case", "history", "SR-000003"]).stdout
        #expect(text.contains("Dispatched → In progress") && !text.contains("→ in-progress"), "\(text)")
        // Each goes on to a final state under version 2.
        var minute = 10
        func fire(_ id: String, _ args: [String]) throws -> Int32 {
            minute += 1
            return try docket.run(["case", "fire", id] + args + ["--at", "2026-11-23T10:\(minute)"]).status
        }
        #expect(try fire("SR-000001", ["dispatch", "--set", "assignee=p-li", "--as", "p-secretary"]) == 0)
        for id in ["SR-000001", "SR-000002"] { #expect(try fire(id, ["accept", "--as", "p-li"]) == 0) }
        for id in ["SR-000001", "SR-000002", "SR-000003"] {
            #expect(try fire(id, ["complete", "--set", "result=已办", "--as", "p-li"]) == 0)
        }
        for id in ["SR-000001", "SR-000002", "SR-000003", "SR-000004"] {
            #expect(try fire(id, ["rate", "--set", "rating=1", "--as", "p-intake"]) == 0)
            #expect(try show(docket, id)["state"] as? String == "closed")
        }
        #expect(try docket.run(["audit", "verify"]).status == 0)
    }

    @Test(
        "one case moves without --yes; a second run finds nothing left to move; a map to a state v2 lacks is refused up front"
    )
    func oneCaseAndBadMap() throws {
        let docket = try fourOpenRequests()
        let one = try docket.run([
            "case", "migrate", "--workflow", "service-request", "--to-version", "2", "--case", "SR-000001", "--at",
            "2026-11-23T09:00",
        ])
        #expect(one.status == 0 && one.stdout.contains("SR-000001  ordered → ordered  v1 → v2"), "\(one.stdout)")
        #expect(try show(docket, "SR-000001")["version"] as? Int == 2)
        let bad = try docket.run([
            "case", "migrate", "--workflow", "service-request", "--to-version", "2", "--map", "in-progress=handlng",
            "--yes", "--at", "2026-11-23T09:00",
        ])
        #expect(bad.status == 4 && bad.stderr.contains("no state 'handlng'; did you mean 'handling'?"), "\(bad.stderr)")
        #expect(try show(docket, "SR-000002")["version"] as? Int == 1, "nothing was moved")
        let clerk = try docket.run([
            "case", "migrate", "--workflow", "service-request", "--to-version", "2", "--case", "SR-000002", "--as",
            "p-secretary", "--at", "2026-11-23T09:00",
        ])
        #expect(clerk.status == 13, "set-up work is the administrator's")
        let rest = try docket.run([
            "case", "migrate", "--workflow", "service-request", "--to-version", "2", "--map", "in-progress=handling",
            "--yes", "--at", "2026-11-23T09:00", "--json",
        ])
        #expect(try DocketRunner.object(rest)["moved"] as? Int == 3, "the case already moved is not listed again")
    }
}
