import Foundation
import Testing

@Suite struct TimeCommandTests {
    /// Starts an emergency request at `at` in `org` and returns its id.
    func order(_ docket: DocketRunner, at: String, org: String = "dongcun-g1", urgency: String = "emergency") throws
        -> String
    {
        var arguments = orderArguments.map { $0 == "urgency=utility" ? "urgency=\(urgency)" : $0 }
        arguments[arguments.firstIndex(of: "2026-11-22T09:30")!] = at
        arguments[arguments.firstIndex(of: "dongcun-g1")!] = org
        let result = try docket.run(arguments + ["--json"])
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(try DocketRunner.object(result)["id"] as? String)
    }

    @Test("overdue lists the case, state title, organisation, rule and how long, most overdue first")
    func overdue() throws {
        let docket = try DocketRunner().initialised()
        let first = try order(docket, at: "2026-11-23T08:00")
        let second = try order(docket, at: "2026-11-23T08:30", org: "hekoucun-g1")
        let rows = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try docket.run(["overdue", "--json", "--at", "2026-11-23T10:00"]).stdout.utf8))
                as? [[String: Any]])
        #expect(rows.map { $0["case"] as? String } == [first, second])
        let row = rows[0]
        #expect(
            row["workflow"] as? String == "service-request" && row["state"] as? String == "ordered"
                && row["state_title"] as? String == "已点单待派单")
        #expect(row["org"] as? String == "dongcun-g1" && row["deadline"] as? String == "dispatch-emergency")
        #expect(row["deadline_title"] as? String == "派单时限（紧急）")
        #expect(row["due"] as? String == "2026-11-23T09:00:00+08:00" && row["overdue_by"] as? String == "PT1H")
        let scoped = try docket.run(["overdue", "--org", "hekou", "--json", "--at", "2026-11-23T10:00"])
        #expect((try JSONSerialization.jsonObject(with: Data(scoped.stdout.utf8)) as? [[String: Any]])?.count == 1)
        let csv = try docket.run(["overdue", "--csv", "--at", "2026-11-23T10:00", "--limit", "1"])
        #expect(
            csv.stdout.split(separator: "\n").map(String.init) == [
                "case,workflow,state,state_title,org,assignee,deadline,deadline_title,due,overdue_by,status,provisional",
                "\(first),service-request,ordered,已点单待派单,dongcun-g1,,dispatch-emergency,派单时限（紧急）,2026-11-23T09:00:00+08:00,PT1H,overdue,false",
            ])
        #expect(try docket.run(["overdue", "--org", "atlantis"]).status == 4)
    }

    @Test("overdue --counts gives every organisation below the asked one its number, in JSON, a table and CSV")
    func overdueCounts() throws {
        let docket = try DocketRunner().initialised()
        for (at, org) in [
            ("08:00", "dongcun-g1"), ("08:10", "dongcun-g2"), ("08:20", "hekoucun-g1"), ("08:30", "chengguan"),
            ("09:50", "xicun-g1"),
        ] {
            _ = try order(docket, at: "2026-11-23T\(at)", org: org)
        }
        // The counts for each reader and organisation are TimeRulesTests' (DocketApplicationTests).
        let result = try docket.run([
            "overdue", "--counts", "--json", "--at", "2026-11-23T10:00", "--org", "chengguan",
        ])
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stderr)")
        #expect(
            Dictionary(uniqueKeysWithValues: rows.map { ($0["org"] as? String ?? "", $0["overdue"] as? Int ?? -1) })
                == ["chengguan": 1, "dongcun": 2, "xicun": 0], "the township's own request counts under itself")
        let table = try docket.run([
            "overdue", "--counts", "--at", "2026-11-23T10:00", "--org", "chengguan", "--lang", "zh",
        ])
        #expect(table.stdout.contains("东村") && table.stdout.contains("共 3 项逾期"))
        let csv = try docket.run(["overdue", "--counts", "--csv", "--at", "2026-11-23T10:00", "--org", "hekou"])
        #expect(csv.stdout.split(separator: "\n").map(String.init) == ["org,name,overdue", "hekoucun,河口村,1"])
        // In Chinese, as a clerk opens it in Excel: a byte-order mark and Chinese headers.
        let excel = try docket.run([
            "overdue", "--counts", "--csv", "--at", "2026-11-23T10:00", "--org", "hekou", "--lang", "zh",
        ])
        #expect(excel.stdoutBytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(excel.stdout.split(separator: "\n").map(String.init) == ["组织,名称,逾期", "hekoucun,河口村,1"])
        let list = try docket.run(["overdue", "--csv", "--at", "2026-11-23T10:00", "--lang", "zh"])
        #expect(list.stdoutBytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(list.stdout.hasPrefix("案件编号,工作流,状态,状态名称,组织,承办人,时限,时限名称,到期,已逾期,状况,"))
    }

    @Test("lists name the assignee and the organisation as people know them, and show times as every table does")
    func namesInLists() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        #expect(
            try docket.run(dispatchArguments("SR-000001")).status == 0)
        let overdue = try docket.run(["overdue", "--at", "2026-12-01", "--lang", "zh"])
        let row = try #require(overdue.stdout.split(separator: "\n").first { $0.hasPrefix("SR-000001") })
        #expect(row.contains("李明 (p-li)") && row.contains("东村第一网格 (dongcun-g1)"), "\(row)")
        #expect(row.contains("2026-11-23 09:45") && !row.contains("T09:45"), "\(row)")
        let cases = try docket.run(["case", "list", "--lang", "zh"])
        #expect(cases.stdout.contains("李明") && cases.stdout.contains("东村第一网格"))
        let json = try docket.run(["case", "list", "--json"])
        #expect(
            json.stdout.contains("\"assignee\": \"p-li\"") || json.stdout.contains("\"assignee\":\"p-li\""),
            "ids for scripts")
    }

    @Test("--limit says how many of how many: 前 2 项，共 3 项, not 共 2 项; without a cut, 共 N 项")
    func limitFooter() throws {
        let docket = try DocketRunner().initialised()
        for _ in 0..<3 { #expect(try docket.run(orderArguments).status == 0) }
        func footer(_ arguments: [String]) throws -> String {
            let result = try docket.run(arguments + ["--lang", "zh"])
            return String(result.stdout.split(separator: "\n").last ?? "")
        }
        #expect(try footer(["overdue", "--at", "2026-12-01", "--limit", "2"]) == "前 2 项，共 3 项")
        #expect(try footer(["overdue", "--at", "2026-12-01", "--limit", "3"]) == "共 3 项")
        #expect(try footer(["overdue", "--at", "2026-12-01"]) == "共 3 项")
        #expect(try footer(["case", "list", "--limit", "1"]) == "前 1 件，另有更多（去掉 --limit 可列出全部）")
        #expect(try footer(["case", "list", "--limit", "5"]) == "共 3 件")
        let english = try docket.run(["overdue", "--at", "2026-12-01", "--limit", "1"])
        #expect(english.stdout.hasSuffix("the first 1 of 3 item(s)\n"))
        let json = try docket.run(["overdue", "--at", "2026-12-01", "--limit", "2", "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [Any])?.count == 2)
    }

    @Test(
        "person list and audit denied take --csv too: a byte-order mark, a header, a row each, lists joined in a cell")
    func moreListsAsCSV() throws {
        let docket = try DocketRunner().initialised()
        let people = try docket.run(["person", "list", "--csv"])
        #expect(people.status == 0 && people.stdoutBytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let lines = people.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "id,name,status,roles,skills")
        #expect(lines.contains { $0.hasPrefix("p-chen,陈刚,probationary,member@dongcun,") }, "\(lines)")
        #expect(try docket.run(orderArguments).status == 0)
        _ = try docket.run(dispatchArguments("SR-000001").map { $0 == "p-secretary" ? "p-xi" : $0 })
        let denied = try docket.run(["audit", "denied", "--csv", "--lang", "zh"])
        let rows = denied.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first?.hasPrefix("序号,时间,记录时间,操作人,操作,") == true, "\(rows)")
        #expect(rows.count == 2 && rows[1].contains(",p-xi,dispatch,SR-000001,"), "\(rows)")
    }

    @Test("due-soon looks ahead a duration and refuses what is none (status 7); overdue says by how many days")
    func dayLimits() throws {
        let docket = try DocketRunner().initialised()
        // Friday 2026-11-20: a general request is due to be dispatched by the next working
        // day. Its limits in time are TimeRulesTests' (DocketApplicationTests).
        let id = try order(docket, at: "2026-11-20T16:00", urgency: "general")
        let soon = try docket.run(["due-soon", "--within", "3 days", "--json", "--at", "2026-11-21T10:00"])
        #expect(
            (try JSONSerialization.jsonObject(with: Data(soon.stdout.utf8)) as? [[String: Any]])?.first?["case"]
                as? String == id)
        let late = try docket.run(["overdue", "--at", "2026-11-26T10:00"])
        #expect(late.stdout.contains("3 days"))
        #expect(try docket.run(["due-soon", "--within", "soon"]).status == 7)
    }

    @Test("tick says what it fired, in JSON and in words; a timer's event by hand is status 5, as the system 7")
    func tick() throws {
        let docket = try DocketRunner().initialised()
        let id = try order(docket, at: "2026-11-23T08:00")
        #expect(
            try docket.run([
                "case", "fire", id, "dispatch", "--set", "assignee=p-li", "--as", "p-secretary", "--at",
                "2026-11-23T08:10",
            ]).status == 0)
        // What the timer does to the case is TimeRulesTests' (DocketApplicationTests).
        let early = try docket.run(["tick", "--at", "2026-11-24T08:09", "--json"])
        #expect((try DocketRunner.object(early)["fired"] as? [Any])?.isEmpty == true)
        let byHand = try docket.run([
            "case", "fire", id, "unanswered", "--as", "p-secretary", "--at", "2026-11-24T08:00",
        ])
        #expect(byHand.status == 5 && byHand.stderr.contains("fired by timers only"))
        #expect(
            try docket.run(["case", "fire", id, "accept", "--as", "system", "--at", "2026-11-24T08:00"]).status == 7)
        let tick = try docket.run(["tick", "--at", "2026-11-24T09:00", "--lang", "zh"])
        #expect(tick.status == 0)
        // The state the case is now in, by its title: 已点单待派单, not `ordered`.
        let row = tick.stdout.split(separator: "\n").first { $0.hasPrefix(id) }
        #expect(row?.contains("已点单待派单") == true && row?.contains(" ordered") == false, "\(tick.stdout)")
    }

    @Test("tick --csv writes a row per firing under a Chinese header with a byte-order mark; the count goes to stderr")
    func tickAsCSV() throws {
        let docket = try DocketRunner().initialised()
        let id = try order(docket, at: "2026-11-23T08:00")
        #expect(
            try docket.run([
                "case", "fire", id, "dispatch", "--set", "assignee=p-li", "--as", "p-secretary", "--at",
                "2026-11-23T08:10",
            ]).status == 0)
        let tick = try docket.run(["tick", "--csv", "--at", "2026-11-24T09:00", "--lang", "zh"])
        #expect(tick.status == 0 && tick.stdoutBytes.starts(with: [0xEF, 0xBB, 0xBF]), "\(tick.stderr)")
        let lines = tick.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "案件编号,时限规则,触发事件,到期,结果状态,序号", "\(lines)")
        #expect(lines.count == 2 && lines[1].hasPrefix("\(id),"), "\(lines)")
        #expect(tick.stderr.contains("已触发 1 个计时器") && !tick.stdout.contains("已触发"))
        let none = try docket.run(["tick", "--csv", "--at", "2026-11-24T09:30"])
        #expect(none.stdout.split(separator: "\n").map(String.init) == ["case,rule,event,due,to,seq"])
    }

    @Test("two ticks running at once in separate processes never fire the same timer twice")
    func concurrentTicks() throws {
        let docket = try DocketRunner().initialised()
        var ids: [String] = []
        for minute in 0..<12 {
            let id = try order(docket, at: String(format: "2026-11-23T08:%02d", minute))
            #expect(
                try docket.run([
                    "case", "fire", id, "dispatch", "--set", "assignee=p-li", "--as", "p-secretary", "--at",
                    "2026-11-23T09:00",
                ]).status == 0)
            ids.append(id)
        }
        let db = docket.folder.appendingPathComponent("d.db").path
        let processes = (0..<2).map { _ in
            let process = Process()
            process.executableURL = DocketRunner.binary
            process.arguments = ["tick", "--at", "2026-11-25T00:00", "--json", "--db", db, "--as", "p-admin"]
            process.environment = ["LANG": "en_US.UTF-8"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        for id in ids {
            let history = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(try docket.run(["case", "history", id, "--json"]).stdout.utf8)) as? [[String: Any]])
            #expect(history.filter { $0["event"] as? String == "unanswered" }.count == 1, "\(id)")
        }
        #expect(try docket.run(["audit", "verify"]).status == 0)
    }

    @Test(
        "a storm of a hundred timers, ticked by two processes at once, fires each once, in due order, with the trail intact"
    )
    func concurrentStorm() throws {
        let docket = try DocketRunner().initialised()
        // A hundred dispatches nobody accepted: their acceptance limits fall due
        // together, enough for a tick to decide them ahead on a second connection.
        var lines = ["workflow,org,state,records,requester,phone,category,description,urgency,assignee"]
        for i in 0..<100 {
            lines.append(
                "service-request,dongcun-g1,dispatched,order@2026-11-23;dispatch@2026-11-23,居民\(i),13800000000,repair,维修,general,p-li"
            )
        }
        let file = try docket.write("dispatched.csv", lines.joined(separator: "\n") + "\n")
        let imported = try docket.run(["case", "import", "--file", file, "--as", "p-admin", "--at", "2026-11-23T09:00"])
        try #require(imported.status == 0, "\(imported.stderr)")
        let db = docket.folder.appendingPathComponent("d.db").path
        let outputs = (0..<2).map { docket.folder.appendingPathComponent("tick-\($0).json") }
        let processes = outputs.map { output in
            let process = Process()
            process.executableURL = DocketRunner.binary
            process.arguments = ["tick", "--at", "2026-11-30T00:00", "--json", "--db", db, "--as", "p-admin"]
            process.environment = ["LANG": "en_US.UTF-8"]
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            process.standardOutput = try? FileHandle(forWritingTo: output)
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let fired = try outputs.flatMap { output in
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
            return try #require(object["fired"] as? [[String: Any]])
        }
        #expect(fired.count == 100, "every timer fired once, by one of the two")
        #expect(Set(fired.compactMap { $0["case"] as? String }).count == 100)
        for output in outputs {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any]
            let seqs = (object?["fired"] as? [[String: Any]] ?? []).compactMap { $0["seq"] as? Int }
            #expect(seqs == seqs.sorted(), "each tick's entries in the order it fired them")
        }
        let history = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try docket.run(["case", "history", "SR-000050", "--json"]).stdout.utf8)) as? [[String: Any]])
        #expect(history.filter { $0["event"] as? String == "unanswered" }.count == 1)
        #expect(try docket.run(["audit", "verify"]).status == 0)
    }
}
