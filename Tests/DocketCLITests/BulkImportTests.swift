import Foundation
import Testing

@Suite struct BulkImportTests {
    static let lines = """
        {"workflow": "member-development", "org": "dongcun", "state": "activist", "data": {"name": "甲", "birth-date": "1990-01-01", "mentors": ["p-li"]}, "records": [{"event": "apply", "on": "2025-01-02"}, {"event": "name-activist", "on": "2025-04-01"}]}
        {"workflow": "member-development", "org": "atlantis", "state": "activist", "data": {}}
        not json
        {"workflow": "service-request", "org": "xicun-g1", "state": "ordered", "data": {"requester": "乙", "urgency": "urgent"}}
        {"workflow": "member-development", "org": "xicun", "state": "probationary", "data": {"name": "丙", "birth-date": "1988-08-08"}, "records": [{"event": "branch-vote", "on": "2026-03-10"}, {"event": "approve", "on": "2026-04-01"}]}
        """

    @Test("case import --file takes in the good rows in batches and names every bad one by its line")
    func partial() throws {
        let docket = try DocketRunner().initialised()
        let file = try docket.write("cases.jsonl", Self.lines)
        let result = try docket.run([
            "case", "import", "--file", file, "--as", "p-admin", "--at", "2026-11-23", "--batch", "1",
        ])
        #expect(result.status == 11)
        #expect(result.stderr.contains("cases.jsonl:2: error: no organisation 'atlantis'"))
        #expect(result.stderr.contains("cases.jsonl:3: error: not a JSON object"))
        #expect(
            result.stderr.contains(
                "cases.jsonl:4: error: new case (state: Ordered (ordered)): the input of 'import' is not valid"))
        #expect(result.stdout.contains("imported 2 case(s); 3 bad row(s)"))
        let probationary = try DocketRunner.object(try docket.run(["case", "show", "MD-000002", "--json"]))
        #expect((probationary["data"] as? [String: Any])?["probation-ends"] as? String == "2027-03-10")
        #expect(try docket.run(["audit", "verify"]).status == 0)
    }

    @Test(
        "a row whose case id is taken (in the store or earlier in the file) or not valid is named by its line; the others go in, or none with --atomic",
        .timeLimit(.minutes(1)))
    func takenIDs() throws {
        let docket = try DocketRunner().initialised()
        let row = { (id: String, name: String) in
            "member-development,hekoucun,applied,\(id),apply@2026-10-01,\(name),1999-09-09"
        }
        let first = try docket.write(
            "first.csv", "workflow,org,state,id,records,name,birth-date\n" + row("PAPER-1", "丁") + "\n")
        #expect(
            try docket.run(["case", "import", "--file", first, "--as", "p-admin", "--at", "2026-11-23"]).status == 0)
        let file = try docket.write(
            "second.csv",
            [
                "workflow,org,state,id,records,name,birth-date", row("PAPER-1", "戊"), row("PAPER-2", "己"),
                row("PAPER-2", "庚"), row("", "辛"), row("a/b", "壬"),
            ]
            .joined(separator: "\n") + "\n")
        let atomic = try docket.run([
            "case", "import", "--file", file, "--atomic", "--as", "p-admin", "--at", "2026-11-23",
        ])
        #expect(atomic.status == 11)
        #expect(atomic.stderr.contains("second.csv:2: error: case id 'PAPER-1' is taken"))
        #expect(atomic.stderr.contains("second.csv:4: error: case id 'PAPER-2' is taken"))
        #expect(
            atomic.stderr.contains(
                "second.csv:6: error: case id 'a/b' is not valid (letters, digits, - _ ., at most 64)"))
        #expect(atomic.stdout.contains("imported 0 case(s); 3 bad row(s)"))
        let result = try docket.run(["case", "import", "--file", file, "--as", "p-admin", "--at", "2026-11-23"])
        #expect(result.status == 11)
        #expect(result.stdout.contains("imported 2 case(s); 3 bad row(s)"))
        let names = try docket.run(["case", "list", "--json"]).stdout
        #expect(names.contains("PAPER-2") && names.contains("MD-000001"))
        #expect(try docket.run(["audit", "verify"]).status == 0)
    }

    @Test("a CSV saved by a spreadsheet (byte-order mark, CRLF line ends) imports like any other")
    func spreadsheetCSV() throws {
        let docket = try DocketRunner().initialised()
        let text =
            "\u{FEFF}workflow,org,state,records,name,birth-date\r\nmember-development,hekoucun,applied,apply@2026-10-01,丁,1999-09-09\r\n"
        let file = docket.folder.appendingPathComponent("excel.csv")
        try Data(text.utf8).write(to: file)
        let result = try docket.run(["case", "import", "--file", file.path, "--as", "p-admin", "--at", "2026-11-23"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("imported 1 case(s); 0 bad row(s)"))
    }

    @Test("a spreadsheet's multi-line cell is kept whole; a quote never closed is named by the line it opens on")
    func multiLineCells() throws {
        let docket = try DocketRunner().initialised()
        let lines = [
            "workflow,org,state,requester,phone,category,description,urgency",
            "service-request,hekoucun-g1,ordered,张,13800000000,repair,\"屋顶漏水",
            "厨房也漏，说\"\"很急\"\"\",general",
            "service-request,hekoucun-g1,ordered,李,13800000001,repair,\"没有结束,general",
        ]
        let file = try docket.write("requests.csv", lines.joined(separator: "\n") + "\n")
        let result = try docket.run(["case", "import", "--file", file, "--as", "p-admin", "--at", "2026-11-23"])
        #expect(result.status == 11)
        #expect(result.stderr.contains("requests.csv:4: error: a quoted cell that starts on this line never ends"))
        let shown = try DocketRunner.object(try docket.run(["case", "show", "SR-000001", "--json"]))
        #expect((shown["data"] as? [String: Any])?["description"] as? String == "屋顶漏水\n厨房也漏，说\"很急\"")
    }

    @Test("a folder given as the file to import is refused as unreadable, not read until the program crashes")
    func folderAsFile() throws {
        let docket = try DocketRunner().initialised()
        let result = try docket.run([
            "case", "import", "--file", docket.folder.path, "--as", "p-admin", "--at", "2026-11-23",
        ])
        #expect(result.status == 11)
        #expect(result.stderr.contains("cannot read the file"))
    }

    @Test("person import names a role no deployed workflow has, suggesting the one meant, and takes in the others")
    func unknownRole() throws {
        let docket = try DocketRunner().initialised()
        let file = try docket.write(
            "people.csv", "id,name,org,roles\np-new,新人,hekoucun,membr\np-ok,好人,hekoucun,member\n")
        let result = try docket.run(["person", "import", file, "--as", "p-admin"])
        #expect(result.status == 11)
        #expect(
            result.stderr.contains(
                "people.csv:2: error: no deployed workflow has the role 'membr'; did you mean 'member'?"))
        #expect(result.stdout.contains("imported 1 person(s)"))
    }

    @Test("a row that is not UTF-8 (a CSV saved in GBK) is named by its line, not imported with its names garbled")
    func notUTF8() throws {
        let docket = try DocketRunner().initialised()
        var bytes = Array(
            "workflow,org,state,records,name,birth-date\nmember-development,hekoucun,applied,apply@2026-10-01,".utf8)
        bytes += [0xD5, 0xC5, 0xC8, 0xFD] // 张三 in GBK
        bytes += Array(",1999-09-09\n".utf8)
        let file = docket.folder.appendingPathComponent("gbk.csv")
        try Data(bytes).write(to: file)
        let result = try docket.run(["case", "import", "--file", file.path, "--as", "p-admin", "--at", "2026-11-23"])
        #expect(result.status == 11)
        #expect(result.stderr.contains("gbk.csv:2: error: not UTF-8 text (save the file as CSV UTF-8)"))
        #expect(result.stdout.contains("imported 0 case(s); 1 bad row(s)"))
    }

    @Test("a long import off a terminal reports every ten thousand rows how far it has read, and how fast")
    func progressLines() throws {
        let docket = try DocketRunner().initialised()
        let rows = (0..<20_000).map { "member-development,hekoucun,applied,apply@2026-10-01,申请人\($0),1999-09-09" }
        let csv = try docket.write(
            "big.csv", "workflow,org,state,records,name,birth-date\n" + rows.joined(separator: "\n") + "\n")
        let result = try docket.run(["case", "import", "--file", csv, "--as", "p-admin", "--at", "2026-11-23"])
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n").filter { $0.contains(" rows, ") }
        #expect(lines.count == 2, "\(result.stderr)")
        // Half the file's bytes are behind the first line, all of them behind the second.
        #expect(
            lines.first.map { $0.hasPrefix("49%  10000 rows, ") || $0.hasPrefix("50%  10000 rows, ") } == true,
            "\(lines)")
        #expect(lines.last?.hasPrefix("100%  20000 rows, ") == true, "\(lines)")
        #expect(result.stdout.contains("imported 20000 case(s); 0 bad row(s)"))
    }

    @Test("with --atomic, one bad row and nothing is imported; a clean CSV imports whole")
    func atomic() throws {
        let docket = try DocketRunner().initialised()
        let result = try docket.run([
            "case", "import", "--file", try docket.write("cases.jsonl", Self.lines), "--atomic", "--as", "p-admin",
            "--at", "2026-11-23", "--json",
        ])
        #expect(result.status == 11)
        #expect(try DocketRunner.object(result)["imported"] as? Int == 0)
        #expect(
            try docket.run(["case", "list", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        let csv = try docket.write(
            "c.csv",
            "workflow,org,state,id,records,name,birth-date\nmember-development,hekoucun,applied,PAPER-1,apply@2026-10-01,丁,1999-09-09\n"
        )
        #expect(
            try docket.run(["case", "import", "--file", csv, "--atomic", "--as", "p-admin", "--at", "2026-11-23"])
                .status == 0)
        #expect(
            try docket.run(["overdue", "--json", "--at", "2026-11-23"]).stdout.contains("PAPER-1"),
            "the talk limit from 1 October is overdue")
    }
}

