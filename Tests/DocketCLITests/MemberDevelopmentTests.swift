import Foundation
import Testing

/// 发展党员 as `docket` shows it: the refusals' JSON, the position in the regulation's
/// words, and the stage report's JSON and CSV. The rules themselves, step by step, are
/// DocketApplicationTests' MemberDevelopmentRulesTests.
@Suite struct MemberDevelopmentTests {
    /// An activist of 东村 named on 2025-05-01 and imported on 2026-01-05, with mentors,
    /// filing and one assessment.
    func importedActivist(_ docket: DocketRunner) throws -> String {
        let result = try docket.run([
            "case", "import", "member-development", "--org", "dongcun", "--state", "activist", "--as", "p-admin",
            "--at", "2026-01-05",
            "--set", "name=赵敏", "--set", "birth-date=1990-02-02", "--record", "apply@2024-10-08", "--record",
            "talk@2024-10-20",
            "--record", "name-activist@2025-05-01", "--record", "file-activist@2025-05-06", "--record",
            "assign-mentors@2025-05-06",
            "--set", "mentors=p-li", "--record", "assess@2025-10-30", "--note", "由纸质档案转入", "--json",
        ])
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(try DocketRunner.object(result)["id"] as? String)
    }

    @Test(
        "a refusal in JSON gives the day a waiting period ends (status 6) and the parameter that switches a step off (status 5)"
    )
    func refusalJSON() throws {
        let docket = try DocketRunner().initialised()
        let id = try importedActivist(docket)
        let fire = ["case", "fire", id, "--as", "p-secretary"]
        #expect(try docket.run(fire + ["assess", "--at", "2026-04-20"]).status == 0)
        let early = try docket.run(fire + ["name-candidate", "--at", "2026-04-30", "--json"])
        #expect(early.status == 6)
        #expect(
            (try DocketRunner.object(early)["error"] as? [String: Any])?["possible_from"] as? String == "2026-05-01")
        let off = try docket.run(fire + ["publicize-candidate", "--at", "2026-04-30", "--json"])
        #expect(off.status == 5)
        #expect(
            (try DocketRunner.object(off)["error"] as? [String: Any])?["parameter"] as? String == "candidate-publicity")
    }

    @Test("case show says where the person stands in the regulation's own words, in JSON and in the table")
    func position() throws {
        let docket = try DocketRunner().initialised()
        let result = try docket.run([
            "case", "import", "member-development", "--org", "dongcun", "--state", "candidate", "--as", "p-admin",
            "--at", "2026-03-07", "--set", "name=王小明", "--set", "birth-date=1995-05-05", "--set", "mentors=p-li",
            "--set", "introducers=p-li,p-zhou", "--record", "apply@2025-01-06", "--record", "name-activist@2025-03-03",
            "--record", "name-candidate@2026-03-03", "--record", "assign-introducers@2026-03-06", "--json",
        ])
        try #require(result.status == 0, "\(result.stderr)")
        let id = try #require(try DocketRunner.object(result)["id"] as? String)
        let show = try DocketRunner.object(try docket.run(["case", "show", id, "--json", "--at", "2026-03-07"]))
        #expect((show["position"] as? [String: Any])?["text"] as? String == "第三阶段 发展对象的确定和考察 · 第10步 政治审查")
        let review = (show["events"] as? [[String: Any]])?.first { $0["id"] as? String == "political-review" }
        #expect(review?["missing"] as? [String] == ["review-result", "conclusion"])
        let text = try docket.run(["case", "show", id, "--lang", "zh", "--at", "2026-03-07"])
        #expect(text.stdout.contains("进度      第三阶段 发展对象的确定和考察 · 第10步 政治审查"))
    }

    @Test("report stages gives per group its stages, states and the year's outcomes in JSON, and one CSV row per state")
    func reportStages() throws {
        let docket = try DocketRunner().initialised()
        #expect(
            try docket.run([
                "case", "start", "member-development", "--org", "xicun", "--as", "p-xi", "--at", "2026-01-05",
                "--set", "name=王小明", "--set", "birth-date=1995-05-05",
            ]).status == 0)
        let result = try docket.run([
            "report", "stages", "--workflow", "member-development", "--by", "village", "--year", "2026", "--at",
            "2026-06-02", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let groups = try #require(try DocketRunner.object(result)["groups"] as? [[String: Any]])
        #expect(groups.map { $0["id"] as? String } == ["xicun"])
        let stages = try #require(groups[0]["stages"] as? [[String: Any]])
        #expect(stages.first { $0["id"] as? String == "application" }?["open"] as? Int == 1)
        let outcomes = try #require(groups[0]["outcomes_in_year"] as? [String: Int])
        #expect(outcomes["not-admitted"] == 0 && outcomes["admitted"] == 0)
        let applied = (groups[0]["states"] as? [[String: Any]])?.first { $0["id"] as? String == "applied" }
        #expect(applied?["entered_in_year"] as? Int == 1 && applied?["median_days"] is NSNull)
        // The talk was due on 2026-02-05.
        #expect(groups[0]["overdue"] as? Int == 1)
        let csv = try docket.run([
            "report", "stages", "--workflow", "member-development", "--csv", "--year", "2026", "--at", "2026-06-02",
        ])
        #expect(
            csv.stdout.hasPrefix(
                "group,group_name,stage,state,state_title,final,open,entered_in_year,median_days,group_overdue\n"))
    }
}
