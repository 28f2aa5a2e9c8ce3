import DocketCore
import DocketYAML
import Foundation
import Testing

/// Loads YAML and returns each problem's first line in English: `f.yaml:L:C: error: …`.
func problems(_ yaml: String) -> [String] {
    WorkflowLoader.load(source: yaml, file: "f.yaml").diagnostics.map {
        $0.rendered(in: .en).split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    }
}

/// A valid workflow; tests replace one line to introduce one problem.
let base = """
    workflow: demo
    version: 1
    title: 演示流程
    roles:
      clerk: 组织委员
    stages:
      main: 主阶段
    states:
      open: {title: 待办, stage: main}
      done: {title: 完成, stage: main, final: true, outcome: finished}
    fields:
      votes: {type: integer, min: 0}
      held-on: {type: date}
    parameters:
      wait: {type: duration, default: 6 months}
    events:
      begin:
        title: 开始
        starts: true
        to: open
        roles: [clerk]
      finish:
        title: 完成
        from: open
        to: done
        roles: [clerk]
        fields: {votes: required}
        date-field: held-on
        checks:
          - rule: votes > 0 and today >= held-on
            message: 需要票数
    """

func replacing(_ old: String, with new: String) -> String {
    precondition(base.contains(old), "fixture line not found: \(old)")
    return base.replacingOccurrences(of: old, with: new)
}

@Suite struct WorkflowLoaderTests {
    @Test("the base fixture loads with no problems")
    func clean() throws {
        let loaded = WorkflowLoader.load(source: base, file: "f.yaml")
        #expect(loaded.diagnostics.isEmpty)
        let definition = try #require(loaded.definition)
        #expect(definition.title.zh == "演示流程")
        #expect(definition.event("finish")?.checks.first?.expression.source == "votes > 0 and today >= held-on")
        #expect(definition.parameter("wait")?.defaultValue == .duration(CalendarDuration(6, .months)))
    }

