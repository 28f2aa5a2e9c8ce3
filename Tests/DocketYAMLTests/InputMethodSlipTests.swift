import DocketCore
import DocketYAML
import Testing

/// What a Chinese input method slips into YAML is named in the clerk's words, at the
/// character to retype, instead of libyaml's English a line away.
@Suite struct InputMethodSlipTests {
    /// The first problem of a workflow file, as `file:line:column` and both languages.
    func firstProblem(_ lines: [String], saying word: String = "") -> (place: String, zh: String, en: String)? {
        let source = (lines + [""]).joined(separator: "\n")
        return WorkflowLoader.load(source: source, file: "w.yaml").diagnostics
            .first { !$0.message.zh.hasPrefix("缺少必需的键") && $0.message.zh.contains(word) }
            .map { ("\($0.line):\($0.column)", $0.message.zh, $0.message.en ?? "") }
    }

    @Test("a full-width colon after a key, at the top or deep in an event, is named at its column")
    func fullWidthColon() throws {
        let top = try #require(firstProblem(["workflow: x", "version: 1", "title：上党课"]))
        #expect(top.place == "3:6")
        #expect(top.zh.contains("全角冒号「：」") && top.en.contains("full-width colon"))
        // The parser notices it only at the next key, a line later.
        let deep = try #require(
            firstProblem(["workflow: x", "version: 1", "events:", "  talk:", "    title：谈话", "    to: talked"]))
        #expect(deep.place == "5:10" && deep.zh.contains("全角冒号"))
        // The last key of a mapping reads as the mapping's text.
        let last = try #require(firstProblem(["workflow: x", "version: 1", "events:", "  talk:", "    title：谈话"]))
        #expect(last.place == "5:10" && last.zh.contains("全角冒号"))
    }

    @Test("indentation with a tab or a full-width space is named at that column")
    func indentation() throws {
        let tab = try #require(firstProblem(["workflow: x", "version: 1", "states:", "\topen: {title: 待办}"]))
        #expect(tab.place == "4:1" && tab.zh.contains("制表符") && tab.en.contains("tab"))
        let wide = try #require(
            firstProblem(
                ["workflow: x", "version: 1", "title: 测试", "states:", "  open:", "  \u{3000}title: 待办"], saying: "全角"))
        #expect(wide.place == "6:3" && wide.zh.contains("全角空格") && wide.en.contains("U+3000"))
    }

    @Test("a full-width colon inside a value is text, not a slip")
    func colonInValue() {
        let source = ["workflow: x", "version: 1", "title: 注意：测试", "description: |", "  说明：全角冒号", ""]
        let found = WorkflowLoader.load(source: source.joined(separator: "\n"), file: "w.yaml").diagnostics
        #expect(!found.contains { $0.message.zh.contains("全角") })
    }
}

/// Organisation files as a county's spreadsheet has them.
@Suite struct OrganisationFileHabitsTests {
    @Test("kinds written in Chinese (村, 乡镇, 街道) are stored by their ids; a kind of the county's own stays as typed")
    func kindsByTitle() {
        let csv =
            "id,name,parent,kind\ncounty,示范县,,县\nbeizhen,北镇,county,乡镇\nnancun,南村,beizhen, 村 \njiedao,街道,county,街道\npian,片区,county,片区\n"
        let contents = DirectoryFile.organisations(source: csv, file: "o.csv")
        #expect(contents.diagnostics.isEmpty)
        #expect(contents.items.map(\.kind) == ["county", "township", "village", "township", "片区"])
        let yaml =
            "organisations:\n  - {id: county, name: 示范县, kind: 县（市、区）}\n  - {id: t, name: 镇, parent: county, kind: Township}\n"
        #expect(DirectoryFile.organisations(source: yaml, file: "o.yaml").items.map(\.kind) == ["county", "township"])
    }

    @Test("an organisation listed twice in one file is named at its second row, which is not imported")
    func repeatedID() {
        let csv = "id,name,parent,kind\nnancun,南村,hekou,村\nbeizhen,北镇,county,乡镇\nnancun,南村二,chengguan,村\n"
        let contents = DirectoryFile.organisations(source: csv, file: "o.csv")
        #expect(contents.items.map(\.name) == ["南村", "北镇"])
        #expect(contents.lines == [2, 3])
        #expect(contents.diagnostics.map(\.line) == [4])
        #expect(contents.diagnostics.first?.message.zh.contains("第一次在第 2 行") == true)
        let yaml = "organisations:\n  - {id: a, name: 甲}\n  - {id: a, name: 乙}\n"
        #expect(DirectoryFile.organisations(source: yaml, file: "o.yaml").diagnostics.map(\.line) == [3])
    }
}
