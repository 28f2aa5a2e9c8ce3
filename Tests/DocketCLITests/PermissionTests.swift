import Foundation
import Testing

/// Who may do what, across the organisation tree (Examples/people.csv): 赵书记 (p-secretary)
/// runs 东村, 孙书记 (p-xi) 西村, 钱书记 (p-town) sits on the 城关镇 committee, 孙督查
/// (p-sun) supervises 城关镇 and may only read.
@Suite struct PermissionTests {
    func setUp() throws -> DocketRunner {
        let docket = try DocketRunner().initialised()
        try #require(try docket.run(orderArguments).status == 0) // SR-000001 at 东村第一网格
        var west = orderArguments
        west[west.firstIndex(of: "dongcun-g1")!] = "xicun-g1"
        try #require(try docket.run(west).status == 0) // SR-000002 at 西村第一网格
        return docket
    }

    @Test(
        "an outsider cannot tell a case outside their part from one that does not exist, nor learn its state or who could take it"
    )
    func noExistenceLeak() throws {
        let docket = try setUp()
        // 孙书记 (西村) asks after 东村's SR-000001 and after SR-000099, which is nowhere.
        for command in [["case", "show"], ["case", "history"], ["dispatch", "suggest"]] {
            let existing = try docket.run(command + ["SR-000001", "--as", "p-xi", "--json"])
            let missing = try docket.run(command + ["SR-000099", "--as", "p-xi", "--json"])
            #expect(existing.status == 13 && missing.status == 13, "\(command): \(existing.status) \(missing.status)")
            let (a, b) = (
                try DocketRunner.object(existing)["error"] as? [String: Any],
                try DocketRunner.object(missing)["error"] as? [String: Any]
            )
            #expect(a?["state"] is NSNull && b?["state"] is NSNull, "no state is named: \(a ?? [:])")
            #expect(!existing.stdout.contains("ordered") && !existing.stdout.contains("待派单"), "\(existing.stdout)")
        }
        let fire = try docket.run([
            "case", "fire", "SR-000001", "accept", "--as", "p-xi", "--at", "2026-11-22T10:00", "--lang", "zh",
        ])
        #expect(fire.status == 13 && !fire.stderr.contains("已点单待派单"), "the refusal names no state: \(fire.stderr)")
        #expect(
            try docket.run(["case", "fire", "SR-000099", "accept", "--as", "p-xi", "--at", "2026-11-22T10:00"]).status
                == 13)
        let auto = try docket.run([
            "case", "fire", "SR-000001", "dispatch", "--auto", "--as", "p-xi", "--at", "2026-11-22T10:00",
        ])
        #expect(
            auto.status == 13 && !auto.stderr.contains("李明") && !auto.stderr.contains("p-li"),
            "no candidate is shown: \(auto.stderr)")
        // Someone who sees the whole county is simply told there is no such case.
        #expect(try docket.run(["case", "show", "SR-000099", "--as", "p-admin"]).status == 4)
        let denied = try docket.run(["audit", "denied", "--as", "p-admin", "--json"])
        #expect(denied.stdout.contains("SR-000099"), "asking after a case that is not there is on record too")
    }

    @Test("a secretary may not act on another village's case; the attempt is refused with 13 and recorded")
    func crossOrganisationWrite() throws {
        let docket = try setUp()
        let refused = try docket.run([
            "case", "fire", "SR-000001", "dispatch", "--set", "assignee=p-li", "--as", "p-xi", "--at",
            "2026-11-22T10:00", "--json",
        ])
        #expect(refused.status == 13)
        let error = try #require(try DocketRunner.object(refused)["error"] as? [String: Any])
        #expect(
            error["code"] as? String == "permission-denied"
                && error["required_roles"] as? [String] == ["branch-dispatcher"])
        #expect(
            try docket.run(["case", "history", "SR-000001", "--json"]).stdout.components(separatedBy: "\"seq\"").count
                == 2, "nothing written")
        #expect(
            try docket.run([
                "case", "fire", "SR-000002", "dispatch", "--set", "assignee=p-wu", "--as", "p-xi", "--at",
                "2026-11-22T10:00",
            ]).status == 0)
        // A role held at the township covers its villages.
        #expect(
            try docket.run([
                "case", "fire", "SR-000001", "dispatch", "--set", "assignee=p-li", "--as", "p-town", "--at",
                "2026-11-22T10:05",
            ]).status == 0)
    }

    @Test("a supervisor reads everything under the township and changes nothing")
    func supervisor() throws {
        let docket = try setUp()
        let list = try docket.run(["case", "list", "--json", "--as", "p-sun"])
        let ids = (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])?.compactMap {
            $0["id"] as? String
        }
        #expect(ids == ["SR-000001", "SR-000002"])
        #expect(try docket.run(["case", "show", "SR-000002", "--as", "p-sun"]).status == 0)
        #expect(
            try docket.run([
                "case", "fire", "SR-000001", "reject", "--set", "reason=重复", "--as", "p-sun", "--at",
                "2026-11-22T10:00",
            ]).status == 13)
    }

    @Test("reads are scoped to the subtrees where the reader holds a role")
    func scopedReads() throws {
        let docket = try setUp()
        func ids(_ args: [String]) throws -> [String] {
            let result = try docket.run(args + ["--json"])
            return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])?.compactMap {
                ($0["id"] ?? $0["case"]) as? String
            } ?? []
        }
        #expect(try ids(["case", "list", "--as", "p-secretary"]) == ["SR-000001"])
        #expect(try ids(["case", "list", "--as", "p-xi"]) == ["SR-000002"])
        // Asking for the whole township narrows to the part the reader may see.
        #expect(try ids(["case", "list", "--org", "chengguan", "--as", "p-xi"]) == ["SR-000002"])
        #expect(try ids(["overdue", "--at", "2026-11-25", "--as", "p-xi"]) == ["SR-000002"])
        #expect(try ids(["overdue", "--at", "2026-11-25", "--as", "p-sun"]) == ["SR-000001", "SR-000002"])
        let other = try docket.run(["case", "show", "SR-000001", "--as", "p-xi"])
        #expect(
            other.status == 13
                && other.stderr.contains(
                    "case SR-000001: p-xi may not read this case: they hold no role at its organisation or above")
        )
        #expect(try docket.run(["case", "history", "SR-000001", "--as", "p-xi"]).status == 13)
        #expect(try docket.run(["case", "list", "--org", "hekou", "--as", "p-xi"]).status == 13)
        let report = try docket.run([
            "report", "stages", "--workflow", "service-request", "--as", "p-xi", "--at", "2026-11-25", "--json",
        ])
        let groups = try #require(try DocketRunner.object(report)["groups"] as? [[String: Any]])
        #expect(groups.map { $0["id"] as? String } == ["xicun"])
    }

    @Test("audit denied lists who tried what on which case, when and why, within the reader's scope")
    func deniedList() throws {
        let docket = try setUp()
        #expect(
            try docket.run([
                "case", "fire", "SR-000001", "dispatch", "--set", "assignee=p-li", "--as", "p-xi", "--at",
                "2026-11-22T10:00",
            ]).status == 13)
        #expect(
            try docket.run(["case", "show", "SR-000001", "--as", "p-zhou", "--at", "2026-11-22T10:01"]).status == 13)
        let result = try docket.run(["audit", "denied", "--as", "p-admin", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["actor"] as? String } == ["p-xi", "p-zhou"])
        #expect(rows.map { $0["action"] as? String } == ["dispatch", "read"])
        #expect(rows[0]["case"] as? String == "SR-000001" && rows[0]["at"] as? String == "2026-11-22T10:00:00+08:00")
        #expect(rows[0]["reason_en"] as? String == "needs one of: branch-dispatcher")
        #expect(rows[1]["reason"] as? String == "在该组织及其上级没有任何角色")
        let west = try docket.run(["audit", "denied", "--org", "xicun", "--as", "p-admin", "--json"])
        #expect(west.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test("set-up needs an administrator once there is one; before that the store is being set up")
    func administrator() throws {
        let docket = try setUp()
        let orgs = try docket.write("more.csv", "id,name,parent,kind\nnancun,南村,chengguan,village\n")
        let refused = try docket.run(["org", "import", orgs, "--as", "p-secretary"])
        #expect(refused.status == 13 && refused.stderr.contains("administrator role"))
        #expect(try docket.run(["org", "import", orgs, "--as", "p-admin"]).status == 0)
        let paper = [
            "case", "import", "service-request", "--org", "dongcun", "--state", "ordered", "--at", "2026-11-22",
        ]
        #expect(try docket.run(paper + ["--as", "p-secretary"]).status == 13)
        #expect(try docket.run(paper + ["--as", "p-admin"]).status == 0)
        #expect(
            try docket.run([
                "workflow", "configure", try docket.write("c.yaml", "service-request:\n  max-reopens: 1\n"), "--as",
                "p-sun",
            ]).status == 13)
    }
}