    @Test("a YAML syntax error points at the unclosed quote")
    func syntax() {
        #expect(
            problems("workflow: x\ntitle: \"未闭合\nstates: {}\n") == [
                "f.yaml:2:8: error: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar, line 2)"
            ])
    }

    @Test("a tab for indentation is a syntax error with its line, named as a tab")
    func tabs() {
        let result = problems("workflow: x\nstates:\n\topen: {}\n")
        #expect(result.count == 1)
        #expect(
            result.first?.hasPrefix(
                "f.yaml:3:1: error: YAML syntax error: the indentation at column 1 is a tab; YAML indents with ASCII spaces only"
            ) == true)
    }

    @Test("an unknown key is named with the closest valid one")
    func unknownKey() {
        #expect(
            problems(replacing("    roles: [clerk]\n  finish:", with: "    rolez: [clerk]\n  finish:")) == [
                "f.yaml:21:5: error: unknown key 'rolez'; did you mean 'roles'? (valid in event: title, title-en, from, to, starts, roles, fields, checks, date-field, assigns, unassigns, escalates, timer-only, compute, step, adds, min-added, closes, enabled-by)"
            ])
    }

    @Test("an undefined state is reported where it is written, with a suggestion")
    func undefinedState() {
        #expect(
            problems(replacing("    to: done", with: "    to: dnoe")) == [
                "f.yaml:25:9: error: undefined state 'dnoe'; did you mean 'done'?"
            ])
    }

    @Test("undefined fields, roles, stages and parameters are each reported")
    func undefinedReferences() {
        #expect(
            problems(replacing("fields: {votes: required}", with: "fields: {vote: required}")) == [
                "f.yaml:27:14: error: undefined field 'vote'; did you mean 'votes'?"
            ])
        #expect(
            problems(replacing("    roles: [clerk]\n  finish:", with: "    roles: [clark]\n  finish:")) == [
                "f.yaml:21:13: error: undefined role 'clark'; did you mean 'clerk'?"
            ])
        #expect(
            problems(replacing("stage: main}\n  done", with: "stage: mian}\n  done")) == [
                "f.yaml:9:28: error: undefined stage 'mian'; did you mean 'main'?"
            ])
        #expect(
            problems(replacing("today >= held-on", with: "today >= held-on + wiat")) == [
                "f.yaml:30:48: error: unknown field or parameter 'wiat'; did you mean 'wait'?"
            ])
    }

    @Test("a type error in a rule points at the operator inside the expression")
    func typeError() {
        #expect(
            problems(replacing("today >= held-on", with: "today >= votes")) == [
                "f.yaml:30:35: error: '>=' cannot combine date and integer"
            ])
    }

    @Test("a rule that does not parse points at the offending character")
    func parseError() {
        #expect(
            problems(replacing("votes > 0 and", with: "votes > > 0 and")) == [
                "f.yaml:30:23: error: expected a value but found '>'"
            ])
    }

    @Test("an unreachable state and a dead end are both reported")
    func graph() {
        let yaml =
            replacing(
                "  done: {title: 完成, stage: main, final: true, outcome: finished}",
                with: """
                      done: {title: 完成, stage: main, final: true, outcome: finished}
                      limbo: {title: 悬空}
                      stuck: {title: 卡住}
                    """) + "\n  jam:\n    from: open\n    to: stuck\n"
        #expect(
            problems(yaml) == [
                "f.yaml:11:3: error: state 'limbo' is unreachable: no event leads to it",
                "f.yaml:12:3: error: non-final state 'stuck' has no way out: no event leaves it (mark it final: true if it is an end)",
            ])
    }

    @Test("a duplicate id is reported at its second occurrence")
    func duplicate() {
        #expect(
            problems(replacing("  done: {title: 完成,", with: "  open: {title: 完成,")) == [
                "f.yaml:10:3: error: duplicate key 'open' (first at line 9)"
            ])
    }

    @Test("ill-typed values are named with what was expected")
    func values() {
        #expect(
            problems(replacing("final: true", with: "final: maybe")) == [
                "f.yaml:10:41: error: final should be true or false"
            ])
        #expect(
            problems(replacing("default: 6 months", with: "default: half a year")) == [
                "f.yaml:15:35: error: default 'half a year' is not a duration (expected a duration such as 6 months, 3 days, 24 hours)"
            ])
        #expect(
            problems(replacing("version: 1", with: "version: one")) == [
                "f.yaml:2:10: error: version should be an integer"
            ])
    }

    @Test("every problem in a file is reported in one run, in line order")
    func allAtOnce() {
        let yaml = replacing("    to: done", with: "    to: dnoe")
            .replacingOccurrences(of: "votes: {type: integer, min: 0}", with: "votes: {type: integr, min: 0}")
            .replacingOccurrences(of: "    roles: [clerk]\n  finish:", with: "    rolez: [clerk]\n  finish:")
        let lines = problems(yaml).map { $0.split(separator: ":").prefix(3).joined(separator: ":") }
        #expect(lines == ["f.yaml:12:17", "f.yaml:21:5", "f.yaml:25:9"])
    }

    @Test("the caret stands under the right column after Chinese text")
    func caretWidth() throws {
        let loaded = WorkflowLoader.load(
            source: replacing("stage: main}\n  done", with: "stage: mian}\n  done"), file: "f.yaml")
        let rendered = try #require(loaded.diagnostics.first).rendered(in: .zh)
        #expect(
            rendered == """
                f.yaml:9:28: error: 未定义的阶段「mian」；是否应为「main」？
                  open: {title: 待办, stage: mian}
                                             ^
                """)
    }

    @Test(
        "hostile and malformed input never crashes",
        arguments: [
            "", "---", "[]", "- a\n- b", "workflow: [",
            "workflow: {a: b}\nversion: {}\ntitle: []\nstates: 3\nevents: x",
            String(repeating: "[", count: 5_000), String(repeating: "a: ", count: 2_000) + "b", "\u{0}\u{1}\u{2}",
            "workflow: x\nversion: 99999999999999999999999\n", "*alias", "states: &a\n  x: *a\n",
            "workflow: x\nversion: 1\ntitle: t\nstates:\n  s: {title: s}\nevents:\n  e: {starts: true, to: s, checks: [{rule: '"
                + String(repeating: "(", count: 3_000) + "', message: m}]}\n",
        ])
    func hostile(yaml: String) {
        let loaded = WorkflowLoader.load(source: yaml, file: "f.yaml")
        #expect(loaded.definition == nil)
        #expect(!loaded.diagnostics.isEmpty)
    }

    @Test("the shipped workflows load with no problems")
    func shipped() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Workflows")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".yaml") && $0 != "grading.yaml"
        }
        #expect(files.contains("service-request.yaml"))
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let loaded = WorkflowLoader.load(source: text, file: file)
            #expect(loaded.diagnostics.map { $0.rendered(in: .en) } == [])
        }
    }
}

