import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import DocketServer
import DocketTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `docket serve`'s JSON API, driven in process through the router: logins, who may do
/// what, the errors, and that the answers are the CLI's JSON. The deployment is the CLI
/// tests' county (Deployment); passwords are set for the people the tests log in as.
@Suite struct ServerAPITests: Sendable {
    let deployment: Deployment
    var app: DocketApp { deployment.app }

    static let password = "docket-测试-2026"

    init() throws {
        deployment = try Deployment()
        let admin = deployment.caller(Deployment.administrator, at: "2026-11-22T09:00")
        for person in ["p-intake", "p-secretary", "p-li", "p-xi", "p-sun", "p-admin"] {
            try deployment.app.setPassword(Self.password, of: person, by: admin)
        }
    }

    /// A client of the router, on a simulation store whose requests name their "now".
    func withClient(maxBody: Int = 1 << 20, _ body: @escaping @Sendable (Client) async throws -> Void) async throws {
        let server = DocketServer(
            app: app,
            settings: ServerSettings(
                simulation: true, clock: deployment.clock.now, maxBodyBytes: maxBody))
        try await Application(router: server.router()).test(.router) { client in
            try await body(Client(client: client))
        }
    }

    /// A test client that remembers a login (cookie and CSRF token, or a bearer token).
    struct Client: Sendable {
        let client: any TestClientProtocol
        var headers: HTTPFields = [:]

        struct Answer {
            var status: Int
            var headers: HTTPFields
            var text: String
            var json: [String: Any] {
                (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
            }
            var list: [[String: Any]] {
                (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] ?? []
            }
            var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
            var errorMessage: String { (json["error"] as? [String: Any])?["message"] as? String ?? "" }
        }