@Suite struct ChangeTimeTests {
    @Test(
        "a store of record takes no change dated later than the clock; reads may look ahead; a simulation store takes any --at"
    )
    func future() throws {
        let docket = try DocketRunner()
        let workflows = DocketRunner.packageRoot.appendingPathComponent("Workflows").path
        let examples = DocketRunner.packageRoot.appendingPathComponent("Examples")
        for step in [
            ["init", "--workflows", workflows],
            ["org", "import", examples.appendingPathComponent("org-tree.yaml").path],
            ["person", "import", examples.appendingPathComponent("people.csv").path],
        ] {
            try #require(try docket.run(step).status == 0)
        }
        var start = orderArguments
        start[start.firstIndex(of: "2026-11-22T09:30")!] = "2099-12-31T23:00"
        let refused = try docket.run(start + ["--json"])
        #expect(refused.status == 7, "\(refused.stdout)")
        let message = (try DocketRunner.object(refused)["error"] as? [String: Any])?["message"] as? String
        #expect(message?.contains("--simulation") == true)
        #expect(try docket.run(["tick", "--at", "2099-12-31"]).status == 7, "a tick may not fire the future either")
        let now = shanghaiMinute(Date())
        start[start.firstIndex(of: "2099-12-31T23:00")!] = now
        #expect(try docket.run(start).status == 0, "at the clock it goes in")
        #expect(try docket.run(["overdue", "--at", "2099-12-31"]).status == 0, "a read may look ahead")
        #expect(
            try docket.run(["case", "list", "--json"]).stdout.components(separatedBy: "\"id\"").count == 2,
            "only the one at the clock")
    }
}

