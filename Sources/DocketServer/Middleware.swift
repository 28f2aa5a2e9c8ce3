import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation
import Hummingbird
import NIOCore
import NIOPosix

/// One line per request on stderr: method, path, status, duration, person.
struct RequestLog: RouterMiddleware {
    typealias Context = DocketRequestContext
    let write: @Sendable (String) -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let started = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - started
            let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            // The path without its query: a query may hold a name someone searched for.
            write(
                "\(request.method) \(request.uri.path) \(status) \(String(format: "%.1f", ms))ms \(context.identity.value ?? "-")"
            )
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}

/// Every failure answered in the caller's words: JSON under `/api/`, a page elsewhere.
/// A route that does not exist, a body too large, anything thrown: never a bare 500 for
/// something the request got wrong.
struct FailureAnswers: RouterMiddleware {
    typealias Context = DocketRequestContext
    let app: DocketApp
    /// The routes, to tell a method a path lacks (405, with the ones it has) from a path
    /// no route has (404).
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.language = Self.language(of: request)
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = routes.methods(for: request.uri.path)
            if !allowed.isEmpty {
                let list = allowed.joined(separator: ", ")
                let failure = Failure(
                    .methodNotAllowed, zh: "\(request.uri.path) 不接受 \(request.method)，只接受 \(list)",
                    en: "\(request.uri.path) does not take \(request.method), only \(list)", language: context.language,
                    context: [("allowed", .array(allowed.map(JSONValue.string)))])
                var response = answer(failure, to: request, context)
                response.headers[.allow] = list
                return response
            }
            let failure = Failure(
                .notFound, zh: "没有这个地址：\(request.method) \(request.uri.path)",
                en: "no such route: \(request.method) \(request.uri.path)", language: context.language)
            return answer(failure, to: request, context)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return answer(Self.tooLarge(context.language), to: request, context)
        } catch is NIOTooManyBytesError {
            return answer(Self.tooLarge(context.language), to: request, context)
        } catch {
            return answer(Failure(error, language: context.language, zone: app.zone), to: request, context)
        }
    }

    static func tooLarge(_ language: Language) -> Failure {
        Failure(.tooLarge, zh: "请求内容过大", en: "the request body is too large", language: language)
    }

    func answer(_ failure: Failure, to request: Request, _ context: Context) -> Response {
        if request.uri.path.hasPrefix("/api/") || request.uri.path == "/openapi.json" {
            return .json(failure.json, status: failure.httpStatus)
        }
        if failure.kind == .unauthenticated {
            return .redirect(to: "/login")
        }
        return Page.failure(failure, context).response(status: failure.httpStatus)
    }

    /// Chinese unless the reader asks for English: `?lang=en`, or `Accept-Language`
    /// preferring English over Chinese.
    static func language(of request: Request) -> Language {
        if let lang = request.uri.queryParameters.get("lang") { return lang.hasPrefix("en") ? .en : .zh }
        if let cookie = request.cookies["docket_lang"]?.value { return cookie == "en" ? .en : .zh }
        guard let accepted = request.headers[.acceptLanguage]?.lowercased() else { return .zh }
        let first = accepted.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return first.hasPrefix("en") ? .en : .zh
    }
}

/// Who is asking: a browser's session cookie, or a script's bearer token. Routes other
/// than logging in, the login page and the health check need one; a form or an API call
/// that changes something with a session carries its CSRF token.
struct Authentication: RouterMiddleware {
    typealias Context = DocketRequestContext
    static let cookie = "docket_session"
    let app: DocketApp

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        let app = self.app
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw Self.unauthenticated(context.language)
            }
            let secret = String(parts[1])
            guard let person = try await blocking({ try app.person(forSecret: secret, kind: .bearer) }) else {
                throw Self.unauthenticated(context.language)
            }
            context.person = person
        } else if let secret = request.cookies[Self.cookie]?.value, !secret.isEmpty {
            if let person = try await blocking({ try app.person(forSecret: secret, kind: .session) }) {
                context.person = person
                context.sessionSecret = secret
            }
        }
        let path = request.uri.path
        let open =
            ["/healthz", "/login", "/openapi.json", "/static/docket.css"].contains(path)
            || (path == "/api/v1/session" && request.method == .post)
        context.identity.value = context.person
        if context.person == nil && !open { throw Self.unauthenticated(context.language) }
        // A browser's session sends its cookie with any request, even one a page of
        // another site makes: a change needs the token only Docket's own pages hold.
        // (The login form has none yet; SameSite=Lax keeps other sites' posts out of it.)
        if context.sessionSecret != nil, !open, ![.get, .head].contains(request.method), path.hasPrefix("/api/") {
            guard request.headers[.csrfToken] == context.csrfToken else { throw Self.csrfRefused(context.language) }
        }
        return try await next(request, context)
    }

    static func csrfToken(_ secret: String) -> String {
        String(AccessToken.hash(ofSecret: "docket-csrf\u{1F}" + secret).prefix(40))
    }

    static func unauthenticated(_ language: Language) -> Failure {
        Failure(
            .unauthenticated, zh: "请先登录（或提供有效的 Bearer 令牌）",
            en: "log in first (or send a valid bearer token)", language: language)
    }

    static func csrfRefused(_ language: Language) -> Failure {
        Failure(
            .permissionDenied, zh: "请求缺少有效的 CSRF 令牌：请从 Docket 的页面提交",
            en: "the request lacks a valid CSRF token: submit it from Docket's own page", language: language,
            context: [("reason", .string("csrf"))])
    }
}

/// Runs the application's blocking work (a store transaction) on the thread pool, off
/// the event loops that serve the other requests.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(body)
}

extension Response {
    static func json(_ value: JSONValue, status: Int = 200) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: value.rendered() + "\n")))
    }

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// Reads `+` in a query as a space, as browsers write a form sent by GET and as
/// `URLSearchParams` reads it (`?within=7+days`); a plus sign itself comes as `%2B`.
/// Hummingbird decodes percent escapes only, so the query is rewritten before routing.
struct FormEncodedQuery: RouterMiddleware {
    typealias Context = DocketRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let path = request.head.path, let mark = path.firstIndex(of: "?"),
            path[mark...].contains("+")
        else { return try await next(request, context) }
        var head = request.head
        head.path = path[..<mark] + path[mark...].replacingOccurrences(of: "+", with: "%20")
        return try await next(Request(head: head, body: request.body), context)
    }
}
