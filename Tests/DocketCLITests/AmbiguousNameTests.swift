import Foundation
import Testing

/// A name a clerk types that names more than one thing in their part of the tree (two
/// villages called 东村, two people called 李明, a title two roles or workflows share) is
/// refused naming each candidate, with status 4, and never guessed.
@Suite struct AmbiguousNameTests {
    /// The example store with a second 东村 (under 河口镇), a second 李明 (at 西村), and a
    /// workflow whose title, a role title, a state title and a field title repeat others.
    func namesakes() throws -> DocketRunner {
        let docket = try DocketRunner().initialised()
        let orgs = try docket.write("more.csv", "id,name,parent,kind\ndongcun-hk,东村,hekou,village\n")
        try #require(try docket.run(["org", "import", orgs]).status == 0)
        let people = try docket.write("more-people.csv", "id,name,org,roles,status\np-li2,李明,xicun-g1,member,full\n")
        try #require(try docket.run(["person", "import", people]).status == 0)
        let workflow = try docket.write(
            "visit.yaml",
            """
            workflow: home-visit
            version: 1
            case-prefix: HV
            title: 群众点单、支部派单、党员接单、群众评单
            roles:
              helper: {title: 党员, title-en: Helper}
            states:
              waiting: {title: 已点单待派单}
              open: {title: 走访中}
              done: {title: 已走访, final: true}
            fields:
              note-a: {type: text, title: 备注}
              note-b: {type: text, title: 备注}
            events:
              begin: {title: 登记, starts: true, to: waiting, roles: [helper]}
              go: {title: 出发, from: waiting, to: open, roles: [helper]}
              close-early: {title: 结案, from: waiting, to: done, roles: [helper]}
              close: {title: 结案, from: open, to: done, roles: [helper], fields: {note-a: optional, note-b: optional}}
              drop: {title: 结案, from: open, to: done, roles: [helper]}
            """)
        let deployed = try docket.run(["workflow", "deploy", workflow])
        try #require(deployed.status == 0, "\(deployed.stderr)")
        return docket
    }

