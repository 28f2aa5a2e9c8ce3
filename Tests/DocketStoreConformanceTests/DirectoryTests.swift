import DocketCore
import DocketEngine
import DocketTesting
import Foundation
import Testing

/// Definitions and parameters; the organisation tree, people and their roles; refused
/// attempts.
@Suite struct DirectoryTests {
    @Test(
        "a definition is deployed once per version: the same again is unchanged, other content under its number refused, and cases stay on theirs",
        arguments: StoreKind.allCases)
    func definitions(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let first = try s.order().snapshot.id
        let fresh = try Shipped.definition("service-request")
        #expect(try s.store.deploy(fresh, source: "", at: Date()) == .unchanged, "read afresh, the same content")
        var v2 = fresh
        v2.version = 2
        v2.title = LocalizedText(zh: "第二版", en: "Second")
        let deployedAt = s.at("2026-12-01T09:00")
        #expect(try s.store.deploy(v2, source: "", at: deployedAt) == .deployed)
        #expect(try s.store.deploy(v2, source: "", at: Date()) == .unchanged)
        var changed = v2
        changed.title = LocalizedText(zh: "改了内容却没改版本")
        #expect { try s.store.deploy(changed, source: "", at: Date()) } throws: { isStoreError($0, .versionConflict) }

        #expect(try s.store.latestVersion(of: "service-request") == 2)
        #expect(try s.store.latestVersion(of: "nothing") == nil)
        #expect(try s.store.definition(workflow: "service-request", version: nil)?.title.zh == "第二版")
        #expect(try s.store.definition(workflow: "service-request", version: 1) == fresh)
        #expect(try s.store.definition(workflow: "service-request", version: 3) == nil)
        #expect(try s.store.definition(workflow: "nothing", version: nil) == nil)
        let deployed = try s.store.deployedWorkflows()
        #expect(
            deployed.map { "\($0.id) v\($0.version)" } == [
                "branch-rectification v1", "member-development v1", "service-request v1", "service-request v2",
            ])
        #expect(deployed.last?.title.zh == "第二版" && deployed.last?.deployedAt == deployedAt)

