import DocketApplication
import DocketCore
import DocketEngine
import Testing

/// One branch's rectification case, through the application layer (Examples/people.csv:
/// 钱书记 p-town is on the 城关镇 committee, 县委副书记 p-county on the county committee,
/// the county organisation department p-admin, 赵书记 p-secretary the 东村 branch secretary).
struct Rectification {
    let deployment: Deployment
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

    static let allHelpers = ["helpers": "county-leader,township-leader,first-secretary,paired-unit"]

    /// 东村's case nominated by the township on 2026-01-05 for disputes.
    static func nominated(_ deployment: Deployment? = nil, criteria: String = "disputes", evidence: String = "e")
        throws -> Rectification
    {
        let deployment = try deployment ?? Deployment()
        let started = try deployment.start(
            "branch-rectification", org: "dongcun", as: "p-town", at: "2026-01-05",
            ["criteria": criteria, "evidence": evidence])
        return Rectification(deployment: deployment, id: started.snapshot.id)
    }

    /// Nominated 2026-01-05, designated 2026-01-20, planned 2026-02-10 with two measures,
    /// helpers on 2026-02-12, rectifying from 2026-02-15.
    static func rectifying(_ deployment: Deployment? = nil) throws -> Rectification {
        let r = try nominated(deployment, criteria: "secretary-vacant,disputes", evidence: "书记空缺四个月，土地纠纷集中")
        try r.fire("confirm", at: "2026-01-20")
        try r.fire(
            "submit-plan", at: "2026-02-10", ["problems": "书记缺位、纠纷"],
            items: [
                ["title": "选配党支部书记", "responsible": "p-secretary", "due": "2026-04-30"],
                ["title": "化解土地纠纷", "responsible": "p-li", "due": "2026-06-30"],
            ])
        try r.fire("assign-helpers", at: "2026-02-12", allHelpers)
        try r.fire("start", at: "2026-02-15")
        return r
    }

    @discardableResult
    func fire(
        _ event: String, at day: String, _ input: [String: String] = [:], items: [[String: String]] = [],
        as person: String? = nil
    ) throws -> DocketApp.Fired {
        try deployment.fire(id, event, as: person ?? Self.actors[event] ?? "p-admin", at: day, input, items: items)
    }

