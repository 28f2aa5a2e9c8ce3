import Foundation
import Testing

@Suite struct CLITests {
    @Test("a malformed --set is refused with status 64 in the user's language")
    func usageInChinese() throws {
        let docket = try DocketRunner().initialised()
        let zh = try docket.run(["case", "fire", "SR-000001", "dispatch", "--set", "assignee", "--lang", "zh"])
        #expect(zh.status == 64 && zh.stderr.contains("--set 应为 字段=值，而不是「assignee」"), "\(zh.stderr)")
        let en = try docket.run(["case", "fire", "SR-000001", "dispatch", "--set", "assignee"])
        #expect(en.status == 64 && en.stderr.contains("--set takes FIELD=VALUE, not 'assignee'"), "\(en.stderr)")
    }

    @Test("the store's own failures are said in Chinese too: no store here, or a file that is not a store")
    func storeErrorsInChinese() throws {
        let docket = try DocketRunner()
        let missing = try docket.run(["case", "list", "--lang", "zh"])
        #expect(missing.status == 9)
        #expect(missing.stderr.contains("处没有 Docket 库；请先运行 docket init"), "\(missing.stderr)")
        let notAStore = try docket.write("notes.db", "这不是数据库")
        let refused = try docket.run(["case", "list", "--db", notAStore, "--lang", "zh"])
        #expect(refused.status == 9)
        #expect(refused.stderr.contains("无法打开「\(notAStore)」处的库"), "\(refused.stderr)")
    }

    @Test("a clerk starts and advances a case; show lists what each next event needs")
    func walkthrough() throws {
        let docket = try DocketRunner().initialised()
        let started = try docket.run(orderArguments + ["--json"])
        #expect(started.status == 0, "\(started.stderr)")
        let json = try DocketRunner.object(started)
        #expect(json["id"] as? String == "SR-000001")
        #expect(json["state"] as? String == "ordered")
        #expect(json["stage"] as? String == "intake")
        #expect(json["org"] as? String == "dongcun-g1")
        #expect((json["data"] as? [String: Any])?["urgency"] as? String == "utility")
        let events = try #require(json["events"] as? [[String: Any]])
        #expect(events.map { $0["id"] as? String } == ["reject", "dispatch", "escalate"])
        #expect(events.first { $0["id"] as? String == "dispatch" }?["missing"] as? [String] == ["assignee"])
        #expect(json["deadlines"] as? [Any] != nil)

        let dispatched = try docket.run([
            "case", "fire", "SR-000001", "dispatch", "--set", "assignee=p-li", "--as", "p-secretary", "--at",
            "2026-11-22T10:00",
        ])
        #expect(dispatched.status == 0)
        #expect(dispatched.stdout.contains("recorded: Dispatch (audit entry 2)"))
        #expect(dispatched.stdout.contains("Dispatched (dispatched)"))

        let shown = try docket.run(["case", "show", "SR-000001", "--lang", "zh"])
        #expect(shown.stdout.contains("已派单待接单 (dispatched)"))
        #expect(shown.stdout.contains("李明 (p-li)"))
    }

