import Foundation
import Testing

/// 群众点单、支部派单、党员接单 (shared/DOMAIN.md §3): the rules the other tests pass by.
@Suite struct ServiceRulesTests {
    /// Starts a request of `urgency` at `at` in 东村第一网格 and dispatches it to 李明 at once.
    func dispatched(_ docket: DocketRunner, urgency: String, at: String) throws -> String {
        var start = orderArguments.map { $0 == "urgency=utility" ? "urgency=\(urgency)" : $0 }
        start[start.firstIndex(of: "2026-11-22T09:30")!] = at
        let started = try docket.run(start + ["--json"])
        let id = try #require(try DocketRunner.object(started)["id"] as? String, "\(started.stderr)")
        try #require(
            try docket.run([
                "case", "fire", id, "dispatch", "--as", "p-secretary", "--at", at, "--set", "assignee=p-li",
            ]).status == 0)
        return id
    }

    func limits(_ docket: DocketRunner, _ id: String, at: String) throws -> [String: String] {
        let shown = try DocketRunner.object(try docket.run(["case", "show", id, "--json", "--at", at]))
        return Dictionary(
            ((shown["deadlines"] as? [[String: Any]]) ?? []).map {
                ($0["id"] as? String ?? "", $0["due"] as? String ?? "")
            }, uniquingKeysWith: { a, _ in a })
    }

    @Test(
        "the completion limit follows the urgency: utilities 24 hours, general 7 days, complex 15 days",
        arguments: [
            ("utility", "complete-utility", "2026-11-24T09:00:00+08:00"), ("general", "complete-general", "2026-11-30"),
            ("complex", "complete-complex", "2026-12-08"),
        ])
    func completionLimits(urgency: String, rule: String, due: String) throws {
        let docket = try DocketRunner().initialised()
        let id = try dispatched(docket, urgency: urgency, at: "2026-11-23T09:00")
        #expect(try docket.run(["case", "fire", id, "accept", "--as", "p-li", "--at", "2026-11-23T09:00"]).status == 0)
        #expect(try limits(docket, id, at: "2026-11-23T09:00")[rule] == due)
    }

    @Test("a complex request is due to be dispatched within one working day (Friday's by Monday)")
    func complexDispatch() throws {
        let docket = try DocketRunner().initialised()
        var start = orderArguments.map { $0 == "urgency=utility" ? "urgency=complex" : $0 }
        start[start.firstIndex(of: "2026-11-22T09:30")!] = "2026-11-27T10:00"
        let id = try #require(try DocketRunner.object(try docket.run(start + ["--json"]))["id"] as? String)
        #expect(try limits(docket, id, at: "2026-11-27T10:00")["dispatch-complex"] == "2026-11-30")
    }

    @Test(
        "only the assigned member may complete or decline; a decline needs its reason and sends the request back to the pool"
    )
    func assigneeOnly() throws {
        let docket = try DocketRunner().initialised()
        let id = try dispatched(docket, urgency: "general", at: "2026-11-23T09:00")
        let other = try docket.run([
            "case", "fire", id, "decline", "--as", "p-chen", "--at", "2026-11-23T09:10", "--set", "reason=忙",
        ])
        #expect(
            other.status == 6 && other.stderr.contains("Only the member the request was dispatched to may decline it"))
        #expect(
            try docket.run(["case", "fire", id, "decline", "--as", "p-li", "--at", "2026-11-23T09:10"]).status == 7,
            "the reason is required")
        let declined = try docket.run([
            "case", "fire", id, "decline", "--as", "p-li", "--at", "2026-11-23T09:10", "--set", "reason=不在村", "--json",
        ])
        let back = try DocketRunner.object(declined)
        #expect(
            back["state"] as? String == "ordered" && back["assignee"] is NSNull, "back in the pool, nobody assigned")
        #expect(
            try docket.run([
                "case", "fire", id, "dispatch", "--as", "p-secretary", "--at", "2026-11-23T09:20", "--set",
                "assignee=p-chen",
            ]).status == 0)
        #expect(
            try docket.run(["case", "fire", id, "accept", "--as", "p-chen", "--at", "2026-11-23T09:30"]).status == 0)
        let stranger = try docket.run([
            "case", "fire", id, "complete", "--as", "p-li", "--at", "2026-11-23T10:00", "--set", "result=x",
        ])
        #expect(
            stranger.status == 6 && stranger.stderr.contains("Only the assigned member may complete the request"),
            "\(stranger.stderr)")
        #expect(
            try docket.run([
                "case", "fire", id, "complete", "--as", "p-chen", "--at", "2026-11-23T10:00", "--set", "result=已修",
            ]).status == 0)
    }

    @Test("a rating is 1 to 5; a rejection needs its reason")
    func ratingAndRejection() throws {
        let docket = try DocketRunner().initialised()
        let id = try dispatched(docket, urgency: "general", at: "2026-11-23T09:00")
        #expect(try docket.run(["case", "fire", id, "accept", "--as", "p-li", "--at", "2026-11-23T09:05"]).status == 0)
        #expect(
            try docket.run([
                "case", "fire", id, "complete", "--as", "p-li", "--at", "2026-11-23T10:00", "--set", "result=已修",
            ]).status == 0)
        for rating in ["0", "6"] {
            let refused = try docket.run([
                "case", "fire", id, "rate", "--as", "p-intake", "--at", "2026-11-23T11:00", "--set", "rating=\(rating)",
            ])
            #expect(
                refused.status == 7 && refused.stderr.contains("outside the range 1–5"), "\(rating): \(refused.stderr)")
        }
        #expect(
            try docket.run([
                "case", "fire", id, "rate", "--as", "p-intake", "--at", "2026-11-23T11:00", "--set", "rating=１",
            ]).status == 0, "full-width 1 is 1")
        #expect(try docket.run(orderArguments).status == 0)
        let last = "SR-000002"
        #expect(
            try docket.run(["case", "fire", last, "reject", "--as", "p-secretary", "--at", "2026-11-22T10:00"]).status
                == 7)
        #expect(
            try docket.run([
                "case", "fire", last, "reject", "--as", "p-secretary", "--at", "2026-11-22T10:00", "--set",
                "reason=非本村事务",
            ]).status == 0)
    }
}