    func refusal(
        _ event: String, at day: String, _ input: [String: String] = [:], items: [[String: String]] = [],
        as person: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Refused? {
        deployment.refusal(
            { try fire(event, at: day, input, items: items, as: person) }, sourceLocation: sourceLocation)
    }

    func state(at day: String) throws -> String { try deployment.state(of: id, at: day) }

    func data(at day: String) throws -> [String: String] { try deployment.data(of: id, at: day) }

    func overdue(at day: String) throws -> [String] { try deployment.overdueRules(of: id, at: day) }

    /// Closes both measures, passes the township check and reaches the county.
    func throughTownship(at day: String) throws {
        for item in ["M1", "M2"] { try fire("close-measure", at: day, ["item": item]) }
        try fire("request-acceptance", at: day)
        try fire("township-pass", at: day)
    }
}

/// 软弱涣散基层党组织整顿, rule by rule (shared/DOMAIN.md §2).
@Suite struct RectificationRulesTests {
    @Test("nomination needs criteria from the list and evidence; the county confirms or clears")
    func nominateAndDecide() throws {
        let deployment = try Deployment()
        @discardableResult
        func nominate(_ input: [String: String]) throws -> Engine.CaseView {
            try deployment.start("branch-rectification", org: "xicun", as: "p-town", at: "2026-01-05", input)
        }
        let unknown = deployment.refusal { try nominate(["criteria": "secretary-gone", "evidence": "x"]) }
        #expect(
            unknown?.code == "invalid-fields" && unknown?.says("'secretary-gone' is not one of the choices") == true)
        #expect(deployment.refusal { try nominate(["evidence": "x"]) }?.says("criteria: required") == true)
        try nominate(["criteria": "life-not-held", "evidence": "组织生活不正常"])
        let cleared = Rectification(deployment: deployment, id: "BR-000001")
        #expect(
            cleared.refusal("confirm", at: "2026-01-20", as: "p-town")?.code == "not-permitted",
            "the township does not designate")
        try cleared.fire("dismiss", at: "2026-01-20", ["reason": "经研判情况已好转"])
        #expect(try cleared.state(at: "2026-01-20") == "cleared")
    }

    @Test("the plan lists measures, each with a responsible person and a deadline, and is due within a month")
    func plan() throws {
        let r = try Rectification.nominated()
        #expect(r.id == "BR-000001")
        try r.fire("confirm", at: "2026-01-20")
        #expect(try r.overdue(at: "2026-02-20T23:59") == [])
        #expect(try r.overdue(at: "2026-02-21") == ["plan-due"])
        let none = r.refusal("submit-plan", at: "2026-02-21", ["problems": "p"])
        #expect(none?.code == "invalid-fields" && none?.says("measures: 0 item(s) given") == true)
        let bad = r.refusal(
            "submit-plan", at: "2026-02-21", ["problems": "p"],
            items: [["title": "修路", "responsible": "p-ghost", "due": "2026-13-01"]])
        #expect(
            bad?.says("measures[1].due: '2026-13-01' is not valid") == true
                && bad?.says("measures[1].responsible: no person 'p-ghost'") == true)
        #expect(
            r.refusal(
                "submit-plan", at: "2026-02-21", ["problems": "p"], items: [["title": "修路", "responsible": "p-li"]]
            )?.says("measures[1].due: required") == true)
        try r.fire(
            "submit-plan", at: "2026-02-21", ["problems": "p"],
            items: [["title": "修路", "responsible": "p-li", "due": "2026-05-01"]])
        let measures = try r.deployment.show(r.id, at: "2026-02-21").view.snapshot.items["measures"] ?? []
        #expect(measures.map(\.id) == ["M1"] && measures.first?.isOpen == true)
    }

    @Test("rectification starts only with all four helpers (四个一) in place")
    func helpers() throws {
        let r = try Rectification.nominated()
        try r.fire("confirm", at: "2026-01-20")
        try r.fire(
            "submit-plan", at: "2026-02-01", ["problems": "p"],
            items: [["title": "修路", "responsible": "p-li", "due": "2026-05-01"]])
        #expect(r.refusal("start", at: "2026-02-02")?.says("helpers (\"four ones\") must all be in place") == true)
        try r.fire("assign-helpers", at: "2026-02-03", ["helpers": "county-leader,township-leader,first-secretary"])
        #expect(r.refusal("start", at: "2026-02-04")?.code == "check-failed", "three of four is not enough")
        try r.fire("assign-helpers", at: "2026-02-05", Rectification.allHelpers)
        try r.fire("start", at: "2026-02-06")
    }

    @Test("progress is reported monthly, and each measure is overdue on its own date")
    func duties() throws {
        let r = try Rectification.rectifying()
        #expect(try r.overdue(at: "2026-03-15T23:59") == [])
        #expect(try r.overdue(at: "2026-03-16") == ["monthly-progress"])
        try r.fire("report-progress", at: "2026-03-16", ["progress": "已选配书记人选"])
        // The next report fell due on 16 April; the first measure on 30 April.
        #expect(try r.overdue(at: "2026-05-01") == ["monthly-progress", "measures/M1"])
        let rows = try r.deployment.overdue(at: "2026-05-01")
        #expect(rows.first { $0.deadline.rule == "measures/M1" }?.deadline.title.zh == "整改措施：选配党支部书记")
    }

    @Test("measures are closed one by one, and acceptance is requested only when every one is closed")
    func closeMeasures() throws {
        let r = try Rectification.rectifying()
        let early = r.refusal("request-acceptance", at: "2026-04-01")
        #expect(early?.code == "check-failed")
        let seen = early?.check.map {
            Dictionary($0.values.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        }
        #expect(seen == ["open(measures)": "2/2"])
        #expect(
            r.refusal("close-measure", at: "2026-04-01", ["item": "M3"])?.says(
                "'M3' is not one of the choices (M1, M2)") == true)
        try r.fire("close-measure", at: "2026-04-01", ["item": "M1"])
        #expect(
            r.refusal("close-measure", at: "2026-04-02", ["item": "M1"])?.says("'M1' is not one of the choices (M2)")
                == true)
        #expect(r.refusal("request-acceptance", at: "2026-04-02")?.code == "check-failed")
        try r.fire("close-measure", at: "2026-04-02", ["item": "M2"])
        try r.fire("request-acceptance", at: "2026-04-03")
        #expect(try r.state(at: "2026-04-03") == "township-check")
    }

    @Test("a failed township check sends the case back to rectifying")
    func townshipFail() throws {
        let r = try Rectification.rectifying()
        for item in ["M1", "M2"] { try r.fire("close-measure", at: "2026-04-01", ["item": item]) }
        try r.fire("request-acceptance", at: "2026-04-01")
        try r.fire("township-fail", at: "2026-04-05", ["reason": "纠纷未真正化解"])
        #expect(try r.state(at: "2026-04-05") == "rectifying")
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
            try r.fire(
                "county-accept", at: "2026-06-10",
                ["score": example.score, "dissatisfied-votes": example.dissatisfied, "total-votes": "100"])
            let state = try r.state(at: "2026-06-10")
            let data = try r.data(at: "2026-06-10")
            if example.passes {
                #expect(state == "consolidating" && data["accepted-on"] == "2026-06-10")
            } else {
                #expect(state == "rectifying" && data["round"] == "2" && data["round-started-on"] == "2026-06-10")
                let deadline = try r.deployment.limit("round-due", of: r.id, at: "2026-06-10")
                #expect(deadline?.dueDate == r.deployment.day("2026-12-10"), "a new round of six months")
            }
        }
        let r = try Rectification.rectifying()
        try r.throughTownship(at: "2026-06-01")
        #expect(
            r.refusal(
                "county-accept", at: "2026-06-10", ["score": "80", "dissatisfied-votes": "101", "total-votes": "100"]
            )?.says("cannot exceed the total") == true)
    }

    @Test("the case is closed only after the follow-up year; a relapse reopens rectification")
    func followUpAndRelapse() throws {
        let r = try Rectification.rectifying()
        try r.throughTownship(at: "2026-06-01")
        try r.fire("county-accept", at: "2026-06-10", ["score": "85", "dissatisfied-votes": "5", "total-votes": "100"])
        try r.fire("follow-up", at: "2026-12-01", ["notes": "回头看：运转正常"])
        let early = r.refusal("close", at: "2027-06-09")
        #expect(early?.check?.possibleFrom == r.deployment.day("2027-06-10"))
        let other = try Rectification.rectifying()
        try other.throughTownship(at: "2026-06-01")
        try other.fire(
            "county-accept", at: "2026-06-10", ["score": "85", "dissatisfied-votes": "5", "total-votes": "100"])
        try other.fire("relapse", at: "2026-09-01", ["reason": "书记又缺位"])
        #expect(try other.data(at: "2026-09-01")["round"] == "2")
        try r.fire("close", at: "2027-06-10")
        #expect(try r.state(at: "2027-06-10") == "closed")
    }
}

