import Foundation
import Testing

/// One applicant in 东村, driven through `docket` with simulated time.
///
/// `path` is an ordinary case that passes every rule; a test advances along it to the
/// step it is about, then tries what the rule forbids.
struct Applicant {
    let docket: DocketRunner
    let id: String
    /// The branch secretary who records the branch's steps (支部组织委员 and 支部委员会).
    var clerk = "p-secretary"

    /// Steps taken by the 基层党委 (the township committee) rather than the branch.
    static let committeeSteps: Set<String> = [
        "pre-review", "committee-talk", "approve", "file-approval", "approve-full",
    ]
    static let clerks = ["dongcun": "p-secretary", "xicun": "p-xi"]

    /// (event, day, fields) along the main path: applied 2025-01-06, activist 2025-03-03,
    /// candidate 2026-03-03, voted in 2026-05-10, approved 2026-06-01, probation to 2027-05-10.
    static let path: [(String, String, [String])] = [
        ("talk", "2025-01-20", ["talker=p-secretary"]),
        ("name-activist", "2025-03-03", ["recommended-by=party-members"]),
        ("file-activist", "2025-03-05", []),
        ("assign-mentors", "2025-03-05", ["mentors=p-li"]),
        ("assess", "2025-08-20", ["assessment=表现良好"]),
        ("assess", "2026-02-10", ["assessment=积极进步"]),
        ("name-candidate", "2026-03-03", []),
        ("file-candidate", "2026-03-05", []),
        ("assign-introducers", "2026-03-06", ["introducers=p-li,p-zhou"]),
        ("political-review", "2026-04-01", ["review-result=passed", "conclusion=政治审查合格"]),
        ("training", "2026-04-10", ["training-days=3"]),
        ("committee-review", "2026-04-15", []),
        ("pre-review", "2026-04-20", ["pre-review-result=passed"]),
        ("fill-form", "2026-04-25", []),
        ("branch-vote", "2026-05-10", ["eligible-voters=9", "present-voters=7", "yes-votes=6"]),
        ("committee-talk", "2026-05-20", []),
        ("approve", "2026-06-01", []),
        ("file-approval", "2026-06-05", []),
        ("join-branch", "2026-06-05", []),
        ("oath", "2026-07-01", []),
        ("assess", "2026-11-01", []),
        ("apply-full", "2027-04-20", []),
        ("full-vote", "2027-05-10", ["eligible-voters=9", "present-voters=8", "yes-votes=8", "decision=full"]),
        ("approve-full", "2027-06-20", []),
        ("archive", "2027-06-25", []),
    ]

    /// Applies on `day` (born 1995-05-05 unless given).
    static func apply(
        _ docket: DocketRunner, on day: String = "2025-01-06", born: String = "1995-05-05", org: String = "dongcun"
    ) throws -> Applicant {
        let clerk = clerks[org] ?? "p-secretary"
        let result = try docket.run([
            "case", "start", "member-development", "--org", org, "--as", clerk, "--at", day,
            "--set", "name=王小明", "--set", "birth-date=\(born)", "--json",
        ])
        try #require(result.status == 0, "\(result.stderr)")
        return Applicant(
            docket: docket, id: try #require(try DocketRunner.object(result)["id"] as? String), clerk: clerk)
    }

    /// A fresh store with one applicant advanced through `event` (its first occurrence
    /// from `skipping` on), or only applied when `event` is nil.
    static func through(_ event: String?, occurrence: Int = 1, docket: DocketRunner? = nil, org: String = "dongcun")
        throws -> Applicant
    {
        let applicant = try apply(try docket ?? DocketRunner().initialised(), org: org)
        guard let event else { return applicant }
        var seen = 0
        for (name, day, sets) in path {
            let result = try applicant.fire(name, at: day, sets)
            try #require(result.status == 0, "\(name) on \(day): \(result.stderr)")
            if name == event {
                seen += 1
                if seen == occurrence { break }
            }
        }
        return applicant
    }

    @discardableResult
    func fire(_ event: String, at day: String, _ sets: [String] = [], extra: [String] = []) throws
        -> DocketRunner.Result
    {
        let actor = Self.committeeSteps.contains(event) ? "p-town" : clerk
        return try docket.run(
            ["case", "fire", id, event, "--as", actor, "--at", day] + sets.flatMap { ["--set", $0] } + extra)
    }

    func show(at day: String) throws -> [String: Any] {
        try DocketRunner.object(try docket.run(["case", "show", id, "--json", "--at", day]))
    }

    func refusal(_ result: DocketRunner.Result) throws -> [String: Any] {
        try #require(try DocketRunner.object(result)["error"] as? [String: Any], "\(result.stdout)")
    }

    /// Overdue rule ids for this case at an instant.
    func overdue(at day: String) throws -> [String] {
        let rows =
            try JSONSerialization.jsonObject(
                with: Data(try docket.run(["overdue", "--json", "--at", day]).stdout.utf8)) as? [[String: Any]] ?? []
        return rows.filter { $0["case"] as? String == id }.compactMap { $0["deadline"] as? String }
    }
}

/// 发展党员, rule by rule (shared/DOMAIN.md §1).
@Suite struct MemberDevelopmentTests {
    @Test("step 1: an applicant born 2008-11-23 is refused on 2026-11-22 and accepted on 2026-11-23")
    func ageRule() throws {
        let docket = try DocketRunner().initialised()
        let base = [
            "case", "start", "member-development", "--org", "dongcun", "--as", "p-secretary", "--set", "name=李青",
            "--set", "birth-date=2008-11-23",
        ]
        let early = try docket.run(base + ["--at", "2026-11-22", "--json"])
        #expect(early.status == 6)
        let error = try #require(try DocketRunner.object(early)["error"] as? [String: Any])
        #expect(
            error["check_message"] as? String
                == "The applicant must be at least eighteen (Party Constitution art 1; art 5)")
        #expect(try docket.run(base + ["--at", "2026-11-23"]).status == 0)
    }

