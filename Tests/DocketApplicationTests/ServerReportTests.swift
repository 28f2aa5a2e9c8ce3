import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation
import HTTPTypes
import Testing

/// The reports, the campaigns and the lists as CSV over `docket serve`: each answer is
/// what the CLI prints for the same store and time (the expected document is built by
/// the same DocketPresentation builder from the application's own result), within the
/// caller's part of the tree; a bad query value is a 400 naming the parameter.
@Suite struct ServerReportTests: Sendable {
    let api: ServerAPITests
    var deployment: Deployment { api.deployment }
    var app: DocketApp { api.app }

    init() throws {
        api = try ServerAPITests()
    }

    static let english: HTTPFields = [.acceptLanguage: "en"]

    /// 东村 (赵书记's) and 西村 (孙书记's) each have an applicant from January 2026.
    func applicants() throws {
        for (org, person, name) in [("dongcun", "p-secretary", "王小明"), ("xicun", "p-xi", "李小红")] {
            try deployment.start(
                "member-development", org: org, as: person, at: "2026-01-05",
                ["name": name, "birth-date": "1995-05-05"])
        }
    }

    /// A request from each village's first grid, 东村's dispatched.
    func requests() throws {
        for org in ["dongcun-g1", "xicun-g1"] {
            try deployment.start(
                "service-request", org: org, as: "p-intake", at: "2026-11-22T09:30",
                [
                    "requester": "张大爷", "phone": "13800000000", "category": "repair", "description": "漏水",
                    "urgency": "utility",
                ])
        }
        try deployment.fire("SR-000001", "dispatch", as: "p-secretary", at: "2026-11-22T09:45", ["assignee": "p-li"])
    }

    /// 2026年度整顿 in the three villages, started by the administrator.
    func campaign() throws {
        let rows = [
            ("dongcun", "secretary-vacant", "书记空缺"), ("xicun", "life-not-held", "组织生活不正常"),
            ("hekoucun", "last-in-assessment", "年度考核末位"),
        ].enumerated().map { line, row in
            CampaignRow(line: line + 1, organisation: row.0, input: ["criteria": row.1, "evidence": row.2])
        }
        _ = try app.startCampaign(
            name: Self.campaignName, workflow: "branch-rectification", rows: rows,
            by: deployment.caller(Deployment.administrator, at: "2026-01-10"))
    }

