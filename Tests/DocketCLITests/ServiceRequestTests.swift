import Foundation
import Testing

@Suite struct ServiceRequestTests {
    @Test("dispatch suggest ranks by skill match, then open load, and says why; --auto dispatches to the first")
    func suggest() throws {
        let docket = try DocketRunner().initialised()
        // A legal question in 东村第一网格: 李明 (法律) and 陈刚 (维修) can take it; 周红 is in another grid.
        var legal = orderArguments.map { $0 == "category=repair" ? "category=law" : $0 }
        #expect(try docket.run(legal).status == 0)
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
        // A second legal question: 李明 now carries one open case, so he still ranks first
        // for the skill, and a repair goes to 陈刚, whose skill matches.
        legal[legal.firstIndex(of: "2026-11-22T09:30")!] = "2026-11-22T11:00"
        #expect(try docket.run(legal).status == 0)
        let second = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try docket.run(["dispatch", "suggest", "SR-000002", "--json"]).stdout.utf8))
                as? [[String: Any]])
        #expect(second.first?["person"] as? String == "p-li" && second.first?["open_load"] as? Int == 1)
        var repair = orderArguments
        repair[repair.firstIndex(of: "2026-11-22T09:30")!] = "2026-11-22T11:30"
        #expect(try docket.run(repair).status == 0)
        let third = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try docket.run(["dispatch", "suggest", "SR-000003", "--json"]).stdout.utf8))
                as? [[String: Any]])
        #expect(third.first?["person"] as? String == "p-chen")
        #expect(
            try docket.run(["dispatch", "suggest", "SR-000001"]).status == 5,
            "a dispatched case cannot be dispatched again")
    }

    @Test(
        "a request is dispatched only to someone who holds the member role at its organisation or above, and so can accept it"
    )
    func dispatchOnlyToMembers() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        func dispatch(_ person: String) throws -> DocketRunner.Result {
            try docket.run([
                "case", "fire", "SR-000001", "dispatch", "--as", "p-secretary", "--at", "2026-11-22T09:45", "--set",
                "assignee=\(person)", "--json",
            ])
        }
        // 王受理 takes requests but is no member; 周红 is a member in another grid.
        for person in ["p-intake", "p-zhou"] {
            let refused = try dispatch(person)
            #expect(refused.status == 7, "\(person): \(refused.stdout)")
            let fields = try #require(
                (try DocketRunner.object(refused)["error"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(fields.map { $0["field"] as? String } == ["assignee"])
            #expect((fields.first?["problem"] as? String)?.contains("holds no 'member' role") == true)
        }
        #expect(
            try DocketRunner.object(try docket.run(["case", "show", "SR-000001", "--json"]))["state"] as? String
                == "ordered", "nothing was written")
        #expect(try dispatch("p-li").status == 0)
        #expect(
            try docket.run(["case", "fire", "SR-000001", "accept", "--as", "p-li", "--at", "2026-11-22T09:50"]).status
                == 0)
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

    @Test("the member assigned keeps their case when an unsatisfied rating escalates it above their village")
    func assigneeAfterEscalation() throws {
        let docket = try DocketRunner().initialised()
        let fire = try docket.escalatedRequest()
        let show = try DocketRunner.object(try docket.run(["case", "show", "SR-000001", "--json"]))
        #expect(
            show["org"] as? String == "dongcun" && show["state"] as? String == "in-progress",
            "the third unsatisfied rating moved it up")
        #expect(try fire(["complete", "--set", "result=镇村联合处理", "--as", "p-li"]) == 0)
        #expect(
            try fire(["complete", "--set", "result=x", "--as", "p-zhou"]) == 13, "and nobody else's role moved with it")
    }
}