    @Test("step 2: the talk deadline is overdue on the first day after one month")
    func talkDeadline() throws {
        let applicant = try Applicant.apply(try DocketRunner().initialised(), on: "2026-01-31")
        #expect(try applicant.overdue(at: "2026-02-28T23:59") == [])
        #expect(try applicant.overdue(at: "2026-03-01") == ["talk-due"])
        #expect(try applicant.fire("talk", at: "2026-03-02", ["talker=p-secretary"]).status == 0)
        #expect(try applicant.overdue(at: "2026-03-02") == [])
    }

    @Test("step 3: a county's override file sets a six-month wait before naming an activist")
    func minWaitBeforeActivist() throws {
        let applicant = try Applicant.through("talk")
        let file = try applicant.docket.write(
            "county.yaml", "member-development:\n  min-wait-before-activist: 6 months\n")
        #expect(try applicant.docket.run(["workflow", "configure", file]).status == 0)
        let early = try applicant.fire(
            "name-activist", at: "2025-07-05", ["recommended-by=party-members"], extra: ["--json"])
        #expect(early.status == 6)
        #expect(try applicant.refusal(early)["possible_from"] as? String == "2025-07-06")
        #expect(try applicant.fire("name-activist", at: "2025-07-06", ["recommended-by=party-members"]).status == 0)
    }