    static let campaignName = "2026年度整顿"
    static var campaignPath: String {
        "/api/v1/campaigns/" + (campaignName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    func stageReport(_ person: String, at: String, by kind: String?) throws -> StageReport {
        try app.stageReport(
            workflow: "member-development", year: 2026,
            DocketApp.ReportSpan(organisation: nil, groupKind: kind, unplaced: "（其他）"),
            by: deployment.caller(person, at: at))
    }

    @Test(
        "reports/stages answers report stages --json and --csv for the caller's part; a village secretary sees their village, a supervisor reads"
    )
    func stages() async throws {
        try applicants()
        let expected = ReportDocument.stages(try stageReport("p-admin", at: "2026-06-02", by: "village"))
        let own = ReportDocument.stages(try stageReport("p-secretary", at: "2026-06-02", by: "village"))
        let csv = ReportDocument.stagesCSV(try stageReport("p-admin", at: "2026-06-02", by: nil), language: .zh)
        try await api.withClient { client in
            let path = "/api/v1/reports/stages?workflow=member-development&year=2026"
            let admin = try await client.loggedIn("p-admin")
            let all = try await admin.send(.get, path + "&by=village", now: "2026-06-02")
            #expect(all.status == 200 && all.text == expected.rendered() + "\n", "\(all.text)")
            let groups = (all.json["groups"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(groups == ["dongcun", "xicun"])
            let byTitle = try await admin.send(.get, path + "&by=%E6%9D%91", now: "2026-06-02")
            #expect(byTitle.text == all.text, "村 groups as village does")

            let secretary = try await client.loggedIn("p-secretary")
            let village = try await secretary.send(.get, path + "&by=village", now: "2026-06-02")
            #expect(village.status == 200 && village.text == own.rendered() + "\n")
            #expect((village.json["groups"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["dongcun"])

            let sun = try await client.loggedIn("p-sun")
            #expect(try await sun.send(.get, path, now: "2026-06-02").status == 200, "a supervisor reads")

            let sheet = try await admin.send(.get, path + "&format=csv", now: "2026-06-02")
            #expect(sheet.status == 200 && sheet.text == csv + "\n")
            #expect(sheet.text.hasPrefix(CSVDocument.byteOrderMark + "组织编号,组织名称,阶段"))
            #expect(sheet.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(
                sheet.headers[.contentDisposition]?.hasPrefix(
                    #"attachment; filename="stages-member-development-2026.csv""#) == true)
            let english = try await admin.send(.get, path + "&format=csv", now: "2026-06-02", headers: Self.english)
            #expect(english.text.hasPrefix(CSVDocument.byteOrderMark + "group,group_name,stage,state"))
        }
    }

    @Test("reports/service answers report service --json and --csv, from the first of the month by default")
    func service() async throws {
        try requests()
        func report(_ person: String, from: String, by kind: String?) throws -> ServiceReport {
            try app.serviceReport(
                workflow: "service-request", from: deployment.day(from), to: deployment.day("2026-11-30"),
                DocketApp.ReportSpan(organisation: nil, groupKind: kind, unplaced: "（其他）"),
                by: deployment.caller(person, at: "2026-11-30")
            ).0
        }
        let expected = ReportDocument.service(try report("p-sun", from: "2026-11-01", by: "village"))
        let own = ReportDocument.service(try report("p-secretary", from: "2026-11-01", by: "village"))
        let october = ReportDocument.service(try report("p-sun", from: "2026-10-15", by: nil))
        let csv = ReportDocument.serviceCSV(try report("p-sun", from: "2026-11-01", by: "village"), language: .zh)
        try await api.withClient { client in
            let sun = try await client.loggedIn("p-sun")
            let path = "/api/v1/reports/service?by=village"
            let answer = try await sun.send(.get, path + "&from=2026-11-01&to=2026-11-30", now: "2026-11-30")
            #expect(answer.status == 200 && answer.text == expected.rendered() + "\n", "\(answer.text)")
            let groups = (answer.json["groups"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(groups == ["dongcun", "xicun"])
            let defaulted = try await sun.send(.get, path, now: "2026-11-30")
            #expect(defaulted.text == answer.text, "the first of the month of now, to now's day")
            let typed = try await sun.send(
                .get, "/api/v1/reports/service?from=2026-10-15&to=2026/11/30", now: "2026-11-30")
            #expect(typed.status == 200 && typed.text == october.rendered() + "\n", "\(typed.text)")

            let secretary = try await client.loggedIn("p-secretary")
            let village = try await secretary.send(.get, path, now: "2026-11-30")
            #expect(village.text == own.rendered() + "\n")
            #expect((village.json["groups"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["dongcun"])

            let sheet = try await sun.send(.get, path + "&format=csv", now: "2026-11-30")
            #expect(sheet.status == 200 && sheet.text == csv + "\n")
            #expect(
                sheet.headers[.contentDisposition]?.contains(
                    #"filename="service-service-request-2026-11-01-2026-11-30.csv""#) == true)
        }
    }

    @Test(
        "campaigns and campaigns/{name} answer campaign list and status; an unknown campaign is not found to anyone alike"
    )
    func campaigns() async throws {
        try campaign()
        let admin = deployment.caller(Deployment.administrator, at: "2026-02-25")
        let listed = CampaignDocument.list(try app.campaigns(by: admin), zone: app.zone)
        let found = try app.campaignCases(Self.campaignName, by: admin)
        let byTownship = CampaignDocument.progress(found, by: "township", unplaced: "（其他）")
        let expected = CampaignDocument.status(byTownship, definition: found.definition)
        let csv = CampaignDocument.statusCSV(byTownship, definition: found.definition, language: .zh)
        try await api.withClient { client in
            let administrator = try await client.loggedIn("p-admin")
            let list = try await administrator.send(.get, "/api/v1/campaigns", now: "2026-02-25")
            #expect(list.status == 200 && list.text == listed.rendered() + "\n")
            let status = try await administrator.send(.get, Self.campaignPath + "?by=township", now: "2026-02-25")
            #expect(status.status == 200 && status.text == expected.rendered() + "\n", "\(status.text)")
            #expect(status.list.compactMap { $0["id"] as? String } == ["chengguan", "hekou"])
            let byTitle = try await administrator.send(
                .get, Self.campaignPath + "?by=%E4%B9%A1%E9%95%87", now: "2026-02-25")
            #expect(byTitle.text == status.text, "乡镇 groups as township does")
            let sheet = try await administrator.send(
                .get, Self.campaignPath + "?by=township&format=csv", now: "2026-02-25")
            #expect(sheet.status == 200 && sheet.text == csv + "\n")
            #expect(sheet.headers[.contentDisposition]?.contains("filename*=UTF-8''campaign-2026%E5%B9%B4") == true)

            let secretary = try await client.loggedIn("p-secretary")
            let own = try await secretary.send(.get, Self.campaignPath, now: "2026-02-25")
            #expect(own.list.map { $0["id"] as? String } == ["dongcun"] && own.list.first?["cases"] as? Int == 1)
            let sun = try await client.loggedIn("p-sun")
            let supervised = try await sun.send(.get, Self.campaignPath, now: "2026-02-25")
            #expect(supervised.status == 200 && supervised.list.map { $0["cases"] as? Int } == [2], "城关镇's two")

            let unknown = try await administrator.send(.get, "/api/v1/campaigns/no-such-campaign")
            let unknownToSecretary = try await secretary.send(.get, "/api/v1/campaigns/no-such-campaign")
            #expect(unknown.status == 404 && unknown.errorCode == "not-found", "\(unknown.text)")
            #expect(unknownToSecretary.status == unknown.status && unknownToSecretary.text == unknown.text)
        }
    }

    @Test("the overdue list, its counts and due-soon as CSV: the JSON's rows, as overdue --csv writes them")
    func listsAsCSV() async throws {
        try requests()
        let caller = deployment.caller("p-sun", at: "2026-11-30T09:00")
        let titles = try app.latestDefinitions()
        let fields = DeadlineDocument.fields(
            stateTitle: { titles[$0.workflow]?.state($0.state)?.title }, now: caller.now, zone: app.zone)
        var lines = [CSVDocument.header(fields.map(\.0), language: .zh)]
        try app.eachOverdue(.init(), by: caller) { row in lines.append(CSVDocument.row(fields.map { $0.1(row) })) }
        #expect(lines.count > 1, "the requests' limits are overdue by then")
        let expected = lines.joined(separator: "\n") + "\n"
        try await api.withClient { client in
            let sun = try await client.loggedIn("p-sun")
            let json = try await sun.send(.get, "/api/v1/overdue", now: "2026-11-30T09:00")
            let sheet = try await sun.send(.get, "/api/v1/overdue?format=csv", now: "2026-11-30T09:00")
            #expect(sheet.status == 200 && sheet.text == expected, "\(sheet.text)")
            #expect(sheet.headers[.contentDisposition]?.contains(#"filename="overdue-2026-11-30.csv""#) == true)
            #expect(sheet.text.split(separator: "\n").count == json.list.count + 1, "a row per item and the header")
            let counts = try await sun.send(.get, "/api/v1/overdue/counts?format=csv", now: "2026-11-30T09:00")
            #expect(counts.status == 200 && counts.text.hasPrefix(CSVDocument.byteOrderMark + "组织,名称,逾期\n"))
            let soon = try await sun.send(.get, "/api/v1/due-soon?format=csv&within=30%20days", now: "2026-11-22T10:00")
            #expect(soon.status == 200 && soon.headers[.contentType] == "text/csv; charset=utf-8")
            let badWithin = try await sun.send(.get, "/api/v1/due-soon?format=csv&within=soon")
            #expect(badWithin.status == 400 && badWithin.errorCode == "invalid-input")
        }
    }

    @Test("a bad query value is a 400 naming the parameter, in the reader's language; nothing is a 500")
    func badQueries() async throws {
        try await api.withClient { client in
            let admin = try await client.loggedIn("p-admin")
            let stages = "/api/v1/reports/stages?workflow=member-development"
            for (path, key) in [
                ("/api/v1/reports/stages", "workflow"), (stages + "&year=last", "year"), (stages + "&year=0", "year"),
                (stages + "&format=xlsx", "format"), (stages + "&by=", "by"),
                ("/api/v1/reports/service?from=yesterday", "from"), ("/api/v1/reports/service?to=2026-13-01", "to"),
                ("/api/v1/campaigns?format=pdf", "format"), ("/api/v1/overdue?format=html", "format"),
                (Self.campaignPath + "?by=%20", "by"),
            ] {
                let answer = try await admin.send(.get, path)
                let error = answer.json["error"] as? [String: Any]
                #expect(answer.status == 400 && answer.errorCode == "invalid-input", "\(path): \(answer.text)")
                #expect(error?["key"] as? String == key, "\(path): \(answer.text)")
            }
            let english = try await admin.send(.get, stages + "&year=last", headers: Self.english)
            #expect(english.errorMessage == "year must be a year such as 2026, not 'last'")
            let chinese = try await admin.send(.get, stages + "&year=last")
            #expect(chinese.errorMessage.hasPrefix("year 应为年份"))
            let misspelt = try await admin.send(.get, "/api/v1/reports/stages?workflow=member-developmnt")
            #expect(misspelt.status < 500 && misspelt.status >= 400, "\(misspelt.text)")
            #expect((misspelt.json["error"] as? [String: Any])?["suggestion"] as? String == "member-development")
            let undeclared = try await admin.send(.get, "/api/v1/reports/service?workflow=member-development")
            #expect(undeclared.status == 400 && undeclared.errorMessage.contains("service-report"))
        }
    }
}
