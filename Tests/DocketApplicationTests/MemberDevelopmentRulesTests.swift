import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import Testing

/// One applicant in 东村, through the application layer with simulated time.
///
/// `path` is an ordinary case that passes every rule; a test advances along it to the
/// step it is about, then tries what the rule forbids.
struct Applicant {
    let deployment: Deployment
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
    static let path: [(String, String, [String: String])] = [
        ("talk", "2025-01-20", ["talker": "p-secretary"]),
        ("name-activist", "2025-03-03", ["recommended-by": "party-members"]),
        ("file-activist", "2025-03-05", [:]),
        ("assign-mentors", "2025-03-05", ["mentors": "p-li"]),
        ("assess", "2025-08-20", ["assessment": "表现良好"]),
        ("assess", "2026-02-10", ["assessment": "积极进步"]),
        ("name-candidate", "2026-03-03", [:]),
        ("file-candidate", "2026-03-05", [:]),
        ("assign-introducers", "2026-03-06", ["introducers": "p-li,p-zhou"]),
        ("political-review", "2026-04-01", ["review-result": "passed", "conclusion": "政治审查合格"]),
        ("training", "2026-04-10", ["training-days": "3"]),
        ("committee-review", "2026-04-15", [:]),
        ("pre-review", "2026-04-20", ["pre-review-result": "passed"]),
        ("fill-form", "2026-04-25", [:]),
        ("branch-vote", "2026-05-10", ["eligible-voters": "9", "present-voters": "7", "yes-votes": "6"]),
        ("committee-talk", "2026-05-20", [:]),
        ("approve", "2026-06-01", [:]),
        ("file-approval", "2026-06-05", [:]),
        ("join-branch", "2026-06-05", [:]),
        ("oath", "2026-07-01", [:]),
        ("assess", "2026-11-01", [:]),
        ("apply-full", "2027-04-20", [:]),
        (
            "full-vote", "2027-05-10",
            ["eligible-voters": "9", "present-voters": "8", "yes-votes": "8", "decision": "full"]
        ),
        ("approve-full", "2027-06-20", [:]),
        ("archive", "2027-06-25", [:]),
    ]

    /// Applies on `day` (born 1995-05-05 unless given).
    static func apply(
        _ deployment: Deployment, on day: String = "2025-01-06", born: String = "1995-05-05", org: String = "dongcun"
    ) throws -> Applicant {
        let clerk = clerks[org] ?? "p-secretary"
        let started = try deployment.start(
            "member-development", org: org, as: clerk, at: day, ["name": "王小明", "birth-date": born])
        return Applicant(deployment: deployment, id: started.snapshot.id, clerk: clerk)
    }

    /// A fresh deployment with one applicant advanced through `event` (its `occurrence`th
    /// time on the path), or only applied when `event` is nil.
    static func through(
        _ event: String?, occurrence: Int = 1, deployment: Deployment? = nil, org: String = "dongcun"
    ) throws -> Applicant {
        let applicant = try apply(try deployment ?? Deployment(), org: org)
        guard let event else { return applicant }
        var seen = 0
        for (name, day, input) in path {
            try applicant.fire(name, at: day, input)
            if name == event {
                seen += 1
                if seen == occurrence { break }
            }
        }
        return applicant
    }

    /// Fires a step as the one who records it: the township committee, or the branch's clerk.
    @discardableResult
    func fire(_ event: String, at day: String, _ input: [String: String] = [:]) throws -> DocketApp.Fired {
        try deployment.fire(id, event, as: Self.committeeSteps.contains(event) ? "p-town" : clerk, at: day, input)
    }

