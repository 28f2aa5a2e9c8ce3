import Foundation
import Testing

/// Inputs that used to crash `docket` (a Swift trap, exit 132–139) or commit a case that
/// no later read could show: each is refused with its own status and nothing written.
@Suite struct RobustnessCLITests {
    static let workflow = """
        workflow: t
        version: 1
        title: 测试
        roles:
          clerk: 办事员
        states:
          open:
            title: 待办
            deadlines:
              - {id: span-due, title: 期限, due: span}
          done: {title: 完成, final: true}
        parameters:
          span: {type: duration, default: 1 day}
          limit: {type: integer, default: 1}
          far: {type: boolean, default: false}
        events:
          begin:
            title: 开始
            starts: true
            to: open
            roles: [clerk]
            checks:
              - rule: not far or now + 999999999999999 days > now
                message: 远期
          finish: {title: 完成, from: open, to: done, roles: [clerk]}

        """

    func store() throws -> DocketRunner {
        let docket = try DocketRunner()
        let folder = docket.folder.appendingPathComponent("wf")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.workflow.write(to: folder.appendingPathComponent("t.yaml"), atomically: true, encoding: .utf8)
        for step in [
            ["init", "--workflows", folder.path, "--at", "2026-11-01", "--simulation"],
            ["org", "import", try docket.write("o.yaml", "organisations:\n  - {id: c, name: 县}\n")],
            ["person", "import", try docket.write("p.csv", "id,name,org,roles\np-admin,管理员,c,admin;clerk\n")],
        ] {
            let result = try docket.run(step)
            try #require(result.status == 0, "\(step): \(result.stderr)")
        }
        return docket
    }

    func caseCount(_ docket: DocketRunner) throws -> Int {
        let list = try docket.run(["case", "list", "--json"])
        return (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [Any])?.count ?? -1
    }

    @Test("a rule whose date arithmetic leaves year 9999 refuses the event, naming the rule; nothing is committed")
    func ruleOutOfRange() throws {
        let docket = try store()
        #expect(
            try docket.run([
                "workflow", "configure", try docket.write("far.yaml", "t:\n  far: true\n"), "--at", "2026-11-02",
            ]).status == 0)
        let refused = try docket.run(["case", "start", "t", "--org", "c", "--at", "2026-11-02", "--json"])
        #expect(refused.status == 7, "\(refused.stdout)\(refused.stderr)")
        let error = try #require(try DocketRunner.object(refused)["error"] as? [String: Any])
        #expect(error["rule"] as? String == "not far or now + 999999999999999 days > now")
        #expect(try caseCount(docket) == 0)
    }

    @Test(
        "a limit configured so long that it falls past year 9999 refuses the start before anything is written; a number past range is refused by line"
    )
    func limitOutOfRange() throws {
        let docket = try store()
        #expect(try docket.run(["case", "start", "t", "--org", "c", "--at", "2026-11-02"]).status == 0)
        #expect(
            try docket.run([
                "workflow", "configure", try docket.write("span.yaml", "t:\n  span: 999999 years\n"), "--at",
                "2026-11-03",
            ]).status == 0,
            "the running case keeps its limit: the recount refuses it, and says so")
        #expect(
            try docket.run([
                "workflow", "configure", try docket.write("span2.yaml", "t:\n  span: 999998 years\n"), "--at",
                "2026-11-03", "--lang", "en",
            ]).stderr.contains("not counted again"))
        let refused = try docket.run(["case", "start", "t", "--org", "c", "--at", "2026-11-03", "--lang", "en"])
        #expect(
            refused.status == 7 && refused.stderr.contains("span-due") && refused.stderr.contains("9999"),
            "\(refused.stderr)")
        #expect(try caseCount(docket) == 1)
        #expect(try docket.run(["case", "show", "T-000001"]).status == 0, "the earlier case still reads")
        let huge = try docket.run([
            "workflow", "configure", try docket.write("limit.yaml", "t:\n  limit: 9223372036854775807\n"),
        ])
        #expect(huge.status == 11 && huge.stderr.contains("limit.yaml:2:10"), "\(huge.stderr)")
    }

    @Test(
        "a YAML file with old Mac line ends and a duplicate key is named by its line, in validate, deploy and org import"
    )
    func carriageReturns() throws {
        let docket = try store()
        let file = try docket.write("cr.yaml", "workflow: x\rversion: 1\rversion: 2\r")
        for command in [["workflow", "validate", file], ["workflow", "deploy", file]] {
            let result = try docket.run(command)
            #expect(result.status == 3 && result.stderr.contains("cr.yaml:3:1"), "\(command): \(result.stderr)")
        }
        let orgs = try docket.write("o2.yaml", "organisations:\r  - {id: a, name: 甲, name: 乙}\r")
        let imported = try docket.run(["org", "import", orgs])
        #expect(imported.status == 11 && imported.stderr.contains("o2.yaml:2:"), "\(imported.stderr)")
    }
}

