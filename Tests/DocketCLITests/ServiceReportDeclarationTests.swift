import Foundation
import Testing

/// `report service` and `dispatch suggest` read a workflow by what its `service-report`
/// section declares, not by ids of their own.
@Suite struct ServiceReportDeclarationTests {
    static let shipped: String = {
        let file = DocketRunner.packageRoot.appendingPathComponent("Workflows/service-request.yaml")
        return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }()

    /// The shipped workflow with each `old` (present exactly once) replaced by its `new`,
    /// and without its `service-report` section when `declared` is false.
    static func workflow(_ changes: [(old: String, new: String)], declared: Bool = true) -> String {
        var text = shipped
        for (old, new) in changes {
            precondition(text.components(separatedBy: old).count == 2, "not exactly once: \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        if !declared, let section = text.range(of: "\nservice-report:\n") {
            text.removeSubrange(section.lowerBound...)
        }
        return text
    }

    /// A store like `DocketRunner.initialised()`, with `workflow` for the shipped service-request.
    static func initialised(with workflow: String) throws -> DocketRunner {
        let docket = try DocketRunner()
        let folder = docket.folder.appendingPathComponent("workflows")
        try FileManager.default.copyItem(at: DocketRunner.packageRoot.appendingPathComponent("Workflows"), to: folder)
        try workflow.write(to: folder.appendingPathComponent("service-request.yaml"), atomically: true, encoding: .utf8)
        let examples = DocketRunner.packageRoot.appendingPathComponent("Examples")
        for step in [
            ["init", "--workflows", folder.path, "--at", "2026-11-01", "--simulation"],
            ["org", "import", examples.appendingPathComponent("org-tree.yaml").path],
            ["person", "import", examples.appendingPathComponent("people.csv").path],
        ] {
            let result = try docket.run(step)
            try #require(result.status == 0, "\(step): \(result.stderr)")
        }
        return docket
    }

    /// Three requests: one solved and satisfied, one dispatched late and rated
    /// unsatisfied, one escalated; `accept` is the name of the event that accepts.
    static func casework(_ docket: DocketRunner, accept: String) throws {
        func order(at time: String) throws {
            var arguments = orderArguments
            arguments[arguments.firstIndex(of: "2026-11-22T09:30")!] = time
            let result = try docket.run(arguments)
            try #require(result.status == 0, "\(result.stderr)")
        }
        func fire(_ id: String, _ steps: [[String]]) throws {
            for step in steps {
                let result = try docket.run(["case", "fire", id] + step)
                try #require(result.status == 0, "\(id) \(step): \(result.stderr)")
            }
        }
        try order(at: "2026-11-22T09:30")
        try fire(
            "SR-000001",
            [
                ["dispatch", "--set", "assignee=p-li", "--as", "p-secretary", "--at", "2026-11-22T09:45"],
                [accept, "--as", "p-li", "--at", "2026-11-22T10:00"],
                ["complete", "--set", "result=修好", "--as", "p-li", "--at", "2026-11-22T15:30"],
                ["rate", "--set", "rating=2", "--as", "p-intake", "--at", "2026-11-23T09:00"],
            ])
        try order(at: "2026-11-22T10:00")
        try fire(
            "SR-000002",
            [
                ["dispatch", "--set", "assignee=p-chen", "--as", "p-secretary", "--at", "2026-11-22T13:00"],
                [accept, "--as", "p-chen", "--at", "2026-11-22T13:10"],
                ["complete", "--set", "result=修好", "--as", "p-chen", "--at", "2026-11-22T18:00"],
                ["rate", "--set", "rating=5", "--as", "p-intake", "--at", "2026-11-23T09:00"],
            ])
        try order(at: "2026-11-24T09:00")
        try fire(
            "SR-000003",
            [
                ["dispatch", "--set", "assignee=p-li", "--as", "p-secretary", "--at", "2026-11-24T09:20"],
                [accept, "--as", "p-li", "--at", "2026-11-24T09:30"],
                ["escalate", "--set", "reason=需要镇里协调", "--as", "p-li", "--at", "2026-11-24T11:00"],
            ])
    }

    static func report(_ docket: DocketRunner) throws -> [[String: Any]] {
        let result = try docket.run([
            "report", "service", "--from", "2026-11-01", "--to", "2026-11-30", "--as", "p-sun", "--at", "2026-11-30",
            "--json",
        ])
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(try DocketRunner.object(result)["groups"] as? [[String: Any]])
    }

    @Test("a workflow with accept renamed to take, in its events and its report section, reports the same figures")
    func renamedEvent() throws {
        let original = try DocketRunner().initialised()
        try Self.casework(original, accept: "accept")
        let renamed = try Self.initialised(
            with: Self.workflow([
                ("\n  accept:\n    title: 党员接单", "\n  take:\n    title: 党员接单"),
                ("\n  accept: accept\n", "\n  accept: take\n"),
            ]))
        try Self.casework(renamed, accept: "take")

        let expected = try Self.report(original)
        let figures = try Self.report(renamed)
        let group = try #require(figures.first)
        // The acceptances are counted: in time, and in the hours to accept.
        #expect(group["received"] as? Int == 3 && group["responded_in_time"] as? Int == 2)
        #expect((group["time_to_accept"] as? [String: Any])?["median_hours"] as? Double == 0.5)
        #expect(group["escalated"] as? Int == 1 && group["satisfied"] as? Int == 1 && group["ratings"] as? Int == 2)
        #expect(NSArray(array: figures).isEqual(to: expected), "\(figures) ≠ \(expected)")
    }

    @Test(
        "report service on a workflow without a service-report section is refused (status 7), not answered with zeros")
    func undeclared() throws {
        let docket = try DocketRunner().initialised()
        let arguments = [
            "report", "service", "--workflow", "member-development", "--as", "p-sun", "--at", "2026-11-30",
        ]
        let json = try docket.run(arguments + ["--json"])
        #expect(json.status == 7)
        let error = try #require(try DocketRunner.object(json)["error"] as? [String: Any])
        #expect(error["code"] as? String == "invalid-input" && error["workflow"] as? String == "member-development")
        let text = try docket.run(arguments)
        #expect(text.status == 7 && text.stdout.isEmpty)
        #expect(text.stderr.contains("'member-development' has no service-report section"), "\(text.stderr)")
        // The shipped service-request workflow declares it, and stays the default.
        #expect(try docket.run(["report", "service", "--as", "p-sun", "--at", "2026-11-30"]).status == 0)
    }

    @Test(
        "dispatch suggest matches skills against the category field the workflow declares, and against none without one"
    )
    func declaredCategory() throws {
        func suggestion(_ docket: DocketRunner, _ order: [String]) throws -> [[String: Any]] {
            let started = try docket.run(order)
            try #require(started.status == 0, "\(started.stderr)")
            let result = try docket.run(["dispatch", "suggest", "SR-000001", "--json", "--lang", "zh"])
            try #require(result.status == 0, "\(result.stderr)")
            return try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        }
        // The category field renamed to service-type, everywhere: 李明's 法律 still matches.
        let renamed = try Self.initialised(
            with: Self.workflow([
                ("\n  category:\n    type: enum", "\n  service-type:\n    type: enum"),
                ("      category: required\n", "      service-type: required\n"),
                ("\n  category: category\n", "\n  category: service-type\n"),
            ]))
        let ranked = try suggestion(
            renamed, orderArguments.map { $0 == "category=repair" ? "service-type=law" : $0 })
        #expect(ranked.map { $0["person"] as? String } == ["p-li", "p-chen"])
        #expect(ranked.first?["matching_skills"] as? [String] == ["法律"])
        // Without the section there is no category to match: by open load, then by id.
        let undeclared = try Self.initialised(with: Self.workflow([], declared: false))
        let plain = try suggestion(undeclared, orderArguments.map { $0 == "category=repair" ? "category=law" : $0 })
        #expect(plain.map { $0["person"] as? String } == ["p-chen", "p-li"])
        #expect(plain.allSatisfy { ($0["matching_skills"] as? [String])?.isEmpty == true })
    }
}
