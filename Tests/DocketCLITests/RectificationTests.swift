import Foundation
import Testing

/// One branch's rectification case, driven through `docket` (Examples/people.csv: 钱书记
/// p-town is on the 城关镇 committee, 县委副书记 p-county on the county committee, the
/// county organisation department p-admin, 赵书记 p-secretary the 东村 branch secretary).
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

    /// Nominated 2026-01-05, designated 2026-01-20, planned 2026-02-10 with two measures,
    /// helpers on 2026-02-12, rectifying from 2026-02-15.
    static func rectifying(_ docket: DocketRunner? = nil) throws -> Rectification {
        let docket = try docket ?? DocketRunner().initialised()
        let start = try docket.run([
            "case", "start", "branch-rectification", "--org", "dongcun", "--as", "p-town", "--at", "2026-01-05",
            "--set", "criteria=secretary-vacant,disputes", "--set", "evidence=书记空缺四个月，土地纠纷集中", "--json",
        ])
        try #require(start.status == 0, "\(start.stderr)")
        let r = Rectification(docket: docket, id: try #require(try DocketRunner.object(start)["id"] as? String))
        try #require(try r.fire("confirm", at: "2026-01-20").status == 0)
        let plan = try r.fire(
            "submit-plan", at: "2026-02-10", ["problems=书记缺位、纠纷"],
            items: [
                "title=选配党支部书记; responsible=p-secretary; due=2026-04-30",
                "title=化解土地纠纷; responsible=p-li; due=2026-06-30",
            ])
        try #require(plan.status == 0, "\(plan.stderr)")
        try #require(try r.fire("assign-helpers", at: "2026-02-12", [allHelpers]).status == 0)
        try #require(try r.fire("start", at: "2026-02-15").status == 0)
        return r
    }

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

    func overdue(at day: String) throws -> [String] {
        let rows =
            try JSONSerialization.jsonObject(
                with: Data(try docket.run(["overdue", "--json", "--at", day]).stdout.utf8)) as? [[String: Any]] ?? []
        return rows.filter { $0["case"] as? String == id }.compactMap { $0["deadline"] as? String }
    }

    /// Closes both measures, passes the township check and reaches the county.
    func throughTownship(at day: String) throws {
        for item in ["M1", "M2"] { try #require(try fire("close-measure", at: day, ["item=\(item)"]).status == 0) }
        try #require(try fire("request-acceptance", at: day).status == 0)
        try #require(try fire("township-pass", at: day).status == 0)
    }
}

/// 软弱涣散基层党组织整顿, rule by rule (shared/DOMAIN.md §2).
@Suite struct RectificationTests {
    @Test("nomination needs criteria from the list and evidence; the county confirms or clears")
    func nominateAndDecide() throws {
        let docket = try DocketRunner().initialised()
        let base = ["case", "start", "branch-rectification", "--org", "xicun", "--as", "p-town", "--at", "2026-01-05"]
        let unknown = try docket.run(base + ["--set", "criteria=secretary-gone", "--set", "evidence=x"])
        #expect(unknown.status == 7 && unknown.stderr.contains("'secretary-gone' is not one of the choices"))
        #expect(try docket.run(base + ["--set", "evidence=x"]).stderr.contains("criteria: required"))
        #expect(try docket.run(base + ["--set", "criteria=life-not-held", "--set", "evidence=组织生活不正常"]).status == 0)
        let cleared = Rectification(docket: docket, id: "BR-000001")
        #expect(
            try cleared.fire("confirm", at: "2026-01-20", extra: ["--as", "p-town"]).status == 13,
            "the township does not designate")
        #expect(try cleared.fire("dismiss", at: "2026-01-20", ["reason=经研判情况已好转"]).status == 0)
        #expect(try cleared.show(at: "2026-01-20")["state"] as? String == "cleared")
    }

    @Test("the plan lists measures, each with a responsible person and a deadline, and is due within a month")
    func plan() throws {
        let docket = try DocketRunner().initialised()
        #expect(
            try docket.run([
                "case", "start", "branch-rectification", "--org", "dongcun", "--as", "p-town", "--at", "2026-01-05",
                "--set", "criteria=disputes", "--set", "evidence=e",
            ]).status == 0)
        let r = Rectification(docket: docket, id: "BR-000001")
        #expect(try r.fire("confirm", at: "2026-01-20").status == 0)
        #expect(try r.overdue(at: "2026-02-20T23:59") == [])
        #expect(try r.overdue(at: "2026-02-21") == ["plan-due"])
        let none = try r.fire("submit-plan", at: "2026-02-21", ["problems=p"])
        #expect(none.status == 7 && none.stderr.contains("measures: 0 item(s) given"))
        let bad = try r.fire(
            "submit-plan", at: "2026-02-21", ["problems=p"], items: ["title=修路; responsible=p-ghost; due=2026-13-01"])
        #expect(
            bad.stderr.contains("measures[1].due: '2026-13-01' is not valid")
                && bad.stderr.contains("measures[1].responsible: no person 'p-ghost'"))
        #expect(
            try r.fire("submit-plan", at: "2026-02-21", ["problems=p"], items: ["title=修路; responsible=p-li"]).stderr
                .contains("measures[1].due: required"))
        #expect(
            try r.fire(
                "submit-plan", at: "2026-02-21", ["problems=p"], items: ["title=修路; responsible=p-li; due=2026-05-01"]
            ).status == 0)
        let measures = try #require((try r.show(at: "2026-02-21")["items"] as? [String: [[String: Any]]])?["measures"])
        #expect(measures.map { $0["id"] as? String } == ["M1"] && measures[0]["open"] as? Bool == true)
    }

    @Test("rectification starts only with all four helpers (四个一) in place")
    func helpers() throws {
        let docket = try DocketRunner().initialised()
        #expect(
            try docket.run([
                "case", "start", "branch-rectification", "--org", "dongcun", "--as", "p-town", "--at", "2026-01-05",
                "--set", "criteria=disputes", "--set", "evidence=e",
            ]).status == 0)
        let r = Rectification(docket: docket, id: "BR-000001")
        #expect(try r.fire("confirm", at: "2026-01-20").status == 0)
        #expect(
            try r.fire(
                "submit-plan", at: "2026-02-01", ["problems=p"], items: ["title=修路; responsible=p-li; due=2026-05-01"]
            ).status == 0)
        #expect(try r.fire("start", at: "2026-02-02").stderr.contains("helpers (\"four ones\") must all be in place"))
        #expect(
            try r.fire("assign-helpers", at: "2026-02-03", ["helpers=county-leader,township-leader,first-secretary"])
                .status == 0)
        #expect(try r.fire("start", at: "2026-02-04").status == 6, "three of four is not enough")
        #expect(try r.fire("assign-helpers", at: "2026-02-05", [Rectification.allHelpers]).status == 0)
        #expect(try r.fire("start", at: "2026-02-06").status == 0)
    }

    @Test("progress is reported monthly, and each measure is overdue on its own date")
    func duties() throws {
        let r = try Rectification.rectifying()
        #expect(try r.overdue(at: "2026-03-15T23:59") == [])
        #expect(try r.overdue(at: "2026-03-16") == ["monthly-progress"])
        #expect(try r.fire("report-progress", at: "2026-03-16", ["progress=已选配书记人选"]).status == 0)
        // The next report fell due on 16 April; the first measure on 30 April.
        #expect(try r.overdue(at: "2026-05-01") == ["monthly-progress", "measures/M1"])
        let rows =
            try JSONSerialization.jsonObject(
                with: Data(try r.docket.run(["overdue", "--json", "--at", "2026-05-01"]).stdout.utf8))
            as? [[String: Any]]
        #expect(
            rows?.first { $0["deadline"] as? String == "measures/M1" }?["deadline_title"] as? String == "整改措施：选配党支部书记")
    }

    @Test("measures are closed one by one, and acceptance is requested only when every one is closed")
    func closeMeasures() throws {
        let r = try Rectification.rectifying()
        let early = try r.fire("request-acceptance", at: "2026-04-01", extra: ["--json"])
        #expect(early.status == 6)
        #expect(
            (try DocketRunner.object(early)["error"] as? [String: Any])?["values"] as? [String: String] == [
                "open(measures)": "2/2"
            ])
        #expect(
            try r.fire("close-measure", at: "2026-04-01", ["item=M3"]).stderr.contains(
                "'M3' is not one of the choices (M1, M2)"))
        #expect(try r.fire("close-measure", at: "2026-04-01", ["item=M1"]).status == 0)
        #expect(
            try r.fire("close-measure", at: "2026-04-02", ["item=M1"]).stderr.contains(
                "'M1' is not one of the choices (M2)"))
        #expect(try r.fire("request-acceptance", at: "2026-04-02").status == 6)
        #expect(try r.fire("close-measure", at: "2026-04-02", ["item=M2"]).status == 0)
        #expect(try r.fire("request-acceptance", at: "2026-04-03").status == 0)
        #expect(try r.show(at: "2026-04-03")["state"] as? String == "township-check")
    }

    @Test("a failed township check sends the case back to rectifying")
    func townshipFail() throws {
        let r = try Rectification.rectifying()
        for item in ["M1", "M2"] {
            #expect(try r.fire("close-measure", at: "2026-04-01", ["item=\(item)"]).status == 0)
        }
        #expect(try r.fire("request-acceptance", at: "2026-04-01").status == 0)
        #expect(try r.fire("township-fail", at: "2026-04-05", ["reason=纠纷未真正化解"]).status == 0)
        #expect(try r.show(at: "2026-04-05")["state"] as? String == "rectifying")
    }

    @Test(
        "the county accepts with a score of at least 70 and no more than half dissatisfied; otherwise a new round with a new deadline"
    )
    func countyAcceptance() throws {
        let cases: [(score: String, dissatisfied: String, passes: Bool)] = [
            ("70", "50", true), ("69.5", "10", false), ("95", "51", false), ("80", "0", true),
        ]
        for example in cases {
            let r = try Rectification.rectifying()
            try r.throughTownship(at: "2026-06-01")
            let result = try r.fire(
                "county-accept", at: "2026-06-10",
                ["score=\(example.score)", "dissatisfied-votes=\(example.dissatisfied)", "total-votes=100"])
            #expect(result.status == 0, "\(result.stderr)")
            let show = try r.show(at: "2026-06-10")
            let data = try #require(show["data"] as? [String: Any])
            if example.passes {
                #expect(show["state"] as? String == "consolidating" && data["accepted-on"] as? String == "2026-06-10")
            } else {
                #expect(
                    show["state"] as? String == "rectifying" && data["round"] as? Int == 2
                        && data["round-started-on"] as? String == "2026-06-10")
                let deadline = (show["deadlines"] as? [[String: Any]])?.first { $0["id"] as? String == "round-due" }
                #expect(deadline?["due"] as? String == "2026-12-10", "a new round of six months")
            }
        }
        let r = try Rectification.rectifying()
        try r.throughTownship(at: "2026-06-01")
        #expect(
            try r.fire("county-accept", at: "2026-06-10", ["score=80", "dissatisfied-votes=101", "total-votes=100"])
                .stderr.contains("cannot exceed the total"))
    }

    @Test("the case is closed only after the follow-up year; a relapse reopens rectification")
    func followUpAndRelapse() throws {
        let r = try Rectification.rectifying()
        try r.throughTownship(at: "2026-06-01")
        #expect(
            try r.fire("county-accept", at: "2026-06-10", ["score=85", "dissatisfied-votes=5", "total-votes=100"])
                .status == 0)
        #expect(try r.fire("follow-up", at: "2026-12-01", ["notes=回头看：运转正常"]).status == 0)
        let early = try r.fire("close", at: "2027-06-09", extra: ["--json"])
        #expect(
            (try DocketRunner.object(early)["error"] as? [String: Any])?["possible_from"] as? String == "2027-06-10")
        let other = try Rectification.rectifying()
        try other.throughTownship(at: "2026-06-01")
        #expect(
            try other.fire("county-accept", at: "2026-06-10", ["score=85", "dissatisfied-votes=5", "total-votes=100"])
                .status == 0)
        #expect(try other.fire("relapse", at: "2026-09-01", ["reason=书记又缺位"]).status == 0)
        #expect((try other.show(at: "2026-09-01")["data"] as? [String: Any])?["round"] as? Int == 2)
        #expect(try r.fire("close", at: "2027-06-10").status == 0)
        #expect(try r.show(at: "2027-06-10")["state"] as? String == "closed")
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
        let scoped = try docket.run(["campaign", "status", "2026年度整顿", "--as", "p-sun", "--json", "--at", "2026-02-25"])
        #expect(
            (try JSONSerialization.jsonObject(with: Data(scoped.stdout.utf8)) as? [[String: Any]])?.map {
                $0["cases"] as? Int
            } == [2])
    }

    @Test("a campaign row refused for want of a role is on the record of refused attempts, and nothing starts")
    func refusedCampaignIsRecorded() throws {
        let docket = try DocketRunner().initialised()
        let file = try docket.write("orgs.yaml", "- {org: dongcun, criteria: [disputes], evidence: 矛盾突出}\n")
        let refused = try docket.run([
            "campaign", "start", "越权", "--workflow", "branch-rectification", "--orgs", file, "--as", "p-wu", "--at",
            "2026-01-10",
        ])
        #expect(refused.status == 11, "\(refused.stderr)")
        let denied = try docket.run(["audit", "denied", "--as", "p-admin", "--json"])
        let attempts = try #require(
            try JSONSerialization.jsonObject(with: Data(denied.stdout.utf8)) as? [[String: Any]])
        #expect(
            attempts.contains {
                $0["actor"] as? String == "p-wu" && $0["action"] as? String == "campaign start"
                    && $0["org"] as? String == "dongcun"
            }, "\(attempts)")
        #expect(
            try docket.run(["case", "list", "--json", "--as", "p-admin"]).stdout.trimmingCharacters(
                in: .whitespacesAndNewlines) == "[]")
    }
}

@Suite struct GradingTests {
    @Test("a year's scores give each branch its grade; the lowest without an open case get a campaign")
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
        let all = try grades([])
        #expect(all.map { $0["grade"] as? String } == ["backward", "backward", "ordinary", "advanced"])
        #expect(
            try grades(["--scheme", "stars"]).map { $0["grade"] as? String } == [
                "one-star", "one-star", "four-star", "five-star",
            ])
        let lowest = try grades(["--lowest"])
        #expect(
            lowest.map { $0["org"] as? String } == ["hekoucun", "xicun"]
                && lowest[1]["open_case"] as? String == "BR-000001")
        let campaign = try docket.run([
            "grading", "campaign", "2026后进整顿", "--year", "2025", "--as", "p-admin", "--at", "2026-01-10", "--json",
        ])
        #expect(try DocketRunner.object(campaign)["cases"] as? [String] == ["BR-000002"])
        let show = try DocketRunner.object(try docket.run(["case", "show", "BR-000002", "--json"]))
        #expect(show["org"] as? String == "hekoucun" && show["campaign"] as? String == "2026后进整顿")
        #expect((show["data"] as? [String: Any])?["evidence"] as? String == "2025年分类定级为后进（得分 48.0）")
    }
}
