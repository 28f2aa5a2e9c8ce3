import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketPresentation
import Foundation
import Hummingbird

/// The web pages (shared/API.md "Web pages"): server-rendered, Chinese first, usable
/// without JavaScript and on a phone. Each page makes the same application calls as the
/// JSON API and renders them with the titles a clerk knows.
struct PageRoutes {
    let server: DocketServer
    var app: DocketApp { server.app }

    func add(to router: RecordingRouter) {
        router.get("static/docket.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: .init(string: Stylesheet.text)))
        }
        router.get("login", use: loginPage)
        router.post("login", use: logIn)
        router.post("logout", use: logOut)
        router.get("", use: home)
        router.get("cases/new", use: newCasePage)
        router.post("cases/new", use: startCase)
        router.get("cases/:id", use: casePage)
        router.post("cases/:id/events/:event", use: fire)
        router.get("overdue", use: overduePage)
        router.get("due-soon", use: dueSoonPage)
        router.get("reports", use: reportsPage)
        router.get("campaigns", use: campaignsPage)
        router.get("campaigns/new", use: newCampaignPage)
        router.post("campaigns/new", use: startCampaign)
        router.get("campaigns/:name", use: campaignPage)
    }

    func page(_ title: String, _ body: String, _ context: DocketRequestContext) -> Page {
        Page(title: title, body: body, language: context.language, person: context.person, csrf: context.csrfToken)
    }

    func caller(_ request: Request, _ context: DocketRequestContext) -> Caller {
        Caller(person: context.person, now: server.now(for: request))
    }

    /// A form that changes something carries the session's CSRF token.
    func checkCSRF(_ form: FormBody, _ context: DocketRequestContext) throws {
        guard let token = context.csrfToken, form["_csrf"] == token else {
            throw Authentication.csrfRefused(context.language)
        }
    }

    // MARK: Logging in and out

    @Sendable func loginPage(_ request: Request, context: DocketRequestContext) async throws -> Response {
        loginForm(context, person: "", message: nil).response()
    }

    func loginForm(_ context: DocketRequestContext, person: String, message: String?) -> Page {
        let zh = context.language == .zh
        var body = ""
        if let message { body += "<p class=\"error\" role=\"alert\">\(Page.escape(message))</p>" }
        body += """
            <form method="post" action="/login" class="card">
            <label>\(zh ? "人员标识" : "Person id") <input name="person" value="\(Page.escape(person))" autocomplete="username" required autofocus></label>
            <label>\(zh ? "密码" : "Password") <input name="password" type="password" autocomplete="current-password" required></label>
            <button>\(zh ? "登录" : "Log in")</button>
            </form>
            """
        return Page(title: zh ? "登录" : "Log in", body: body, language: context.language, person: nil, csrf: nil)
    }

    @Sendable func logIn(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, limit: server.settings.maxBodyBytes, language: context.language)
        let (person, password) = (form["person"] ?? "", form["password"] ?? "")
        let (app, address, now) = (app, context.address, server.now(for: request))
        do {
            let (secret, session) = try await blocking {
                try app.logIn(person: person, password: password, address: address, at: now)
            }
            var response = Response.redirect(to: "/")
            response.setCookie(APIRoutes.sessionCookie(secret, expires: session.expiresAt))
            return response
        } catch {
            let failure = Failure(error, language: context.language, zone: app.zone)
            return loginForm(context, person: person, message: failure.message).response(
                status: failure.httpStatus)
        }
    }

    @Sendable func logOut(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, limit: server.settings.maxBodyBytes, language: context.language)
        try checkCSRF(form, context)
        if let secret = context.sessionSecret {
            let app = self.app
            try await blocking { try app.logOut(secret: secret) }
        }
        var response = Response.redirect(to: "/login")
        response.setCookie(APIRoutes.sessionCookie("", expires: Date(timeIntervalSince1970: 0)))
        return response
    }

    // MARK: My work

    @Sendable func home(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, lang) = (app, caller(request, context), context.language)
        let zh = lang == .zh
        let items = try await blocking { try app.myWork(by: caller) }
        // The names of the assignees shown, not of everyone the reader may see.
        let names = try await blocking {
            Dictionary(
                Set(items.compactMap(\.view.snapshot.assignee)).map { ($0, app.personName($0) ?? $0) },
                uniquingKeysWith: { first, _ in first })
        }
        var body = "<p>\(zh ? "现在可以办理的案件，最紧急的在前。" : "Cases you can act on now, most urgent first.")</p>"
        if items.isEmpty {
            body += "<p class=\"empty\">\(zh ? "暂无待办。" : "Nothing to do now.")</p>"
        } else {
            var rows = ""
            for item in items {
                let s = item.view.snapshot
                let d = item.view.definition
                let state = d.state(s.state)?.title.text(lang) ?? s.state
                let next = item.events.map { event in
                    let missing = event.missing.compactMap { d.field($0)?.title.text(lang) }
                    return Page.escape(event.title.text(lang))
                        + (missing.isEmpty
                            ? ""
                            : "<small>（\(zh ? "需填" : "needs") \(Page.escape(missing.joined(separator: "、")))）</small>")
                }.joined(separator: "<br>")
                var due = "—"
                if let limit = item.nextLimit {
                    let overdue = limit.status(at: caller.now) == .overdue
                    due =
                        "<span class=\"\(overdue ? "overdue" : "due")\">\(Page.escape(limit.title.text(lang))) "
                        + Page.escape(app.zone.formatShort(limit.dueAt))
                        + (overdue
                            ? "（\(zh ? "已逾期" : "overdue") \(Page.escape(limit.overdueText(at: caller.now, zone: app.zone, language: lang)))）"
                            : "") + "</span>"
                }
                let assignee = s.assignee.map { id in names[id] ?? id } ?? "—"
                rows += """
                    <tr><td><a href="/cases/\(Page.escape(s.id))">\(Page.escape(s.id))</a></td>\
                    <td>\(Page.escape(d.title.text(lang)))</td><td>\(Page.escape(state))</td>\
                    <td>\(Page.escape(app.organisationName(s.organisation) ?? s.organisation))</td>\
                    <td>\(Page.escape(assignee))</td><td>\(due)</td><td>\(next)</td></tr>
                    """
            }
            body += Page.table(
                zh
                    ? ["案件", "工作流", "状态", "组织", "承办人", "时限", "下一步"]
                    : ["Case", "Workflow", "State", "Organisation", "Assignee", "Limit", "Next step"], rows)
        }
        return page(zh ? "我的待办" : "My work", body, context).response()
    }
}
