import Foundation
import Testing

@Suite struct ServiceRequestTests {
    @Test(
        "dispatch suggest says in the user's language why each member ranks where; --auto dispatches to the first, and a dispatched case has no suggestion (status 5)"
    )
    func suggest() throws {
        let docket = try DocketRunner().initialised()
        // A legal question in 东村第一网格: 李明 (法律) and 陈刚 (维修) can take it. The
        // ranking itself is ServiceRequestRulesTests' (DocketApplicationTests).
        #expect(try docket.run(orderArguments.map { $0 == "category=repair" ? "category=law" : $0 }).status == 0)
        let ranked = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try docket.run(["dispatch", "suggest", "SR-000001", "--json", "--lang", "zh"]).stdout.utf8))
                as? [[String: Any]])
        #expect(ranked.map { $0["person"] as? String } == ["p-li", "p-chen"])
        #expect(ranked[0]["matching_skills"] as? [String] == ["法律"] && ranked[0]["why"] as? String == "技能对口：法律；在办 0 件")
        let auto = try docket.run([
            "case", "fire", "SR-000001", "dispatch", "--auto", "--as", "p-secretary", "--at", "2026-11-22T10:00",
            "--json",
        ])
        #expect(auto.status == 0)
        #expect(try DocketRunner.object(auto)["assignee"] as? String == "p-li")
        #expect(
            try docket.run(["dispatch", "suggest", "SR-000001"]).status == 5,
            "a dispatched case cannot be dispatched again")
    }

    @Test("report service gives the three rates with the figures behind them and their formulas")
    func report() throws {
        let docket = try DocketRunner().initialised()
        // SR-000001: dispatched in 15 minutes, accepted, completed, rated satisfied (2).
        #expect(try docket.run(orderArguments).status == 0)
        for step in [
            ["dispatch", "--set", "assignee=p-li", "--as", "p-secretary", "--at", "2026-11-22T09:45"],
            ["accept", "--as", "p-li", "--at", "2026-11-22T10:00"],
            ["complete", "--set", "result=修好", "--as", "p-li", "--at", "2026-11-22T15:30"],
            ["rate", "--set", "rating=2", "--as", "p-intake", "--at", "2026-11-23T09:00"],
        ] {
            #expect(try docket.run(["case", "fire", "SR-000001"] + step).status == 0)
        }
        // SR-000002: a utility request dispatched after 3 hours (limit 2), then rated unsatisfied (5).
        var late = orderArguments
        late[late.firstIndex(of: "2026-11-22T09:30")!] = "2026-11-22T10:00"
        #expect(try docket.run(late).status == 0)
        for step in [
            ["dispatch", "--set", "assignee=p-chen", "--as", "p-secretary", "--at", "2026-11-22T13:00"],
            ["accept", "--as", "p-chen", "--at", "2026-11-22T13:10"],
            ["complete", "--set", "result=修好", "--as", "p-chen", "--at", "2026-11-22T18:00"],
            ["rate", "--set", "rating=5", "--as", "p-intake", "--at", "2026-11-23T09:00"],
        ] {
            #expect(try docket.run(["case", "fire", "SR-000002"] + step).status == 0)
        }
        let result = try docket.run([
            "report", "service", "--from", "2026-11-01", "--to", "2026-11-30", "--as", "p-sun", "--at", "2026-11-30",
            "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try DocketRunner.object(result)
        let group = try #require((json["groups"] as? [[String: Any]])?.first)
        #expect(group["received"] as? Int == 2 && group["dispatched"] as? Int == 2 && group["completed"] as? Int == 2)
        #expect(group["responded_in_time"] as? Int == 1 && group["response_rate"] as? Double == 0.5)
        #expect(
            group["solved"] as? Int == 1 && group["closed"] as? Int == 1 && group["resolution_rate"] as? Double == 1)
        #expect(
            group["satisfied"] as? Int == 1 && group["ratings"] as? Int == 2
                && group["satisfaction_rate"] as? Double == 0.5)
        #expect((group["time_to_dispatch"] as? [String: Any])?["median_hours"] as? Double == 0.25)
        #expect((group["top_members"] as? [[String: Any]])?.map { $0["person"] as? String } == ["p-chen", "p-li"])
        #expect((json["formulas"] as? [String: String])?["response_rate"]?.hasPrefix("响应率 = ") == true)
        let text = try docket.run([
            "report", "service", "--from", "2026-11-01", "--to", "2026-11-30", "--as", "p-sun", "--at", "2026-11-30",
            "--lang", "zh",
        ])
        #expect(text.stdout.contains("50.0% (1/2)") && text.stdout.contains("解决率 = 解决后关闭的件数 ÷ 已关闭件数"))
    }
}
