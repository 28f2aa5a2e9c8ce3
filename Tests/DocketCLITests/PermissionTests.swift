import Foundation
import Testing

/// Who may do what, as `docket` tells it (Examples/people.csv): 赵书记 (p-secretary) runs
/// 东村, 孙书记 (p-xi) 西村, 孙督查 (p-sun) supervises 城关镇 and may only read. Who may do
/// what is decided by the application layer, and tested there (DocketApplicationTests'
/// PermissionRulesTests); here are the statuses, the JSON and the words.
@Suite struct PermissionTests {
    @Test("a secretary acting on another village's case is refused with 13, its code and the roles it needs in JSON")
    func crossOrganisationWrite() throws {
        let docket = try DocketRunner().initialised()
        try #require(try docket.run(orderArguments).status == 0) // SR-000001 at 东村第一网格
        let refused = try docket.run([
            "case", "fire", "SR-000001", "dispatch", "--set", "assignee=p-li", "--as", "p-xi", "--at",
            "2026-11-22T10:00", "--json",
        ])
        #expect(refused.status == 13)
        let error = try #require(try DocketRunner.object(refused)["error"] as? [String: Any])
        #expect(
            error["code"] as? String == "permission-denied"
                && error["required_roles"] as? [String] == ["branch-dispatcher"])
    }

    @Test("audit denied lists who tried what on which case, when and why, in both languages")
    func deniedList() throws {
        let docket = try DocketRunner().initialised()
        try #require(try docket.run(orderArguments).status == 0) // SR-000001 at 东村第一网格
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
    }

    @Test("a refused event typed by its title (支部派单) is on the record by its id, as one typed by its id is")
    func deniedByTitle() throws {
        let docket = try DocketRunner().initialised()
        try #require(try docket.run(orderArguments).status == 0) // SR-000001 at 东村第一网格
        // 孙书记 holds no role over 东村 at all; 李明 is a member there but not its dispatcher.
        for person in ["p-xi", "p-li"] {
            #expect(
                try docket.run([
                    "case", "fire", "SR-000001", "支部派单", "--set", "assignee=p-li", "--as", person, "--at",
                    "2026-11-22T10:00",
                ]).status == 13)
        }
        let result = try docket.run(["audit", "denied", "--as", "p-admin", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["actor"] as? String } == ["p-xi", "p-li"])
        #expect(rows.map { $0["action"] as? String } == ["dispatch", "dispatch"], "\(rows)")
    }

    @Test("set-up by someone who is not the administrator is refused with 13, naming the administrator role")
    func administrator() throws {
        let docket = try DocketRunner().initialised()
        let orgs = try docket.write("more.csv", "id,name,parent,kind\nnancun,南村,chengguan,village\n")
        let refused = try docket.run(["org", "import", orgs, "--as", "p-secretary"])
        #expect(refused.status == 13 && refused.stderr.contains("administrator role"))
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
    @Test("tick by someone without the timekeeper's or administrator's role at the top is refused with 13, saying so")
    func tick() throws {
        let docket = try DocketRunner().initialised()
        let member = try docket.run(["tick", "--at", "2026-11-24T09:00", "--as", "p-wu", "--json"])
        #expect(member.status == 13, "\(member.stdout)")
        #expect(
            (try DocketRunner.object(member)["error"] as? [String: Any])?["message"] as? String
                == "p-wu may not run 'tick': it needs one of the roles admin, timekeeper at the top of the tree")
    }

    @Test("org tree --json is the reader's part of the tree, each organisation with its children")
    func tree() throws {
        let docket = try DocketRunner().initialised()
        let township = try docket.run(["org", "tree", "--as", "p-sun", "--json"])
        let tops = try #require(try JSONSerialization.jsonObject(with: Data(township.stdout.utf8)) as? [[String: Any]])
        #expect(tops.map { $0["id"] as? String } == ["chengguan"], "城关镇's supervisor sees 城关镇 and below")
        #expect(
            (tops.first?["children"] as? [[String: Any]])?.map { $0["id"] as? String } == ["dongcun", "xicun"])
        #expect(!township.stdout.contains("hekou"))
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
    @Test("person list, person show and org show say who holds which role where, in JSON")
    func lookups() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        #expect(
            try docket.run(dispatchArguments("SR-000001")).status == 0)
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
        // Who may look up whom is LookupRulesTests' (DocketApplicationTests).
    }
}
