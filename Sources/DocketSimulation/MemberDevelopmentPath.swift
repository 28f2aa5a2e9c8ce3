public import DocketCore

/// The main path of `member-development`, from the talk after the application to the
/// archived file: each step's event, the day it happens and its fields, dated so that
/// every time rule of the shipped workflow (version 1) is met. W1 drives cases along it;
/// tests drive cases part of the way and on to the end.
public enum MemberDevelopmentPath {
    /// The day the application is handed in, and the fields of `apply`.
    public static let applied = "2025-01-06"
    public static func application(name: String) -> [String: String] {
        ["name": name, "birth-date": "1995-05-05"]
    }

    /// Who the path names: the clerk of every step (holding every role) and two mentors
    /// who become the introducers, all full members.
    public static let actor = "bench"
    public static let mentors = ["bench-m1", "bench-m2"]

    /// The people the path needs, holding their roles at `root`.
    public static func people(root: String) -> [Person] {
        let roles = [
            "branch-clerk", "branch-committee", "party-committee", "org-department", "intake", "branch-dispatcher",
            "member", "branch-secretary", "township-committee", "county-committee", "admin",
        ]
        return [
            Person(
                id: actor, name: "基准测试", status: .full, roles: roles.map { RoleGrant(role: $0, organisation: root) }),
            Person(id: mentors[0], name: "甲", status: .full, roles: [RoleGrant(role: "member", organisation: root)]),
            Person(id: mentors[1], name: "乙", status: .full, roles: [RoleGrant(role: "member", organisation: root)]),
        ]
    }

    /// The steps after the application: (event, day, fields).
    public static let steps: [(event: String, day: String, input: [String: String])] = [
        ("talk", "2025-01-20", ["talker": "bench"]),
        ("name-activist", "2025-03-03", ["recommended-by": "party-members"]),
        ("file-activist", "2025-03-05", [:]),
        ("assign-mentors", "2025-03-05", ["mentors": "bench-m1,bench-m2"]),
        ("assess", "2025-08-20", ["assessment": "good"]),
        ("assess", "2026-02-10", ["assessment": "good"]),
        ("name-candidate", "2026-03-03", [:]),
        ("file-candidate", "2026-03-05", [:]),
        ("assign-introducers", "2026-03-06", ["introducers": "bench-m1,bench-m2"]),
        ("political-review", "2026-04-01", ["review-result": "passed", "conclusion": "合格"]),
        ("training", "2026-04-10", ["training-days": "3"]),
        ("committee-review", "2026-04-15", [:]),
        ("pre-review", "2026-04-20", ["pre-review-result": "passed"]),
        ("fill-form", "2026-04-25", [:]),
        ("branch-vote", "2026-05-10", ["eligible-voters": "30", "present-voters": "25", "yes-votes": "20"]),
        ("committee-talk", "2026-05-20", [:]),
        ("approve", "2026-06-01", [:]),
        ("file-approval", "2026-06-05", [:]),
        ("join-branch", "2026-06-05", [:]),
        ("oath", "2026-07-01", [:]),
        ("assess", "2026-11-01", [:]),
        ("assess", "2027-04-20", [:]),
        ("apply-full", "2027-04-25", [:]),
        (
            "full-vote", "2027-05-10",
            ["eligible-voters": "30", "present-voters": "28", "yes-votes": "25", "decision": "full"]
        ),
        ("approve-full", "2027-06-20", [:]),
        ("archive", "2027-06-25", [:]),
    ]
}
