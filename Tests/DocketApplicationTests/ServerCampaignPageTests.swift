import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation
import HTTPTypes
import Testing

/// The pages of 报表 and 整顿活动, in process: the stage report as the application
/// reports it, the campaigns a person may see and one campaign's progress by township or
/// village (the JSON API's numbers), and a campaign started from an uploaded or pasted
/// list — with the command line's permissions, words and all-or-nothing.
@Suite struct ServerCampaignPageTests: Sendable {
    let pages: ServerPageTests
    var deployment: Deployment { pages.deployment }
    var app: DocketApp { deployment.app }

    init() throws {
        pages = try ServerPageTests()
        // 周书记 runs 河口村: the reader who sees a campaign of 城关镇's villages nowhere.
        try app.setPassword(
            ServerAPITests.password, of: "p-hekou", by: deployment.caller(Deployment.administrator, at: "2026-01-01"))
    }

    static let name = "2026年度整顿"
    static func path(_ name: String) -> String {
        "/campaigns/" + (name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    /// 2026年度整顿 in 东村 and 西村 (城关镇), started by the county organisation department.
    func campaign() throws {
        let rows = [("dongcun", "secretary-vacant", "书记空缺"), ("xicun", "life-not-held", "组织生活不正常")]
            .enumerated().map { line, row in
                CampaignRow(line: line + 1, organisation: row.0, input: ["criteria": row.1, "evidence": row.2])
            }
        _ = try app.startCampaign(
            name: Self.name, workflow: "branch-rectification", rows: rows,
            by: deployment.caller(Deployment.administrator, at: "2026-01-10"))
    }

    /// A `multipart/form-data` body as a browser sends it: the fields, then the file.
    static func multipart(
        _ fields: [(String, String)], file: (filename: String, content: String)?, boundary: String = "docketBoundary7"
    ) -> String {
        var body = ""
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        let (filename, content) = file ?? ("", "")
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"orgs\"; filename=\"\(filename)\"\r\n"
        body += "Content-Type: \(file == nil ? "application/octet-stream" : "text/csv")\r\n\r\n\(content)\r\n"
        return body + "--\(boundary)--\r\n"
    }

    static let multipartType: HTTPFields = [.contentType: "multipart/form-data; boundary=docketBoundary7"]

    // MARK: The stage report

    @Test(
        "the report page shows the stage report of 发展党员 as the application reports it, with its chart and CSV, for the reader's part"
    )
    func stageReport() async throws {
        for (org, person, name) in [("dongcun", "p-secretary", "王小明"), ("xicun", "p-xi", "李小红")] {
            try deployment.start(
                "member-development", org: org, as: person, at: "2026-01-05",
                ["name": name, "birth-date": "1995-05-05"])
        }
        func expectedRows(_ person: String) throws -> [String] {
            let report = try app.stageReport(
                workflow: "member-development", year: 2026,
                DocketApp.ReportSpan(organisation: nil, groupKind: "village", unplaced: "（其他）"),
                by: deployment.caller(person, at: "2026-06-02"))
            let d = report.definition
            return report.groups.map { g in
                "<tr><td>\(g.name)</td>"
                    + (d.stages.map { g.open(in: $0.id, of: d) }
                    + d.states.filter(\.isFinal).map {
                        g.enteredInYear[$0.id] ?? 0
                    } + [g.overdueCases]).map { "<td>\($0)</td>" }.joined() + "</tr>"
            }
        }
        let all = try expectedRows("p-admin")
        let own = try expectedRows("p-secretary")
        // Each applicant is in the first stage: the numbers a clerk would count by hand.
        #expect(all.count == 2 && all[0].hasPrefix("<tr><td>东村</td><td>1</td><td>0</td>"), "\(all)")
        #expect(own == [all[0]])
        try await pages.api.withClient { client in
            let (admin, _) = try await pages.loggedIn(client, "p-admin")
            let page = try await admin.send(.get, "/reports?by=village&year=2026", now: "2026-06-02")
            #expect(page.status == 200)
            for row in all { #expect(page.text.contains(row), "\(row)") }
            #expect(page.text.contains("<h3>发展党员 · 各阶段人数与2026年办理情况</h3>"), "\(page.text)")
            #expect(page.text.contains("<th>申请入党</th>"))
            #expect(page.text.contains(">申请入党</text>"), "the chart's legend names each stage")
            let csvLink = "/api/v1/reports/stages?workflow=member-development&year=2026&by=village&format=csv"
            #expect(page.text.contains("href=\"\(csvLink.replacingOccurrences(of: "&", with: "&amp;"))\""))
            let sheet = try await admin.send(.get, csvLink, now: "2026-06-02")
            #expect(sheet.status == 200 && sheet.text.hasPrefix(CSVDocument.byteOrderMark + "组织编号,组织名称,阶段"))

            let (secretary, _) = try await pages.loggedIn(client, "p-secretary")
            let village = try await secretary.send(.get, "/reports?by=village&year=2026", now: "2026-06-02")
            #expect(village.status == 200 && village.text.contains(own[0]))
            #expect(!village.text.contains("西村"), "赵书记 sees nothing of the next village")

            let (sun, _) = try await pages.loggedIn(client, "p-sun")
            let supervised = try await sun.send(.get, "/reports?by=village&year=2026", now: "2026-06-02")
            #expect(supervised.status == 200)
            for row in all { #expect(supervised.text.contains(row), "a supervisor of 城关镇 reads both villages") }

            let english = try await admin.send(.get, "/reports?by=village&year=2026&lang=en", now: "2026-06-02")
            #expect(english.text.contains("<h2 id=\"stages\">Stage report</h2>"))
            let badYear = try await admin.send(.get, "/reports?year=last", now: "2026-06-02")
            #expect(badYear.status == 400 && badYear.text.contains("year 应为年份，如 2026，而不是「last」"))
        }
    }

    // MARK: Campaign pages

    @Test(
        "the campaigns page lists what a person may see; a campaign's page counts its cases by township and by village as the API does"
    )
    func campaignPages() async throws {
        try campaign()
        let admin = deployment.caller(Deployment.administrator, at: "2026-02-25")
        let found = try app.campaignCases(Self.name, by: admin)
        func rows(_ groups: [CampaignDocument.Group]) -> [String] {
            groups.map { g in
                "<tr><td>\(g.name)</td><td>\(g.cases)</td>"
                    + found.definition.stages.map { "<td>\(g.byStage[$0.id] ?? 0)</td>" }.joined()
                    + "<td>\(g.overdue)</td><td>\(g.accepted)</td><td>\(g.closed)</td>"
            }
        }
        let byTownship = rows(CampaignDocument.progress(found, by: "township", unplaced: "（其他）"))
        let byVillage = rows(CampaignDocument.progress(found, by: "village", unplaced: "（其他）"))
        // Both cases are nominated, at the first stage (排查研判), none overdue yet.
        #expect(
            byTownship == [
                "<tr><td>城关镇</td><td>2</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td>"
            ])
        #expect(byVillage.count == 2 && byVillage[1].hasPrefix("<tr><td>西村</td><td>1</td><td>1</td>"))
        try await pages.api.withClient { client in
            let (administrator, _) = try await pages.loggedIn(client, "p-admin")
            let list = try await administrator.send(.get, "/campaigns", now: "2026-02-25")
            #expect(
                list.status == 200 && list.text.contains("<a class=\"action\" href=\"/campaigns/new\">发起整顿活动（上传名单）</a>")
            )
            #expect(list.text.contains("<a href=\"/campaigns\">整顿活动</a>"), "the navigation leads here")
            #expect(
                list.text.contains(
                    "<tr><td><a href=\"\(Self.path(Self.name))\">2026年度整顿</a></td><td>软弱涣散基层党组织整顿</td>"))
            #expect(list.text.contains("<td>县委组织部管理员</td><td>2</td></tr>"))

            let status = try await administrator.send(.get, Self.path(Self.name), now: "2026-02-25")
            #expect(status.status == 200 && status.text.contains("<h1>2026年度整顿</h1>"))
            #expect(status.text.contains(byTownship[0]), "\(status.text)")
            #expect(status.text.contains("<th>排查研判</th>"))
            let villages = try await administrator.send(.get, Self.path(Self.name) + "?by=village", now: "2026-02-25")
            for row in byVillage { #expect(villages.text.contains(row)) }
            let csvLink = "/api/v1\(Self.path(Self.name))?by=township&format=csv"
            #expect(status.text.contains("href=\"\(csvLink.replacingOccurrences(of: "&", with: "&amp;"))\""))
            let sheet = try await administrator.send(.get, csvLink, now: "2026-02-25")
            #expect(sheet.status == 200 && sheet.text.hasPrefix(CSVDocument.byteOrderMark + "组织编号,组织名称,案件数"))
            // The page's numbers are the API's.
            let api = try await client.loggedIn("p-admin").send(
                .get, "/api/v1\(Self.path(Self.name))?by=township", now: "2026-02-25")
            #expect(api.list.map { $0["cases"] as? Int } == [2])

            // 赵书记 sees 东村's case alone.
            let (secretary, _) = try await pages.loggedIn(client, "p-secretary")
            let own = try await secretary.send(.get, "/campaigns", now: "2026-02-25")
            #expect(own.text.contains("<td>县委组织部管理员</td><td>1</td></tr>"), "\(own.text)")
            let ownStatus = try await secretary.send(.get, Self.path(Self.name) + "?by=village", now: "2026-02-25")
            #expect(ownStatus.text.contains(byVillage[0]) && !ownStatus.text.contains("西村"))

            // 周书记 of 河口村 learns nothing of it: not listed, and its page is the page of
            // a campaign that does not exist.
            let (hekou, _) = try await pages.loggedIn(client, "p-hekou")
            let none = try await hekou.send(.get, "/campaigns", now: "2026-02-25")
            #expect(none.status == 200 && none.text.contains("暂无活动。") && !none.text.contains(Self.name))
            let outside = try await hekou.send(.get, Self.path(Self.name), now: "2026-02-25")
            let unknown = try await hekou.send(.get, Self.path("无此活动"), now: "2026-02-25")
            #expect(outside.status == 404 && unknown.status == 404)
            #expect(outside.text == unknown.text.replacingOccurrences(of: "无此活动", with: Self.name))
            #expect(unknown.text.contains("class=\"error\""))
            // The JSON API answers alike.
            let hekouAPI = try await client.loggedIn("p-hekou")
            #expect(try await hekouAPI.send(.get, "/api/v1/campaigns", now: "2026-02-25").text == "[]\n")
            let outsideAPI = try await hekouAPI.send(.get, "/api/v1\(Self.path(Self.name))", now: "2026-02-25")
            let unknownAPI = try await hekouAPI.send(.get, "/api/v1\(Self.path("无此活动"))", now: "2026-02-25")
            #expect(outsideAPI.status == 404 && outsideAPI.errorCode == "not-found")
            #expect(outsideAPI.text == unknownAPI.text.replacingOccurrences(of: "无此活动", with: Self.name))

            // A supervisor reads every page, and is offered no start.
            let (sun, _) = try await pages.loggedIn(client, "p-sun")
            let supervised = try await sun.send(.get, "/campaigns", now: "2026-02-25")
            #expect(supervised.status == 200 && supervised.text.contains("<td>县委组织部管理员</td><td>2</td></tr>"))
            #expect(!supervised.text.contains("/campaigns/new"))
            #expect(try await sun.send(.get, Self.path(Self.name), now: "2026-02-25").status == 200)
            let form = try await sun.send(.get, "/campaigns/new", now: "2026-02-25")
            #expect(form.status == 403 && form.text.contains("你的角色不能启动任何工作流的案件，因此不能发起活动"))
        }
    }

    // MARK: Starting a campaign from a file

    static let goodCSV = "org,criteria,evidence\ndongcun,secretary-vacant;disputes,书记空缺\nxicun,life-not-held,组织生活不正常\n"
    static let badCSV = """
        org,criteria,evidence
        dongcun,secretary-vacant;disputes,书记空缺
        atlantis,disputes,x
        xicun,secretary-gone,y
        dongcun,disputes,z
        """

    @Test(
        "the example list (Examples/branch-rectification/campaign.csv), uploaded, starts a case per organisation and leads to the campaign's page"
    )
    func uploadGood() async throws {
        try await pages.api.withClient { client in
            let (admin, csrf) = try await pages.loggedIn(client, "p-admin")
            let form = try await admin.send(.get, "/campaigns/new", now: "2026-01-10")
            #expect(form.status == 200 && form.text.contains("enctype=\"multipart/form-data\""))
            #expect(form.text.contains("<td><code>criteria</code></td><td>软弱涣散情形</td><td>✓</td>"))
            let body = Self.multipart(
                [
                    ("_csrf", csrf), ("name", Self.name), ("workflow", "branch-rectification"), ("text", ""),
                    ("format", "csv"),
                ],
                file: (
                    "campaign.csv",
                    CSVDocument.byteOrderMark + (try Shipped.text("Examples/branch-rectification/campaign.csv"))
                ))
            let started = try await admin.send(
                .post, "/campaigns/new", body: body, now: "2026-01-10", headers: Self.multipartType)
            #expect(started.status == 303, "\(started.text)")
            #expect(started.headers[.location] == Self.path(Self.name))
            let cases = try app.campaignCases(Self.name, by: deployment.caller("p-admin", at: "2026-01-10")).cases
            #expect(cases.map(\.organisation) == ["dongcun", "xicun", "hekoucun"])
            #expect(cases.map(\.id) == ["BR-000001", "BR-000002", "BR-000003"])
            #expect(cases[0].data["evidence"] == .text("书记空缺超过3个月，村内矛盾纠纷多"))
            let page = try await admin.send(.get, Self.path(Self.name), now: "2026-01-10")
            #expect(page.text.contains("<tr><td>城关镇</td><td>2</td><td>2</td>"))
            #expect(page.text.contains("<tr><td>河口镇</td><td>1</td><td>1</td>"))

            // A list pasted into the form (no file) is read alike: refused, its branches' cases open now.
            let again = try await pages.post(
                admin, "/campaigns/new",
                [
                    ("_csrf", csrf), ("name", Self.name), ("workflow", "branch-rectification"), ("text", Self.goodCSV),
                    ("format", "csv"),
                ], now: "2026-01-11")
            #expect(again.status == 400, "\(again.text)")
            #expect(again.text.contains("组织「dongcun」已有在办的软弱涣散基层党组织整顿案件"))
        }
    }

    @Test(
        "a bad list is refused with each bad row by its line and the form kept; nothing is written; a supervisor, a forged form, a malformed or large body change nothing"
    )
    func uploadRefused() async throws {
        try await pages.api.withClient(maxBody: 4096) { client in
            let (admin, csrf) = try await pages.loggedIn(client, "p-admin")
            let refused = try await admin.send(
                .post, "/campaigns/new",
                body: Self.multipart(
                    [("_csrf", csrf), ("name", Self.name), ("workflow", "branch-rectification")],
                    file: ("orgs.csv", Self.badCSV)),
                now: "2026-01-10", headers: Self.multipartType)
            #expect(refused.status == 400, "\(refused.text)")
            #expect(refused.text.contains("<p>活动名单有 3 行有误，未启动任何案件</p>"), "\(refused.text)")
            #expect(refused.text.contains("<li>第 3 行：组织「atlantis」不存在</li>"))
            #expect(refused.text.contains("<li>第 5 行：组织「dongcun」重复（第 2 行已列出）</li>"))
            #expect(
                refused.text.contains("<li>第 4 行：新案件：「nominate」的输入有误：\n  - criteria：「secretary-gone」不是可选值（可选："),
                "the rule's words for a choice not offered")
            #expect(refused.text.contains("value=\"2026年度整顿\""), "the name is kept")
            #expect(refused.text.contains(">org,criteria,evidence\ndongcun,secretary-vacant;disputes,书记空缺\natlantis"))

            // A pasted YAML list that the reader cannot read: the file's problem by its line.
            let yaml = try await pages.post(
                admin, "/campaigns/new",
                [
                    ("_csrf", csrf), ("name", Self.name), ("workflow", "branch-rectification"),
                    ("text", "- {org: dongcun, criteria: [disputes], evidence: x}\n- {criteria: [disputes]}\n"),
                    ("format", "yaml"),
                ], now: "2026-01-10")
            #expect(yaml.status == 400 && yaml.text.contains("<p>活动名单有 1 处错误，未启动任何案件</p>"), "\(yaml.text)")
            #expect(yaml.text.contains("<li>第 2 行：缺少 org</li>"))

            let empty = try await pages.post(
                admin, "/campaigns/new", [("_csrf", csrf), ("name", Self.name), ("text", "")], now: "2026-01-10")
            #expect(empty.status == 400 && empty.text.contains("请选择名单文件，或把名单粘贴在文本框中"))

            // Without the page's token, nothing is read.
            let forged = try await admin.send(
                .post, "/campaigns/new",
                body: Self.multipart(
                    [("name", Self.name), ("workflow", "branch-rectification")], file: ("a.csv", Self.goodCSV)),
                now: "2026-01-10", headers: Self.multipartType)
            #expect(forged.status == 403 && forged.text.contains("请求缺少有效的 CSRF 令牌"))

            // A body without its closing delimiter, or with no boundary, is a 400.
            let cut = String(
                Self.multipart([("_csrf", csrf), ("name", Self.name)], file: ("a.csv", Self.goodCSV)).dropLast(24))
            let malformed = try await admin.send(
                .post, "/campaigns/new", body: cut, now: "2026-01-10", headers: Self.multipartType)
            #expect(malformed.status == 400 && malformed.text.contains("表单格式有误（multipart/form-data）"))
            for garbage in [
                "", "--docketBoundary7", "garbage",
                "--docketBoundary7\r\nContent-Type: text/plain\r\n\r\nx\r\n--docketBoundary7--",
                "--docketBoundary7\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n--docketBoundary7--",
                "--docketBoundary7\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx",
                "--docketBoundary7\r\nno colon here\r\n\r\nx\r\n--docketBoundary7--",
            ] {
                let answer = try await admin.send(
                    .post, "/campaigns/new", body: garbage, now: "2026-01-10", headers: Self.multipartType)
                #expect(answer.status == 400, "\(garbage)")
            }
            let noBoundary = try await admin.send(
                .post, "/campaigns/new", body: cut, now: "2026-01-10",
                headers: [.contentType: "multipart/form-data"])
            #expect(noBoundary.status == 400)
            let large = try await admin.send(
                .post, "/campaigns/new",
                body: Self.multipart(
                    [("_csrf", csrf)], file: ("a.csv", String(repeating: "dongcun,x,y\n", count: 400))),
                now: "2026-01-10", headers: Self.multipartType)
            #expect(large.status == 413)

            // A supervisor may read campaigns but starts none: refused, the rows untouched.
            let (sun, sunCSRF) = try await pages.loggedIn(client, "p-sun")
            let supervisor = try await sun.send(
                .post, "/campaigns/new",
                body: Self.multipart(
                    [("_csrf", sunCSRF), ("name", Self.name), ("workflow", "branch-rectification")],
                    file: ("orgs.csv", Self.goodCSV)),
                now: "2026-01-10", headers: Self.multipartType)
            #expect(supervisor.status == 403, "\(supervisor.text)")
        }
        let admin = deployment.caller("p-admin", at: "2026-01-12")
        #expect(try app.campaigns(by: admin).isEmpty)
        var cases: [String] = []
        try app.eachCase(.init(), limit: 100, by: admin) { cases.append($0.id) }
        #expect(cases.isEmpty)
    }
}
