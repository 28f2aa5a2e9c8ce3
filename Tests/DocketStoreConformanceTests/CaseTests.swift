import DocketCore
import DocketEngine
import DocketTesting
import Foundation
import Testing

/// Cases written and read: ids, conflicts, refusals, lists, batches, imports, campaigns.
@Suite struct CaseTests {
    @Test(
        "new cases get their workflow's prefix and the next free number; a chosen id is kept and the numbering skips it",
        arguments: StoreKind.allCases)
    func ids(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        #expect(try s.order().snapshot.id == "SR-000001")
        #expect(try s.order(id: "SR-000002").snapshot.id == "SR-000002")
        #expect(try s.order().snapshot.id == "SR-000003")
        let applied = try s.engine.start(
            workflow: "member-development", organisation: "village", caseID: nil,
            request: EventRequest(
                event: "apply", input: ["name": "王小明", "birth-date": "1995-05-05"], actor: "p-secretary"),
            now: s.at("2025-01-06"))
        #expect(applied.snapshot.id == "MD-000001", "each prefix counts on its own")
        let chosen = try #require(try s.store.snapshot(of: "SR-000002"))
        #expect(chosen.revision == 1 && chosen.state == "ordered" && chosen.workflow == "service-request")
        let entry = try #require(try s.store.history(of: "SR-000002").first)
        #expect(
            entry.caseID == "SR-000002" && entry.kind == .start && entry.event == "order" && entry.actor == "p-clerk")
        #expect(entry.dataJSON.contains("\"category\":\"repair\""))
    }

    @Test(
        "a chosen id that is taken is refused, by the engine before deciding and by the store with a conflict; nothing is written",
        arguments: StoreKind.allCases)
    func takenID(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        try s.order(id: "R-1")
        #expect {
            try s.order(id: "R-1")
        } throws: { error in
            guard case .caseExists("R-1")? = (error as? EngineError)?.reason else { return false }
            return true
        }
        #expect {
            try s.store.commit(try s.decideOrder(id: "R-1"), as: .create(idPrefix: "SR"), recordedAt: s.clock.now())
        } throws: { isStoreError($0, .conflict) }
        #expect(try s.store.history(of: "R-1").count == 1)
        #expect(try s.store.verifyAuditTrail().entriesChecked == 1)
        #expect(try s.store.caseCount(upTo: 10) == 1)
    }

    @Test(
        "a change decided on a stale revision is a conflict, by either kind of commit, and writes nothing",
        arguments: StoreKind.allCases)
    func staleRevision(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let id = try s.order().snapshot.id
        // Two clerks decide on the same revision, as two processes would.
        let dispatch = try s.decide(id, "dispatch", ["assignee": "p-member"], as: "p-clerk", at: "2026-11-23T10:00")
        let reject = try s.decide(id, "reject", ["reason": "重复"], as: "p-clerk", at: "2026-11-23T10:01")
        #expect(dispatch.revision == 1 && reject.revision == 1)
        let entry = try s.store.commit(
            dispatch.decision, as: .update(expectedRevision: 1), recordedAt: s.clock.now())
        #expect(entry.seq == 2 && entry.caseID == id && entry.event == "dispatch")
        #expect {
            try s.store.commit(reject.decision, as: .update(expectedRevision: 1), recordedAt: s.clock.now())
        } throws: { isStoreError($0, .conflict) }
        #expect {
            try s.store.write { tx in
                try #require(tx as? any BulkWriting).commit(
                    EncodedUpdate(reject.decision, expectedRevision: 1), recordedAt: s.clock.now())
            }
        } throws: { isStoreError($0, .conflict) }
        #expect {
            try s.engine.fire(
                caseID: id, request: EventRequest(event: "accept", actor: "p-member"), now: s.at("2026-11-23T11:00"),
                expecting: 1)
        } throws: { isStoreError($0, .conflict) }
        let stored = try #require(try s.store.snapshot(of: id))
        #expect(stored.state == "dispatched" && stored.revision == 2 && stored.assignee == "p-member")
        #expect(try s.store.history(of: id).map(\.event) == ["order", "dispatch"])
        #expect(try s.store.deadlines(of: id).map(\.rule) == dispatch.decision.deadlines.map(\.rule))
        #expect(try s.store.verifyAuditTrail().isIntact(entries: 2, head: try s.headHash()))

        // A change on the current revision goes in, decided ahead and encoded.
        let accept = try s.decide(id, "accept", as: "p-member", at: "2026-11-23T11:00")
        let accepted = try s.store.write { tx in
            try #require(tx as? any BulkWriting).commit(
                EncodedUpdate(accept.decision, expectedRevision: accept.revision), recordedAt: s.clock.now())
        }
        #expect(accepted.seq == 3 && accepted.previousHash == entry.hash)
        #expect(try s.store.snapshot(of: id)?.state == "in-progress")
        #expect(try s.store.snapshot(of: id)?.revision == 3)
    }

    @Test(
        "a refused event writes nothing; one refused for want of a role is put on record, and nothing else",
        arguments: StoreKind.allCases)
    func refusals(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let id = try s.order().snapshot.id
        try s.fire(id, "dispatch", ["assignee": "p-member"], as: "p-clerk", at: "2026-11-23T10:00")
        // A member over the village, but not the one it was dispatched to: a rule's check.
        #expect { try s.fire(id, "accept", as: "p-member-town", at: "2026-11-23T10:30") } throws: {
            refusal($0) != nil
        }
        #expect(try s.store.deniedAttempts(under: nil).isEmpty, "a failed check is not a want of a role")
        // Someone with no role over the village at all.
        #expect { try s.fire(id, "accept", as: "p-outsider", at: "2026-11-23T10:40") } throws: {
            guard case .notPermitted? = refusal($0)?.reason else { return false }
            return true
        }
        #expect(try s.store.deniedAttempts(under: nil).map(\.actor) == ["p-outsider"])
        let stored = try #require(try s.store.snapshot(of: id))
        #expect(stored.revision == 2 && stored.state == "dispatched")
        #expect(try s.store.history(of: id).count == 2)
        #expect(try s.store.verifyAuditTrail().entriesChecked == 2)
    }

    @Test(
        "lists keep the cases a query names, in id order as bytes, an organisation with its subtree",
        arguments: StoreKind.allCases)
    func lists(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        // Written in this order; as bytes "B-1" < "SR-…" < "a-1".
        let a1 = try s.order(at: "village", id: "a-1").snapshot.id
        let b1 = try s.order(at: "grid", id: "B-1").snapshot.id
        let sr1 = try s.order(at: "village-b").snapshot.id
        let sr2 = try s.order(at: "other-village").snapshot.id
        let sr3 = try s.order(at: "town").snapshot.id
        try s.fire(sr1, "dispatch", ["assignee": "p-member"], as: "p-clerk", at: "2026-11-23T10:00")
        let md = try s.engine.start(
            workflow: "member-development", organisation: "village", caseID: nil,
            request: EventRequest(
                event: "apply", input: ["name": "王小明", "birth-date": "1995-05-05"], actor: "p-secretary"),
            now: s.at("2025-01-06")
        ).snapshot.id
        func ids(_ query: CaseQuery) throws -> [String] { try s.store.cases(matching: query).map(\.id) }
        #expect(try ids(CaseQuery()) == [b1, md, sr1, sr2, sr3, a1])
        #expect(try ids(CaseQuery(organisation: "town")) == [b1, md, sr1, sr3, a1])
        #expect(try ids(CaseQuery(organisation: "village")) == [b1, md, a1])
        #expect(try ids(CaseQuery(organisation: "grid")) == [b1])
        #expect(try ids(CaseQuery(organisation: "nowhere")).isEmpty)
        #expect(try ids(CaseQuery(workflow: "service-request", organisation: "village")) == [b1, a1])
        #expect(try ids(CaseQuery(workflow: "service-request", state: "dispatched")) == [sr1])
        #expect(try ids(CaseQuery(state: "ordered", organisation: "town")) == [b1, sr3, a1])
        #expect(try ids(CaseQuery(assignee: "p-member")) == [sr1])
        #expect(try ids(CaseQuery(limit: 2)) == [b1, md])
        #expect(try ids(CaseQuery(organisation: "county", limit: 0)).isEmpty)

        func under(_ roots: [String]?, _ query: CaseQuery = CaseQuery()) throws -> [String] {
            var seen: [String] = []
            try s.store.eachCase(matching: query, under: roots) { seen.append($0.id) }
            return seen
        }
        #expect(try under(nil) == [b1, md, sr1, sr2, sr3, a1])
        #expect(try under([]).isEmpty, "no part of the tree: nothing")
        #expect(try under(["village-b", "other-town"]) == [sr1, sr2])
        #expect(try under(["nowhere", "village-b"]) == [sr1])
        #expect(try under(["nowhere"]).isEmpty)
        #expect(try under(["town"], CaseQuery(organisation: "village")) == [b1, md, a1])
        #expect(try under(["other-town"], CaseQuery(organisation: "village")).isEmpty, "both bounds hold")
        #expect(try s.store.caseCount(upTo: 3) == 3)
        #expect(try s.store.caseCount(upTo: 100) == 6)
    }

    @Test(
        "a case comes back with what the engine decided: its fields restored by the definition, its steps and items",
        arguments: StoreKind.allCases)
    func roundTrip(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let applied = try s.engine.start(
            workflow: "member-development", organisation: "village", caseID: nil,
            request: EventRequest(
                event: "apply", input: ["name": "王小明", "birth-date": "1995-05-05"], actor: "p-secretary"),
            now: s.at("2025-01-06"))
        let (loaded, definition) = try s.engine.load(applied.snapshot.id)
        #expect(loaded.data == applied.snapshot.data)
        #expect(loaded.data["birth-date"] == .date(Fixtures.day("1995-05-05")))
        #expect(loaded.records == applied.snapshot.records)
        #expect(
            loaded.openedAt == applied.snapshot.openedAt && loaded.stateEnteredOn == applied.snapshot.stateEnteredOn)
        #expect(definition.id == "member-development" && loaded.version == 1 && loaded.revision == 1)

        // A plan's measures are items of a list, with dates among their fields.
        let br = try s.engine.start(
            workflow: "branch-rectification", organisation: "village", caseID: nil,
            request: EventRequest(
                event: "nominate", input: ["criteria": "secretary-vacant,disputes", "evidence": "书记空缺四个月"],
                actor: "p-committee"),
            now: s.at("2026-01-05")
        ).snapshot.id
        try s.fire(br, "confirm", as: "p-county", at: "2026-01-20")
        let planned = try s.fire(
            br, "submit-plan", ["problems": "书记缺位、纠纷"], as: "p-secretary", at: "2026-02-10",
            items: [
                ["title": "选配党支部书记", "responsible": "p-secretary", "due": "2026-04-30"],
                ["title": "化解土地纠纷", "responsible": "p-member", "due": "2026-06-30"],
            ])
        let (plan, _) = try s.engine.load(br)
        #expect(plan.items == planned.snapshot.items)
        #expect(plan.items["measures"]?.map(\.id) == ["M1", "M2"])
        #expect(plan.items["measures"]?.first?.values["due"] == .date(Fixtures.day("2026-04-30")))
        #expect(plan.revision == 3 && plan.campaign == nil)
    }

    @Test(
        "a batch writes every case whose chosen id is free and names the others by position; an import reports them by line",
        arguments: StoreKind.allCases)
    func batches(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        try s.order(id: "SR-7")
        let batch = try [
            EncodedCase(s.decideOrder(id: "SR-8"), idPrefix: "SR"),
            EncodedCase(s.decideOrder(id: "SR-7"), idPrefix: "SR"),
            EncodedCase(s.decideOrder(), idPrefix: "SR"),
            EncodedCase(s.decideOrder(id: "SR-8"), idPrefix: "SR"),
        ]
        #expect(try s.store.commitBatch(batch, recordedAt: s.clock.now()) == [1, 3])
        #expect(try s.store.cases(matching: CaseQuery()).map(\.id) == ["SR-000001", "SR-7", "SR-8"])
        #expect(try s.store.history(of: "SR-000001").map(\.kind) == [.start])
        #expect(try s.store.deadlines(of: "SR-8").map(\.rule) == ["dispatch-general"])
        #expect(try s.store.verifyAuditTrail().isIntact(entries: 3, head: try s.headHash()))

        let rows = ["SR-9", "SR-9", "SR-7", nil].enumerated().map { line, id in
            ImportRow(
                line: line + 1, workflow: "service-request", organisation: "village-b", state: "dispatched", caseID: id,
                input: [
                    "requester": "张三", "phone": "13800000000", "category": "repair", "description": "漏水",
                    "urgency": "general", "assignee": "p-member",
                ],
                records: [
                    ImportRecord(event: "order", on: Fixtures.day("2026-11-20")),
                    ImportRecord(event: "dispatch", on: Fixtures.day("2026-11-20")),
                ])
        }
        let outcome = try s.engine.importCases(rows, actor: "p-admin", now: s.at("2026-11-20T12:00"))
        #expect(outcome.imported == 2 && outcome.rejected.map(\.line) == [2, 3])
        #expect(try s.store.cases(matching: CaseQuery(organisation: "village-b")).map(\.id) == ["SR-000002", "SR-9"])
        #expect(try s.store.history(of: "SR-9").map(\.kind) == [.import])
        #expect(try s.store.snapshot(of: "SR-9")?.state == "dispatched")
    }

    @Test(
        "an import beyond one transaction (indexes deferred) leaves every case, limit and entry in place; an atomic one with a bad row writes nothing",
        arguments: StoreKind.allCases)
    func largeImport(_ kind: StoreKind) throws {
        func rows(_ count: Int, organisations: [String] = ["village", "village-b"]) -> [ImportRow] {
            (0..<count).map { i in
                ImportRow(
                    line: i + 1, workflow: "service-request", organisation: organisations[i % organisations.count],
                    state: "dispatched",
                    input: [
                        "requester": "张三", "phone": "13800000000", "category": "repair", "description": "漏水",
                        "urgency": "general", "assignee": "p-member",
                    ],
                    records: [
                        ImportRecord(event: "order", on: Fixtures.day("2026-11-20")),
                        ImportRecord(event: "dispatch", on: Fixtures.day("2026-11-20")),
                    ])
            }
        }
        let later = Fixtures.instant("2026-12-20T12:00")
        for atomic in [false, true] {
            let s = try Subject(kind)
            var told = 0
            let outcome = try s.engine.importCases(
                rows(45), actor: "p-admin", now: s.at("2026-11-20T12:00"), batchSize: 4, casesPerTransaction: 10,
                atomic: atomic, indexing: { told += 1 })
            #expect(outcome.imported == 45 && outcome.rejected.isEmpty)
            #expect(told == 1, "the caller is told once that indexes are built (a no-op where there are none)")
            #expect(try s.store.overdueCount(DeadlineQuery(organisation: "village"), at: later) == 23)
            #expect(try s.store.overdueCount(DeadlineQuery(organisation: "village-b"), at: later) == 22)
            #expect(try s.store.cases(matching: CaseQuery(assignee: "p-member")).count == 45)
            #expect(try s.store.verifyAuditTrail().isIntact(entries: 45, head: try s.headHash()))
        }
        let s = try Subject(kind)
        var bad = rows(1, organisations: ["nowhere"])[0]
        bad.line = 31
        let outcome = try s.engine.importCases(
            rows(30) + [bad], actor: "p-admin", now: s.at("2026-11-20T12:00"), batchSize: 4, casesPerTransaction: 10,
            atomic: true)
        #expect(outcome.imported == 0 && outcome.rejected.map(\.line) == [31])
        #expect(try s.store.caseCount(upTo: 100) == 0)
        #expect(try s.store.verifyAuditTrail().entriesChecked == 0)
        #expect(try s.order().snapshot.id == "SR-000001")
    }

    @Test(
        "a campaign starts one case per organisation, all or nothing, and is listed with its cases",
        arguments: StoreKind.allCases)
    func campaigns(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let input = ["criteria": "secretary-vacant", "evidence": "书记空缺"]
        func rows(_ organisations: [String]) -> [CampaignRow] {
            organisations.enumerated().map { CampaignRow(line: $0 + 2, organisation: $1, input: input) }
        }
        let started = s.at("2026-03-01T09:00")
        let ids = try s.engine.startCampaign(
            name: "2026 整顿", workflow: "branch-rectification", rows: rows(["village-b", "village", "other-village"]),
            actor: "p-admin", now: started)
        #expect(ids == ["BR-000001", "BR-000002", "BR-000003"])
        #expect(
            try s.store.campaigns() == [
                CampaignSummary(
                    name: "2026 整顿", workflow: "branch-rectification", startedAt: started, startedBy: "p-admin",
                    cases: 3)
            ])
        let members = try s.store.cases(inCampaign: "2026 整顿")
        #expect(members.map(\.id) == ids && members.map(\.organisation) == ["village-b", "village", "other-village"])
        #expect(members.allSatisfy { $0.campaign == "2026 整顿" && $0.state == "nominated" })
        #expect(try ids.map { try s.store.history(of: $0).map(\.event) } == [["nominate"], ["nominate"], ["nominate"]])
        #expect(try s.store.cases(inCampaign: "another").isEmpty)

        // The same name again is a conflict, with nothing written.
        #expect {
            try s.engine.startCampaign(
                name: "2026 整顿", workflow: "branch-rectification", rows: rows(["grid"]), actor: "p-admin",
                now: s.at("2026-03-02T09:00"))
        } throws: { isStoreError($0, .conflict) }
        // A row at an organisation with an open case refuses the whole campaign.
        #expect {
            try s.engine.startCampaign(
                name: "补充", workflow: "branch-rectification", rows: rows(["grid", "village"]), actor: "p-admin",
                now: s.at("2026-03-02T09:00"))
        } throws: { error in
            guard case .campaignRejected(let problems)? = (error as? EngineError)?.reason else { return false }
            return problems.map(\.line) == [3]
        }
        #expect(try s.store.caseCount(upTo: 10) == 3)
        #expect(try s.store.verifyAuditTrail().entriesChecked == 3)

        // Listed by when they started, then by name.
        _ = try s.engine.startCampaign(
            name: "补充", workflow: "branch-rectification", rows: rows(["grid"]), actor: "p-admin", now: started)
        _ = try s.engine.startCampaign(
            name: "A 后来", workflow: "branch-rectification", rows: rows(["town"]), actor: "p-admin",
            now: s.at("2026-02-01T09:00"))
        #expect(try s.store.campaigns().map(\.name) == ["A 后来", "2026 整顿", "补充"])
        #expect(try s.store.cases(inCampaign: "补充").map(\.organisation) == ["grid"])
    }

    @Test(
        "a list walked a page at a time, after the last id of the page before, sees each case once; a migrated case keeps its new version",
        arguments: StoreKind.allCases)
    func pagesAndVersions(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let ids = try (0..<7).map { _ in try s.order().snapshot.id }
        var seen: [String] = []
        var after: String?
        while true {
            let page = try s.store.cases(matching: CaseQuery(workflow: "service-request", limit: 3, after: after))
            guard let last = page.last else { break }
            seen += page.map(\.id)
            after = last.id
        }
        #expect(seen == ids)
        var v2 = try Shipped.definition("service-request")
        v2.version = 2
        _ = try s.store.deploy(v2, source: "", at: s.at("2026-11-22T08:00"))
        let outcome = try s.engine.migrate(
            caseID: ids[0], to: v2, mapping: [:], actor: "p-admin", now: s.at("2026-11-23T10:00"), dryRun: false)
        guard case .moved(_, let entry?) = outcome else {
            Issue.record("expected a move: \(outcome)")
            return
        }
        #expect(entry.event == "migrate")
        #expect(try s.store.snapshot(of: ids[0])?.version == 2 && (try s.store.snapshot(of: ids[1])?.version) == 1)
    }
}