@Suite struct BenchmarkSmokeTests {
    @Test("docket-bench runs every workload at a tiny scale and prints one JSON line each (W5 needs wrk)")
    func smoke() throws {
        let bench = DocketRunner.binary.deletingLastPathComponent().appendingPathComponent("docket-bench")
        try #require(FileManager.default.isExecutableFile(atPath: bench.path), "build docket-bench first: swift build")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "docket-bench-smoke-\(UUID().uuidString)")
        let removals = [FolderRemoval(folder), FolderRemoval(folder.appendingPathExtension("out"))]
        defer { withExtendedLifetime(removals) {} }
        let process = Process()
        process.executableURL = bench
        process.arguments = [
            "--scale", "0.0005", "--dir", folder.path, "--workflows",
            DocketRunner.packageRoot.appendingPathComponent("Workflows").path,
            "--floor", "/nonexistent.c", "--seconds", "1",
        ]
        process.currentDirectoryURL = DocketRunner.packageRoot
        let out = folder.appendingPathExtension("out")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        try #require(objects.map { $0["workload"] as? String } == ["W1", "W2", "W3", "W4", "W5"])
        for object in objects {
            for key in ["parameters", "wall_seconds", "rate", "peak_rss_mb", "commit"] {
                #expect(object[key] != nil, "\(key)")
            }
        }
        #expect(objects[0]["audit_intact"] as? Bool == true)
        #expect(objects[2]["second_tick_fired"] as? Int == 0 && (objects[2]["fired"] as? Int ?? 0) > 0)
        #expect(
            objects[1]["load_floor_seconds"] is Double && objects[1]["load_ratio_to_floor"] is Double,
            "W2 copies its rows with SQLite alone beside the load")
        // W5 served the W2 store to its 64 clients: events fired and pages read, each
        // answer counted by its status, nothing refused or failed, the server's memory read.
        let w5 = objects[4]
        // At this scale a read client's township may hold no case, and then it reads only
        // the overdue list: pages and lists together, not each, are sure to be read.
        #expect((w5["events_ok"] as? Int ?? 0) > 0)
        #expect((w5["case_pages"] as? Int ?? 0) + (w5["overdue_lists"] as? Int ?? 0) > 0)
        for key in ["events_refused", "events_failed", "reads_refused", "reads_failed", "socket_errors"] {
            #expect(w5[key] as? Int == 0, "\(key): \(w5["first_event_refusal"] ?? w5["first_read_refusal"] ?? "")")
        }
        #expect((w5["server_peak_rss_mb"] as? Double ?? 0) > 0 && w5["ratio_to_w1"] is Double)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("w2.db").path))
        #expect(
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("w2_floor.db").path),
            "the floor's copy is deleted")
    }
}
