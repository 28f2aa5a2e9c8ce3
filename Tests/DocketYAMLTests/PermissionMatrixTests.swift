import DocketCore
import DocketYAML
import Foundation
import Testing

/// Every event of every shipped workflow against every role: allowed exactly where
/// shared/DOMAIN.md gives the role that work. The tables are written out here from the
/// procedure, independently of the YAML, so a role added or dropped there fails here.
@Suite struct PermissionMatrixTests {
    static func definition(_ name: String) throws -> WorkflowDefinition {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Workflows/\(name).yaml"), encoding: .utf8)
        return try #require(WorkflowLoader.load(source: text, file: name).definition)
    }

    /// 支部组织委员 records the branch's steps, 支部委员会 decides, 基层党委 files, pre-reviews,
    /// talks and approves, 组织部门 files the approval, 督查 only reads.
    static let memberDevelopment: [String: Set<String>] = [
        "apply": ["branch-clerk"], "talk": ["branch-clerk"], "name-activist": ["branch-committee"],
        "file-activist": ["branch-clerk", "party-committee"], "assign-mentors": ["branch-committee"],
        "assess": ["branch-clerk", "branch-committee"], "publicize-candidate": ["branch-committee"],
        "name-candidate": ["branch-committee"], "file-candidate": ["branch-clerk", "party-committee"],
        "assign-introducers": ["branch-committee"], "political-review": ["party-committee", "branch-committee"],
        "training": ["party-committee", "branch-clerk"], "committee-review": ["branch-committee"],
        "pre-review": ["party-committee"], "fill-form": ["branch-clerk"], "branch-vote": ["branch-committee"],
        "committee-talk": ["party-committee"], "approve": ["party-committee"],
        "decline": ["party-committee", "branch-committee"],
        "reconsider": ["branch-committee"], "postpone-full-vote": ["branch-committee", "party-committee"],
        "file-approval": ["party-committee", "org-department"], "join-branch": ["branch-clerk"],
        "oath": ["branch-clerk", "party-committee"], "apply-full": ["branch-clerk"], "full-vote": ["branch-committee"],
        "approve-full": ["party-committee"], "archive": ["branch-clerk"], "withdraw": ["branch-clerk"],
        "transfer-out": ["branch-clerk", "party-committee"],
    ]

    /// 受理员 takes orders and calls back, 支部 dispatches and rejects, 党员 accepts, declines and
    /// completes, either may blow the whistle; timers alone return and close; 督查 reads.
    static let serviceRequest: [String: Set<String>] = [
        "order": ["intake"], "reject": ["branch-dispatcher"], "dispatch": ["branch-dispatcher"], "accept": ["member"],
        "decline": ["member"], "unanswered": [], "complete": ["member"], "escalate": ["branch-dispatcher", "member"],
        "rate": ["intake", "branch-dispatcher"], "close-unrated": [],
    ]

    /// 支部书记 plans, reports and closes measures; 乡镇党委 nominates and checks; 县委 confirms,
    /// dismisses and declares relapses; 县委组织部 accepts and closes (and may nominate when
    /// it runs the year's campaign); 督查 reads.
    static let branchRectification: [String: Set<String>] = [
        "nominate": ["township-committee", "org-department"], "confirm": ["county-committee"],
        "dismiss": ["county-committee"],
        "submit-plan": ["branch-secretary"], "assign-helpers": ["township-committee", "county-committee"],
        "start": ["branch-secretary", "township-committee"], "report-progress": ["branch-secretary"],
        "close-measure": ["branch-secretary", "township-committee"], "request-acceptance": ["branch-secretary"],
        "township-pass": ["township-committee"], "township-fail": ["township-committee"],
        "county-accept": ["org-department"],
        "follow-up": ["org-department", "township-committee"], "close": ["org-department"],
        "relapse": ["county-committee", "org-department"],
    ]

    @Test(
        "every event of every shipped workflow is allowed to exactly the roles the procedure gives it",
        arguments: [
            ("member-development", memberDevelopment), ("service-request", serviceRequest),
            ("branch-rectification", branchRectification),
        ])
    func matrix(workflow: String, expected: [String: Set<String>]) throws {
        let definition = try Self.definition(workflow)
        #expect(Set(definition.events.map(\.id)) == Set(expected.keys), "every event is in the table")
        for event in definition.events {
            for role in definition.roles.map(\.id) + ["admin", "someone-else"] {
                let allowed = Authorization.permits(event, rolesHeld: [role])
                #expect(allowed == (expected[event.id]?.contains(role) ?? false), "\(workflow): \(role) on \(event.id)")
            }
            #expect(!Authorization.permits(event, rolesHeld: []), "nobody without a role")
        }
        #expect(definition.roles.contains { $0.id == "supervisor" }, "a read-only supervisor role exists")
    }

    @Test("a timer-only event is refused to every role, however many are held")
    func timerOnly() throws {
        let definition = try Self.definition("service-request")
        let everything = Set(definition.roles.map(\.id))
        #expect(!Authorization.permits(try #require(definition.event("unanswered")), rolesHeld: everything))
        #expect(Authorization.permits(try #require(definition.event("dispatch")), rolesHeld: everything))
    }
}
