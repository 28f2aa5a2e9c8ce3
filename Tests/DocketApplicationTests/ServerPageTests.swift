import DocketApplication
import DocketCore
import DocketEngine
import DocketServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The web pages, in process: logging in with the form, my work, the case page and its
/// forms (a refusal keeps what was typed), the overdue tree, and nothing unescaped.
@Suite struct ServerPageTests: Sendable {
    let api: ServerAPITests
    var deployment: Deployment { api.deployment }

    init() throws { api = try ServerAPITests() }

    /// Logs in through the login form; the client then sends the session cookie.
    func loggedIn(_ client: ServerAPITests.Client, _ person: String) async throws -> (ServerAPITests.Client, String) {
        let answer = try await client.send(
            .post, "/login",
            body:
                "person=\(person)&password=\(ServerAPITests.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")",
            headers: [.contentType: "application/x-www-form-urlencoded"])
        #expect(answer.status == 303 && answer.headers[.location] == "/")
        var client = client
        client.headers[.cookie] = String((answer.headers[.setCookie] ?? "").prefix { $0 != ";" })
        let home = try await client.send(.get, "/")
        let csrf = try #require(Self.csrf(in: home.text))
        return (client, csrf)
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    func post(_ client: ServerAPITests.Client, _ path: String, _ fields: [(String, String)], now: String? = nil)
        async throws -> ServerAPITests.Client.Answer
    {
        let body = fields.map { name, value in
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._"))
            return "\(name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")="
                + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
        return try await client.send(
            .post, path, body: body, now: now, headers: [.contentType: "application/x-www-form-urlencoded"])
    }

    @Test("a page without a login sends the browser to the login form; a wrong password says so on the form")
    func login() async throws {
        try await api.withClient { client in
            let home = try await client.send(.get, "/")
            #expect(home.status == 303 && home.headers[.location] == "/login")
            let form = try await client.send(.get, "/login")
            #expect(form.status == 200 && form.text.contains("<form method=\"post\" action=\"/login\""))
            let wrong = try await client.send(
                .post, "/login", body: "person=p-secretary&password=wrong-one-here",
                headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(wrong.status == 401 && wrong.text.contains("人员标识或密码不对") && wrong.text.contains("p-secretary"))
        }
    }

    @Test("a request is taken at the counter, appears on the dispatcher's list, and is dispatched from its page")
    func takeAndDispatch() async throws {
        try await api.withClient { client in
            let (intake, intakeCSRF) = try await loggedIn(client, "p-intake")
            let taken = try await post(
                intake, "/cases/new",
                [
                    ("_csrf", intakeCSRF), ("_workflow", "service-request"), ("_org", "dongcun-g1"),
                    ("f.requester", "张大爷"), ("f.phone", "13800000000"), ("f.category", "repair"),
                    ("f.description", "<script>alert(1)</script>水管漏水"), ("f.urgency", "utility"),
                ], now: "2026-11-22T09:30")
            #expect(taken.status == 303, "\(taken.text)")
            let location = try #require(taken.headers[.location])
            #expect(location.hasPrefix("/cases/SR-"))

            let (secretary, csrf) = try await loggedIn(client, "p-secretary")
            let home = try await secretary.send(.get, "/", now: "2026-11-22T09:40")
            #expect(home.text.contains(location) && home.text.contains("派单"), "the request waits for 赵书记")
            let page = try await secretary.send(.get, location, now: "2026-11-22T09:40")
            #expect(page.text.contains("李明 (p-li)") && page.text.contains("name=\"f.assignee\""))
            #expect(!page.text.contains("<script>alert(1)</script>") && page.text.contains("&lt;script&gt;"))

            // Refused: no assignee. The message is shown and the note typed is kept.
            let refused = try await post(
                secretary, location + "/events/dispatch", [("_csrf", csrf), ("_note", "先派单")],
                now: "2026-11-22T09:45")
            // A missing field is invalid input, as on the command line (status 7): 400.
            #expect(refused.status == 400, "\(refused.status)")
            #expect(refused.text.contains("class=\"error\"") && refused.text.contains("必填，但未提供"))
            #expect(refused.text.contains("name=\"_note\" maxlength=\"2000\" value=\"先派单\""), "the note is kept")
            let dispatched = try await post(
                secretary, location + "/events/dispatch", [("_csrf", csrf), ("f.assignee", "p-li")],
                now: "2026-11-22T09:50")
            #expect(dispatched.status == 303)
            let after = try await secretary.send(.get, location, now: "2026-11-22T09:55")
            #expect(after.text.contains("<dd>已派单待接单</dd>"), "\(after.text.prefix(2000))")

            // A form posted without the page's token changes nothing.
            let forged = try await post(secretary, location + "/events/dispatch", [("f.assignee", "p-zhou")])
            #expect(forged.status == 403)
        }
    }

    @Test("a supervisor reaches a township's overdue cases in two clicks from the overdue page")
    func overdueTree() async throws {
        let id = try deployment.start(
            "service-request", org: "dongcun-g1", as: "p-intake", at: "2026-11-22T09:30",
            [
                "requester": "张大爷", "phone": "13800000000", "category": "repair", "description": "漏水",
                "urgency": "utility",
            ]
        ).snapshot.id
        try await api.withClient { client in
            let (admin, _) = try await loggedIn(client, "p-admin")
            let top = try await admin.send(.get, "/overdue", now: "2026-12-01T09:00")
            #expect(top.status == 200 && top.text.contains("/overdue?org=chengguan"), "\(top.text.prefix(3000))")
            let town = try await admin.send(.get, "/overdue?org=chengguan", now: "2026-12-01T09:00")
            #expect(town.text.contains("/cases/\(id)") && town.text.contains("东村"))
            let english = try await admin.send(.get, "/overdue?org=chengguan&lang=en", now: "2026-12-01T09:00")
            #expect(english.text.contains("Overdue, most overdue first"))
        }
    }

    @Test("the report page shows each village's requests and rates, with the formulas and a chart drawn on the server")
    func report() async throws {
        try deployment.start(
            "service-request", org: "dongcun-g1", as: "p-intake", at: "2026-11-22T09:30",
            [
                "requester": "张大爷", "phone": "13800000000", "category": "repair", "description": "漏水",
                "urgency": "utility",
            ])
        try await api.withClient { client in
            let (admin, _) = try await loggedIn(client, "p-admin")
            let page = try await admin.send(.get, "/reports?from=2026-11-01&to=2026-11-30", now: "2026-11-30T09:00")
            #expect(page.status == 200 && page.text.contains("满意率 = 满意评价 ÷ 全部评价"))
            #expect(page.text.contains("<svg") && page.text.contains("东村"))
            let bad = try await admin.send(.get, "/reports?from=2026-12-01&to=2026-11-01")
            #expect(bad.status == 422 && bad.text.contains("class=\"error\""))
            #expect(bad.text.contains("from 不应晚于 to"))
        }
    }
}