@Suite struct DirectoryFileTests {
    @Test("a CSV of organisations is read with quoted fields")
    func organisationsCSV() {
        let contents = DirectoryFile.organisations(
            source: "id,name,parent,kind\nc,\"示范县, 全县\",,county\nt,城关镇,c,township\n", file: "o.csv")
        #expect(contents.diagnostics.isEmpty)
        #expect(
            contents.items == [
                Organisation(id: "c", name: "示范县, 全县", parent: nil, kind: "county"),
                Organisation(id: "t", name: "城关镇", parent: "c", kind: "township"),
            ])
    }

    @Test("bad people rows are reported with their line numbers")
    func badPeople() {
        let csv = "id,name,org,roles,status\np1,甲,b,clerk,full\n,乙,b,clerk,full\np3,丙,b,clerk,member\n"
        let contents = DirectoryFile.people(source: csv, file: "p.csv")
        #expect(
            contents.diagnostics.map { "\($0.line): \($0.message.en ?? "")" } == [
                "3: missing id", "4: status 'member' should be full, probationary or none",
            ])
    }

    @Test("a multi-line quoted cell is one cell; a quote never closed refuses the row it opens on and keeps the others")
    func quotedLines() {
        let csv = "id,name,org,roles\np1,\"甲\n乙\",b,clerk\np2,丙,b,clerk\np3,丁,b,\"clerk\n"
        let contents = DirectoryFile.people(source: csv, file: "p.csv")
        #expect(contents.items.map(\.name) == ["甲\n乙", "丙"])
        #expect(
            contents.diagnostics.map { "\($0.line): \($0.message.en ?? "")" } == [
                "5: a quoted cell that starts on this line never ends"
            ])
    }

    @Test(
        "an organisation or person id with a slash, a space, more than 64 characters, or just . or .. is refused by its line, in CSV and YAML"
    )
    func badIDs() {
        let csv = DirectoryFile.organisations(
            source:
                "id,name,parent,kind\nc,县,,county\nc/t,镇,c,township\n\"a b\",村,c,village\n..,上级,c,village\n.,本级,c,village\n",
            file: "o.csv")
        #expect(csv.items.map(\.id) == ["c"])
        let rule = "(letters, digits, - _ ., at most 64, not . or .. alone)"
        #expect(
            csv.diagnostics.map { "\($0.line): \($0.message.en ?? "")" } == [
                "3: id 'c/t' is not valid \(rule)", "4: id 'a b' is not valid \(rule)",
                "5: id '..' is not valid \(rule)", "6: id '.' is not valid \(rule)",
            ])
        let yaml = DirectoryFile.organisations(
            source: "organisations:\n  - id: 示范县\n    kind: county\n    children:\n      - {id: x/y, kind: grid}\n",
            file: "o.yaml")
        #expect(yaml.items.map(\.id) == ["示范县"])
        #expect(yaml.diagnostics.map(\.line) == [5])
        let long = String(repeating: "p", count: 65)
        let people = DirectoryFile.people(
            source: "id,name,org,roles\n\(long),甲,c,clerk\np-1,乙,c,clerk\n", file: "p.csv")
        #expect(people.items.map(\.id) == ["p-1"] && people.diagnostics.map(\.line) == [2])
    }

    @Test(
        "lists in a people CSV split as spreadsheets write them (、 ， , ；), and rows left blank below the data are skipped"
    )
    func spreadsheetLists() {
        let csv =
            "id,name,org,roles,status,skills\np1,甲,b,clerk、member,full,\"维修,心理\"\np2,乙,b,member，intake,full,医疗、法律\n,,,,,\n ,,, ,,\n"
        let contents = DirectoryFile.people(source: csv, file: "p.csv")
        #expect(contents.diagnostics.isEmpty, "\(contents.diagnostics.map(\.message))")
        #expect(contents.items.map { $0.roles.map(\.role) } == [["clerk", "member"], ["member", "intake"]])
        #expect(contents.items.map(\.skills) == [["维修", "心理"], ["医疗", "法律"]])
    }

    @Test("roles and skills in a people CSV are split at ; or the full-width ；")
    func fullWidthSemicolon() {
        let contents = DirectoryFile.people(
            source: "id,name,org,roles,status,skills\np1,甲,b,clerk；member;intake,full,维修；法律\n", file: "p.csv")
        #expect(contents.items.first?.roles.map(\.role) == ["clerk", "member", "intake"])
        #expect(contents.items.first?.skills == ["维修", "法律"])
    }

    @Test("a people file missing a column names it")
    func missingColumn() {
        let contents = DirectoryFile.people(source: "id,name\np1,甲\n", file: "p.csv")
        #expect(
            contents.diagnostics.first?.message.en
                == "the header lacks column(s) org, roles (expected id,name,org,roles)")
    }

    @Test("nested YAML organisations take their parent from the nesting")
    func nested() {
        let yaml =
            "organisations:\n  - id: c\n    name: 县\n    kind: county\n    children:\n      - {id: t, name: 镇, kind: township}\n"
        let contents = DirectoryFile.organisations(source: yaml, file: "o.yaml")
        #expect(contents.items.map(\.parent) == [nil, "c"])
    }
}

