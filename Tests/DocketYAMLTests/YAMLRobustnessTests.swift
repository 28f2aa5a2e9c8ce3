import DocketCore
import DocketYAML
import Foundation
import Testing

/// YAML that used to trap or run for minutes: each is now a positioned problem.
@Suite struct YAMLRobustnessTests {
    @Test(
        "a duplicate key in a file with CR, CR LF, NEL, LS or PS line breaks is named at its line, as libyaml counts lines",
        arguments: ["\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}"])
    func lineBreaks(newline: String) {
        let source = ["workflow: x", "version: 1", "version: 2", ""].joined(separator: newline)
        let found = WorkflowLoader.load(source: source, file: "f.yaml").diagnostics.map {
            "\($0.line):\($0.column) \($0.message.en ?? "")"
        }
        #expect(found.first?.hasPrefix("3:1 duplicate key 'version'") == true, "\(found)")
        let organisations = ["organisations:", "  - {id: a, name: 甲}", "  - {id: a, name: 乙, name: 丙}", ""].joined(
            separator: newline)
        #expect(!DirectoryFile.organisations(source: organisations, file: "o.yaml").diagnostics.isEmpty)
    }

    @Test("the shipped workflow saved with CR LF line ends loads the same")
    func windowsLineEnds() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(
            contentsOf: root.appendingPathComponent("Workflows/service-request.yaml"), encoding: .utf8)
        let crlf = WorkflowLoader.load(source: text.replacingOccurrences(of: "\n", with: "\r\n"), file: "s.yaml")
        #expect(crlf.diagnostics.isEmpty)
        #expect(crlf.definition == WorkflowLoader.load(source: text, file: "s.yaml").definition)
    }

    @Test(
        "a few hundred bytes of aliases naming each other are refused at once, with the place, instead of expanding to 10⁹ elements"
    )
    func aliasBomb() {
        var lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            lines.append(
                "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]")
        }
        lines.append("organisations: [*i]")
        let started = Date()
        let found = DirectoryFile.organisations(source: lines.joined(separator: "\n"), file: "o.yaml").diagnostics
        #expect(found.count == 1 && found.first?.message.en?.contains("aliases") == true, "\(found.map(\.message))")
        #expect(Date().timeIntervalSince(started) < 60, "bounded, not exponential")
    }

    @Test("a declared bound or default past a quadrillion is refused where it is written")
    func hugeBounds() {
        let source = """
            workflow: x
            version: 1
            title: x
            states:
              open: {title: 开}
            fields:
              n: {type: integer, max: 99999999999999999999}
            parameters:
              p: {type: integer, default: 9223372036854775807}
            events:
              begin: {title: 始, starts: true, to: open, fields: {n: optional}}
            """
        let found = WorkflowLoader.load(source: source, file: "f.yaml").diagnostics.map { "\($0.line):\($0.column)" }
        #expect(found.contains("7:27") && found.contains("9:31"), "\(found)")
    }
}