/// The reads and runs that cover the whole tree — the timers, the trail, the tree itself,
/// the workflows — are a person's, scoped to them, and refused ones are on the record.
@Suite struct WholeTreePermissionTests {
    let nobody = ["DOCKET_ACTOR": ""]

    @Test(
        "tick runs as a person with the timekeeper's or administrator's role at the top; others are refused and recorded"
    )
    func tick() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(["tick", "--at", "2026-11-24T09:00"], environment: nobody).status == 7)
        let member = try docket.run(["tick", "--at", "2026-11-24T09:00", "--as", "p-wu", "--json"])
        #expect(member.status == 13, "\(member.stdout)")
        #expect(
            (try DocketRunner.object(member)["error"] as? [String: Any])?["message"] as? String
                == "p-wu may not run 'tick': it needs one of the roles admin, timekeeper at the top of the tree")
        #expect(try docket.run(["tick", "--at", "2026-11-24T09:00", "--as", "p-admin"]).status == 0)
        let denied = try docket.run(["audit", "denied", "--json"])
        let attempts = try #require(
            try JSONSerialization.jsonObject(with: Data(denied.stdout.utf8)) as? [[String: Any]])
        #expect(attempts.contains { $0["actor"] as? String == "p-wu" && $0["action"] as? String == "tick" })
    }

    @Test(
        "audit verify needs a role at the top of the tree; the tree and the workflows need --as, and the tree is the reader's part"
    )
    func treeTrailAndWorkflows() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(["audit", "verify"], environment: nobody).status == 7)
        #expect(try docket.run(["audit", "verify", "--as", "p-sun"]).status == 13)
        #expect(try docket.run(["audit", "verify", "--as", "p-admin"]).status == 0)
        #expect(try docket.run(["workflow", "list"], environment: nobody).status == 7)
        #expect(try docket.run(["org", "tree"], environment: nobody).status == 7)
        let township = try docket.run(["org", "tree", "--as", "p-sun", "--json"])
        let tops = try #require(try JSONSerialization.jsonObject(with: Data(township.stdout.utf8)) as? [[String: Any]])
        #expect(tops.map { $0["id"] as? String } == ["chengguan"], "城关镇's supervisor sees 城关镇 and below")
        #expect(!township.stdout.contains("hekou"))
        #expect(try docket.run(["org", "tree", "hekou", "--as", "p-sun"]).status == 13)
        #expect(try docket.run(["org", "tree", "atlantis", "--as", "p-sun"]).status == 13, "told alike")
        #expect(try docket.run(["org", "tree", "atlantis", "--as", "p-admin"]).status == 4)
    }

    @Test(
        "the member a request is assigned to still reads it, and finds it in their list, after it was escalated above them"
    )
    func assigneeReadsEscalated() throws {
        let docket = try DocketRunner().initialised()
        _ = try docket.escalatedRequest()
        let show = try docket.run(["case", "show", "SR-000001", "--as", "p-li", "--json"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(try DocketRunner.object(show)["org"] as? String == "dongcun")
        let list = try docket.run(["case", "list", "--assignee", "p-li", "--as", "p-li", "--json"])
        #expect(list.stdout.contains("SR-000001"), "\(list.stdout)")
        #expect(try docket.run(["case", "show", "SR-000001", "--as", "p-zhou"]).status == 13)
    }
}

/// `2026-12-01T20:30` for an instant, in Shanghai: the clock as `--at` takes it.
private func shanghaiMinute(_ instant: Date) -> String {
    let formatter = DateFormatter()
    formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
    formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
    return formatter.string(from: instant)
}

@Suite struct LookupTests {
    @Test("person list, person show and org show say who holds which role where, within the reader's part of the tree")
    func lookups() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        #expect(
            try docket.run([
                "case", "fire", "SR-000001", "dispatch", "--as", "p-secretary", "--at", "2026-11-22T09:45", "--set",
                "assignee=p-li",
            ]).status == 0)
        let list =
            try JSONSerialization.jsonObject(
                with: Data(try docket.run(["person", "list", "--org", "东村", "--json"]).stdout.utf8)) as? [[String: Any]]
        #expect(list?.compactMap { $0["id"] as? String } == ["p-chen", "p-li", "p-secretary", "p-zhou"])
        let members =
            try JSONSerialization.jsonObject(
                with: Data(try docket.run(["person", "list", "--role", "member", "--json"]).stdout.utf8))
            as? [[String: Any]]
        #expect(members?.count == 5)
        let li = try DocketRunner.object(try docket.run(["person", "show", "p-li", "--json"]))
        #expect(
            li["name"] as? String == "李明" && li["open_cases"] as? Int == 1
                && (li["skills"] as? [String]) == ["法律", "心理"])
        let village = try DocketRunner.object(try docket.run(["org", "show", "dongcun", "--json"]))
        #expect(village["place"] as? String == "示范县 › 城关镇 › 东村" && village["open_cases"] as? Int == 1)
        #expect((village["people"] as? [[String: Any]])?.contains { $0["person"] as? String == "p-chen" } == true)
        // 孙书记 of 西村 sees 西村 only: 东村's people are not theirs to look up.
        #expect(try docket.run(["person", "show", "p-li", "--as", "p-xi"]).status == 13)
        #expect(
            try docket.run(["person", "show", "p-nobody", "--as", "p-xi"]).status == 13,
            "alike whether or not the person exists")
        #expect(try docket.run(["person", "show", "p-nobody"]).status == 4)
        #expect(try docket.run(["org", "show", "dongcun", "--as", "p-xi"]).status == 13)
        let west =
            try JSONSerialization.jsonObject(
                with: Data(try docket.run(["person", "list", "--as", "p-xi", "--json"]).stdout.utf8))
            as? [[String: Any]]
        #expect(west?.compactMap { $0["id"] as? String } == ["p-wu", "p-xi"])
    }
}