    @Test("global options work before the subcommand as well as after it")
    func globalsBefore() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        let db = docket.folder.appendingPathComponent("d.db").path
        let before = try docket.run(
            ["--db", db, "--json", "--at", "2026-11-23", "case", "show", "SR-000001"],
            environment: ["DOCKET_DB": "/nonexistent.db"])
        #expect(before.status == 0, "\(before.stderr)")
        #expect(try DocketRunner.object(before)["id"] as? String == "SR-000001")
    }

    @Test(
        "each class of failure has its own exit status and says why",
        arguments: [
            (["case", "show", "SR-404", "--as", "p-admin"], Int32(4), "no case 'SR-404'"),
            (
                ["case", "fire", "SR-000001", "accept", "--as", "p-li"], Int32(5),
                "'accept' is not possible in this state. Events possible now: reject, dispatch, escalate"
            ),
            (["case", "fire", "SR-000001", "dispach", "--as", "p-secretary"], Int32(5), "there is no event 'dispach'"),
            (
                ["case", "fire", "SR-000001", "dispatch", "--as", "p-secretary", "--set", "assignee=p-ghost"], Int32(7),
                "assignee: no person 'p-ghost' in the store"
            ),
            (
                ["case", "fire", "SR-000001", "dispatch", "--as", "p-secretary"], Int32(7),
                "assignee: required but not given (--set assignee=…)"
            ),
            (
                ["case", "fire", "SR-000001", "dispatch", "--set", "assignee=p-li"], Int32(7),
                "the command needs the person acting: --as PERSON"
            ),
            (
                [
                    "case", "fire", "SR-000001", "dispatch", "--as", "p-secretary", "--set", "assignee=p-li", "--on",
                    "2026-11-30",
                ], Int32(7), "is later than today"
            ),
            (
                [
                    "case", "fire", "SR-000001", "dispatch", "--as", "p-secretary", "--set", "assignee=p-li", "--at",
                    "yesterday",
                ], Int32(7), "--at 'yesterday' is not a valid time"
            ),
            (
                ["case", "start", "service-request", "--org", "dongcun-g1", "--id", "SR-000001", "--as", "p-intake"],
                Int32(8), "case 'SR-000001' already exists"
            ),
            (["case", "list", "--org", "atlantis", "--as", "p-admin"], Int32(4), "no organisation 'atlantis'"),
            (
                ["case", "fire", "SR-000001", "dispatch", "--as", "p-xi", "--set", "assignee=p-li"], Int32(13),
                "p-xi may not fire 'dispatch'"
            ),
        ])
    func failures(arguments: [String], status: Int32, message: String) throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        let before = try docket.run(["case", "history", "SR-000001", "--json"]).stdout
        let result = try docket.run(
            arguments + (arguments.contains("--at") ? [] : ["--at", "2026-11-23"]), environment: ["DOCKET_ACTOR": ""])
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(
            try docket.run(["case", "history", "SR-000001", "--json"]).stdout == before,
            "a refused command writes nothing")
    }

    @Test("a failed check names the rule and the values it saw, in JSON too")
    func checkFailed() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        #expect(
            try docket.run([
                "case", "fire", "SR-000001", "dispatch", "--set", "assignee=p-li", "--as", "p-secretary", "--at",
                "2026-11-22T10:00",
            ]).status == 0)
        let refused = try docket.run([
            "case", "fire", "SR-000001", "accept", "--as", "p-chen", "--at", "2026-11-22T10:05", "--json",
        ])
        #expect(refused.status == 6)
        let error = try #require(try DocketRunner.object(refused)["error"] as? [String: Any])
        #expect(error["code"] as? String == "check-failed")
        #expect(error["rule"] as? String == "actor == assignee")
        #expect(error["check_message"] as? String == "Only the member the request was dispatched to may accept it")
        #expect(error["values"] as? [String: String] == ["actor": "p-chen", "assignee": "p-li"])
        #expect(
            error["case"] as? String == "SR-000001" && error["state"] as? String == "dispatched"
                && error["event"] as? String == "accept")
    }

    @Test("history lists every step with both times and a hash chain that verifies")
    func history() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        #expect(
            try docket.run([
                "case", "fire", "SR-000001", "escalate", "--set", "reason=需要镇里协调", "--as", "p-secretary", "--at",
                "2026-11-23T08:00", "--on", "2026-11-22", "--note", "村里解决不了",
            ]).status == 0)
        let result = try docket.run(["case", "history", "SR-000001", "--json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 2)
        let last = entries[1]
        for key in ["seq", "event", "from", "to", "actor", "at", "recorded_at", "data", "note", "hash"] {
            #expect(last[key] != nil, "\(key)")
        }
        #expect(
            last["event"] as? String == "escalate" && last["from"] as? String == "ordered"
                && last["to"] as? String == "ordered")
        #expect(last["at"] as? String == "2026-11-23T08:00:00+08:00" && last["on"] as? String == "2026-11-22")
        #expect(last["note"] as? String == "村里解决不了")
        #expect((last["data"] as? [String: String])?["reason"] == "需要镇里协调")
        let show = try DocketRunner.object(try docket.run(["case", "show", "SR-000001", "--json"]))
        #expect(show["org"] as? String == "dongcun", "escalation moved the case up one level")
        let verified = try docket.run(["audit", "verify"])
        #expect(verified.status == 0 && verified.stdout.contains("audit chain intact: 2 entries verified"))
    }

    @Test("the head of the trail is told: a fired event's entry hash, and the same as audit verify's head")
    func head() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        let fired = try DocketRunner.object(
            try docket.run([
                "case", "fire", "SR-000001", "reject", "--set", "reason=重复", "--as", "p-secretary", "--at",
                "2026-11-22T10:00", "--json",
            ]))
        let hash = try #require(fired["audit_hash"] as? String)
        #expect(hash.count == 64 && fired["audit_seq"] as? Int == 2)
        let verified = try DocketRunner.object(try docket.run(["audit", "verify", "--json"]))
        #expect((verified["head"] as? [String: Any])?["hash"] as? String == hash)
        #expect((verified["head"] as? [String: Any])?["seq"] as? Int == 2)
    }

    @Test("case list --csv gives one row per case under a header, titles beside the ids, quoted where a cell needs it")
    func caseListCSV() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        let csv = try docket.run(["case", "list", "--csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "case,workflow,version,state,state_title,org,assignee,last_step_on,updated_at")
        #expect(lines.count == 2 && lines[1].hasPrefix("SR-000001,service-request,1,ordered,"), "\(lines)")
        #expect(lines[1].contains(",dongcun-g1,,2026-11-22,"))
        let none = try docket.run(["case", "list", "--csv", "--state", "closed"])
        #expect(none.stdout == "case,workflow,version,state,state_title,org,assignee,last_step_on,updated_at\n")
        #expect(try docket.run(["case", "list", "--csv", "--state", "clsed"]).stdout.isEmpty, "a refusal prints alone")
        #expect(csv.stdoutBytes.starts(with: [0xEF, 0xBB, 0xBF]), "a byte-order mark, for Excel")
    }

    @Test("a broken audit chain is reported with status 10 and the first bad entry")
    func brokenChain() throws {
        let docket = try DocketRunner().initialised()
        for _ in 0..<3 { #expect(try docket.run(orderArguments).status == 0) }
        let db = docket.folder.appendingPathComponent("d.db").path
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = [
            "python3", "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('DROP TRIGGER audit_no_update'); c.execute(\"UPDATE audit SET actor='p-li' WHERE seq=2\"); c.commit()",
            db,
        ]
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0)
        let result = try docket.run(["audit", "verify"])
        #expect(result.status == 10)
        #expect(result.stderr.contains("broken at entry 2"))
    }

    @Test("case list filters by organisation subtree, workflow, state and assignee")
    func list() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        var other = orderArguments
        other[other.firstIndex(of: "dongcun-g1")!] = "hekoucun-g1"
        #expect(try docket.run(other).status == 0)
        func ids(_ args: [String]) throws -> [String] {
            let r = try docket.run(["case", "list", "--json"] + args)
            return (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []).compactMap {
                $0["id"] as? String
            }
        }
        #expect(try ids([]) == ["SR-000001", "SR-000002"])
        #expect(try ids(["--org", "chengguan"]) == ["SR-000001"])
        #expect(try ids(["--org", "hekou"]) == ["SR-000002"])
        #expect(try ids(["--state", "dispatched"]) == [])
        #expect(
            try docket.run([
                "case", "fire", "SR-000002", "dispatch", "--set", "assignee=p-he", "--as", "p-hekou", "--at",
                "2026-11-22T10:00",
            ]).status == 0)
        #expect(try ids(["--assignee", "p-he"]) == ["SR-000002"])
        let table = try docket.run(["case", "list", "--lang", "zh"])
        #expect(table.stdout.contains("共 2 件"))
    }

    @Test("a case already under way is imported with its earlier steps, marked as imported")
    func importCase() throws {
        let docket = try DocketRunner().initialised()
        let result = try docket.run([
            "case", "import", "service-request", "--org", "xicun-g1", "--state", "in-progress", "--id", "PAPER-7",
            "--as", "p-admin",
            "--set", "requester=刘", "--set", "category=law", "--set", "assignee=p-wu", "--record", "order@2026-10-01",
            "--record", "dispatch@2026-10-02",
            "--at", "2026-11-20", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try DocketRunner.object(result)
        #expect(json["id"] as? String == "PAPER-7" && json["state"] as? String == "in-progress")
        #expect((json["records"] as? [String: [String]])?["dispatch"] == ["2026-10-02"])
        let history = try docket.run(["case", "history", "PAPER-7"])
        #expect(history.stdout.contains("imported (case under way)"))
        let bad = try docket.run([
            "case", "import", "service-request", "--org", "xicun-g1", "--state", "in-progres", "--as", "p-admin",
            "--at", "2026-11-20",
        ])
        #expect(bad.status == 4 && bad.stderr.contains("there is no state 'in-progres'"))
    }
}

@Suite struct WorkflowCommandTests {
    @Test("validate prints every problem as file:line:column with the source line, and exits 3")
    func validate() throws {
        let docket = try DocketRunner()
        let file = try docket.write(
            "broken.yaml",
            """
            workflow: broken
            version: 1
            title: 坏流程
            states:
              open: {title: 待办}
            events:
              begin: {title: 开始, starts: true, to: opn}
            """)
        let result = try docket.run(["workflow", "validate", file])
        #expect(result.status == 3)
        #expect(
            result.stderr.contains(
                "broken.yaml:7:40: error: undefined state 'opn'; did you mean 'open'?\n  begin: {title: 开始, starts: true, to: opn}\n"
            ))
        let json = try docket.run(["workflow", "validate", file, "--json"])
        let error = try #require(try DocketRunner.object(json)["error"] as? [String: Any])
        #expect((error["diagnostics"] as? [[String: Any]])?.first?["line"] as? Int == 7)
        let clean = try docket.run([
            "workflow", "validate",
            DocketRunner.packageRoot.appendingPathComponent("Workflows/service-request.yaml").path,
        ])
        #expect(clean.status == 0)
    }

    @Test(
        "workflow show lists every field: type, title, choices with their titles, bounds, and the events that take it")
    func showFields() throws {
        let docket = try DocketRunner().initialised()
        let show = try DocketRunner.object(try docket.run(["workflow", "show", "service-request", "--json"]))
        let fields = try #require(show["fields"] as? [[String: Any]])
        let category = try #require(fields.first { $0["id"] as? String == "category" })
        #expect(category["title"] as? String == "服务类别" && category["type"] as? String == "enum")
        let choices = try #require(category["choices"] as? [[String: Any]])
        #expect(choices.contains { $0["id"] as? String == "repair" && $0["title"] as? String == "维修" })
        #expect(category["required_by"] as? [String] == ["order"])
        let rating = try #require(fields.first { $0["id"] as? String == "rating" })
        #expect(rating["min"] as? Double == 1 && rating["max"] as? Double == 5)
        let reason = try #require(fields.first { $0["id"] as? String == "reason" })
        #expect(Set(reason["required_by"] as? [String] ?? []) == ["reject", "decline", "escalate"])
        let parameters = try #require(show["parameters"] as? [[String: Any]])
        #expect(parameters.allSatisfy { $0["title"] is String })
        let rectification = try DocketRunner.object(
            try docket.run(["workflow", "show", "branch-rectification", "--json"]))
        let lists = try #require(rectification["item_lists"] as? [[String: Any]])
        #expect(lists.contains { ($0["fields"] as? [[String: Any]])?.isEmpty == false })
        let text = try docket.run(["workflow", "show", "service-request", "--lang", "zh"])
        #expect(text.stdout.contains("repair（维修）") && text.stdout.contains("字段（?：选填）"))
        let row = text.stdout.split(separator: "\n").first {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("rating")
        }
        #expect(row?.contains("整数") == true && row?.contains("1–5") == true, "\(row ?? "")")
    }

    @Test("show, list and graph describe the deployed workflow")
    func inspect() throws {
        let docket = try DocketRunner().initialised()
        let show = try DocketRunner.object(try docket.run(["workflow", "show", "service-request", "--json"]))
        for key in ["id", "version", "title", "stages", "states", "events", "roles", "parameters"] {
            #expect(show[key] != nil, "\(key)")
        }
        let events = try #require(show["events"] as? [[String: Any]])
        let rate = try #require(events.first { $0["id"] as? String == "rate" })
        #expect(rate["to"] as? [String] == ["closed", "in-progress", "in-progress"])
        let mermaid = try docket.run(["workflow", "graph", "service-request"])
        #expect(mermaid.stdout.hasPrefix("stateDiagram-v2"))
        #expect(
            mermaid.stdout.contains("ordered --> dispatched : dispatch 支部派单")
                || mermaid.stdout.contains("ordered --> dispatched : dispatch Dispatch"))
        let dot = try docket.run(["workflow", "graph", "service-request", "--format", "dot"])
        #expect(dot.stdout.hasPrefix("digraph \"service-request\""))
        let list = try docket.run(["workflow", "list"])
        #expect(list.stdout.contains("service-request"))
        #expect(try docket.run(["workflow", "show", "nothing"]).status == 4)
    }

    @Test("a deployment overrides a parameter in a small file, and the rule follows it")
    func configure() throws {
        let docket = try DocketRunner().initialised()
        let typo = try docket.write("county.yaml", "service-request:\n  max-reopen: 0\n")
        let refused = try docket.run(["workflow", "configure", typo])
        #expect(refused.status == 11)
        #expect(
            refused.stderr.contains("county.yaml:2:3: error: unknown key 'max-reopen'; did you mean 'max-reopens'?"))
        let file = try docket.write("county.yaml", "service-request:\n  max-reopens: 0\n")
        #expect(try docket.run(["workflow", "configure", file]).status == 0)
        let show = try DocketRunner.object(try docket.run(["workflow", "show", "service-request", "--json"]))
        let parameter = (show["parameters"] as? [[String: Any]])?.first { $0["id"] as? String == "max-reopens" }
        #expect(parameter?["default"] as? String == "2" && parameter?["value"] as? String == "0")
        // With no reopening allowed, the first unsatisfied rating escalates at once.
        #expect(try docket.run(orderArguments).status == 0)
        for step in [
            ["dispatch", "--set", "assignee=p-li", "--as", "p-secretary"], ["accept", "--as", "p-li"],
            ["complete", "--set", "result=修好了", "--as", "p-li"], ["rate", "--set", "rating=5", "--as", "p-intake"],
        ] {
            let result = try docket.run(["case", "fire", "SR-000001"] + step + ["--at", "2026-11-22T12:00"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let after = try DocketRunner.object(try docket.run(["case", "show", "SR-000001", "--json"]))
        #expect(after["state"] as? String == "in-progress" && after["org"] as? String == "dongcun")
    }

    @Test("a command on a store that does not exist says to run init, with status 9")
    func noStore() throws {
        let docket = try DocketRunner()
        let result = try docket.run(["case", "list"])
        #expect(result.status == 9)
        #expect(result.stderr.contains("run `docket init` first"))
    }

    @Test("organisation and people files: the good rows go in, each bad one is named by its line, status 11")
    func badImports() throws {
        let docket = try DocketRunner().initialised()
        let people = try docket.write(
            "p.csv",
            "id,name,org,roles,status\np-9,九,dongcun,member,full\np-10,十,dongcun,member,maybe\np-11,十一,atlantis,member,full\n"
        )
        let result = try docket.run(["person", "import", people])
        #expect(result.status == 11)
        #expect(result.stderr.contains("p.csv:3:1: error: status 'maybe' should be full, probationary or none"))
        #expect(result.stderr.contains("p.csv:4: error: no organisation 'atlantis' for the role 'member'"))
        #expect(result.stdout.contains("imported 1 person(s); 2 bad row(s)"))
        #expect(try docket.run(["case", "list", "--as", "p-9"]).status == 0, "the good row was imported: p-9 may read")
        let orgs = try docket.write(
            "o.csv",
            "id,name,parent,kind\nx,某村,nowhere,village\nx-g1,某村网格,x,grid\nnew,新村,chengguan,village\nc1,甲,c2,grid\nc2,乙,c1,grid\n"
        )
        let tree = try docket.run(["org", "import", orgs, "--json"])
        #expect(tree.status == 11)
        let outcome = try DocketRunner.object(tree)
        #expect(outcome["imported"] as? Int == 1)
        let messages = (outcome["rejected"] as? [[String: Any]] ?? []).map {
            "\($0["line"] ?? ""): \($0["message_en"] ?? "")"
        }
        #expect(messages.contains("2: parent 'nowhere' is neither in the file nor in the store"))
        #expect(messages.contains("3: its parent 'x' was not imported (see its line)"))
        #expect(messages.contains { $0.hasPrefix("5: the parents of 'c1' go round in a cycle") })
        #expect(messages.count == 4, "\(messages)")
        #expect(try docket.run(["org", "tree", "new"]).status == 0)
        #expect(try docket.run(["org", "tree", "x"]).status == 4, "a refused row is not written")
        let unreadable = try docket.run(["org", "import", "/no/such/file.yaml"])
        #expect(unreadable.status == 11)
    }

    @Test("with --atomic a directory file with one bad row imports nothing")
    func atomicDirectoryImports() throws {
        let docket = try DocketRunner().initialised()
        let orgs = try docket.write("o.csv", "id,name,parent,kind\nnew,新村,chengguan,village\nx,某村,nowhere,village\n")
        let result = try docket.run(["org", "import", orgs, "--atomic"])
        #expect(
            result.status == 11
                && result.stderr.contains("o.csv:3: error: parent 'nowhere' is neither in the file nor in the store"))
        #expect(result.stderr.contains("nothing was imported"))
        #expect(try docket.run(["org", "tree", "new"]).status == 4)
        let people = try docket.write("p.csv", "id,name,org,roles\np-9,九,dongcun,member\np-10,十,atlantis,member\n")
        #expect(try docket.run(["person", "import", people, "--atomic"]).status == 11)
        #expect(try docket.run(["case", "list", "--as", "p-9"]).status != 0, "p-9 was not imported")
        let good = try docket.write(
            "q.csv", "id,name,org,roles\np-9,九,dongcun,member\np-9,九,xicun,intake\np-12,十二,hekou,member\n")
        let imported = try docket.run(["person", "import", good, "--atomic", "--batch", "1"])
        #expect(imported.status == 0 && imported.stdout.contains("imported 2 person(s)"), "\(imported.stderr)")
        // p-9's two rows fell in two batches of one; joined first, neither undid the other.
        var order = orderArguments.map { $0 == "dongcun-g1" ? "xicun-g1" : $0 }
        order[order.firstIndex(of: "p-intake")!] = "p-9"
        #expect(try docket.run(order).status == 0, "p-9 holds intake at xicun")
        #expect(
            try docket.run(["case", "list", "--org", "dongcun", "--as", "p-9", "--json"]).status == 0,
            "and still member at dongcun")
    }

    @Test(
        "malformed arguments are usage errors (64), never crashes",
        arguments: [
            ["case", "fire"],
            ["case", "start", "service-request", "--org", "dongcun", "--set", "novalue", "--as", "p-intake"],
            [
                "case", "import", "service-request", "--org", "dongcun", "--state", "ordered", "--record", "order",
                "--as", "p-intake",
            ],
            ["--lang", "fr", "case", "list"], ["frobnicate"],
        ])
    func usage(arguments: [String]) throws {
        let docket = try DocketRunner().initialised()
        let result = try docket.run(arguments)
        #expect(result.status == 64, "\(result.stderr)")
    }
}