@Suite struct StoreBusyTests {
    @Test(
        "while another process holds the store, a command waits for it; past the wait it says the store is busy (status 14), and writes nothing"
    )
    func busy() throws {
        let docket = try DocketRunner().initialised()
        // Another writer: Python's sqlite3 takes the write lock and holds it until its
        // standard input closes.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "python3", "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); sys.stdin.read(); c.execute('COMMIT')",
            docket.folder.appendingPathComponent("d.db").path,
        ]
        let input = Pipe()
        let output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        defer { if holder.isRunning { holder.terminate() } }
        let first = output.fileHandleForReading.availableData
        try #require(String(decoding: first, as: UTF8.self).hasPrefix("locked"))
        let refused = try docket.run(orderArguments + ["--json"], environment: ["DOCKET_LOCK_WAIT": "0"])
        #expect(refused.status == 14, "\(refused.stdout)")
        #expect((try DocketRunner.object(refused)["error"] as? [String: Any])?["code"] as? String == "store-busy")
        let zh = try docket.run(orderArguments + ["--lang", "zh"], environment: ["DOCKET_LOCK_WAIT": "0"])
        #expect(zh.status == 14 && zh.stderr.contains("请稍后重试"), "\(zh.stderr)")
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        let started = try docket.run(orderArguments + ["--json"], environment: ["DOCKET_LOCK_WAIT": "0"])
        let id = try DocketRunner.object(started)["id"] as? String
        #expect(started.status == 0 && id == "SR-000001", "nothing was written by the refused attempts")
    }
}

@Suite struct InputBoundsTests {
    @Test("--batch is bounded (1 to 100,000) and never sizes memory; a case id of . or .. is refused")
    func bounds() throws {
        let docket = try DocketRunner().initialised()
        let file = try docket.write(
            "c.jsonl",
            "{\"workflow\": \"service-request\", \"org\": \"dongcun-g1\", \"state\": \"ordered\", \"data\": {\"requester\": \"张\"}, \"records\": [{\"event\": \"order\", \"on\": \"2026-11-20\"}]}\n"
        )
        for batch in ["100000000", "0"] {
            let result = try docket.run([
                "case", "import", "--file", file, "--batch", batch, "--at", "2026-11-22", "--lang", "en",
            ])
            #expect(
                result.status == 64 && result.stderr.contains("--batch must be from 1 to 100000"),
                "\(batch): \(result.stderr)")
        }
        #expect(
            try docket.run([
                "person", "import", DocketRunner.packageRoot.appendingPathComponent("Examples/people.csv").path,
                "--batch", "100000000",
            ]).status == 7)
        for id in [".", ".."] {
            let refused = try docket.run(orderArguments + ["--id", id])
            #expect(refused.status == 7, "\(id): \(refused.stderr)")
        }
    }

    @Test("a text past 20,000 characters, in a field or a note, is refused naming it; nothing is written")
    func longText() throws {
        let docket = try DocketRunner().initialised()
        let long = String(repeating: "漏", count: 20_001)
        let field = try docket.run(
            orderArguments.map { $0 == "description=自来水管漏水" ? "description=\(long)" : $0 } + ["--json"])
        #expect(field.status == 7)
        let fields = (try DocketRunner.object(field)["error"] as? [String: Any])?["fields"] as? [[String: Any]]
        #expect(
            fields?.first?["field"] as? String == "description"
                && (fields?.first?["problem"] as? String)?.contains("20001") == true)
        let note = try docket.run(orderArguments + ["--note", long])
        #expect(note.status == 7 && note.stderr.contains("note"))
        #expect(
            try docket.run(orderArguments + ["--note", String(repeating: "记", count: 20_000)]).status == 0,
            "at the limit it goes in")
        #expect(
            try docket.run(["case", "list", "--json"]).stdout.components(separatedBy: "\"id\"").count == 2,
            "only the last one")
    }

    @Test("a stored text longer than input accepts (written before the limit) is cut on screen, whole in --json")
    func storedLongText() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        // Five megabytes, as a store written before the limit, or by another program, may hold.
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", "-c",
            "import sqlite3,sys,json; c=sqlite3.connect(sys.argv[1]); d=json.loads(c.execute('SELECT data FROM cases').fetchone()[0]); d['description']='漏'*1700000; c.execute('UPDATE cases SET data=?', (json.dumps(d, ensure_ascii=False),)); c.commit()",
            docket.folder.appendingPathComponent("d.db").path,
        ]
        try python.run()
        python.waitUntilExit()
        try #require(python.terminationStatus == 0)
        let shown = try docket.run(["case", "show", "SR-000001", "--lang", "zh"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("……（以下略去 1680000 字，全文见 --json）"))
        #expect(shown.stdout.utf8.count < 300_000, "the screen gets the first 20,000 characters, not five megabytes")
        let english = try docket.run(["case", "show", "SR-000001", "--lang", "en"])
        #expect(english.stdout.contains("… (1680000 more characters; --json gives the whole text)"))
        let json = try docket.run(["case", "show", "SR-000001", "--json"])
        let data = (try DocketRunner.object(json)["data"] as? [String: Any])?["description"] as? String
        #expect(data?.count == 1_700_000)
    }

    @Test("an argument that is not UTF-8 is refused as usage (status 64), not silently replaced")
    func notUTF8() throws {
        let docket = try DocketRunner()
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "\"$0\" case show \"$(printf 'SR\\377')\" --lang en", DocketRunner.binary.path]
        let errors = Pipe()
        shell.standardError = errors
        shell.standardOutput = FileHandle.nullDevice
        try shell.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 64 && message.contains("argument 3 is not UTF-8"), "\(message)")
        _ = docket
    }
}
