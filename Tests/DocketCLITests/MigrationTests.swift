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

    @Test(
        "a rectification case in every open state migrates to a version with a state renamed and goes on to be closed")
    func rectificationEveryState() throws {
        let docket = try DocketRunner().initialised()
        // The main path, each step's event, day and fields (Rectification.actors says who).
        let path: [(event: String, day: String, sets: [String], items: [String])] = [
            ("confirm", "2026-01-20", [], []),
            (
                "submit-plan", "2026-02-10", ["problems=书记缺位、纠纷"],
                [
                    "title=选配党支部书记; responsible=p-secretary; due=2026-04-30",
                    "title=化解土地纠纷; responsible=p-li; due=2026-06-30",
                ]
            ),
            ("assign-helpers", "2026-02-12", [Rectification.allHelpers], []),
            ("start", "2026-02-15", [], []),
            ("close-measure", "2026-06-01", ["item=M1"], []),
            ("close-measure", "2026-06-01", ["item=M2"], []),
            ("request-acceptance", "2026-06-01", [], []),
            ("township-pass", "2026-06-02", [], []),
            ("county-accept", "2026-06-10", ["score=85", "dissatisfied-votes=5", "total-votes=100"], []),
            ("follow-up", "2026-12-01", ["notes=回头看：运转正常"], []),
            ("close", "2027-06-10", [], []),
        ]
        // Stop after this many steps: nominated, designated, planned (twice), rectifying,
        // township-check, county-check, consolidating (twice).
        let stops = [0, 1, 2, 3, 4, 7, 8, 9, 10]
        var cases: [(Rectification, Int)] = []
        for stop in stops {
            let start = try docket.run([
                "case", "start", "branch-rectification", "--org", "dongcun", "--as", "p-town", "--at", "2026-01-05",
                "--set", "criteria=secretary-vacant,disputes", "--set", "evidence=书记空缺", "--json",
            ])
            try #require(start.status == 0, "\(start.stderr)")
            let r = Rectification(docket: docket, id: try #require(try DocketRunner.object(start)["id"] as? String))
            for step in path.prefix(stop) {
                try #require(try r.fire(step.event, at: step.day, step.sets, items: step.items).status == 0, "\(step)")
            }
            cases.append((r, stop))
        }
        let url = DocketRunner.packageRoot.appendingPathComponent("Workflows/branch-rectification.yaml")
        let v2 = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "\nversion: 1\n", with: "\nversion: 2\n")
            .replacingOccurrences(
                of: "(?<![-\\w])planned(?![-\\w])", with: "plan-approved", options: .regularExpression)
        try #require(try docket.run(["workflow", "deploy", try docket.write("br-v2.yaml", v2)]).status == 0)
        // Too early for the case furthest along: a case's trail goes forward.
        let early = try docket.run([
            "case", "migrate", "--workflow", "branch-rectification", "--to-version", "2", "--map",
            "planned=plan-approved", "--yes", "--at", "2026-01-05T12:00", "--json",
        ])
        #expect(early.status == 6, "\(early.stdout)")
        #expect(try DocketRunner.object(early)["cannot"] as? Int == 8, "only the case not yet designated may move")
        // The one only nominated moved then; each of the others moves at the day of its last step.
        for (r, stop) in cases where stop > 0 {
            let day = stop == 0 ? "2026-01-05" : path[stop - 1].day
            let moved = try docket.run([
                "case", "migrate", "--workflow", "branch-rectification", "--to-version", "2", "--map",
                "planned=plan-approved", "--case", r.id, "--at", "\(day)T12:00",
            ])
            #expect(moved.status == 0, "\(r.id): \(moved.stderr)")
        }
        var states = Set<String>()
        for (r, stop) in cases {
            let now = try r.show(at: "2026-01-06")
            states.insert(now["state"] as? String ?? "")
            #expect(now["version"] as? Int == 2)
            for step in path.dropFirst(stop) {
                let result = try r.fire(step.event, at: step.day, step.sets, items: step.items)
                #expect(result.status == 0, "\(r.id) after \(stop) steps, \(step.event): \(result.stderr)")
            }
            #expect(try r.show(at: "2027-06-10")["state"] as? String == "closed", "\(r.id) from step \(stop)")
        }
        #expect(
            states == [
                "nominated", "designated", "plan-approved", "rectifying", "township-check", "county-check",
                "consolidating",
            ])
        #expect(try docket.run(["audit", "verify"]).status == 0)
    }
}
