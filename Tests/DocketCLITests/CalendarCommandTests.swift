import Foundation
import Testing

/// `docket calendar`: a year whose notice is not out yet, and adding it.
@Suite struct CalendarCommandTests {
    static let notice = """
        calendar: cn-mainland
        year: 2027
        source: 测试用通知
        holidays:
          - 2027-01-01..2027-01-03
        working-weekends: []

        """

    func general(_ docket: DocketRunner, at: String) throws -> String {
        var arguments = orderArguments.map { $0 == "urgency=utility" ? "urgency=general" : $0 }
        arguments[arguments.firstIndex(of: "2026-11-22T09:30")!] = at
        let result = try docket.run(arguments + ["--json"])
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(try DocketRunner.object(result)["id"] as? String)
    }

    @Test(
        "on 31 December a general request is taken: its limit in 2027 is provisional in case show, overdue and due-soon, in JSON and in text"
    )
    func provisional() throws {
        let docket = try DocketRunner().initialised()
        let id = try general(docket, at: "2026-12-31T10:00")
        let shown = try DocketRunner.object(try docket.run(["case", "show", id, "--json", "--at", "2026-12-31T11:00"]))
        let limit = try #require((shown["deadlines"] as? [[String: Any]])?.first)
        #expect(limit["due"] as? String == "2027-01-01" && limit["provisional"] as? Bool == true)
        let text = try docket.run(["case", "show", id, "--at", "2026-12-31T11:00", "--lang", "zh"])
        #expect(text.stdout.contains("2027-01-01（暂按周一至周五计算）"))
        let overdue = try docket.run(["overdue", "--json", "--at", "2027-01-05"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(overdue.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["provisional"] as? Bool } == [true])
        #expect(try docket.run(["due-soon", "--at", "2026-12-31T11:00"]).stdout.contains("provisional"))
        let years = try DocketRunner.object(try docket.run(["calendar", "show", "--json", "--at", "2026-12-31"]))
        let listed = try #require(years["years"] as? [[String: Any]])
        #expect(listed.map { "\($0["year"] ?? "") \($0["covered"] ?? "")" } == ["2025 1", "2026 1", "2027 0"])
        #expect(years["uncovered_years"] as? String == "provisional")
    }

    @Test(
        "calendar add: a bad notice is named by line and column and changes nothing; a clerk is refused; the admin's moves the running limits and records them"
    )
    func add() throws {
        let docket = try DocketRunner().initialised()
        let id = try general(docket, at: "2026-12-31T10:00")
        let bad = try docket.write("bad.yaml", "calendar: cn-mainland\nyear: 2027\nholidays: [2027-13-01]\n")
        let refused = try docket.run(["calendar", "add", bad, "--at", "2026-12-31T12:00"])
        #expect(refused.status == 3 && refused.stderr.contains("bad.yaml:3:12"), "\(refused.stderr)")
        let file = try docket.write("2027.yaml", Self.notice)
        let clerk = try docket.run(["calendar", "add", file, "--as", "p-intake", "--at", "2026-12-31T12:00"])
        #expect(clerk.status == 13)
        #expect(
            try DocketRunner.object(try docket.run(["calendar", "show", "2027", "--json"]))["covered"] as? Bool
                == false, "nothing was written")

        let added = try docket.run(["calendar", "add", file, "--json", "--at", "2026-12-31T12:00"])
        #expect(added.status == 0, "\(added.stderr)")
        let summary = try DocketRunner.object(added)
        #expect(summary["moved"] as? Int == 1 && summary["examined"] as? Int == 1 && summary["year"] as? Int == 2027)
        let limit = try #require(
            (try DocketRunner.object(try docket.run(["case", "show", id, "--json", "--at", "2027-01-02"]))["deadlines"]
                as? [[String: Any]])?.first)
        #expect(limit["due"] as? String == "2027-01-04" && limit["provisional"] as? Bool == false)
        let history = try docket.run(["case", "history", id, "--lang", "en"])
        #expect(
            history.stdout.contains("limits counted again") && history.stdout.contains("2027-01-01 暂按 → 2027-01-04"),
            "\(history.stdout)")
        #expect(try docket.run(["audit", "verify"]).status == 0)
        let year = try DocketRunner.object(try docket.run(["calendar", "show", "2027", "--json"]))
        #expect(
            year["covered"] as? Bool == true && (year["holidays"] as? [String])?.count == 3
                && year["source"] as? String == "测试用通知")
        let text = try docket.run(["calendar", "add", file, "--at", "2026-12-31T12:30", "--lang", "zh"])
        #expect(text.stdout.contains("其中 0 件的时限随之变动"), "the same notice again moves nothing")

        // Deploying the calendar files again (docket init on the store) keeps the added year.
        let workflows = DocketRunner.packageRoot.appendingPathComponent("Workflows").path
        #expect(try docket.run(["init", "--workflows", workflows, "--at", "2026-12-31T13:00"]).status == 0)
        #expect(
            try DocketRunner.object(try docket.run(["calendar", "show", "2027", "--json"]))["covered"] as? Bool == true)
    }

    @Test("workflow configure moves the running limits governed by the changed parameter and says how many")
    func configure() throws {
        let docket = try DocketRunner().initialised()
        let id = try general(docket, at: "2026-11-23T10:00")
        let file = try docket.write("p.yaml", "service-request:\n  dispatch-within-general: 3 working days\n")
        let result = try docket.run(["workflow", "configure", file, "--at", "2026-11-23T11:00"])
        #expect(
            result.status == 0 && result.stdout.contains("the limits of 1 moved"), "\(result.stdout)\(result.stderr)")
        let limit = try #require(
            (try DocketRunner.object(try docket.run(["case", "show", id, "--json", "--at", "2026-11-23T12:00"]))[
                "deadlines"] as? [[String: Any]])?.first)
        #expect(limit["due"] as? String == "2026-11-26")
        #expect(try docket.run(["case", "history", id]).stdout.contains("parameters dispatch-within-general"))
    }
}