/// The rows of a cases file, as `case import --file` reads them.
@Suite struct ImportFileTests {
    static func rows(_ text: String, file: String = "c.jsonl") throws -> (rows: [ImportRow], problems: [RowProblem]) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)-\(file)")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let sink = ImportFile.ProblemSink()
        let rows = Array(ImportFile(path: url.path, problems: sink))
        return (rows, sink.problems)
    }

    @Test("JSON values become the text a field is typed in: numbers, true/false, lists joined by commas")
    func values() throws {
        let line =
            #"{"workflow": "w", "org": "o", "state": "s", "data": {"t": "甲", "n": 30, "x": 2.5, "b": true, "l": ["p-1", "p-2"]}}"#
        let (rows, problems) = try Self.rows(line + "\n")
        #expect(problems.isEmpty)
        #expect(rows.first?.input == ["t": "甲", "n": "30", "x": "2.5", "b": "1", "l": "p-1,p-2"])
    }

    @Test(
        "a value that is an object, data that is not an object, or records that are not a list refuse the row by its line"
    )
    func shapes() throws {
        let text = [
            #"{"workflow": "w", "org": "o", "state": "s", "data": {"name": {"nested": 1}}}"#,
            #"{"workflow": "w", "org": "o", "state": "s", "data": ["a"]}"#,
            #"{"workflow": "w", "org": "o", "state": "s", "records": "apply"}"#,
            #"{"workflow": "w", "org": "o", "state": "s", "records": [{"event": "apply"}]}"#,
            #"{"workflow": "w", "org": "o", "state": "s", "records": [{"event": "apply", "on": "2026-10-01"}]}"#,
        ].joined(separator: "\n")
        let (rows, problems) = try Self.rows(text)
        #expect(problems.map(\.line) == [1, 2, 3, 4])
        #expect(rows.map(\.line) == [5] && rows.first?.records.map(\.event) == ["apply"])
    }
}

@Suite struct WorkflowLoaderKeyTests {
    @Test(
        "a duty by calendar periods, a step switched on by a parameter, a role a person must hold and a field's alias load"
    )
    func newKeys() throws {
        let yaml = replacing(
            "  open: {title: 待办, stage: main}",
            with: """
                  open:
                    title: 待办
                    stage: main
                    duties:
                      - {id: meeting, title: 季度会议, every: 3 months, periods: calendar, done-by: finish}
                """
        )
        .replacingOccurrences(
            of: "  held-on: {type: date}",
            with: """
                  held-on: {type: date}
                  host: {type: person, person-role: clerk}
                  span: {type: duration, unit: months, min: 1, max: 6, aliases: [span-months]}
                """
        )
        .replacingOccurrences(
            of: "  wait: {type: duration, default: 6 months}",
            with: """
                  wait: {type: duration, default: 6 months}
                  notice: {type: boolean, default: false}
                """
        )
        .replacingOccurrences(
            of: "    to: done\n    roles: [clerk]", with: "    to: done\n    roles: [clerk]\n    enabled-by: notice")
        let loaded = WorkflowLoader.load(source: yaml, file: "f.yaml")
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map { $0.rendered(in: .en) })")
        let definition = try #require(loaded.definition)
        #expect(definition.state("open")?.deadlines.first?.periods == .calendar)
        #expect(definition.event("finish")?.enabledBy == "notice")
        #expect(definition.field("host")?.constraints.personRole == "clerk")
        #expect(
            definition.field("span")?.aliases == ["span-months"]
                && definition.field("span")?.constraints.durationUnit == .months)
        #expect(definition.canonicalInput(["span-months": "3"]) == ["span": "3"])
    }

    @Test(
        "each new key's mistakes are named where they are written",
        arguments: [
            (
                "  held-on: {type: date}", "  held-on: {type: date}\n  host: {type: person, person-role: boss}",
                "f.yaml:14:37: error: undefined role 'boss'"
            ),
            (
                "  held-on: {type: date}", "  held-on: {type: date, unit: months}",
                "f.yaml:13:31: error: only duration fields have a unit"
            ),
            (
                "    to: done\n    roles: [clerk]", "    to: done\n    roles: [clerk]\n    enabled-by: wait",
                "f.yaml:27:17: error: enabled-by 'wait' must be a boolean parameter, not duration"
            ),
            (
                "  open: {title: 待办, stage: main}",
                "  open: {title: 待办, stage: main, duties: [{id: m, every: 5 months, periods: calendar, done-by: finish}]}",
                "f.yaml:9:58: error: a duty by calendar periods needs a period of 1, 2, 3, 4, 6 or 12 months, or 1 year"
            ),
            (
                "  open: {title: 待办, stage: main}",
                "  open: {title: 待办, stage: main, duties: [{id: m, every: 1 month, periods: weekly, done-by: finish}]}",
                "f.yaml:9:76: error: 'periods' should be rolling (from the last record) or calendar (calendar months, quarters, years)"
            ),
        ])
    func mistakes(old: String, new: String, expected: String) {
        let found = problems(replacing(old, with: new))
        #expect(found.contains { $0.hasPrefix(expected) }, "\(found)")
    }
}
