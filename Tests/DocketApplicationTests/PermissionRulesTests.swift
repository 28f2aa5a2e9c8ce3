import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import Testing

/// Who may do what, across the organisation tree of Examples/: 赵书记 (p-secretary) runs
/// 东村, 孙书记 (p-xi) 西村, 钱书记 (p-town) sits on the 城关镇 committee, 孙督查 (p-sun)
/// supervises 城关镇 and may only read. The application layer decides; a front end only
/// words it.
@Suite struct PermissionRulesTests {
    /// SR-000001 at 东村第一网格 and SR-000002 at 西村第一网格.
    func setUp() throws -> Deployment {
        let deployment = try Deployment()
        try deployment.order()
        try deployment.order(org: "xicun-g1")
        return deployment
    }

    @Test(
        "an outsider cannot tell a case outside their part from one that does not exist, nor learn its state or who could take it"
    )
    func noExistenceLeak() throws {
        let deployment = try setUp()
        let xi = deployment.caller("p-xi", at: "2026-11-22T10:00")
        // 孙书记 (西村) asks after 东村's SR-000001 and after SR-000099, which is nowhere.
        let reads: [(String, (String) throws -> Void)] = [
            ("case show", { _ = try deployment.app.showCase($0, by: xi) }),
            ("case history", { _ = try deployment.app.caseHistory($0, by: xi) }),
            ("dispatch suggest", { _ = try deployment.app.dispatchCandidates(caseID: $0, by: xi) }),
        ]
        for (command, read) in reads {
            let existing = deployment.refusal { try read("SR-000001") }
            let missing = deployment.refusal { try read("SR-000099") }
            #expect(existing?.code == "not-permitted" && missing?.code == "not-permitted", "\(command)")
            #expect(
                existing?.refusal.state == nil && missing?.refusal.state == nil,
                "no state is named: \(existing?.message() ?? "")")
            for language in Language.allCases {
                let words = existing?.message(in: language) ?? ""
                #expect(!words.contains("ordered") && !words.contains("待派单"), "\(words)")
            }
        }
        let fire = deployment.refusal { try deployment.fire("SR-000001", "accept", as: "p-xi", at: "2026-11-22T10:00") }
        #expect(
            fire?.code == "not-permitted" && fire?.message(in: .zh).contains("已点单待派单") == false,
            "the refusal names no state: \(fire?.message(in: .zh) ?? "")")
        #expect(
            deployment.refusal { try deployment.fire("SR-000099", "accept", as: "p-xi", at: "2026-11-22T10:00") }?
                .code == "not-permitted")
        let auto = deployment.refusal {
            try deployment.fire("SR-000001", "dispatch", as: "p-xi", at: "2026-11-22T10:00", autoAssign: true)
        }
        let words = Language.allCases.map { auto?.message(in: $0) ?? "" }.joined()
        #expect(
            auto?.code == "not-permitted" && !words.contains("李明") && !words.contains("p-li"),
            "no candidate is shown: \(words)")
        // Someone who sees the whole county is simply told there is no such case.
        #expect(
            deployment.isNotFound(.case) {
                try deployment.show("SR-000099", at: "2026-11-22T10:00", as: Deployment.administrator)
            })
        #expect(
            try deployment.denied().contains { $0.caseID == "SR-000099" },
            "asking after a case that is not there is on record too")
    }

    @Test("a secretary may not act on another village's case; the attempt is refused and written nowhere")
    func crossOrganisationWrite() throws {
        let deployment = try setUp()
        let refused = deployment.refusal {
            try deployment.fire("SR-000001", "dispatch", as: "p-xi", at: "2026-11-22T10:00", ["assignee": "p-li"])
        }
        #expect(refused?.code == "not-permitted")
        if case .notPermitted(_, let required)? = refused?.refusal.reason { #expect(required == ["branch-dispatcher"]) }
        #expect(try deployment.history(of: "SR-000001").count == 1, "nothing written")
        try deployment.fire("SR-000002", "dispatch", as: "p-xi", at: "2026-11-22T10:00", ["assignee": "p-wu"])
        // A role held at the township covers its villages.
        try deployment.fire("SR-000001", "dispatch", as: "p-town", at: "2026-11-22T10:05", ["assignee": "p-li"])
    }

    @Test("a supervisor reads everything under the township and changes nothing")
    func supervisor() throws {
        let deployment = try setUp()
        #expect(try deployment.caseIDs(as: "p-sun") == ["SR-000001", "SR-000002"])
        _ = try deployment.show("SR-000002", at: "2026-11-22T10:00", as: "p-sun")
        #expect(
            deployment.refusal {
                try deployment.fire("SR-000001", "reject", as: "p-sun", at: "2026-11-22T10:00", ["reason": "重复"])
            }?.code == "not-permitted")
    }

    @Test("reads are scoped to the subtrees where the reader holds a role")
    func scopedReads() throws {
        let deployment = try setUp()
        #expect(try deployment.caseIDs(as: "p-secretary") == ["SR-000001"])
        #expect(try deployment.caseIDs(as: "p-xi") == ["SR-000002"])
        // Asking for the whole township narrows to the part the reader may see.
        #expect(try deployment.caseIDs(as: "p-xi", DocketApp.TypedFilter(organisation: "chengguan")) == ["SR-000002"])
        #expect(try deployment.overdue(at: "2026-11-25", as: "p-xi").map(\.caseID) == ["SR-000002"])
        #expect(try deployment.overdue(at: "2026-11-25", as: "p-sun").map(\.caseID) == ["SR-000001", "SR-000002"])
        let other = deployment.refusal { try deployment.show("SR-000001", at: "2026-11-22T10:00", as: "p-xi") }
        #expect(
            other?.code == "not-permitted"
                && other?.says(
                    "case SR-000001: p-xi may not read this case: they hold no role at its organisation or above")
                    == true
        )
        #expect(deployment.refusal { try deployment.history(of: "SR-000001", as: "p-xi") }?.code == "not-permitted")
        #expect(
            deployment.accessError {
                try deployment.caseIDs(as: "p-xi", DocketApp.TypedFilter(organisation: "hekou"))
            }?.code == .outsideScope)
        let report = try deployment.app.stageReport(
            workflow: "service-request", year: nil,
            DocketApp.ReportSpan(organisation: nil, groupKind: nil, unplaced: "(other)"),
            by: deployment.caller("p-xi", at: "2026-11-25"))
        #expect(report.groups.map(\.id) == ["xicun"])
    }

    @Test("the refused attempts on record say who tried what on which case and when, within the reader's scope")
    func deniedList() throws {
        let deployment = try setUp()
        _ = deployment.refusal {
            try deployment.fire("SR-000001", "dispatch", as: "p-xi", at: "2026-11-22T10:00", ["assignee": "p-li"])
        }
        _ = deployment.refusal { try deployment.show("SR-000001", at: "2026-11-22T10:01", as: "p-zhou") }
        let rows = try deployment.denied()
        #expect(rows.map(\.actor) == ["p-xi", "p-zhou"])
        #expect(rows.map(\.action) == ["dispatch", "read"])
        #expect(rows[0].caseID == "SR-000001" && rows[0].at == deployment.at("2026-11-22T10:00"))
        #expect(rows[0].requiredRoles == ["branch-dispatcher"] && rows[1].requiredRoles == [])
        #expect(try deployment.denied(under: "xicun").isEmpty)
    }

    @Test("set-up needs an administrator once there is one; before that the store is being set up")
    func administrator() throws {
        let deployment = try setUp()
        let village = Organisation(id: "nancun", name: "南村", parent: "chengguan", kind: "village")
        func importOrganisation(as person: String) throws -> [Organisation] {
            try deployment.app.importOrganisations(atomic: false, by: deployment.caller(person, at: "2026-11-22")) {
                existing in
                DirectoryRows.organisations([village], lines: [2], existing: existing)
            }.accepted
        }
        #expect(deployment.accessError { try importOrganisation(as: "p-secretary") }?.code == .notAdministrator)
        #expect(try importOrganisation(as: "p-admin").map(\.id) == ["nancun"])
        func paper(as person: String) throws -> Engine.CaseView {
            try deployment.importCase("service-request", org: "dongcun", state: "ordered", at: "2026-11-22", as: person)
        }
        #expect(deployment.refusal { try paper(as: "p-secretary") }?.code == "not-permitted")
        _ = try paper(as: "p-admin")
        #expect(
            deployment.accessError {
                try deployment.configure("service-request:\n  max-reopens: 1\n", as: "p-sun")
            }?.code == .notAdministrator)
    }
}

