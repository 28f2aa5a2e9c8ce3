import Foundation
import Testing

/// One branch's rectification case, driven through `docket` (Examples/people.csv: 钱书记
/// p-town is on the 城关镇 committee, 县委副书记 p-county on the county committee, the
/// county organisation department p-admin, 赵书记 p-secretary the 东村 branch secretary).
///
/// The workflow's rules, step by step, are DocketApplicationTests' RectificationRulesTests;
/// here are the campaign and grading files and what `docket` prints of them.
struct Rectification {
    let docket: DocketRunner
    let id: String

    static let actors = [
        "nominate": "p-town", "confirm": "p-county", "dismiss": "p-county", "submit-plan": "p-secretary",
        "assign-helpers": "p-town",
        "start": "p-secretary", "report-progress": "p-secretary", "close-measure": "p-secretary",
        "request-acceptance": "p-secretary",
        "township-pass": "p-town", "township-fail": "p-town", "county-accept": "p-admin", "follow-up": "p-admin",
        "close": "p-admin",
        "relapse": "p-county",
    ]

    static let allHelpers = "helpers=county-leader,township-leader,first-secretary,paired-unit"

    @discardableResult
    func fire(_ event: String, at day: String, _ sets: [String] = [], items: [String] = [], extra: [String] = []) throws
        -> DocketRunner.Result
    {
        try docket.run(
            ["case", "fire", id, event, "--as", Self.actors[event] ?? "p-admin", "--at", day]
                + sets.flatMap { ["--set", $0] }
                + items.flatMap { ["--item", $0] } + extra)
    }

    func show(at day: String) throws -> [String: Any] {
        try DocketRunner.object(try docket.run(["case", "show", id, "--json", "--at", day]))
    }
}