    @Test("steps 4–5: an activist is filed and given one or two mentors, who are full members")
    func mentors() throws {
        let applicant = try Applicant.through("file-activist")
        let three = try applicant.fire("assign-mentors", at: "2025-03-06", ["mentors=p-li,p-zhou,p-secretary"])
        #expect(three.status == 7 && three.stderr.contains("mentors: 3 item(s) given, 1–2 required"))
        let probationary = try applicant.fire("assign-mentors", at: "2025-03-06", ["mentors=p-chen"])
        #expect(
            probationary.status == 7
                && probationary.stderr.contains("mentors: p-chen is a probationary member, and must be a full member"))
        #expect(try applicant.fire("assign-mentors", at: "2025-03-06", ["mentors=p-li,p-zhou"]).status == 0)
    }

    @Test("step 6: an activist is assessed every six months, and a missed assessment stays overdue")
    func assessmentDuty() throws {
        let applicant = try Applicant.through("assign-mentors")
        #expect(try applicant.overdue(at: "2025-09-03T23:00") == [])
        #expect(try applicant.overdue(at: "2025-09-04") == ["activist-assessment"])
        #expect(try applicant.overdue(at: "2026-01-04") == ["activist-assessment"])
        #expect(try applicant.fire("assess", at: "2026-01-05").status == 0)
        let duty = try #require((try applicant.show(at: "2026-01-05")["deadlines"] as? [[String: Any]])?.first)
        #expect(duty["id"] as? String == "activist-assessment" && duty["due"] as? String == "2026-07-05")
    }

    @Test(
        "step 7: naming a candidate one day before the activist's first anniversary is refused with the date it becomes possible"
    )
    func oneFullYear() throws {
        let applicant = try Applicant.through("assess", occurrence: 2)
        let early = try applicant.fire("name-candidate", at: "2026-03-02", extra: ["--json"])
        #expect(early.status == 6)
        let error = try applicant.refusal(early)
        #expect(error["possible_from"] as? String == "2026-03-03")
        #expect(
            error["check_message"] as? String
                == "A candidate can be named only a full year after the activist was (art 13)")
        #expect(try applicant.fire("name-candidate", at: "2026-03-03").status == 0)
    }

    @Test(
        "step 7, 2026 revision (off by default): with candidate-publicity on, a public notice of 5 working days comes first"
    )
    func candidatePublicity() throws {
        let applicant = try Applicant.through("assess", occurrence: 2)
        // Off, the notice is no step: not offered, and refused as not possible.
        let offered = try #require(try applicant.show(at: "2026-03-03")["events"] as? [[String: Any]]).compactMap {
            $0["id"] as? String
        }
        #expect(offered.contains("name-candidate") && !offered.contains("publicize-candidate"), "\(offered)")
        let off = try applicant.fire("publicize-candidate", at: "2026-03-03", extra: ["--json"])
        let offRefusal = try applicant.refusal(off)
        #expect(off.status == 5 && offRefusal["parameter"] as? String == "candidate-publicity")
        let file = try applicant.docket.write("county.yaml", "member-development:\n  candidate-publicity: true\n")
        #expect(try applicant.docket.run(["workflow", "configure", file]).status == 0)
        #expect(
            try applicant.fire("name-candidate", at: "2026-03-03").stderr.contains(
                "public notice must run its full length"))
        let on = try #require(try applicant.show(at: "2026-03-03")["events"] as? [[String: Any]]).compactMap {
            $0["id"] as? String
        }
        #expect(on.contains("publicize-candidate"))
        #expect(try applicant.fire("publicize-candidate", at: "2026-03-03").status == 0)
        // Tuesday 3 March plus five working days is Tuesday 10 March.
        let early = try applicant.fire("name-candidate", at: "2026-03-09", extra: ["--json"])
        #expect(try applicant.refusal(early)["possible_from"] as? String == "2026-03-10")
        #expect(try applicant.fire("name-candidate", at: "2026-03-10").status == 0)
    }

    @Test("step 7: filing, mentors and two assessments come before naming a candidate")
    func candidatePrerequisites() throws {
        let applicant = try Applicant.through("name-activist")
        let unfiled = try applicant.fire("name-candidate", at: "2026-03-10")
        #expect(unfiled.status == 6 && unfiled.stderr.contains("filed with the higher committee"))
        #expect(try applicant.fire("file-activist", at: "2026-03-10").status == 0)
        #expect(
            try applicant.fire("name-candidate", at: "2026-03-10").stderr.contains("Mentors must be assigned first"))
        #expect(try applicant.fire("assign-mentors", at: "2026-03-10", ["mentors=p-li"]).status == 0)
        #expect(try applicant.fire("assess", at: "2026-03-10").status == 0)
        #expect(try applicant.fire("name-candidate", at: "2026-03-10").stderr.contains("Too few assessments"))
        #expect(try applicant.fire("assess", at: "2026-03-11").status == 0)
        #expect(try applicant.fire("name-candidate", at: "2026-03-11").status == 0)
    }

    @Test("step 9: exactly two introducers, both full members")
    func introducers() throws {
        let applicant = try Applicant.through("file-candidate")
        #expect(try applicant.fire("assign-introducers", at: "2026-03-06", ["introducers=p-li"]).status == 7)
        #expect(
            try applicant.fire("assign-introducers", at: "2026-03-06", ["introducers=p-li,p-li"]).stderr.contains(
                "names someone twice"))
        #expect(
            try applicant.fire("assign-introducers", at: "2026-03-06", ["introducers=p-li,p-chen"]).stderr.contains(
                "p-chen is a probationary member"))
        #expect(try applicant.fire("assign-introducers", at: "2026-03-06", ["introducers=p-li,p-zhou"]).status == 0)
    }

    @Test("step 10: a failed political review leaves only not-admitted")
    func politicalReviewFailed() throws {
        let applicant = try Applicant.through("assign-introducers")
        #expect(
            try applicant.fire("political-review", at: "2026-04-01", ["review-result=failed"]).stderr.contains(
                "conclusion: required"))
        #expect(
            try applicant.fire("political-review", at: "2026-04-01", ["review-result=failed", "conclusion=不合格"]).status
                == 0)
        let show = try applicant.show(at: "2026-04-02")
        #expect(show["state"] as? String == "review-failed")
        #expect(
            (show["events"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [
                "decline", "withdraw", "transfer-out",
            ])
        #expect(try applicant.fire("decline", at: "2026-04-03", ["reason=政治审查不合格"]).status == 0)
        #expect(try applicant.show(at: "2026-04-03")["state"] as? String == "not-admitted")
    }

    @Test("step 11: training lasts at least 3 days or 24 class hours")
    func training() throws {
        let applicant = try Applicant.through("political-review")
        let short = try applicant.fire("training", at: "2026-04-10", ["training-days=2"])
        #expect(short.status == 6 && short.stderr.contains("at least 3 days or 24 class hours"))
        #expect(try applicant.fire("training", at: "2026-04-10", ["training-hours=23.5"]).status == 6)
        #expect(try applicant.fire("training", at: "2026-04-10", ["training-hours=24"]).status == 0)
    }

    @Test("step 12: the committee review needs filing, introducers, a passed review and training")
    func committeeReview() throws {
        let applicant = try Applicant.through("assign-introducers")
        #expect(
            try applicant.fire("committee-review", at: "2026-04-15").stderr.contains(
                "political review must have passed"))
        #expect(
            try applicant.fire("political-review", at: "2026-04-15", ["review-result=passed", "conclusion=合格"]).status
                == 0)
        #expect(try applicant.fire("committee-review", at: "2026-04-15").stderr.contains("training must be done first"))
        #expect(try applicant.fire("training", at: "2026-04-15", ["training-days=3"]).status == 0)
        #expect(try applicant.fire("committee-review", at: "2026-04-15").status == 0)
    }

    @Test(
        "steps 13–14: the form is filled only after a passed pre-review, and not for someone leaving within three months"
    )
    func preReview() throws {
        let applicant = try Applicant.through("committee-review")
        #expect(
            try applicant.fire(
                "pre-review", at: "2026-04-20", ["pre-review-result=passed", "leaving-within-3-months=true"]
            ).status == 0)
        #expect(
            try applicant.fire("fill-form", at: "2026-04-25").stderr.contains("leaving the unit within three months"))
        let other = try Applicant.through("committee-review")
        #expect(try other.fire("pre-review", at: "2026-04-20", ["pre-review-result=failed"]).status == 0)
        #expect(try other.fire("fill-form", at: "2026-04-25").stderr.contains("only after a passed pre-review"))
        #expect(try other.fire("decline", at: "2026-04-25", ["reason=预审未通过"]).status == 0)
    }

    @Test(
        "step 15: with 9 voting members who should attend, 5 present and 5 yes passes, 4 yes fails, and 4 present is not a valid meeting"
    )
    func branchVote() throws {
        let applicant = try Applicant.through("fill-form")
        let inquorate = try applicant.fire(
            "branch-vote", at: "2026-05-10", ["eligible-voters=9", "present-voters=4", "yes-votes=4"])
        #expect(
            inquorate.status == 6 && inquorate.stderr.contains("Fewer than half of the voting full members are present")
        )
        let impossible = try applicant.fire(
            "branch-vote", at: "2026-05-10", ["eligible-voters=9", "present-voters=5", "yes-votes=6"])
        #expect(impossible.stderr.contains("do not add up"))
        let fails = try Applicant.through("fill-form")
        #expect(
            try fails.fire("branch-vote", at: "2026-05-10", ["eligible-voters=9", "present-voters=5", "yes-votes=4"])
                .status == 0)
        #expect(try fails.show(at: "2026-05-10")["state"] as? String == "vote-failed")
        #expect(
            try applicant.fire(
                "branch-vote", at: "2026-05-10", ["eligible-voters=9", "present-voters=5", "yes-votes=5"]
            ).status == 0)
        #expect(try applicant.show(at: "2026-05-10")["state"] as? String == "voted")
    }

    @Test("after a failed vote the case may be reconsidered no sooner than six months later")
    func reconsider() throws {
        let applicant = try Applicant.through("fill-form")
        #expect(
            try applicant.fire(
                "branch-vote", at: "2026-05-10", ["eligible-voters=9", "present-voters=6", "yes-votes=3"]
            ).status == 0)
        let early = try applicant.fire("reconsider", at: "2026-11-09", extra: ["--json"])
        #expect(try applicant.refusal(early)["possible_from"] as? String == "2026-11-10")
        #expect(try applicant.fire("reconsider", at: "2026-11-10").status == 0)
        #expect(try applicant.show(at: "2026-11-10")["state"] as? String == "candidate")
    }

    @Test("steps 16–17: the higher committee talks before approving")
    func committeeTalk() throws {
        let applicant = try Applicant.through("branch-vote")
        #expect(
            try applicant.fire("approve", at: "2026-06-01").stderr.contains(
                "must talk to the candidate before approval"))
        #expect(try applicant.fire("committee-talk", at: "2026-05-20").status == 0)
        #expect(try applicant.fire("approve", at: "2026-06-01").status == 0)
    }

    @Test("step 17: approval becomes overdue the day after three months, and escalates after six")
    func approvalDeadline() throws {
        let applicant = try Applicant.through("branch-vote")
        #expect(try applicant.overdue(at: "2026-08-10T23:59") == [])
        #expect(try applicant.overdue(at: "2026-08-11") == ["approve-due"])
        #expect(try applicant.overdue(at: "2026-11-11") == ["approve-due", "approve-max"])
    }

    @Test("step 17: probation runs one year from the branch vote, not from the approval")
    func probationFromVote() throws {
        let applicant = try Applicant.through("approve")
        let data = try #require(try applicant.show(at: "2026-06-01")["data"] as? [String: Any])
        #expect(data["vote-on"] as? String == "2026-05-10" && data["approved-on"] as? String == "2026-06-01")
        #expect(data["probation-ends"] as? String == "2027-05-10")
    }

    @Test("step 20: the oath is taken within probation; with the 2026 rule on, it is due a month after approval")
    func oath() throws {
        let applicant = try Applicant.through("join-branch")
        let file = try applicant.docket.write("county.yaml", "member-development:\n  oath-within: true\n")
        #expect(try applicant.docket.run(["workflow", "configure", file]).status == 0)
        #expect(try applicant.fire("assess", at: "2026-06-06").status == 0) // any change reschedules the case
        #expect(try applicant.overdue(at: "2026-07-02") == ["oath-due"])
        #expect(try applicant.fire("oath", at: "2026-07-02").status == 0)
        #expect(try applicant.overdue(at: "2026-07-02") == [])
        let late = try Applicant.through("join-branch")
        #expect(try late.fire("oath", at: "2027-05-11").stderr.contains("within probation"))
    }

    @Test("steps 22–23: full membership is discussed only after probation ends and a written application")
    func fullVoteTiming() throws {
        let applicant = try Applicant.through("assess", occurrence: 3)
        let sets = ["eligible-voters=9", "present-voters=8", "yes-votes=8", "decision=full"]
        let early = try applicant.fire("full-vote", at: "2027-05-09", sets, extra: ["--json"])
        #expect(try applicant.refusal(early)["possible_from"] as? String == "2027-05-10")
        #expect(try applicant.fire("full-vote", at: "2027-05-10", sets).stderr.contains("must first apply in writing"))
        #expect(!(try applicant.overdue(at: "2027-06-10T23:59")).contains("full-vote-due"))
        #expect(try applicant.overdue(at: "2027-06-11") == ["probation-assessment", "full-vote-due"])
        #expect(try applicant.fire("apply-full", at: "2027-06-11").status == 0)
        #expect(try applicant.fire("full-vote", at: "2027-06-11", sets).status == 0)
    }

    @Test("step 24: full membership is dated from the end of probation, not the approval day")
    func fullMembershipDate() throws {
        let applicant = try Applicant.through("approve-full")
        let show = try applicant.show(at: "2027-06-20")
        let data = try #require(show["data"] as? [String: Any])
        #expect(show["state"] as? String == "full-member")
        #expect(
            data["full-member-on"] as? String == "2027-05-10" && data["approved-full-on"] as? String == "2027-06-20")
    }

    @Test("steps 23–24: an extension of 6 to 12 months moves the end of probation, and a second extension is refused")
    func probationExtension() throws {
        let applicant = try Applicant.through("apply-full")
        let vote = ["eligible-voters=9", "present-voters=8", "yes-votes=7", "decision=extend"]
        #expect(
            try applicant.fire("full-vote", at: "2027-05-12", vote).stderr.contains("An extension needs its length"))
        #expect(
            try applicant.fire("full-vote", at: "2027-05-12", vote + ["extension-months=13"]).stderr.contains(
                "outside the range 6–12"))
        #expect(try applicant.fire("full-vote", at: "2027-05-12", vote + ["extension-months=6"]).status == 0)
        #expect(try applicant.overdue(at: "2027-08-13") == ["approve-full-due"])
        #expect(try applicant.fire("approve-full", at: "2027-06-01").status == 0)
        let show = try applicant.show(at: "2027-06-01")
        #expect(show["state"] as? String == "probationary")
        #expect((show["data"] as? [String: Any])?["probation-ends"] as? String == "2027-11-10")
        let second = try applicant.fire("full-vote", at: "2027-11-10", vote + ["extension-months=6"])
        #expect(second.status == 6 && second.stderr.contains("Probation may be extended only once"))
        #expect(
            try applicant.fire(
                "full-vote", at: "2027-11-10",
                ["eligible-voters=9", "present-voters=8", "yes-votes=7", "decision=full"]
            ).status == 0)
        #expect(try applicant.fire("approve-full", at: "2027-11-20").status == 0)
        #expect(
            (try applicant.show(at: "2027-11-20")["data"] as? [String: Any])?["full-member-on"] as? String
                == "2027-11-10")
    }

    @Test(
        "step 23: the extension is the field `extension`, 6 to 12 months: a bare number is months, a year is 12, days are refused"
    )
    func extensionField() throws {
        let applicant = try Applicant.through("apply-full")
        let vote = ["eligible-voters=9", "present-voters=8", "yes-votes=7", "decision=extend"]
        #expect(
            try applicant.fire("full-vote", at: "2027-05-12", vote + ["extension=90 days"]).stderr.contains(
                "a number of months such as 6"))
        #expect(
            try applicant.fire("full-vote", at: "2027-05-12", vote + ["extension=13"]).stderr.contains(
                "outside the range 6–12"))
        #expect(try applicant.fire("full-vote", at: "2027-05-12", vote + ["extension=1 year"]).status == 0)
        #expect(try applicant.fire("approve-full", at: "2027-06-01").status == 0)
        let data = try #require(try applicant.show(at: "2027-06-01")["data"] as? [String: Any])
        #expect(data["probation-ends"] as? String == "2028-05-10" && data["extension"] as? String == "12 months")
    }

    @Test(
        "step 23: the full vote needs more than half present and more than half of those who should attend voting yes")
    func fullVoteQuorum() throws {
        let applicant = try Applicant.through("apply-full")
        let few = try applicant.fire(
            "full-vote", at: "2027-05-12", ["eligible-voters=9", "present-voters=4", "yes-votes=4", "decision=full"])
        #expect(
            few.status == 6 && few.stderr.contains("Fewer than half of the voting full members are present"),
            "\(few.stderr)")
        let weak = try applicant.fire(
            "full-vote", at: "2027-05-12", ["eligible-voters=9", "present-voters=8", "yes-votes=4", "decision=full"])
        #expect(
            weak.status == 6 && weak.stderr.contains("more than half of the voting full members who should attend"),
            "\(weak.stderr)")
        let counts = try applicant.fire(
            "full-vote", at: "2027-05-12", ["eligible-voters=9", "present-voters=8", "yes-votes=9", "decision=full"])
        #expect(counts.status == 6 && counts.stderr.contains("The counts do not add up"))
        #expect(
            try applicant.fire(
                "full-vote", at: "2027-05-12",
                ["eligible-voters=9", "present-voters=5", "yes-votes=5", "decision=full"]
            ).status == 0)
    }

    @Test("steps 23–24: a vote to cancel, once approved, ends the case as cancelled")
    func cancellation() throws {
        let applicant = try Applicant.through("apply-full")
        #expect(
            try applicant.fire(
                "full-vote", at: "2027-05-12",
                ["eligible-voters=9", "present-voters=8", "yes-votes=6", "decision=cancel"]
            ).status == 0)
        #expect(try applicant.fire("approve-full", at: "2027-06-01").status == 0)
        #expect(try applicant.show(at: "2027-06-01")["state"] as? String == "cancelled")
    }

    @Test("step 25: the file is archived within a week of full membership")
    func archive() throws {
        let applicant = try Applicant.through("approve-full")
        #expect(try applicant.overdue(at: "2027-06-27T23:59") == [])
        #expect(try applicant.overdue(at: "2027-06-28") == ["archive-due"])
        #expect(try applicant.fire("archive", at: "2027-06-28").status == 0)
        #expect(try applicant.show(at: "2027-06-28")["state"] as? String == "archived")
    }

    @Test("withdrawal and transfer out are possible from any open state, and not after archiving")
    func withdrawAndTransfer() throws {
        let applicant = try Applicant.through("name-activist")
        #expect(try applicant.fire("transfer-out", at: "2025-04-01", ["to-org=外县某村党支部"]).status == 0)
        #expect(try applicant.show(at: "2025-04-01")["state"] as? String == "transferred-out")
        let other = try Applicant.through("approve")
        #expect(try other.fire("withdraw", at: "2026-06-02", ["reason=本人申请"]).status == 0)
        let archived = try Applicant.through("archive")
        #expect(try archived.fire("withdraw", at: "2027-06-26").status == 5)
    }

    @Test("an activist named in 2025 is imported, and the training year counts from the original date")
    func importActivist() throws {
        let docket = try DocketRunner().initialised()
        let result = try docket.run([
            "case", "import", "member-development", "--org", "dongcun", "--state", "activist", "--as", "p-admin",
            "--at", "2026-01-05",
            "--set", "name=赵敏", "--set", "birth-date=1990-02-02", "--record", "apply@2024-10-08", "--record",
            "talk@2024-10-20",
            "--record", "name-activist@2025-05-01", "--record", "file-activist@2025-05-06", "--record",
            "assign-mentors@2025-05-06",
            "--set", "mentors=p-li", "--record", "assess@2025-10-30", "--note", "由纸质档案转入", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let applicant = Applicant(docket: docket, id: try #require(try DocketRunner.object(result)["id"] as? String))
        #expect(
            (try applicant.show(at: "2026-01-05")["data"] as? [String: Any])?["activist-on"] as? String == "2025-05-01")
        #expect(try applicant.fire("assess", at: "2026-04-20").status == 0)
        let early = try applicant.fire("name-candidate", at: "2026-04-30", extra: ["--json"])
        #expect(try applicant.refusal(early)["possible_from"] as? String == "2026-05-01")
    }

    @Test("a probationary member voted in on 2026-03-10 is imported with probation ending 2027-03-10")
    func importProbationary() throws {
        let docket = try DocketRunner().initialised()
        let result = try docket.run([
            "case", "import", "member-development", "--org", "xicun", "--state", "probationary", "--as", "p-admin",
            "--at", "2026-11-23",
            "--set", "name=钱芳", "--set", "birth-date=1988-08-08", "--record", "branch-vote@2026-03-10", "--record",
            "approve@2026-04-15",
            "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let data = try #require(try DocketRunner.object(result)["data"] as? [String: Any])
        #expect(data["vote-on"] as? String == "2026-03-10" && data["probation-ends"] as? String == "2027-03-10")
    }

    @Test(
        "a probationary member imported with only the vote day gets probation's end and the full-vote limit, and can later be voted in"
    )
    func importProbationaryVoteOnly() throws {
        let docket = try DocketRunner().initialised()
        let result = try docket.run([
            "case", "import", "member-development", "--org", "xicun", "--state", "probationary", "--as", "p-admin",
            "--at", "2026-11-23",
            "--set", "name=钱芳", "--set", "birth-date=1988-08-08", "--record", "branch-vote@2026-03-10", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let imported = try DocketRunner.object(result)
        #expect((imported["data"] as? [String: Any])?["probation-ends"] as? String == "2027-03-10")
        #expect((imported["deadlines"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == "full-vote-due" })
        let member = Applicant(docket: docket, id: try #require(imported["id"] as? String), clerk: "p-xi")
        #expect(try member.fire("apply-full", at: "2027-03-01").status == 0)
        let vote = try member.fire(
            "full-vote", at: "2027-03-10", ["eligible-voters=9", "present-voters=8", "yes-votes=8", "decision=full"])
        #expect(vote.status == 0, "\(vote.stderr)")
    }

    @Test(
        "step 23: a transferred-in probationary member's full vote may be postponed once, by up to six months, and the limit moves with it"
    )
    func postponeFullVote() throws {
        let docket = try DocketRunner().initialised()
        func member(_ transferred: Bool) throws -> Applicant {
            let result = try docket.run([
                "case", "import", "member-development", "--org", "xicun", "--state", "probationary", "--as", "p-admin",
                "--at", "2026-11-23",
                "--set", "name=钱芳", "--set", "birth-date=1988-08-08", "--set", "transferred-in=\(transferred)",
                "--record", "branch-vote@2026-03-10", "--record", "approve@2026-04-15", "--json",
            ])
            try #require(result.status == 0, "\(result.stderr)")
            return Applicant(
                docket: docket, id: try #require(try DocketRunner.object(result)["id"] as? String), clerk: "p-xi")
        }
        let moved = try member(true)
        #expect(try moved.overdue(at: "2027-04-11").contains("full-vote-due"))
        #expect(
            try moved.fire("postpone-full-vote", at: "2027-03-01", ["postponed-months=7", "reason=转入材料待核"]).stderr
                .contains("outside the range 1–6"))
        #expect(
            try moved.fire("postpone-full-vote", at: "2027-03-01", ["postponed-months=3", "reason=转入材料待核"]).status == 0)
        #expect(try moved.overdue(at: "2027-07-10T23:59").filter { $0.hasSuffix("full-vote-due") } == [])
        #expect(try moved.overdue(at: "2027-07-11").contains("postponed-full-vote-due"))
        let again = try moved.fire("postpone-full-vote", at: "2027-03-02", ["postponed-months=1", "reason=再推"])
        #expect(again.status == 6 && again.stderr.contains("postponed only once"))
        let local = try member(false)
        #expect(
            try local.fire("postpone-full-vote", at: "2027-03-01", ["postponed-months=3", "reason=无"]).stderr.contains(
                "transferred in from elsewhere"))
    }

    @Test(
        "an applicant imported without the day of application is refused, naming the date its talk limit counts from and how to give it"
    )
    func importWithoutClockBase() throws {
        let docket = try DocketRunner().initialised()
        let refused = try docket.run([
            "case", "import", "member-development", "--org", "dongcun", "--state", "applied", "--as", "p-admin", "--at",
            "2026-11-23",
            "--set", "name=王五", "--set", "birth-date=1990-01-01", "--json",
        ])
        #expect(refused.status == 7)
        let error = try #require(try DocketRunner.object(refused)["error"] as? [String: Any])
        let fields = try #require(error["fields"] as? [[String: Any]])
        #expect(fields.map { $0["field"] as? String } == ["applied-on"])
        #expect((fields.first?["problem"] as? String)?.contains("--record apply@DATE") == true, "\(fields)")
        #expect(try docket.run(["case", "list", "--json"]).stdout.contains("王五") == false, "nothing was written")
        let given = try docket.run([
            "case", "import", "member-development", "--org", "dongcun", "--state", "applied", "--as", "p-admin", "--at",
            "2026-11-23",
            "--set", "name=王五", "--set", "birth-date=1990-01-01", "--record", "apply@2026-11-01", "--json",
        ])
        let limits = try #require(try DocketRunner.object(given)["deadlines"] as? [[String: Any]])
        #expect(limits.map { "\($0["id"] ?? "") \($0["due"] ?? "")" } == ["talk-due 2026-12-01"])
    }

    @Test("case show says where the person stands in the regulation's own words, and what the next step needs")
    func position() throws {
        let applicant = try Applicant.through("assign-introducers")
        let show = try applicant.show(at: "2026-03-07")
        #expect((show["position"] as? [String: Any])?["text"] as? String == "第三阶段 发展对象的确定和考察 · 第10步 政治审查")
        let review = (show["events"] as? [[String: Any]])?.first { $0["id"] as? String == "political-review" }
        #expect(review?["missing"] as? [String] == ["review-result", "conclusion"])
        let text = try applicant.docket.run(["case", "show", applicant.id, "--lang", "zh", "--at", "2026-03-07"])
        #expect(text.stdout.contains("进度      第三阶段 发展对象的确定和考察 · 第10步 政治审查"))
    }

    @Test("report stages counts people per stage and step by village, what happened in the year, and the overdue")
    func reportStages() throws {
        let docket = try DocketRunner().initialised()
        _ = try Applicant.through("name-activist", docket: docket)
        _ = try Applicant.through("name-activist", docket: docket)
        let failed = try Applicant.through("fill-form", docket: docket, org: "xicun")
        #expect(
            try failed.fire("branch-vote", at: "2026-05-10", ["eligible-voters=9", "present-voters=6", "yes-votes=3"])
                .status == 0)
        #expect(try failed.fire("decline", at: "2026-06-01", ["reason=未通过"]).status == 0)
        _ = try Applicant.through("approve", docket: docket, org: "xicun")
        let result = try docket.run([
            "report", "stages", "--workflow", "member-development", "--by", "village", "--year", "2026", "--at",
            "2026-06-02", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let groups = try #require(try DocketRunner.object(result)["groups"] as? [[String: Any]])
        #expect(groups.map { $0["id"] as? String } == ["dongcun", "xicun"])
        func stage(_ group: [String: Any], _ id: String) -> Int? {
            (group["stages"] as? [[String: Any]])?.first { $0["id"] as? String == id }?["open"] as? Int
        }
        #expect(stage(groups[0], "activist") == 2 && stage(groups[0], "probation") == 0)
        #expect(stage(groups[1], "probation") == 1 && stage(groups[1], "activist") == 0)
        let outcomes = try #require(groups[1]["outcomes_in_year"] as? [String: Int])
        #expect(outcomes["not-admitted"] == 1 && outcomes["admitted"] == 0)
        let candidate = (groups[1]["states"] as? [[String: Any]])?.first { $0["id"] as? String == "candidate" }
        #expect(candidate?["entered_in_year"] as? Int == 2 && candidate?["median_days"] as? Int == 43)
        // Both activists in 东村 are overdue for their half-yearly assessment.
        #expect(groups[0]["overdue"] as? Int == 2)
        let csv = try docket.run([
            "report", "stages", "--workflow", "member-development", "--csv", "--year", "2026", "--at", "2026-06-02",
        ])
        #expect(
            csv.stdout.hasPrefix(
                "group,group_name,stage,state,state_title,final,open,entered_in_year,median_days,group_overdue\n"))
    }
}