/// The reads and runs that cover the whole tree — the timers, the trail, the tree itself,
/// the workflows — are a person's, scoped to them, and refused ones are on the record.
@Suite struct WholeTreePermissionRulesTests {
    @Test(
        "the timers run as a person with the timekeeper's or administrator's role at the top; others are refused and recorded"
    )
    func tick() throws {
        let deployment = try Deployment()
        func tick(_ person: String?) throws -> Engine.TickCounts {
            try deployment.app.tick(by: deployment.caller(person, at: "2026-11-24T09:00")) { _ in }
        }
        #expect(deployment.accessError { try tick(nil) }?.code == .noPerson)
        let member = deployment.accessError { try tick("p-wu") }
        #expect(member?.code == .needsTopRole && member?.required == ["admin", "timekeeper"])
        _ = try tick("p-admin")
        #expect(try deployment.denied().contains { $0.actor == "p-wu" && $0.action == "tick" })
    }

    @Test(
        "checking the trail needs a role at the top of the tree; the tree and the workflows need a person, and the tree is the reader's part"
    )
    func treeTrailAndWorkflows() throws {
        let deployment = try Deployment()
        let now = "2026-11-22T10:00"
        func caller(_ person: String?) -> Caller { deployment.caller(person, at: now) }
        #expect(deployment.accessError { try deployment.app.verifyAuditTrail(by: caller(nil)) }?.code == .noPerson)
        #expect(
            deployment.accessError { try deployment.app.verifyAuditTrail(by: caller("p-sun")) }?.code == .needsTopRole)
        #expect(try deployment.app.verifyAuditTrail(by: caller("p-admin")).isIntact)
        #expect(deployment.accessError { try deployment.app.deployedWorkflows(by: caller(nil)) }?.code == .noPerson)
        #expect(
            deployment.accessError { try deployment.app.organisationTree(under: nil, by: caller(nil)) }?.code
                == .noPerson)
        let (tree, tops) = try deployment.app.organisationTree(under: nil, by: caller("p-sun"))
        #expect(tops.map(\.id) == ["chengguan"], "城关镇's supervisor sees 城关镇 and below")
        var shown: [String] = []
        var below = tops.map(\.id)
        while let next = below.popLast() {
            shown.append(next)
            below += tree.children(of: next).map(\.id)
        }
        #expect(!shown.contains { $0.hasPrefix("hekou") })
        #expect(
            deployment.accessError { try deployment.app.organisationTree(under: "hekou", by: caller("p-sun")) }?.code
                == .unseen)
        #expect(
            deployment.accessError { try deployment.app.organisationTree(under: "atlantis", by: caller("p-sun")) }?
                .code == .unseen, "told alike")
        #expect(
            deployment.isNotFound(.organisation) {
                try deployment.app.organisationTree(under: "atlantis", by: caller("p-admin"))
            })
    }

    @Test(
        "the member a request is assigned to still reads it, and finds it in their list, after it was escalated above them"
    )
    func assigneeReadsEscalated() throws {
        let deployment = try Deployment()
        _ = try deployment.escalatedRequest()
        let shown = try deployment.show("SR-000001", at: "2026-11-22T19:00", as: "p-li")
        #expect(shown.view.snapshot.organisation == "dongcun")
        #expect(try deployment.caseIDs(as: "p-li", DocketApp.TypedFilter(person: "p-li")).contains("SR-000001"))
        #expect(
            deployment.refusal { try deployment.show("SR-000001", at: "2026-11-22T19:00", as: "p-zhou") }?.code
                == "not-permitted")
    }
}

