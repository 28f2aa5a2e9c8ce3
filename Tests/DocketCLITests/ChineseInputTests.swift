import Foundation
import Testing

/// What a clerk types from the paper form: titles for ids, dates as written, full-width digits.
@Suite struct ChineseInputTests {
    @Test("a choice, a field and an event may be given by their Chinese or English titles; the ids are stored")
    func titles() throws {
        let docket = try DocketRunner().initialised()
        let started = try docket.run([
            "case", "start", "service-request", "--org", "dongcun-g1", "--as", "p-intake", "--at", "2026-11-22T09:30",
            "--set", "点单群众=张大爷", "--set", "phone=13800000000", "--set", "服务类别=维修", "--set", "description=漏水",
            "--set", "urgency=Emergency", "--json",
        ])
        #expect(started.status == 0, "\(started.stdout)\(started.stderr)")
        let data = try #require(try DocketRunner.object(started)["data"] as? [String: Any])
        #expect(
            data["category"] as? String == "repair" && data["urgency"] as? String == "emergency"
                && data["requester"] as? String == "张大爷")
        let fired = try docket.run([
            "case", "fire", "SR-000001", "支部派单", "--as", "p-secretary", "--at", "2026-11-22T09:40", "--set",
            "接单党员=p-li", "--json",
        ])
        let assignee = try DocketRunner.object(fired)["assignee"] as? String
        #expect(fired.status == 0 && assignee == "p-li", "\(fired.stdout)")
        let history = try docket.run(["case", "history", "SR-000001", "--json"])
        #expect(
            history.stdout.contains("\"dispatch\"") && !history.stdout.contains("支部派单\""),
            "the trail keeps the event's id")
    }

    @Test("a choice that is no choice is refused listing each choice with its title")
    func choiceList() throws {
        let docket = try DocketRunner().initialised()
        let refused = try docket.run(
            orderArguments.map { $0 == "category=repair" ? "category=修理" : $0 } + ["--lang", "zh"])
        #expect(refused.status == 7)
        #expect(refused.stderr.contains("「修理」不是可选值（可选：law（法律）, medical（医疗）, repair（维修）"), "\(refused.stderr)")
    }

    @Test(
        "dates as people write them, and full-width digits, are read in --at, --on, --record and date and number fields",
        arguments: ["2026/11/22", "2026年11月22日", "2026-11-22 09:30", "２０２６－１１－２２", "2026.11.22", "２０２６年１１月２２日 ９：３０"])
    func dates(typed: String) throws {
        let docket = try DocketRunner().initialised()
        let result = try docket.run([
            "case", "start", "member-development", "--org", "dongcun", "--as", "p-secretary", "--at", typed,
            "--set", "name=王小明", "--set", "birth-date=１９９５年５月５日", "--json",
        ])
        #expect(result.status == 0, "\(typed): \(result.stdout)")
        let data = try #require(try DocketRunner.object(result)["data"] as? [String: Any])
        #expect(
            data["applied-on"] as? String == "2026-11-22" && data["birth-date"] as? String == "1995-05-05", "\(typed)")
    }

    @Test("a date that cannot be read is refused with an example of every accepted form")
    func badDate() throws {
        let docket = try DocketRunner().initialised()
        let refused = try docket.run(
            orderArguments.map { $0 == "2026-11-22T09:30" ? "22/11/2026" : $0 } + ["--lang", "en"])
        #expect(refused.status == 7 && refused.stderr.contains("2026年11月22日"), "\(refused.stderr)")
        let field = try docket.run([
            "case", "start", "member-development", "--org", "dongcun", "--as", "p-secretary", "--at", "2026-11-22",
            "--set", "name=王", "--set", "birth-date=1995-2-30", "--lang", "zh",
        ])
        #expect(field.status == 7 && field.stderr.contains("应为日期，如 2026-11-22, 2026-3-5"), "\(field.stderr)")
    }

    @Test(
        "a misspelt filter is an error naming the nearest match (status 4), never an empty answer; names and titles filter as ids do"
    )
    func filters() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        #expect(
            try docket.run(dispatchArguments("SR-000001")).status == 0)
        for (arguments, suggestion) in [
            (["overdue", "--workflow", "servce-request"], "service-request"),
            (["case", "list", "--state", "dispatchd"], "dispatched"),
            (["due-soon", "--org", "dongcum"], "dongcun"), (["case", "list", "--assignee", "p-lix"], "p-li"),
            (["report", "stages", "--workflow", "member-developmnt"], "member-development"),
        ] {
            let result = try docket.run(arguments + ["--json", "--at", "2026-11-23"])
            #expect(result.status == 4, "\(arguments): \(result.stdout)")
            #expect(
                (try DocketRunner.object(result)["error"] as? [String: Any])?["suggestion"] as? String == suggestion,
                "\(arguments)")
        }
        func ids(_ arguments: [String]) throws -> [String] {
            let list = try docket.run(["case", "list", "--json"] + arguments)
            return (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []).compactMap
            { $0["id"] as? String }
        }
        #expect(try ids(["--state", "已派单待接单"]) == ["SR-000001"], "a state by its title")
        #expect(try ids(["--assignee", "李明"]) == ["SR-000001"], "a person by their name")
        #expect(
            try ids(["--org", "东村", "--workflow", "群众点单、支部派单、党员接单、群众评单"]) == ["SR-000001"],
            "an organisation and a workflow by their names")
    }

    @Test(
        "history numbers steps within the case, the audit number beside; data by field and choice titles, people by name"
    )
    func historyAsPeopleReadIt() throws {
        let docket = try DocketRunner().initialised()
        #expect(try docket.run(orderArguments).status == 0)
        #expect(try docket.run(orderArguments).status == 0)
        #expect(
            try docket.run(dispatchArguments("SR-000002")).status == 0)
        let history = try docket.run(["case", "history", "SR-000002", "--lang", "zh"])
        let rows = history.stdout.split(separator: "\n").dropFirst(2).map {
            $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
        #expect(rows.map { Array($0.prefix(2)) } == [["1", "2"], ["2", "3"]], "\(history.stdout)")
        #expect(history.stdout.contains("服务类别=维修") && history.stdout.contains("紧急程度=水电气暖"))
        #expect(history.stdout.contains("接单党员=李明 (p-li)") && history.stdout.contains("赵书记 (p-secretary)"))
        let json = try docket.run(["case", "history", "SR-000002", "--json"])
        #expect(json.stdout.contains("\"category\"") && json.stdout.contains("\"repair\""), "ids for scripts")
    }

    @Test(
        "the parser's own errors and help headings are said in Chinese, with the nearest subcommand to a mistyped one")
    func usageInChinese() throws {
        let docket = try DocketRunner()
        let typo = try docket.run(["person", "lst", "--lang", "zh"])
        #expect(typo.status == 64)
        #expect(
            typo.stderr.hasPrefix("错误：「docket person」没有子命令「lst」；是否应为「list」？\n用法：docket person"),
            "\(typo.stderr)")
        let english = try docket.run(["overdu"])
        #expect(
            english.status == 64
                && english.stderr.hasPrefix("Error: 'docket' has no subcommand 'overdu'. Did you mean 'overdue'?"))
        let value = try docket.run(["case", "list", "--limit", "abc"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(value.status == 64 && value.stderr.contains("错误：「abc」不是 --limit <limit> 可取的值"), "\(value.stderr)")
        let missing = try docket.run(["case", "start", "--lang", "zh"])
        #expect(missing.status == 64 && missing.stderr.hasPrefix("错误：缺少参数「<workflow>」"))
        let help = try docket.run(["case", "--help", "--lang", "zh"])
        #expect(help.status == 0 && help.stdout.contains("子命令：") && help.stdout.contains("显示帮助。"))
        #expect(!help.stdout.contains("SUBCOMMANDS:"))
        let version = try docket.run(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("2026.12 (audit encoding 3)"))
        let englishHelp = try docket.run(["case", "--help"])
        #expect(englishHelp.stdout.contains("SUBCOMMANDS:"))
    }

    @Test("a membership list's words are understood: role 党员, status 正式党员 / 预备党员 / 群众; stored by their ids")
    func rolesAndStatusByTitle() throws {
        let docket = try DocketRunner().initialised()
        let file = try docket.write(
            "people.csv",
            "id,name,org,roles,status,skills\np-new,新党员,dongcun,党员,正式党员,维修、心理\np-pre,预备,dongcun,member, 预备党员 ,\np-mass,群众甲,dongcun,受理员,群众,\n"
        )
        let imported = try docket.run(["person", "import", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        let new = try DocketRunner.object(try docket.run(["person", "show", "p-new", "--json"]))
        #expect(new["status"] as? String == "full")
        #expect((new["roles"] as? [[String: Any]])?.first?["role"] as? String == "member")
        #expect(
            try DocketRunner.object(try docket.run(["person", "show", "p-pre", "--json"]))["status"] as? String
                == "probationary")
        #expect(
            try DocketRunner.object(try docket.run(["person", "show", "p-mass", "--json"]))["status"] as? String
                == "none")
        let bad = try docket.run([
            "person", "import", try docket.write("bad.csv", "id,name,org,roles,status\np-x,某,dongcun,,党委\n"), "--lang",
            "zh",
        ])
        #expect(bad.status == 11 && bad.stderr.contains("full（正式党员）"), "\(bad.stderr)")
    }

    @Test("shell completion offers the store's ids as the person completing may see them, and nothing without a person")
    func completionFromTheStore() throws {
        let docket = try DocketRunner().initialised()
        let script = try docket.run(["--generate-completion-script", "bash"])
        #expect(script.status == 0 && script.stdout.contains("---completion case start -- --org"))
        func complete(_ words: [String], as person: String?) throws -> [String] {
            // As the bash script calls it: the option or argument, the word's index, the
            // cursor in it, then the words typed.
            let result = try docket.run(
                ["---completion"] + words, environment: ["DOCKET_ACTOR": person ?? ""])
            return result.stdout.split(separator: "\n").map(String.init)
        }
        let organisations = try complete(
            ["case", "start", "--", "--org", "4", "0", "docket", "case", "start", "--org", ""], as: "p-admin")
        #expect(organisations.contains("dongcun-g1") && organisations.contains("hekou"))
        let township = try complete(
            ["case", "start", "--", "--org", "4", "0", "docket", "case", "start", "--org", ""], as: "p-sun")
        #expect(township.contains("dongcun-g1") && !township.contains("hekou"), "\(township)")
        #expect(
            try complete(
                ["case", "start", "--", "positional@0", "3", "0", "docket", "case", "start", ""], as: "p-admin")
                == ["branch-rectification", "member-development", "service-request"])
        let events = try complete(
            ["case", "fire", "--", "positional@1", "4", "0", "docket", "case", "fire", "SR-000001", ""], as: "p-admin")
        #expect(events.contains("dispatch") && !events.contains("order"), "a starting event fires no case")
        let states = try complete(
            ["case", "list", "--", "--state", "4", "0", "docket", "case", "list", "--state", ""], as: "p-admin")
        #expect(states.contains("in-progress"))
        #expect(
            try complete(["case", "start", "--", "--org", "4", "0", "docket", "case", "start", "--org", ""], as: nil)
                .isEmpty, "no person, no ids")
    }
}