    @Test(
        "an organisation name two organisations have is refused naming both with their parents; in one's part it is that one"
    )
    func organisation() throws {
        let docket = try namesakes()
        let start = orderArguments.map { $0 == "dongcun-g1" ? "东村" : $0 }
        let refused = try docket.run(start + ["--lang", "zh"])
        #expect(refused.status == 4)
        #expect(
            refused.stderr.contains("「东村」有 2 个组织：dongcun（东村，城关镇）、dongcun-hk（东村，河口镇）；请写明编号"),
            "\(refused.stderr)")
        let json = try docket.run(start + ["--json"])
        let error = try #require(try DocketRunner.object(json)["error"] as? [String: Any])
        #expect(error["code"] as? String == "not-found" && error["lookup"] as? String == "ambiguous")
        #expect(error["candidates"] as? [String] == ["dongcun", "dongcun-hk"])
        // 东村's secretary sees one 东村 only: the name is theirs.
        #expect(try docket.run(["case", "list", "--org", "东村", "--as", "p-secretary"]).status == 0)
        #expect(try docket.run(["overdue", "--org", "东村"]).status == 4, "a filter too")
    }

    @Test("a person's name two people have is refused naming both with where they hold roles, in a filter and a field")
    func person() throws {
        let docket = try namesakes()
        let list = try docket.run(["case", "list", "--assignee", "李明", "--lang", "zh"])
        #expect(list.status == 4)
        #expect(list.stderr.contains("「李明」有 2 个人员：p-li（李明，东村第一网格）、p-li2（李明，西村第一网格）"), "\(list.stderr)")
        #expect(try docket.run(["case", "list", "--assignee", "李明", "--as", "p-secretary"]).status == 0)
        #expect(try docket.run(orderArguments).status == 0)
        // 钱书记 dispatches for all of 城关镇, where both 李明 hold a role.
        let dispatch = try docket.run([
            "case", "fire", "SR-000001", "dispatch", "--set", "assignee=李明", "--as", "p-town", "--at",
            "2026-11-22T09:45",
        ])
        #expect(dispatch.status == 4 && dispatch.stderr.contains("p-li (李明, 东村第一网格); p-li2 (李明, 西村第一网格)"))
        #expect(
            try docket.run(dispatchArguments("SR-000001").map { $0 == "assignee=p-li" ? "assignee=李明" : $0 }).status
                == 0, "in 东村 there is one 李明")
    }

    @Test(
        "a title two workflows, states, roles or fields share is refused naming each; an event's title is the one its state allows"
    )
    func titles() throws {
        let docket = try namesakes()
        let workflow = try docket.run(["case", "list", "--workflow", "群众点单、支部派单、党员接单、群众评单"])
        #expect(
            workflow.status == 4 && workflow.stderr.contains("home-visit")
                && workflow.stderr.contains("service-request"))
        let state = try docket.run(["case", "list", "--state", "已点单待派单", "--lang", "zh"])
        #expect(state.status == 4 && state.stderr.contains("waiting（已点单待派单，home-visit）"), "\(state.stderr)")
        #expect(try docket.run(["case", "list", "--state", "已点单待派单", "--workflow", "service-request"]).status == 0)
        let role = try docket.run(["person", "list", "--role", "党员", "--lang", "zh"])
        #expect(role.status == 4 && role.stderr.contains("helper（党员）、member（党员）"), "\(role.stderr)")
        let file = try docket.write("helpers.csv", "id,name,org,roles\np-new,新人,dongcun,党员\np-ok,老周,dongcun,member\n")
        let imported = try docket.run(["person", "import", file])
        #expect(imported.status == 11 && imported.stderr.contains("the role '党员' could be any of helper, member"))
        #expect(try docket.run(["person", "show", "p-ok"]).status == 0, "the good row is imported")
        // An event: 结案 from 待派 is close-early; from 走访中 two events are 结案.
        let helper = try docket.write("helper.csv", "id,name,org,roles\np-h,帮手,county,helper\n")
        #expect(try docket.run(["person", "import", helper]).status == 0)
        let start = ["case", "start", "home-visit", "--org", "dongcun", "--as", "p-h", "--at", "2026-11-22"]
        #expect(try docket.run(start).status == 0)
        #expect(try docket.run(start).status == 0)
        let early = try docket.run(["case", "fire", "HV-000001", "结案", "--as", "p-h", "--at", "2026-11-22", "--json"])
        #expect(try DocketRunner.object(early)["state"] as? String == "done", "\(early.stdout)")
        #expect(try docket.run(["case", "fire", "HV-000002", "出发", "--as", "p-h", "--at", "2026-11-22"]).status == 0)
        let two = try docket.run(["case", "fire", "HV-000002", "结案", "--as", "p-h", "--at", "2026-11-22"])
        #expect(two.status == 4 && two.stderr.contains("close (结案); drop (结案)"), "\(two.stderr)")
        let field = try docket.run([
            "case", "fire", "HV-000002", "close", "--set", "备注=x", "--as", "p-h", "--at", "2026-11-22", "--lang", "zh",
        ])
        #expect(field.status == 4 && field.stderr.contains("「备注」有 2 个字段：note-a（备注）、note-b（备注）"), "\(field.stderr)")
    }

    @Test("person show and person list show each role by its title with its id beside; JSON keeps the ids")
    func rolesByTitle() throws {
        let docket = try DocketRunner().initialised()
        let show = try docket.run(["person", "show", "p-secretary", "--lang", "zh"])
        #expect(show.stdout.contains("支部 (branch-dispatcher)"), "\(show.stdout)")
        let list = try docket.run(["person", "list", "--org", "dongcun-g1", "--lang", "zh"])
        #expect(list.stdout.contains("党员 (member)"), "\(list.stdout)")
        let english = try docket.run(["person", "list", "--org", "dongcun-g1"])
        #expect(english.stdout.contains("Party member (member)"), "\(english.stdout)")
        let json = try DocketRunner.object(try docket.run(["person", "show", "p-li", "--json"]))
        #expect((json["roles"] as? [[String: Any]])?.first?["role"] as? String == "member")
        #expect(try docket.run(["person", "list", "--role", "党员", "--json"]).stdout.contains("p-li"))
    }
}