@Suite struct LookupRulesTests {
    @Test("people and organisations are looked up within the reader's part of the tree, with who holds what there")
    func lookups() throws {
        let deployment = try Deployment()
        try deployment.order()
        try deployment.fire("SR-000001", "dispatch", as: "p-secretary", at: "2026-11-22T09:45", ["assignee": "p-li"])
        let admin = deployment.caller(Deployment.administrator, at: "2026-11-22T10:00")
        let xi = deployment.caller("p-xi", at: "2026-11-22T10:00")
        #expect(
            try deployment.app.people(under: "东村", holding: nil, by: admin).people.map(\.id) == [
                "p-chen", "p-li", "p-secretary", "p-zhou",
            ])
        #expect(try deployment.app.people(under: nil, holding: "member", by: admin).people.count == 5)
        let li = try deployment.app.person("p-li", by: admin)
        #expect(li.person.name == "李明" && li.openCases == 1 && li.person.skills == ["法律", "心理"])
        let village = try deployment.app.organisation("dongcun", by: admin)
        #expect(village.openCases == 1 && village.holders.contains { $0.person.id == "p-chen" })
        // 孙书记 of 西村 sees 西村 only: 东村's people are not theirs to look up.
        #expect(deployment.accessError { try deployment.app.person("p-li", by: xi) }?.code == .unseen)
        #expect(
            deployment.accessError { try deployment.app.person("p-nobody", by: xi) }?.code == .unseen,
            "alike whether or not the person exists")
        #expect(deployment.isNotFound(.person) { try deployment.app.person("p-nobody", by: admin) })
        #expect(deployment.accessError { try deployment.app.organisation("dongcun", by: xi) }?.code == .unseen)
        #expect(try deployment.app.people(under: nil, holding: nil, by: xi).people.map(\.id) == ["p-wu", "p-xi"])
    }
}