        func send(
            _ method: HTTPRequest.Method, _ uri: String, body: String? = nil, now: String? = nil,
            headers extra: HTTPFields = [:]
        ) async throws -> Answer {
            var headers = self.headers
            headers.append(contentsOf: extra)
            if let now { headers[HTTPField.Name("X-Docket-Now")!] = now }
            return try await client.execute(
                uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
            ) { response in
                Answer(
                    status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
            }
        }

        /// Logs in as `person` with a session cookie; the client then sends the cookie
        /// and the session's CSRF token.
        func loggedIn(_ person: String) async throws -> Client {
            let answer = try await send(
                .post, "/api/v1/session", body: #"{"person": "\#(person)", "password": "\#(ServerAPITests.password)"}"#)
            guard answer.status == 200, let cookie = answer.headers[.setCookie],
                let csrf = answer.json["csrf_token"] as? String
            else { throw LoginFailed(answer: answer.text) }
            var client = self
            client.headers[.cookie] = String(cookie.prefix { $0 != ";" })
            client.headers[HTTPField.Name("X-CSRF-Token")!] = csrf
            return client
        }

        func bearer(_ token: String) -> Client {
            var client = self
            client.headers = [.authorization: "Bearer \(token)"]
            return client
        }
    }

    struct LoginFailed: Error {
        var answer: String
    }

    static let request = #"""
        {"workflow": "service-request", "org": "dongcun-g1",
         "data": {"requester": "张大爷", "phone": "13800000000", "category": "维修", "description": "自来水管漏水", "urgency": "utility"}}
        """#

    @Test(
        "a login sets an HttpOnly, SameSite=Lax cookie; a wrong password is 401; nothing but the health check answers without one"
    )
    func logins() async throws {
        try await withClient { client in
            #expect(try await client.send(.get, "/healthz").status == 200)
            let anonymous = try await client.send(.get, "/api/v1/cases")
            #expect(anonymous.status == 401 && anonymous.errorCode == "unauthenticated")
            let wrong = try await client.send(
                .post, "/api/v1/session", body: #"{"person": "p-secretary", "password": "not-it-at-all"}"#)
            let nobody = try await client.send(
                .post, "/api/v1/session", body: #"{"person": "p-nobody", "password": "not-it-at-all"}"#)
            #expect(wrong.status == 401 && nobody.status == 401 && wrong.errorMessage == nobody.errorMessage)
            let login = try await client.send(
                .post, "/api/v1/session",
                body: #"{"person": "p-secretary", "password": "\#(Self.password)"}"#)
            let cookie = login.headers[.setCookie] ?? ""
            #expect(login.status == 200 && login.json["name"] as? String == "赵书记")
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            let secretary = try await client.loggedIn("p-secretary")
            #expect(try await secretary.send(.get, "/api/v1/me").json["person"] as? String == "p-secretary")
            #expect(try await secretary.send(.delete, "/api/v1/session").status == 204)
            #expect(try await secretary.send(.get, "/api/v1/me").status == 401, "logged out")
        }
    }

    @Test("a request taken by phone, dispatched and accepted over the API, each as the person logged in")
    func serviceRequest() async throws {
        let (token, _) = try app.createToken(
            for: "p-intake", name: "受理台", lifetime: nil, by: deployment.caller("p-intake", at: "2026-11-22T09:00"))
        try await withClient { client in
            let intake = client.bearer(token)
            let started = try await intake.send(.post, "/api/v1/cases", body: Self.request, now: "2026-11-22T09:30")
            #expect(started.status == 201, "\(started.text)")
            let id = try #require(started.json["id"] as? String)
            #expect((started.json["data"] as? [String: Any])?["category"] as? String == "repair", "维修 is repair")
            #expect(started.json["audit_seq"] is Int)

            let secretary = try await client.loggedIn("p-secretary")
            let dispatched = try await secretary.send(
                .post, "/api/v1/cases/\(id)/events", body: #"{"event": "dispatch", "data": {"assignee": "p-li"}}"#,
                now: "2026-11-22T10:00")
            #expect(dispatched.status == 200 && dispatched.json["state"] as? String == "dispatched")

            // 李明 accepts on his phone; a stale revision is a conflict and writes nothing.
            let li = try await client.loggedIn("p-li")
            let stale = try await li.send(
                .post, "/api/v1/cases/\(id)/events", body: #"{"event": "accept", "revision": 1}"#,
                now: "2026-11-22T10:30")
            #expect(stale.status == 409 && stale.errorCode == "conflict")
            let revision = try #require(dispatched.json["revision"] as? Int)
            let accepted = try await li.send(
                .post, "/api/v1/cases/\(id)/events", body: #"{"event": "accept", "revision": \#(revision)}"#,
                now: "2026-11-22T10:30")
            #expect(accepted.status == 200 && accepted.json["state"] as? String == "in-progress", "\(accepted.text)")

            // The answer is the CLI's `case show --json`, built by the same code.
            let shown = try await li.send(.get, "/api/v1/cases/\(id)", now: "2026-11-22T10:30")
            let (view, events) = try app.showCase(id, by: deployment.caller("p-li", at: "2026-11-22T10:30"))
            let expected = CaseDocument.json(view, events, now: deployment.at("2026-11-22T10:30"), zone: app.zone)
            #expect(shown.text == expected.rendered() + "\n")
            let history = try await li.send(.get, "/api/v1/cases/\(id)/history")
            #expect(history.list.map { $0["event"] as? String } == ["order", "dispatch", "accept"])
        }
    }

    @Test(
        "an outsider gets the same 403 for a case in another village and for one that does not exist; a supervisor changes nothing"
    )
    func scope() async throws {
        let id = try deployment.start(
            "service-request", org: "dongcun-g1", as: "p-intake", at: "2026-11-22T09:30",
            [
                "requester": "张大爷", "phone": "13800000000", "category": "repair", "description": "漏水",
                "urgency": "utility",
            ]
        ).snapshot.id
        try await withClient { client in
            let xi = try await client.loggedIn("p-xi")
            let existing = try await xi.send(.get, "/api/v1/cases/\(id)")
            let missing = try await xi.send(.get, "/api/v1/cases/SR-999999")
            #expect(existing.status == 403 && missing.status == 403)
            #expect(existing.errorCode == missing.errorCode)
            #expect(!existing.text.contains("ordered") && !existing.text.contains("受理"), "\(existing.text)")
            #expect(try await xi.send(.get, "/api/v1/cases").list.isEmpty, "西村 sees none of 东村's cases")

            let sun = try await client.loggedIn("p-sun")
            #expect(try await sun.send(.get, "/api/v1/cases/\(id)").status == 200, "a supervisor reads")
            let refused = try await sun.send(
                .post, "/api/v1/cases/\(id)/events", body: #"{"event": "dispatch", "data": {"assignee": "p-li"}}"#)
            #expect(refused.status == 403, "\(refused.text)")
            #expect(try deployment.state(of: id, at: "2026-11-23") == "ordered")
            #expect(try deployment.denied().contains { $0.actor == "p-sun" && $0.caseID == id })
        }
    }

    @Test("bad requests get a clear 4xx JSON error and write nothing")
    func badInput() async throws {
        try await withClient(maxBody: 4096) { client in
            let intake = try await client.loggedIn("p-intake")
            let cases = { try self.deployment.cases().count }
            let before = try cases()
            let answers = [
                ("not JSON", try await intake.send(.post, "/api/v1/cases", body: "{workflow:")),
                ("a list", try await intake.send(.post, "/api/v1/cases", body: "[1, 2]")),
                (
                    "wrong type",
                    try await intake.send(.post, "/api/v1/cases", body: #"{"workflow": 5, "org": "dongcun"}"#)
                ),
                (
                    "data not an object",
                    try await intake.send(
                        .post, "/api/v1/cases",
                        body: #"{"workflow": "service-request", "org": "dongcun-g1", "data": "x"}"#)
                ),
                (
                    "unknown key",
                    try await intake.send(
                        .post, "/api/v1/cases",
                        body: #"{"workflow": "service-request", "org": "dongcun-g1", "colour": 1}"#)
                ),
                (
                    "bad date",
                    try await intake.send(
                        .post, "/api/v1/cases",
                        body: #"{"workflow": "service-request", "org": "dongcun-g1", "on": "yesterday"}"#)
                ),
                (
                    "deep nesting",
                    try await intake.send(.post, "/api/v1/cases", body: String(repeating: "[", count: 3000))
                ),
            ]
            for (what, answer) in answers {
                #expect(answer.status == 400 && answer.errorCode == "invalid-input", "\(what): \(answer.text)")
            }
            let invalidUTF8 = try await intake.client.execute(
                uri: "/api/v1/cases", method: .post, headers: intake.headers,
                body: ByteBuffer(bytes: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D])
            ) { Int($0.status.code) }
            #expect(invalidUTF8 == 400)
            let large = try await intake.send(
                .post, "/api/v1/cases", body: #"{"note": ""# + String(repeating: "x", count: 10_000) + #""}"#)
            #expect(large.status == 413 && large.errorCode == "too-large")
            let unknown = try await intake.send(.get, "/api/v1/nowhere")
            #expect(unknown.status == 404 && unknown.errorCode == "not-found")
            let limit = try await intake.send(.get, "/api/v1/cases?limit=lots")
            #expect(limit.status == 400)
            let english = try await intake.send(
                .post, "/api/v1/cases", body: "{", headers: [.acceptLanguage: "en-GB,en;q=0.9"])
            #expect(english.errorMessage.hasPrefix("the request body"))
            #expect(try cases() == before, "nothing was written")
        }
    }

    @Test("a change with a session cookie but without the page's CSRF token is refused and writes nothing")
    func csrf() async throws {
        try await withClient { client in
            var intake = try await client.loggedIn("p-intake")
            intake.headers[HTTPField.Name("X-CSRF-Token")!] = nil
            let refused = try await intake.send(.post, "/api/v1/cases", body: Self.request)
            #expect(refused.status == 403 && (refused.json["error"] as? [String: Any])?["reason"] as? String == "csrf")
            #expect(try deployment.cases().isEmpty)
        }
    }

    @Test("a request's limit shows as overdue on the supervisor's list at a later simulated time")
    func overdueLater() async throws {
        try await withClient { client in
            let intake = try await client.loggedIn("p-intake")
            let started = try await intake.send(.post, "/api/v1/cases", body: Self.request, now: "2026-11-22T09:30")
            let id = try #require(started.json["id"] as? String)
            let sun = try await client.loggedIn("p-sun")
            #expect(try await sun.send(.get, "/api/v1/overdue", now: "2026-11-22T09:40").list.isEmpty)
            let later = try await sun.send(.get, "/api/v1/overdue", now: "2026-11-30T09:00").list
            #expect(later.contains { $0["case"] as? String == id }, "\(later)")
            let counts = try await sun.send(.get, "/api/v1/overdue/counts", now: "2026-11-30T09:00").list
            #expect(counts.contains { $0["org"] as? String == "dongcun" && ($0["overdue"] as? Int ?? 0) > 0 })
        }
    }

    @Test("the OpenAPI document names every route the server answers")
    func openAPI() async throws {
        try await withClient { client in
            let document = try await client.send(.get, "/openapi.json")
            #expect(document.status == 200 && document.json["openapi"] as? String == "3.1.0")
            let paths = try #require(document.json["paths"] as? [String: [String: Any]])
            let admin = try await client.loggedIn("p-admin")
            for (path, methods) in paths {
                for method in methods.keys where method == "get" && !path.contains("{") {
                    let answer = try await admin.send(.get, path)
                    #expect(answer.status != 404 && answer.status < 500, "\(path): \(answer.status) \(answer.text)")
                }
            }
            // The routes of shared/API.md this server answers, each documented.
            let contract = [
                "post /api/v1/session", "delete /api/v1/session", "get /api/v1/me", "get /api/v1/workflows",
                "get /api/v1/workflows/{id}", "get /api/v1/orgs", "get /api/v1/orgs/{id}", "get /api/v1/people",
                "get /api/v1/cases", "post /api/v1/cases", "get /api/v1/cases/{id}", "post /api/v1/cases/{id}/events",
                "get /api/v1/cases/{id}/history", "get /api/v1/overdue", "get /api/v1/due-soon",
                "get /api/v1/overdue/counts", "get /api/v1/audit/verify", "get /healthz",
                "get /api/v1/reports/stages", "get /api/v1/reports/service", "get /api/v1/campaigns",
                "get /api/v1/campaigns/{name}",
            ]
            for route in contract {
                let parts = route.split(separator: " ").map(String.init)
                #expect(paths[parts[1]]?[parts[0]] != nil, "\(route) is documented")
            }
        }
    }
    @Test(
        "a method a path lacks is 405 naming those it takes; a query's + is a space; a Chinese name in the path is read; values that cannot go together are 422"
    )
    func requestForms() async throws {
        try await withClient { client in
            let sun = try await client.loggedIn("p-sun")
            let put = try await sun.send(.put, "/api/v1/cases")
            #expect(put.status == 405 && put.errorCode == "method-not-allowed")
            #expect(put.headers[.allow] == "GET, POST")
            #expect(put.json["error"].flatMap { ($0 as? [String: Any])?["allowed"] as? [String] } == ["GET", "POST"])
            let deleteCase = try await sun.send(.delete, "/api/v1/cases/SR-000001")
            #expect(deleteCase.status == 405 && deleteCase.headers[.allow] == "GET")
            #expect(try await sun.send(.put, "/api/v1/nowhere").status == 404)
            let page = try await sun.send(.post, "/overdue")
            #expect(page.status == 405 && page.headers[.allow] == "GET" && page.text.contains("只接受 GET"))

            let intake = try await client.loggedIn("p-intake")
            let started = try await intake.send(.post, "/api/v1/cases", body: Self.request, now: "2026-11-22T09:30")
            #expect(started.status == 201)
            let soon = try await sun.send(.get, "/api/v1/due-soon?within=3+days", now: "2026-11-22T09:40")
            #expect(soon.status == 200 && soon.list.count == 1, "\(soon.text)")
            let plus = try await sun.send(.get, "/api/v1/due-soon?within=3%2Bdays", now: "2026-11-22T09:40")
            #expect(plus.status == 400 && plus.errorMessage.contains("3+days"))

            let village = try await sun.send(.get, "/api/v1/orgs/%E4%B8%9C%E6%9D%91")
            #expect(village.status == 200 && village.json["id"] as? String == "dongcun", "\(village.text)")

            let backwards = try await sun.send(.get, "/api/v1/reports/service?from=2026-12-01&to=2026-11-01")
            #expect(backwards.status == 422 && backwards.errorCode == "invalid-input")
            #expect(backwards.errorMessage == "from 不应晚于 to")
            let badID = try await intake.send(
                .post, "/api/v1/cases",
                body: #"{"workflow": "service-request", "org": "dongcun-g1", "id": "SR/1"}"#)
            #expect(badID.status == 422 && badID.errorCode == "invalid-input", "\(badID.text)")
        }
    }
    @Test(
        "the case list and the overdue list come a page at a time, each page's Link naming the next, until every row was given once"
    )
    func pages() async throws {
        try await withClient { client in
            let intake = try await client.loggedIn("p-intake")
            for minute in 30..<35 {
                let started = try await intake.send(
                    .post, "/api/v1/cases", body: Self.request, now: "2026-11-22T09:\(minute)")
                #expect(started.status == 201)
            }
            let sun = try await client.loggedIn("p-sun")
            func walk(_ first: String, key: String) async throws -> (rows: [String], pages: Int) {
                var (rows, pages, next): ([String], Int, String?) = ([], 0, first)
                while let uri = next {
                    let answer = try await sun.send(.get, uri, now: "2026-12-20T09:00")
                    #expect(answer.status == 200, "\(uri): \(answer.text)")
                    rows += answer.list.compactMap { $0[key] as? String }
                    pages += 1
                    next = answer.headers[HTTPField.Name("Link")!].map { link in
                        String(link.drop { $0 != "<" }.dropFirst().prefix { $0 != ">" })
                    }
                    #expect(answer.headers[HTTPField.Name("Link")!]?.hasSuffix(#"; rel="next""#) ?? true)
                    if pages > 10 { break }
                }
                return (rows, pages)
            }
            let all = try await sun.send(.get, "/api/v1/cases?workflow=service-request", now: "2026-12-20T09:00").list
            #expect(all.count == 5)
            let cases = try await walk("/api/v1/cases?workflow=service-request&limit=2", key: "id")
            #expect(cases.rows == all.compactMap { $0["id"] as? String } && cases.pages == 3)

            let overdue = try await sun.send(.get, "/api/v1/overdue", now: "2026-12-20T09:00").list
            #expect(overdue.count >= 5)
            let walked = try await walk("/api/v1/overdue?limit=2", key: "case")
            #expect(walked.rows == overdue.compactMap { $0["case"] as? String })
            #expect(walked.pages == (overdue.count + 1) / 2, "a Link only when rows remain")

            let broken = try await sun.send(.get, "/api/v1/overdue?cursor=bm90LW91cnM")
            #expect(broken.status == 422 && broken.errorCode == "invalid-input")
            #expect(broken.errorMessage.hasPrefix("cursor 无效"))
        }
    }
}