@Suite struct CampaignRulesTests {
    @Test("a campaign row refused for want of a role is on the record of refused attempts, and nothing starts")
    func refusedCampaignIsRecorded() throws {
        let deployment = try Deployment()
        let rows = [CampaignRow(line: 1, organisation: "dongcun", input: ["criteria": "disputes", "evidence": "矛盾突出"])]
        var rejected: [RowProblem]?
        do {
            _ = try deployment.app.startCampaign(
                name: "越权", workflow: "branch-rectification", rows: rows,
                by: deployment.caller("p-wu", at: "2026-01-10"))
        } catch let error as EngineError {
            if case .campaignRejected(let problems) = error.reason { rejected = problems }
        }
        #expect(rejected?.isEmpty == false, "the file is refused")
        let attempts = try deployment.denied()
        #expect(
            attempts.contains {
                $0.actor == "p-wu" && $0.action == "campaign start" && $0.organisation == "dongcun"
            }, "\(attempts)")
        #expect(try deployment.caseIDs() == [])
    }
}

@Suite struct GradingRulesTests {
    @Test("a year's scores give each branch its grade; the lowest without an open case get a campaign")
    func grading() throws {
        let deployment = try Deployment()
        let admin = deployment.caller(Deployment.administrator, at: "2026-01-10")
        try deployment.app.importScores(
            year: 2025,
            [("dongcun", 92, [:]), ("xicun", 55.5, [:]), ("hekoucun", 48, [:]), ("dongcun-g1", 80, [:])], by: admin)
        try deployment.start(
            "branch-rectification", org: "xicun", as: "p-town", at: "2026-01-05",
            ["criteria": "disputes", "evidence": "e"])
        func grades(_ scheme: String) throws -> (GradingScheme, [DocketApp.Graded]) {
            try deployment.app.grades(year: 2025, scheme: scheme, workflow: "branch-rectification", by: admin)
        }
        let (scheme, all) = try grades("grades")
        #expect(all.map(\.level.id) == ["backward", "backward", "ordinary", "advanced"])
        #expect(try grades("stars").1.map(\.level.id) == ["one-star", "one-star", "four-star", "five-star"])
        let lowest = all.filter { $0.level.id == scheme.lowest?.id }
        #expect(lowest.map(\.organisation.id) == ["hekoucun", "xicun"] && lowest[1].openCase == "BR-000001")
        let started = try deployment.app.startGradingCampaign(
            name: "2026后进整顿", year: 2025, scheme: "grades", workflow: "branch-rectification", by: admin
        ) { _ in ["criteria": "last-in-assessment", "evidence": "后进"] }
        #expect(started == ["BR-000002"])
        let shown = try deployment.show("BR-000002", at: "2026-01-10").view.snapshot
        #expect(shown.organisation == "hekoucun" && shown.campaign == "2026后进整顿")
    }
}