    /// The refusal of a step.
    func refusal(
        _ event: String, at day: String, _ input: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Refused? {
        deployment.refusal({ try fire(event, at: day, input) }, sourceLocation: sourceLocation)
    }

    func state(at day: String) throws -> String { try deployment.state(of: id, at: day) }

    func data(at day: String) throws -> [String: String] { try deployment.data(of: id, at: day) }

    func events(at day: String) throws -> [String] { try deployment.events(of: id, at: day) }

    /// Overdue rule ids for this case at an instant.
    func overdue(at day: String) throws -> [String] { try deployment.overdueRules(of: id, at: day) }
}

extension Refused {
    /// For a step switched off in the deployment, the parameter that switches it.
    var parameter: String? {
        if case .switchedOff(let parameter, _) = refusal.reason { return parameter }
        return nil
    }
}

/// 发展党员, rule by rule (shared/DOMAIN.md §1).
@Suite struct MemberDevelopmentRulesTests {
    @Test("step 1: an applicant born 2008-11-23 is refused on 2026-11-22 and accepted on 2026-11-23")
    func ageRule() throws {
        let deployment = try Deployment()
        let input = ["name": "李青", "birth-date": "2008-11-23"]
        let early = deployment.refusal {
            try deployment.start("member-development", org: "dongcun", as: "p-secretary", at: "2026-11-22", input)
        }
        #expect(early?.code == "check-failed")
        #expect(
            early?.check?.message.text(.en)
                == "The applicant must be at least eighteen (Party Constitution art 1; art 5)")
        try deployment.start("member-development", org: "dongcun", as: "p-secretary", at: "2026-11-23", input)
    }

    @Test("step 2: the talk deadline is overdue on the first day after one month")
    func talkDeadline() throws {
        let applicant = try Applicant.apply(try Deployment(), on: "2026-01-31")
        #expect(try applicant.overdue(at: "2026-02-28T23:59") == [])
        #expect(try applicant.overdue(at: "2026-03-01") == ["talk-due"])
        try applicant.fire("talk", at: "2026-03-02", ["talker": "p-secretary"])
        #expect(try applicant.overdue(at: "2026-03-02") == [])
    }

    @Test("step 3: a county's override file sets a six-month wait before naming an activist")
    func minWaitBeforeActivist() throws {
        let applicant = try Applicant.through("talk")
        try applicant.deployment.configure("member-development:\n  min-wait-before-activist: 6 months\n")
        let early = applicant.refusal("name-activist", at: "2025-07-05", ["recommended-by": "party-members"])
        #expect(early?.code == "check-failed")
        #expect(early?.check?.possibleFrom == applicant.deployment.day("2025-07-06"))
        try applicant.fire("name-activist", at: "2025-07-06", ["recommended-by": "party-members"])
    }