@Suite struct CampaignTests {
    @Test("a campaign file with bad rows starts nothing and names every bad row by its line")
    func badFile() throws {
        let docket = try DocketRunner().initialised()
        let file = try docket.write(
            "orgs.csv",
            """
            org,criteria,evidence
            dongcun,secretary-vacant;disputes,书记空缺
            atlantis,disputes,x
            xicun,secretary-gone,y
            dongcun,disputes,z
            hekoucun,,w
            """)
        let result = try docket.run([
            "campaign", "start", "2026年度整顿", "--workflow", "branch-rectification", "--orgs", file, "--as", "p-admin",
            "--at", "2026-01-10",
        ])
        #expect(result.status == 11)
        for expected in [
            "orgs.csv:3: error: no organisation 'atlantis'",
            "orgs.csv:4: error: new case: the input of 'nominate' is not valid",
            "'secretary-gone' is not one of the choices",
            "orgs.csv:5: error: organisation 'dongcun' is listed twice (first at line 2)",
            "orgs.csv:6: error: new case: the input of 'nominate' is not valid",
        ] {
            #expect(result.stderr.contains(expected), "\(expected)")
        }
        #expect(
            try docket.run(["case", "list", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        #expect(
            try docket.run(["campaign", "list", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == "[]")
    }

    @Test("a good campaign starts one case per organisation, and status counts them per township")
    func startAndStatus() throws {
        let docket = try DocketRunner().initialised()
        let file = try docket.write(
            "orgs.yaml",
            """
            - {org: dongcun, criteria: [secretary-vacant, disputes], evidence: 书记空缺}
            - {org: xicun, criteria: [life-not-held], evidence: 组织生活不正常}
            - {org: hekoucun, criteria: [last-in-assessment], evidence: 年度考核末位}
            """)
        let result = try docket.run([
            "campaign", "start", "2026年度整顿", "--workflow", "branch-rectification", "--orgs", file, "--as", "p-admin",
            "--at", "2026-01-10", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try DocketRunner.object(result)["cases"] as? [String] == ["BR-000001", "BR-000002", "BR-000003"])
        let again = try docket.run([
            "campaign", "start", "另一次", "--workflow", "branch-rectification", "--orgs", file, "--as", "p-admin", "--at",
            "2026-01-11",
        ])
        #expect(again.status == 11 && again.stderr.contains("already has an open branch-rectification case"))
        // Campaign cases are ordinary cases.
        let r = Rectification(docket: docket, id: "BR-000001")
        #expect(try r.fire("confirm", at: "2026-01-20").status == 0)
        let status = try docket.run([
            "campaign", "status", "2026年度整顿", "--by", "township", "--json", "--at", "2026-02-25",
        ])
        let groups = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        #expect(groups.map { $0["id"] as? String } == ["chengguan", "hekou"])
        #expect(
            (groups[0]["stages"] as? [String: Int])?["planning"] == 1
                && (groups[0]["stages"] as? [String: Int])?["screening"] == 1)
        #expect(groups[0]["overdue"] as? Int == 1, "the plan of BR-000001 was due on 2026-02-20")
        #expect((groups[0]["rounds"] as? [String: Int])?["1"] == 1)
        let byTitle = try docket.run([
            "campaign", "status", "2026年度整顿", "--by", "乡镇", "--json", "--at", "2026-02-25",
        ])
        #expect(byTitle.stdout == status.stdout, "乡镇 groups as township does, as --by of the reports")
        // As a clerk opens it in Excel: a byte-order mark, Chinese headers, a row per campaign.
        let listed = try docket.run(["campaign", "list", "--csv", "--lang", "zh"])
        #expect(listed.stdoutBytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let rows = listed.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first == "名称,工作流,启动时间,启动人,案件数", "\(rows)")
        #expect(
            rows.count == 2 && rows[1].hasPrefix("2026年度整顿,branch-rectification,") && rows[1].hasSuffix(",p-admin,3"))
        let scoped = try docket.run(["campaign", "status", "2026年度整顿", "--as", "p-sun", "--json", "--at", "2026-02-25"])
        #expect(
            (try JSONSerialization.jsonObject(with: Data(scoped.stdout.utf8)) as? [[String: Any]])?.map {
                $0["cases"] as? Int
            } == [2])
    }
}

@Suite struct GradingTests {
    @Test(
        "grading import names every bad row by its line; grading list --lowest and a grading campaign, whose cases record the grade as evidence"
    )
    func grading() throws {
        let docket = try DocketRunner().initialised()
        let bad = try docket.write("bad.csv", "org,score\ndongcun,92\nnowhere,50\nxicun,101\nxicun,40\n")
        let refused = try docket.run(["grading", "import", bad, "--year", "2025"])
        #expect(
            refused.status == 11
                && refused.stderr.contains("bad.csv:4:1: error: the score 101.0 is not between 0 and 100"))
        #expect(refused.stderr.contains("bad.csv:5:1: error: organisation 'xicun' is listed twice (first at line 4)"))
        let scores = try docket.write("scores.csv", "org,score\ndongcun,92\nxicun,55.5\nhekoucun,48\ndongcun-g1,80\n")
        #expect(try docket.run(["grading", "import", scores, "--year", "2025"]).status == 0)
        #expect(
            try docket.run([
                "case", "start", "branch-rectification", "--org", "xicun", "--as", "p-town", "--at", "2026-01-05",
                "--set", "criteria=disputes", "--set", "evidence=e",
            ]).status == 0)
        func grades(_ args: [String]) throws -> [[String: Any]] {
            try #require(
                try JSONSerialization.jsonObject(
                    with: Data(
                        try docket.run(["grading", "list", "--year", "2025", "--json", "--at", "2026-01-10"] + args)
                            .stdout.utf8)) as? [[String: Any]])
        }
        // The grades themselves are GradingRulesTests' (DocketApplicationTests).
        let lowest = try grades(["--lowest"])
        #expect(
            lowest.map { $0["org"] as? String } == ["hekoucun", "xicun"]
                && lowest[1]["open_case"] as? String == "BR-000001")
        let csv = try docket.run(["grading", "list", "--year", "2025", "--lowest", "--csv", "--at", "2026-01-10"])
        #expect(
            csv.stdout.split(separator: "\n").map(String.init) == [
                "org,name,score,grade,grade_title,open_case", "hekoucun,河口村,48.0,backward,后进,",
                "xicun,西村,55.5,backward,后进,BR-000001",
            ])
        let campaign = try docket.run([
            "grading", "campaign", "2026后进整顿", "--year", "2025", "--as", "p-admin", "--at", "2026-01-10", "--json",
        ])
        #expect(try DocketRunner.object(campaign)["cases"] as? [String] == ["BR-000002"])
        let show = try DocketRunner.object(try docket.run(["case", "show", "BR-000002", "--json"]))
        #expect(show["org"] as? String == "hekoucun" && show["campaign"] as? String == "2026后进整顿")
        #expect((show["data"] as? [String: Any])?["evidence"] as? String == "2025年分类定级为后进（得分 48.0）")
    }
}
