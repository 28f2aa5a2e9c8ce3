import DocketCore
import DocketYAML
import Foundation
import Testing

/// The `service-report` section: what `report service` reads a workflow by, checked when
/// the workflow is loaded.
@Suite struct ServiceReportSectionTests {
    static let shipped: String = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Workflows/service-request.yaml")
        return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }()

    /// The shipped service-request workflow with each `old` replaced by its `new`, every
    /// one of them present exactly once.
    static func shipped(replacing changes: [(old: String, new: String)]) -> String {
        var text = shipped
        for (old, new) in changes {
            precondition(text.components(separatedBy: old).count == 2, "not exactly once: \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    /// The 1-based line of the only line of `text` that contains `needle`.
    static func line(of needle: String, in text: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let found = lines.indices.filter { lines[$0].contains(needle) }
        precondition(found.count == 1, "not on exactly one line: \(needle)")
        return found[0] + 1
    }

    static func problems(_ text: String) -> [String] {
        WorkflowLoader.load(source: text, file: "sr.yaml").diagnostics.map {
            $0.rendered(in: .en).split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        }
    }

    @Test("the shipped service-request workflow declares the events, fields and parameters its report reads")
    func declared() throws {
        let loaded = WorkflowLoader.load(source: Self.shipped, file: "sr.yaml")
        #expect(loaded.diagnostics.isEmpty)
        let report = try #require(loaded.definition?.serviceReport)
        #expect(
            report
                == ServiceReporting(
                    dispatch: "dispatch", accept: "accept", complete: "complete", escalate: ["escalate"], rate: "rate",
                    category: "category", urgency: "urgency", rating: "rating", unsatisfiedFrom: "unsatisfied-from",
                    maxReopens: "max-reopens",
                    dispatchWithin: .byUrgency([
                        "emergency": "dispatch-within-emergency", "utility": "dispatch-within-utility",
                        "general": "dispatch-within-general", "complex": "dispatch-within-complex",
                    ]), acceptWithin: .parameter("accept-within")))
        #expect(report.dispatchWithin.parameter(for: "utility") == "dispatch-within-utility")
        #expect(report.acceptWithin.parameter(for: "utility") == "accept-within")
    }

    @Test("a workflow without the section loads with none, and is stored as it was before the section existed")
    func absent() throws {
        let definition = try #require(WorkflowLoader.load(source: base, file: "f.yaml").definition)
        #expect(definition.serviceReport == nil)
        let json = String(decoding: try JSONEncoder().encode(definition), as: UTF8.self)
        #expect(!json.contains("serviceReport"))
        let shipped = try #require(WorkflowLoader.load(source: Self.shipped, file: "sr.yaml").definition)
        let decoded = try JSONDecoder().decode(WorkflowDefinition.self, from: try JSONEncoder().encode(shipped))
        #expect(decoded.serviceReport == shipped.serviceReport && decoded == shipped)
    }

    @Test("a section naming an event that does not exist is an error at the line of its key")
    func misspeltEvent() {
        let text = Self.shipped(replacing: [("\n  accept: accept\n", "\n  accept: acept\n")])
        #expect(WorkflowLoader.load(source: text, file: "sr.yaml").definition == nil)
        let line = Self.line(of: "  accept: acept", in: text)
        #expect(Self.problems(text) == ["sr.yaml:\(line):11: error: undefined event 'acept'; did you mean 'accept'?"])
    }

    @Test("an event renamed consistently, in its events and in the section, still loads and is what the section names")
    func renamedEverywhere() throws {
        let text = Self.shipped(replacing: [
            ("\n  accept:\n    title: 党员接单", "\n  take:\n    title: 党员接单"),
            ("\n  accept: accept\n", "\n  accept: take\n"),
        ])
        let loaded = WorkflowLoader.load(source: text, file: "sr.yaml")
        #expect(loaded.diagnostics.map { $0.rendered(in: .en) } == [])
        let definition = try #require(loaded.definition)
        #expect(definition.event("accept") == nil && definition.serviceReport?.accept == "take")
    }

    @Test("an event renamed in its events only fails the load, at the section's line that still names it")
    func renamedInEventsOnly() {
        let text = Self.shipped(replacing: [("\n  accept:\n    title: 党员接单", "\n  take:\n    title: 党员接单")])
        let line = Self.line(of: "  accept: accept", in: text)
        let found = Self.problems(text)
        #expect(
            found.count == 1 && found.first?.hasPrefix("sr.yaml:\(line):11: error: undefined event 'accept'") == true)
    }

    @Test(
        "each mistake in the section is named where it is written",
        arguments: [
            ("  rate: rate\n", "  rate: rate\n  rat: rate\n", "  rat: rate", 3, "unknown key 'rat'"),
            (
                "  escalate: [escalate]\n", "  escalate: [escalate, whistle]\n", "escalate, whistle", 24,
                "undefined event 'whistle'"
            ),
            (
                "  rating: rating\n", "  rating: result\n", "  rating: result", 11,
                "rating 'result' must be an integer field, not text"
            ),
            (
                "  category: category\n", "  category: assignee\n", "  category: assignee", 13,
                "category 'assignee' must be an enum or text field, not person"
            ),
            (
                "  urgency: urgency\n", "  urgency: urgent\n", "  urgency: urgent", 12,
                "undefined field 'urgent'; did you mean 'urgency'?"
            ),
            (
                "  unsatisfied-from: unsatisfied-from\n", "  unsatisfied-from: accept-within\n",
                "  unsatisfied-from: accept-within", 21,
                "unsatisfied-from 'accept-within' must be an integer parameter, not duration"
            ),
            (
                "  max-reopens: max-reopens\n", "", "service-report:", 1,
                "the rate event 'rate' can escalate (a branch has escalates: true)"
            ),
            (
                "    complex: dispatch-within-complex\n", "", "  dispatch-within:", 3,
                "dispatch-within has no limit for the urgency 'complex'"
            ),
            (
                "    complex: dispatch-within-complex\n",
                "    complex: dispatch-within-complex\n    urgent: accept-within\n",
                "    urgent: accept-within", 5, "'urgent' is not a choice of the urgency field 'urgency'"
            ),
            (
                "  accept-within: accept-within\n", "  accept-within: max-reopens\n", "  accept-within: max-reopens",
                18,
                "accept-within 'max-reopens' must be a duration parameter, not integer"
            ),
            (
                "  accept-within: accept-within\n", "", "service-report:", 1,
                "service-report is missing the required key 'accept-within'"
            ),
        ])
    func mistakes(old: String, new: String, at needle: String, column: Int, message: String) {
        let section = Self.shipped.range(of: "\nservice-report:\n")!
        let text = Self.shipped.replacingCharacters(
            in: section.lowerBound..<Self.shipped.endIndex,
            with: Self.shipped[section.lowerBound...].replacingOccurrences(of: old, with: new))
        let found = Self.problems(text)
        let expected = "sr.yaml:\(Self.line(of: needle, in: text)):\(column): error: \(message)"
        #expect(found.count == 1 && found.first?.hasPrefix(expected) == true, "\(found)")
    }

    @Test("a rate event that does not record the rating field is named at the section's rating")
    func rateWithoutRating() {
        let text = Self.shipped(replacing: [
            ("    fields: {rating: required}\n", "    fields: {result: optional}\n")
        ])
        let line = Self.line(of: "  rating: rating", in: text)
        #expect(
            Self.problems(text) == [
                "sr.yaml:\(line):11: error: the rate event 'rate' does not record the field 'rating'"
            ])
    }
}