    @Test("steps 4–5: an activist is filed and given one or two mentors, who are full members")
    func mentors() throws {
        let applicant = try Applicant.through("file-activist")
        let three = applicant.refusal("assign-mentors", at: "2025-03-06", ["mentors": "p-li,p-zhou,p-secretary"])
        #expect(three?.code == "invalid-fields" && three?.says("mentors: 3 item(s) given, 1–2 required") == true)
        let probationary = applicant.refusal("assign-mentors", at: "2025-03-06", ["mentors": "p-chen"])
        #expect(
            probationary?.code == "invalid-fields"
                && probationary?.says("mentors: p-chen is a probationary member, and must be a full member") == true)
        try applicant.fire("assign-mentors", at: "2025-03-06", ["mentors": "p-li,p-zhou"])
    }

    @Test("step 6: an activist is assessed every six months, and a missed assessment stays overdue")
    func assessmentDuty() throws {
        let applicant = try Applicant.through("assign-mentors")
        #expect(try applicant.overdue(at: "2025-09-03T23:00") == [])
        #expect(try applicant.overdue(at: "2025-09-04") == ["activist-assessment"])
        #expect(try applicant.overdue(at: "2026-01-04") == ["activist-assessment"])
        try applicant.fire("assess", at: "2026-01-05")
        let duty = try #require(try applicant.deployment.show(applicant.id, at: "2026-01-05").view.deadlines.first)
        #expect(duty.rule == "activist-assessment" && duty.dueDate == applicant.deployment.day("2026-07-05"))
    }

    @Test(
        "step 7: naming a candidate one day before the activist's first anniversary is refused with the date it becomes possible"
    )
    func oneFullYear() throws {
        let applicant = try Applicant.through("assess", occurrence: 2)
        let early = applicant.refusal("name-candidate", at: "2026-03-02")
        #expect(early?.code == "check-failed")
        #expect(early?.check?.possibleFrom == applicant.deployment.day("2026-03-03"))
        #expect(
            early?.check?.message.text(.en)
                == "A candidate can be named only a full year after the activist was (art 13)")
        try applicant.fire("name-candidate", at: "2026-03-03")
    }

    @Test(
        "step 7, 2026 revision (off by default): with candidate-publicity on, a public notice of 5 working days comes first"
    )
    func candidatePublicity() throws {
        let applicant = try Applicant.through("assess", occurrence: 2)
        // Off, the notice is no step: not offered, and refused as not possible.
        let offered = try applicant.events(at: "2026-03-03")
        #expect(offered.contains("name-candidate") && !offered.contains("publicize-candidate"), "\(offered)")
        let off = applicant.refusal("publicize-candidate", at: "2026-03-03")
        #expect(off?.code == "event-not-possible" && off?.parameter == "candidate-publicity")
        try applicant.deployment.configure("member-development:\n  candidate-publicity: true\n")
        #expect(
            applicant.refusal("name-candidate", at: "2026-03-03")?.says("public notice must run its full length")
                == true)
        #expect(try applicant.events(at: "2026-03-03").contains("publicize-candidate"))
        try applicant.fire("publicize-candidate", at: "2026-03-03")
        // Tuesday 3 March plus five working days is Tuesday 10 March.
        let early = applicant.refusal("name-candidate", at: "2026-03-09")
        #expect(early?.check?.possibleFrom == applicant.deployment.day("2026-03-10"))
        try applicant.fire("name-candidate", at: "2026-03-10")
    }

    @Test("step 7: filing, mentors and two assessments come before naming a candidate")
    func candidatePrerequisites() throws {
        let applicant = try Applicant.through("name-activist")
        let unfiled = applicant.refusal("name-candidate", at: "2026-03-10")
        #expect(unfiled?.code == "check-failed" && unfiled?.says("filed with the higher committee") == true)
        try applicant.fire("file-activist", at: "2026-03-10")
        #expect(applicant.refusal("name-candidate", at: "2026-03-10")?.says("Mentors must be assigned first") == true)
        try applicant.fire("assign-mentors", at: "2026-03-10", ["mentors": "p-li"])
        try applicant.fire("assess", at: "2026-03-10")
        #expect(applicant.refusal("name-candidate", at: "2026-03-10")?.says("Too few assessments") == true)
        try applicant.fire("assess", at: "2026-03-11")
        try applicant.fire("name-candidate", at: "2026-03-11")
    }

    @Test("step 9: exactly two introducers, both full members")
    func introducers() throws {
        let applicant = try Applicant.through("file-candidate")
        #expect(
            applicant.refusal("assign-introducers", at: "2026-03-06", ["introducers": "p-li"])?.code
                == "invalid-fields")
        #expect(
            applicant.refusal("assign-introducers", at: "2026-03-06", ["introducers": "p-li,p-li"])?.says(
                "names someone twice") == true)
        #expect(
            applicant.refusal("assign-introducers", at: "2026-03-06", ["introducers": "p-li,p-chen"])?.says(
                "p-chen is a probationary member") == true)
        try applicant.fire("assign-introducers", at: "2026-03-06", ["introducers": "p-li,p-zhou"])
    }

    @Test("step 10: a failed political review leaves only not-admitted")
    func politicalReviewFailed() throws {
        let applicant = try Applicant.through("assign-introducers")
        #expect(
            applicant.refusal("political-review", at: "2026-04-01", ["review-result": "failed"])?.says(
                "conclusion: required") == true)
        try applicant.fire("political-review", at: "2026-04-01", ["review-result": "failed", "conclusion": "不合格"])
        #expect(try applicant.state(at: "2026-04-02") == "review-failed")
        #expect(try applicant.events(at: "2026-04-02") == ["decline", "withdraw", "transfer-out"])
        try applicant.fire("decline", at: "2026-04-03", ["reason": "政治审查不合格"])
        #expect(try applicant.state(at: "2026-04-03") == "not-admitted")
    }

    @Test("step 11: training lasts at least 3 days or 24 class hours")
    func training() throws {
        let applicant = try Applicant.through("political-review")
        let short = applicant.refusal("training", at: "2026-04-10", ["training-days": "2"])
        #expect(short?.code == "check-failed" && short?.says("at least 3 days or 24 class hours") == true)
        #expect(applicant.refusal("training", at: "2026-04-10", ["training-hours": "23.5"])?.code == "check-failed")
        try applicant.fire("training", at: "2026-04-10", ["training-hours": "24"])
    }

    @Test("step 12: the committee review needs filing, introducers, a passed review and training")
    func committeeReview() throws {
        let applicant = try Applicant.through("assign-introducers")
        #expect(
            applicant.refusal("committee-review", at: "2026-04-15")?.says("political review must have passed") == true)
        try applicant.fire("political-review", at: "2026-04-15", ["review-result": "passed", "conclusion": "合格"])
        #expect(applicant.refusal("committee-review", at: "2026-04-15")?.says("training must be done first") == true)
        try applicant.fire("training", at: "2026-04-15", ["training-days": "3"])
        try applicant.fire("committee-review", at: "2026-04-15")
    }

    @Test(
        "steps 13–14: the form is filled only after a passed pre-review, and not for someone leaving within three months"
    )
    func preReview() throws {
        let applicant = try Applicant.through("committee-review")
        try applicant.fire(
            "pre-review", at: "2026-04-20", ["pre-review-result": "passed", "leaving-within-3-months": "true"])
        #expect(
            applicant.refusal("fill-form", at: "2026-04-25")?.says("leaving the unit within three months") == true)
        let other = try Applicant.through("committee-review")
        try other.fire("pre-review", at: "2026-04-20", ["pre-review-result": "failed"])
        #expect(other.refusal("fill-form", at: "2026-04-25")?.says("only after a passed pre-review") == true)
        try other.fire("decline", at: "2026-04-25", ["reason": "预审未通过"])
    }

    @Test(
        "step 15: with 9 voting members who should attend, 5 present and 5 yes passes, 4 yes fails, and 4 present is not a valid meeting"
    )
    func branchVote() throws {
        let applicant = try Applicant.through("fill-form")
        let inquorate = applicant.refusal(
            "branch-vote", at: "2026-05-10", ["eligible-voters": "9", "present-voters": "4", "yes-votes": "4"])
        #expect(
            inquorate?.code == "check-failed"
                && inquorate?.says("Fewer than half of the voting full members are present") == true)
        let impossible = applicant.refusal(
            "branch-vote", at: "2026-05-10", ["eligible-voters": "9", "present-voters": "5", "yes-votes": "6"])
        #expect(impossible?.says("do not add up") == true)
        let fails = try Applicant.through("fill-form")
        try fails.fire(
            "branch-vote", at: "2026-05-10", ["eligible-voters": "9", "present-voters": "5", "yes-votes": "4"])
        #expect(try fails.state(at: "2026-05-10") == "vote-failed")
        try applicant.fire(
            "branch-vote", at: "2026-05-10", ["eligible-voters": "9", "present-voters": "5", "yes-votes": "5"])
        #expect(try applicant.state(at: "2026-05-10") == "voted")
    }

    @Test("after a failed vote the case may be reconsidered no sooner than six months later")
    func reconsider() throws {
        let applicant = try Applicant.through("fill-form")
        try applicant.fire(
            "branch-vote", at: "2026-05-10", ["eligible-voters": "9", "present-voters": "6", "yes-votes": "3"])
        let early = applicant.refusal("reconsider", at: "2026-11-09")
        #expect(early?.check?.possibleFrom == applicant.deployment.day("2026-11-10"))
        try applicant.fire("reconsider", at: "2026-11-10")
        #expect(try applicant.state(at: "2026-11-10") == "candidate")
    }

    @Test("steps 16–17: the higher committee talks before approving")
    func committeeTalk() throws {
        let applicant = try Applicant.through("branch-vote")
        #expect(
            applicant.refusal("approve", at: "2026-06-01")?.says("must talk to the candidate before approval") == true)
        try applicant.fire("committee-talk", at: "2026-05-20")
        try applicant.fire("approve", at: "2026-06-01")
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
        let data = try applicant.data(at: "2026-06-01")
        #expect(data["vote-on"] == "2026-05-10" && data["approved-on"] == "2026-06-01")
        #expect(data["probation-ends"] == "2027-05-10")
    }

    @Test("step 20: the oath is taken within probation; with the 2026 rule on, it is due a month after approval")
    func oath() throws {
        let applicant = try Applicant.through("join-branch")
        try applicant.deployment.configure("member-development:\n  oath-within: true\n")
        try applicant.fire("assess", at: "2026-06-06") // any change reschedules the case
        #expect(try applicant.overdue(at: "2026-07-02") == ["oath-due"])
        try applicant.fire("oath", at: "2026-07-02")
        #expect(try applicant.overdue(at: "2026-07-02") == [])
        let late = try Applicant.through("join-branch")
        #expect(late.refusal("oath", at: "2027-05-11")?.says("within probation") == true)
    }

    @Test("steps 22–23: full membership is discussed only after probation ends and a written application")
    func fullVoteTiming() throws {
        let applicant = try Applicant.through("assess", occurrence: 3)
        let vote = ["eligible-voters": "9", "present-voters": "8", "yes-votes": "8", "decision": "full"]
        let early = applicant.refusal("full-vote", at: "2027-05-09", vote)
        #expect(early?.check?.possibleFrom == applicant.deployment.day("2027-05-10"))
        #expect(applicant.refusal("full-vote", at: "2027-05-10", vote)?.says("must first apply in writing") == true)
        #expect(!(try applicant.overdue(at: "2027-06-10T23:59")).contains("full-vote-due"))
        #expect(try applicant.overdue(at: "2027-06-11") == ["probation-assessment", "full-vote-due"])
        try applicant.fire("apply-full", at: "2027-06-11")
        try applicant.fire("full-vote", at: "2027-06-11", vote)
    }

    @Test("step 24: full membership is dated from the end of probation, not the approval day")
    func fullMembershipDate() throws {
        let applicant = try Applicant.through("approve-full")
        let data = try applicant.data(at: "2027-06-20")
        #expect(try applicant.state(at: "2027-06-20") == "full-member")
        #expect(data["full-member-on"] == "2027-05-10" && data["approved-full-on"] == "2027-06-20")
    }

    @Test("steps 23–24: an extension of 6 to 12 months moves the end of probation, and a second extension is refused")
    func probationExtension() throws {
        let applicant = try Applicant.through("apply-full")
        let vote = ["eligible-voters": "9", "present-voters": "8", "yes-votes": "7", "decision": "extend"]
        #expect(applicant.refusal("full-vote", at: "2027-05-12", vote)?.says("An extension needs its length") == true)
        #expect(
            applicant.refusal("full-vote", at: "2027-05-12", vote.merging(["extension-months": "13"]) { $1 })?.says(
                "outside the range 6–12") == true)
        try applicant.fire("full-vote", at: "2027-05-12", vote.merging(["extension-months": "6"]) { $1 })
        #expect(try applicant.overdue(at: "2027-08-13") == ["approve-full-due"])
        try applicant.fire("approve-full", at: "2027-06-01")
        #expect(try applicant.state(at: "2027-06-01") == "probationary")
        #expect(try applicant.data(at: "2027-06-01")["probation-ends"] == "2027-11-10")
        let second = applicant.refusal("full-vote", at: "2027-11-10", vote.merging(["extension-months": "6"]) { $1 })
        #expect(second?.code == "check-failed" && second?.says("Probation may be extended only once") == true)
        try applicant.fire(
            "full-vote", at: "2027-11-10",
            ["eligible-voters": "9", "present-voters": "8", "yes-votes": "7", "decision": "full"])
        try applicant.fire("approve-full", at: "2027-11-20")
        #expect(try applicant.data(at: "2027-11-20")["full-member-on"] == "2027-11-10")
    }

    @Test(
        "step 23: the extension is the field `extension`, 6 to 12 months: a bare number is months, a year is 12, days are refused"
    )
    func extensionField() throws {
        let applicant = try Applicant.through("apply-full")
        let vote = ["eligible-voters": "9", "present-voters": "8", "yes-votes": "7", "decision": "extend"]
        #expect(
            applicant.refusal("full-vote", at: "2027-05-12", vote.merging(["extension": "90 days"]) { $1 })?.says(
                "a number of months such as 6") == true)
        #expect(
            applicant.refusal("full-vote", at: "2027-05-12", vote.merging(["extension": "13"]) { $1 })?.says(
                "outside the range 6–12") == true)
        try applicant.fire("full-vote", at: "2027-05-12", vote.merging(["extension": "1 year"]) { $1 })
        try applicant.fire("approve-full", at: "2027-06-01")
        let data = try applicant.data(at: "2027-06-01")
        #expect(data["probation-ends"] == "2028-05-10" && data["extension"] == "12 months")
    }

    @Test(
        "step 23: the full vote needs more than half present and more than half of those who should attend voting yes")
    func fullVoteQuorum() throws {
        let applicant = try Applicant.through("apply-full")
        func vote(present: String, yes: String) -> [String: String] {
            ["eligible-voters": "9", "present-voters": present, "yes-votes": yes, "decision": "full"]
        }
        let few = applicant.refusal("full-vote", at: "2027-05-12", vote(present: "4", yes: "4"))
        #expect(
            few?.code == "check-failed" && few?.says("Fewer than half of the voting full members are present") == true,
            "\(few?.message() ?? "")")
        let weak = applicant.refusal("full-vote", at: "2027-05-12", vote(present: "8", yes: "4"))
        #expect(
            weak?.code == "check-failed"
                && weak?.says("more than half of the voting full members who should attend") == true,
            "\(weak?.message() ?? "")")
        let counts = applicant.refusal("full-vote", at: "2027-05-12", vote(present: "8", yes: "9"))
        #expect(counts?.code == "check-failed" && counts?.says("The counts do not add up") == true)
        try applicant.fire("full-vote", at: "2027-05-12", vote(present: "5", yes: "5"))
    }

    @Test("steps 23–24: a vote to cancel, once approved, ends the case as cancelled")
    func cancellation() throws {
        let applicant = try Applicant.through("apply-full")
        try applicant.fire(
            "full-vote", at: "2027-05-12",
            ["eligible-voters": "9", "present-voters": "8", "yes-votes": "6", "decision": "cancel"])
        try applicant.fire("approve-full", at: "2027-06-01")
        #expect(try applicant.state(at: "2027-06-01") == "cancelled")
    }

    @Test("step 25: the file is archived within a week of full membership")
    func archive() throws {
        let applicant = try Applicant.through("approve-full")
        #expect(try applicant.overdue(at: "2027-06-27T23:59") == [])
        #expect(try applicant.overdue(at: "2027-06-28") == ["archive-due"])
        try applicant.fire("archive", at: "2027-06-28")
        #expect(try applicant.state(at: "2027-06-28") == "archived")
    }

    @Test("withdrawal and transfer out are possible from any open state, and not after archiving")
    func withdrawAndTransfer() throws {
        let applicant = try Applicant.through("name-activist")
        try applicant.fire("transfer-out", at: "2025-04-01", ["to-org": "外县某村党支部"])
        #expect(try applicant.state(at: "2025-04-01") == "transferred-out")
        let other = try Applicant.through("approve")
        try other.fire("withdraw", at: "2026-06-02", ["reason": "本人申请"])
        let archived = try Applicant.through("archive")
        #expect(archived.refusal("withdraw", at: "2027-06-26")?.code == "event-not-possible")
    }

    @Test("an activist named in 2025 is imported, and the training year counts from the original date")
    func importActivist() throws {
        let deployment = try Deployment()
        let imported = try deployment.importCase(
            "member-development", org: "dongcun", state: "activist", at: "2026-01-05",
            ["name": "赵敏", "birth-date": "1990-02-02", "mentors": "p-li"],
            records: [
                "apply@2024-10-08", "talk@2024-10-20", "name-activist@2025-05-01", "file-activist@2025-05-06",
                "assign-mentors@2025-05-06", "assess@2025-10-30",
            ],
            note: "由纸质档案转入")
        let applicant = Applicant(deployment: deployment, id: imported.snapshot.id)
        #expect(try applicant.data(at: "2026-01-05")["activist-on"] == "2025-05-01")
        try applicant.fire("assess", at: "2026-04-20")
        let early = applicant.refusal("name-candidate", at: "2026-04-30")
        #expect(early?.check?.possibleFrom == deployment.day("2026-05-01"))
    }

    @Test("a probationary member voted in on 2026-03-10 is imported with probation ending 2027-03-10")
    func importProbationary() throws {
        let deployment = try Deployment()
        let imported = try deployment.importCase(
            "member-development", org: "xicun", state: "probationary", at: "2026-11-23",
            ["name": "钱芳", "birth-date": "1988-08-08"], records: ["branch-vote@2026-03-10", "approve@2026-04-15"])
        let data = try deployment.data(of: imported.snapshot.id, at: "2026-11-23")
        #expect(data["vote-on"] == "2026-03-10" && data["probation-ends"] == "2027-03-10")
    }

    @Test(
        "a probationary member imported with only the vote day gets probation's end and the full-vote limit, and can later be voted in"
    )
    func importProbationaryVoteOnly() throws {
        let deployment = try Deployment()
        let imported = try deployment.importCase(
            "member-development", org: "xicun", state: "probationary", at: "2026-11-23",
            ["name": "钱芳", "birth-date": "1988-08-08"], records: ["branch-vote@2026-03-10"])
        let (view, _) = try deployment.show(imported.snapshot.id, at: "2026-11-23")
        #expect(deployment.text(of: view.snapshot)["probation-ends"] == "2027-03-10")
        #expect(view.deadlines.contains { $0.rule == "full-vote-due" })
        let member = Applicant(deployment: deployment, id: imported.snapshot.id, clerk: "p-xi")
        try member.fire("apply-full", at: "2027-03-01")
        try member.fire(
            "full-vote", at: "2027-03-10",
            ["eligible-voters": "9", "present-voters": "8", "yes-votes": "8", "decision": "full"])
    }

    @Test(
        "step 23: a transferred-in probationary member's full vote may be postponed once, by up to six months, and the limit moves with it"
    )
    func postponeFullVote() throws {
        let deployment = try Deployment()
        func member(_ transferred: Bool) throws -> Applicant {
            let imported = try deployment.importCase(
                "member-development", org: "xicun", state: "probationary", at: "2026-11-23",
                ["name": "钱芳", "birth-date": "1988-08-08", "transferred-in": "\(transferred)"],
                records: ["branch-vote@2026-03-10", "approve@2026-04-15"])
            return Applicant(deployment: deployment, id: imported.snapshot.id, clerk: "p-xi")
        }
        let moved = try member(true)
        #expect(try moved.overdue(at: "2027-04-11").contains("full-vote-due"))
        #expect(
            moved.refusal("postpone-full-vote", at: "2027-03-01", ["postponed-months": "7", "reason": "转入材料待核"])?
                .says("outside the range 1–6") == true)
        try moved.fire("postpone-full-vote", at: "2027-03-01", ["postponed-months": "3", "reason": "转入材料待核"])
        #expect(try moved.overdue(at: "2027-07-10T23:59").filter { $0.hasSuffix("full-vote-due") } == [])
        #expect(try moved.overdue(at: "2027-07-11").contains("postponed-full-vote-due"))
        let again = moved.refusal("postpone-full-vote", at: "2027-03-02", ["postponed-months": "1", "reason": "再推"])
        #expect(again?.code == "check-failed" && again?.says("postponed only once") == true)
        let local = try member(false)
        #expect(
            local.refusal("postpone-full-vote", at: "2027-03-01", ["postponed-months": "3", "reason": "无"])?.says(
                "transferred in from elsewhere") == true)
    }

    @Test(
        "an applicant imported without the day of application is refused, naming the date its talk limit counts from and how to give it"
    )
    func importWithoutClockBase() throws {
        let deployment = try Deployment()
        let input = ["name": "王五", "birth-date": "1990-01-01"]
        let refused = deployment.refusal {
            try deployment.importCase("member-development", org: "dongcun", state: "applied", at: "2026-11-23", input)
        }
        #expect(refused?.code == "invalid-fields")
        let fields = try #require(refused?.fields)
        #expect(fields.map(\.field) == ["applied-on"])
        #expect(fields.first?.message(in: .en).contains("--record apply@DATE") == true, "\(fields)")
        #expect(
            try deployment.cases().contains { deployment.text(of: $0)["name"] == "王五" } == false,
            "nothing was written")
        let given = try deployment.importCase(
            "member-development", org: "dongcun", state: "applied", at: "2026-11-23", input,
            records: ["apply@2026-11-01"])
        let limits = try deployment.show(given.snapshot.id, at: "2026-11-23").view.deadlines
        #expect(limits.map { "\($0.rule) \($0.dueDate?.description ?? "")" } == ["talk-due 2026-12-01"])
    }

    @Test("a case says where the person stands in the regulation's own words, and what the next step needs")
    func position() throws {
        let applicant = try Applicant.through("assign-introducers")
        let (view, events) = try applicant.deployment.show(applicant.id, at: "2026-03-07")
        #expect(
            ProcedurePosition.of(view.snapshot, in: view.definition)?.text(.zh) == "第三阶段 发展对象的确定和考察 · 第10步 政治审查")
        let review = events.first { $0.event == "political-review" }
        #expect(review?.missing == ["review-result", "conclusion"])
    }

    @Test("the stage report counts people per stage and step by village, what happened in the year, and the overdue")
    func reportStages() throws {
        let deployment = try Deployment()
        _ = try Applicant.through("name-activist", deployment: deployment)
        _ = try Applicant.through("name-activist", deployment: deployment)
        let failed = try Applicant.through("fill-form", deployment: deployment, org: "xicun")
        try failed.fire(
            "branch-vote", at: "2026-05-10", ["eligible-voters": "9", "present-voters": "6", "yes-votes": "3"])
        try failed.fire("decline", at: "2026-06-01", ["reason": "未通过"])
        _ = try Applicant.through("approve", deployment: deployment, org: "xicun")
        let report = try deployment.app.stageReport(
            workflow: "member-development", year: 2026,
            DocketApp.ReportSpan(organisation: nil, groupKind: "village", unplaced: "unplaced"),
            by: deployment.caller(Deployment.administrator, at: "2026-06-02"))
        let groups = report.groups
        #expect(groups.map(\.id) == ["dongcun", "xicun"])
        let definition = report.definition
        #expect(
            groups[0].open(in: "activist", of: definition) == 2 && groups[0].open(in: "probation", of: definition) == 0)
        #expect(
            groups[1].open(in: "probation", of: definition) == 1 && groups[1].open(in: "activist", of: definition) == 0)
        // The year's outcomes, by the outcome each final state stands for.
        let outcomes = Dictionary(
            definition.states.filter(\.isFinal).map { ($0.outcome ?? $0.id, groups[1].enteredInYear[$0.id] ?? 0) },
            uniquingKeysWith: +)
        #expect(outcomes["not-admitted"] == 1 && outcomes["admitted"] == 0)
        #expect(groups[1].enteredInYear["candidate"] == 2 && groups[1].medianDays(in: "candidate") == 43)
        // Both activists in 东村 are overdue for their half-yearly assessment.
        #expect(groups[0].overdueCases == 2)
        // The level may be named as a clerk names it.
        for typed in ["村", "村（社区）", "Village"] {
            let same = try deployment.app.stageReport(
                workflow: "member-development", year: 2026,
                DocketApp.ReportSpan(organisation: nil, groupKind: typed, unplaced: "unplaced"),
                by: deployment.caller(Deployment.administrator, at: "2026-06-02"))
            #expect(same.groups.map(\.id) == ["dongcun", "xicun"], "\(typed)")
        }
    }
}