        #expect(try s.engine.load(first).1.version == 1, "a case stays on the version it started on")
        #expect(try s.order().snapshot.version == 2)
    }

    @Test(
        "parameter values are kept as text per workflow; configuring one moves the running limits it governs",
        arguments: StoreKind.allCases)
    func parameters(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        #expect(try s.store.parameterTexts(workflow: "service-request").isEmpty)
        try s.store.setParameters([
            (workflow: "service-request", parameter: "accept-within", value: "48 hours"),
            (workflow: "service-request", parameter: "max-reopens", value: "3"),
            (workflow: "member-development", parameter: "talk-within", value: "2 months"),
        ])
        try s.store.setParameters([(workflow: "service-request", parameter: "max-reopens", value: "1")])
        #expect(
            try s.store.parameterTexts(workflow: "service-request") == [
                "accept-within": "48 hours", "max-reopens": "1",
            ])
        #expect(try s.store.parameterTexts(workflow: "member-development") == ["talk-within": "2 months"])
        #expect(try s.store.parameterTexts(workflow: "nothing").isEmpty)

        let general = try s.order(urgency: "general", on: "2026-11-23T10:00").snapshot.id
        let emergency = try s.order(urgency: "emergency", on: "2026-11-23T10:05").snapshot.id
        #expect(try s.store.deadlines(of: general).first?.dueDate?.description == "2026-11-24")
        let summary = try s.engine.configure(
            [(workflow: "service-request", parameter: "dispatch-within-general", value: "3 working days")],
            actor: "p-admin", now: s.at("2026-11-23T11:00"))
        #expect(summary.examined == 2 && summary.moved.map(\.caseID) == [general])
        #expect(try s.store.deadlines(of: general).first?.dueDate?.description == "2026-11-26")
        #expect(try s.store.history(of: general).last?.note == "parameters dispatch-within-general")
        #expect(try s.store.history(of: emergency).count == 1)
        #expect(try s.store.parameterTexts(workflow: "service-request")["dispatch-within-general"] == "3 working days")
    }

    @Test(
        "organisations are kept in tree order, byte by byte of their paths, and found by id",
        arguments: StoreKind.allCases)
    func tree(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        #expect(
            try s.store.organisations().map(\.id) == [
                "county", "other-town", "other-village", "town", "village-b", "village", "grid",
            ])
        let grid = Organisation(id: "grid", name: "东村一网格", parent: "village", kind: "grid")
        #expect(try s.store.organisation("grid") == grid)
        #expect(try s.store.organisation("nowhere") == nil)
        #expect(try s.store.existingOrganisations(among: ["town", "nowhere", "grid"]) == ["town", "grid"])
        #expect(try s.store.existingOrganisations(among: []).isEmpty)
        // Parents may come after their children; an import updates what it names.
        try s.store.importOrganisations([
            Organisation(id: "grid-2", name: "西村一网格", parent: "village-2", kind: "grid"),
            Organisation(id: "village-2", name: "北村", parent: "town", kind: "village"),
            Organisation(id: "town", name: "城关镇（新）", parent: "county", kind: "township"),
        ])
        #expect(try s.store.organisation("town")?.name == "城关镇（新）")
        #expect(
            try s.store.organisations().map(\.id).suffix(5) == ["village-2", "grid-2", "village-b", "village", "grid"])
    }

    @Test(
        "the people under an organisation are those with a role in its subtree, each with those roles only, in id order",
        arguments: StoreKind.allCases)
    func peopleUnder(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let organisations = try s.store.organisations()
        let parents = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0.parent) })
        func isUnder(_ id: String, _ top: String) -> Bool {
            var current: String? = id
            while let here = current {
                if here == top { return true }
                current = parents[here] ?? nil
            }
            return false
        }
        let everyone = try s.store.personIDs().compactMap { try s.store.person($0) }
        var nonEmpty = 0
        for top in organisations.map(\.id) {
            let expected: [Person] = everyone.compactMap { person in
                var shown = person
                shown.roles = person.roles.filter { isUnder($0.organisation, top) }
                return shown.roles.isEmpty ? nil : shown
            }.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
            let found = try s.store.people(under: top)
            #expect(found.map(\.id) == expected.map(\.id), "under \(top)")
            for (a, b) in zip(found, expected) {
                #expect(
                    Set(a.roles) == Set(b.roles) && a.name == b.name && a.skills == b.skills, "\(a.id) under \(top)")
            }
            if !found.isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty >= 2 && nonEmpty < organisations.count + 1)
        #expect(try s.store.people(under: "nowhere").isEmpty)
    }

    @Test("an organisation tree with a cycle or a missing parent is refused whole", arguments: StoreKind.allCases)
    func badTree(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let before = try s.store.organisations()
        #expect {
            try s.store.importOrganisations([
                Organisation(id: "x", name: "x", parent: "y", kind: ""),
                Organisation(id: "y", name: "y", parent: "x", kind: ""),
            ])
        } throws: { isStoreError($0, .invalidData) }
        #expect {
            try s.store.importOrganisations([
                Organisation(id: "z", name: "z", parent: "town", kind: ""),
                Organisation(id: "town", name: "城关镇", parent: "grid", kind: "township"),
            ])
        } throws: { isStoreError($0, .invalidData) }
        #expect {
            try s.store.importOrganisations([
                Organisation(id: "w", name: "w", parent: "town", kind: ""),
                Organisation(id: "v", name: "v", parent: "nowhere", kind: ""),
            ])
        } throws: { isStoreError($0, .invalidData) }
        #expect(try s.store.organisations() == before)
        #expect(try s.store.existingOrganisations(among: ["x", "y", "z", "w", "v"]).isEmpty)
    }

    @Test(
        "a village moved to another township takes its subtree's cases, limits and refused attempts along; others stay",
        arguments: StoreKind.allCases)
    func move(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let atVillage = try s.order(at: "village").snapshot.id
        let atGrid = try s.order(at: "grid").snapshot.id
        let staying = try s.order(at: "village-b").snapshot.id
        #expect {
            try s.fire(atGrid, "dispatch", ["assignee": "p-member"], as: "p-outsider", at: "2026-11-23T10:00")
        } throws: { refusal($0) != nil }
        try s.store.importOrganisations([
            Organisation(id: "village", name: "东村", parent: "other-town", kind: "village")
        ])
        let late = s.at("2027-06-01T09:00")
        #expect(try s.store.cases(matching: CaseQuery(organisation: "other-town")).map(\.id) == [atVillage, atGrid])
        #expect(try s.store.cases(matching: CaseQuery(organisation: "town")).map(\.id) == [staying])
        #expect(
            try s.store.overdue(DeadlineQuery(organisation: "other-town"), at: late).map(\.caseID) == [
                atVillage, atGrid,
            ])
        #expect(try s.store.overdue(DeadlineQuery(organisation: "town"), at: late).map(\.caseID) == [staying])
        #expect(try s.store.deniedAttempts(under: "other-town").map(\.caseID) == [atGrid])
        #expect(try s.store.deniedAttempts(under: "town").isEmpty)
        #expect(try s.store.roles(of: "p-secretary", over: "grid").contains("branch-clerk"))
        #expect(try s.store.roles(of: "p-committee", over: "grid").isEmpty, "the township's roles stay with it")
        #expect(
            try s.store.organisations().map(\.id) == [
                "county", "other-town", "other-village", "village", "grid", "town", "village-b",
            ])
    }

    @Test(
        "people are imported whole or not at all, rows of one person merged; importing them again replaces their grants",
        arguments: StoreKind.allCases)
    func people(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        #expect(
            try s.store.peopleStatus(among: ["p-member", "p-probationary", "nobody"]) == [
                "p-member": .full, "p-probationary": .probationary,
            ])
        #expect(try s.store.peopleStatus(among: []).isEmpty)
        #expect(
            try s.store.personIDs() == Fixtures.people.map(\.id).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect {
            try s.store.importPeople([
                Person(id: "p-new", name: "新人", roles: [RoleGrant(role: "member", organisation: "village")]),
                Person(id: "p-lost", name: "迷路", roles: [RoleGrant(role: "member", organisation: "nowhere")]),
            ])
        } throws: { isStoreError($0, .invalidData) }
        #expect(try s.store.peopleStatus(among: ["p-new", "p-lost"]).isEmpty)

        try s.store.importPeople([
            Person(
                id: "p-two", name: "两行", status: .probationary,
                roles: [RoleGrant(role: "member", organisation: "village")]),
            Person(
                id: "p-two", name: "两行", status: .full,
                roles: [RoleGrant(role: "supervisor", organisation: "other-town")]),
        ])
        #expect(try s.store.roles(of: "p-two") == ["member", "supervisor"])
        #expect(try s.store.peopleStatus(among: ["p-two"]) == ["p-two": .full])
        try s.store.importPeople([
            Person(id: "p-member", name: "李党员", status: .full, roles: [RoleGrant(role: "member", organisation: "town")])
        ])
        #expect(try s.store.roles(of: "p-member", over: "village") == ["member"])
        #expect(try s.store.roles(of: "p-member", over: "other-village").isEmpty, "the county grant is gone")
    }

    @Test(
        "a role held at an organisation covers its subtree: held above counts, held below or beside does not",
        arguments: StoreKind.allCases)
    func roles(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let branch: Set<String> = ["branch-clerk", "branch-committee", "branch-secretary"]
        #expect(try s.store.roles(of: "p-secretary", over: "grid") == branch)
        #expect(try s.store.roles(of: "p-secretary", over: "village") == branch)
        #expect(try s.store.roles(of: "p-secretary", over: "town").isEmpty)
        #expect(try s.store.roles(of: "p-secretary", over: "village-b").isEmpty)
        #expect(try s.store.roles(of: "p-committee", over: "grid") == ["party-committee", "township-committee"])
        #expect(try s.store.roles(of: "p-committee", over: "other-village").isEmpty)
        #expect(try s.store.roles(of: "p-clerk", over: "nowhere").isEmpty)
        #expect(try s.store.roles(of: "nobody", over: "county").isEmpty)
        #expect(try s.store.roles(of: "p-secretary") == branch)
        #expect(try s.store.roles(of: "p-probationary").isEmpty)

        try s.store.importPeople([
            Person(
                id: "p-wide", name: "多处", status: .full,
                roles: [
                    RoleGrant(role: "member", organisation: "village"), RoleGrant(role: "member", organisation: "town"),
                    RoleGrant(role: "supervisor", organisation: "other-village"),
                ])
        ])
        #expect(try s.store.scopeRoots(of: "p-wide") == ["other-village", "town"], "the topmost, in tree order")
        #expect(try s.store.scopeRoots(of: "p-admin") == ["county"])
        #expect(try s.store.scopeRoots(of: "p-probationary").isEmpty)
    }

    @Test("whether anyone holds the administrator role", arguments: StoreKind.allCases)
    func administrator(_ kind: StoreKind) throws {
        let s = try Subject(kind, populated: false)
        #expect(try !s.store.hasAdministrator())
        try s.store.importOrganisations(Fixtures.organisations)
        try s.store.importPeople(Fixtures.people.filter { $0.id != "p-admin" })
        #expect(try !s.store.hasAdministrator())
        try s.store.importPeople(Fixtures.people.filter { $0.id == "p-admin" })
        #expect(try s.store.hasAdministrator())
    }

    @Test(
        "the holders of a role, those over an organisation with their skills, and the open cases each carries",
        arguments: StoreKind.allCases)
    func holdersAndLoad(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        #expect(
            try s.store.grants(of: "member").map { "\($0.person)@\($0.organisation)" } == [
                "p-member@county", "p-member-town@town", "p-outsider@other-town",
            ])
        #expect(try s.store.grants(of: "nothing").isEmpty)
        let overVillage = try s.store.people(holding: "member", over: "village")
        #expect(overVillage.map(\.id) == ["p-member", "p-member-town"])
        #expect(overVillage.first?.skills == ["repair", "维修"] && overVillage.first?.status == .full)
        #expect(overVillage.first?.name == "李党员")
        #expect(try s.store.people(holding: "member", over: "other-village").map(\.id) == ["p-member", "p-outsider"])
        #expect(try s.store.people(holding: "member", over: "nowhere").isEmpty)
        #expect(
            try s.store.people(holding: "branch-dispatcher", over: "grid").map(\.id) == ["p-clerk", "p-dispatcher"])

        let waiting = try s.order().snapshot.id
        try s.fire(waiting, "dispatch", ["assignee": "p-member"], as: "p-clerk", at: "2026-11-23T10:00")
        try s.inProgress(urgency: "general", on: "2026-11-23T10:00")
        let done = try s.inProgress(urgency: "general", on: "2026-11-23T10:00", member: "p-member-town")
        try s.fire(done, "complete", ["result": "已修复"], as: "p-member-town", at: "2026-11-23T12:00")
        try s.fire(done, "rate", ["rating": "1"], as: "p-clerk", at: "2026-11-23T13:00")
        let closed = try #require(try s.store.snapshot(of: done))
        #expect(closed.state == "closed" && closed.assignee == "p-member-town", "a closed case keeps its assignee")
        #expect(try s.store.openLoad(of: ["p-member", "p-member-town", "p-outsider"]) == ["p-member": 2])
        #expect(try s.store.openLoad(of: []).isEmpty)
    }

    @Test(
        "refused attempts are kept under their case's organisation, oldest first; one on a case that is not there under the root alone",
        arguments: StoreKind.allCases)
    func denied(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let id = try s.order(at: "village").snapshot.id
        #expect {
            try s.fire(id, "dispatch", ["assignee": "p-member"], as: "p-outsider", at: "2026-11-23T10:00")
        } throws: { refusal($0) != nil }
        #expect { try s.engine.read("SR-999999", by: "p-outsider", now: s.at("2026-11-23T10:05")) } throws: {
            refusal($0) != nil
        }
        #expect { try s.fire(id, "reject", ["reason": "重复"], as: "p-member-town", at: "2026-11-23T10:10") } throws: {
            refusal($0) != nil
        }
        let all = try s.store.deniedAttempts(under: nil)
        #expect(all.map(\.action) == ["dispatch", "read", "reject"])
        #expect(all.map(\.caseID) == [id, "SR-999999", id])
        #expect(all.map(\.organisation) == ["village", nil, "village"])
        #expect(all.map(\.requiredRoles) == [["branch-dispatcher"], [], ["branch-dispatcher"]])
        #expect(all.first?.at == s.at("2026-11-23T10:00") && all.first?.recordedAt == s.clock.now())
        #expect(all.map(\.seq) == all.map(\.seq).sorted() && Set(all.map(\.seq)).count == 3)
        #expect(try s.store.deniedAttempts(under: "county") == all, "the root sees those of no organisation")
        #expect(try s.store.deniedAttempts(under: "town").map(\.action) == ["dispatch", "reject"])
        #expect(try s.store.deniedAttempts(under: "village").count == 2)
        #expect(try s.store.deniedAttempts(under: "grid").isEmpty)
        #expect(try s.store.deniedAttempts(under: "village-b").isEmpty)
        #expect(try s.store.deniedAttempts(under: "other-town").isEmpty)
        #expect(try s.store.deniedAttempts(under: "nowhere").isEmpty)
    }

    @Test(
        "a year's scores replace that year's, lowest first; one for an organisation not in the store refuses them all",
        arguments: StoreKind.allCases)
    func gradingScores(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        try s.store.saveScores(year: 2026, [("village", 71.5, [:]), ("village-b", 64, ["activity": 20])])
        try s.store.saveScores(year: 2025, [("village", 90, [:])])
        #expect(
            try s.store.scores(year: 2026).map { "\($0.organisation) \($0.score)" } == [
                "village-b 64.0", "village 71.5",
            ])
        try s.store.saveScores(year: 2026, [("village-b", 80, [:])])
        #expect(try s.store.scores(year: 2026).map(\.organisation) == ["village-b"], "the year's scores are replaced")
        #expect { try s.store.saveScores(year: 2026, [("village", 50, [:]), ("atlantis", 10, [:])]) } throws: {
            isStoreError($0, .invalidData)
        }
        #expect(try s.store.scores(year: 2026).map(\.score) == [80], "nothing of a refused year is written")
        #expect(try s.store.scores(year: 2025).map(\.score) == [90])
        let scheme = GradingScheme(
            id: "grades", levels: [.init(id: "good", title: LocalizedText(zh: "好"), minimum: 60)])
        try s.store.saveGradingSchemes([scheme])
        #expect(try s.store.gradingSchemes().map(\.id) == ["grades"])
    }
}
