import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation
import Hummingbird

/// The JSON API of shared/API.md, under `/api/v1`: each route reads its request, makes
/// one call to the application as the person logged in, and answers the JSON the command
/// line prints with `--json`.
struct APIRoutes {
    let server: DocketServer
    var app: DocketApp { server.app }

    /// The most rows a list answers at once: `?limit=` asks for fewer.
    static let listLimit = 1000

    func add(to router: RecordingRouter) {
        let app = self.app
        router.get("healthz") { _, _ in
            _ = try await blocking { try app.store.timeZoneIdentifier() }
            return Response.json(.object([("status", .string("ok"))]))
        }
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: .init(string: OpenAPIDocument.text)))
        }
        let api = router.group("api/v1")
        api.post("session", use: logIn)
        api.delete("session", use: logOut)
        api.get("me", use: me)
        api.get("workflows", use: workflows)
        api.get("workflows/:id", use: workflow)
        api.get("orgs", use: organisations)
        api.get("orgs/:id", use: organisation)
        api.get("people", use: people)
        api.get("cases", use: cases)
        api.post("cases", use: startCase)
        api.get("cases/:id", use: showCase)
        api.post("cases/:id/events", use: fire)
        api.get("cases/:id/history", use: history)
        api.get("overdue", use: overdueList)
        api.get("overdue/counts", use: overdueCountList)
        api.get("due-soon", use: dueSoonList)
        api.get("audit/verify", use: verify)
        api.get("reports/stages", use: stageReport)
        api.get("reports/service", use: serviceReport)
        api.get("campaigns", use: campaigns)
        api.get("campaigns/:name", use: campaign)
    }

    // MARK: Logins

    @Sendable func logIn(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let body = try await RequestBody.read(
            request, limit: server.settings.maxBodyBytes, allowed: ["person", "password"], language: context.language)
        let (person, password) = (try body.requiredString("person"), try body.requiredString("password"))
        let (app, address, now) = (app, context.address, server.now(for: request))
        let (secret, session) = try await blocking {
            try app.logIn(person: person, password: password, address: address, at: now)
        }
        let me = try await blocking { try app.person(person, by: Caller(person: person, now: now)) }
        var response = Response.json(
            .object([
                ("person", .string(person)), ("name", .string(me.person.name)),
                ("roles", Self.roles(me.person)), ("csrf_token", .string(Authentication.csrfToken(secret))),
            ]))
        response.setCookie(Self.sessionCookie(secret, expires: session.expiresAt))
        return response
    }

    @Sendable func logOut(_ request: Request, context: DocketRequestContext) async throws -> Response {
        if let secret = context.sessionSecret {
            let app = self.app
            try await blocking { try app.logOut(secret: secret) }
        }
        var response = Response(status: .noContent)
        response.setCookie(Self.sessionCookie("", expires: Date(timeIntervalSince1970: 0)))
        return response
    }

    static func sessionCookie(_ secret: String, expires: Date?) -> Cookie {
        Cookie(
            name: Authentication.cookie, value: secret, expires: expires, path: "/", httpOnly: true, sameSite: .lax)
    }

    static func roles(_ person: Person) -> JSONValue {
        .array(person.roles.map { .object([("role", .string($0.role)), ("org", .string($0.organisation))]) })
    }

    @Sendable func me(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller) = (app, caller(request, context))
        let me = try await blocking { try app.person(caller.person ?? "", by: caller) }
        return .json(
            .object([
                ("person", .string(me.person.id)), ("name", .string(me.person.name)),
                ("status", .string(me.person.status.rawValue)), ("roles", Self.roles(me.person)),
                ("open_cases", .int(me.openCases)), ("csrf_token", .string(context.csrfToken)),
            ]))
    }

    // MARK: Workflows and the directory

    @Sendable func workflows(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller) = (app, caller(request, context))
        return .json(
            try await blocking {
                .array(try app.deployedWorkflows(by: caller).map { DirectoryDocument.workflow($0, zone: app.zone) })
            })
    }

    @Sendable func workflow(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, id) = (app, caller(request, context), try parameter("id", context))
        return .json(
            try await blocking {
                let definition = try app.definition(id, version: nil, by: caller)
                return WorkflowDescription.json(definition, overrides: try app.parameterOverrides(for: definition))
            })
    }

    @Sendable func organisations(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller) = (app, caller(request, context))
        let root = request.uri.queryParameters.get("org")
        return .json(
            try await blocking {
                let (tree, roots) = try app.organisationTree(under: root, by: caller)
                return DirectoryDocument.tree(roots, in: tree)
            })
    }

    @Sendable func organisation(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, id) = (app, caller(request, context), try parameter("id", context))
        return .json(
            try await blocking {
                let summary = try app.organisation(id, by: caller)
                let org = summary.organisation
                return .object([
                    ("id", .string(org.id)), ("name", .string(org.name)), ("kind", .string(org.kind)),
                    ("parent", .string(org.parent)),
                    (
                        "children",
                        .array(summary.children.map { .object([("id", .string($0.id)), ("name", .string($0.name))]) })
                    ),
                    (
                        "people",
                        .array(
                            summary.holders.map {
                                .object([
                                    ("person", .string($0.person.id)), ("name", .string($0.person.name)),
                                    ("role", .string($0.role)),
                                ])
                            })
                    ),
                    ("open_cases", .int(summary.openCases)), ("overdue", .int(summary.overdue)),
                ])
            })
    }

    @Sendable func people(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller) = (app, caller(request, context))
        let (org, role) = (request.uri.queryParameters.get("org"), request.uri.queryParameters.get("role"))
        return .json(
            try await blocking {
                .array(try app.people(under: org, holding: role, by: caller).people.map(DirectoryDocument.person))
            })
    }

    // MARK: Cases

    @Sendable func cases(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller) = (app, caller(request, context))
        let query = request.uri.queryParameters
        let filter = DocketApp.TypedFilter(
            workflow: query.get("workflow"), state: query.get("state"), organisation: query.get("org"),
            person: query.get("assignee"))
        let (limit, after) = (try self.limit(request, context), try ListCursor.caseID(request, context))
        let (rows, next) = try await blocking {
            let definitions = Dictionary(
                try app.everyDefinition().map { ("\($0.id)#\($0.version)", $0) }, uniquingKeysWith: { a, _ in a })
            var rows: [JSONValue] = []
            var page = PageOfRows<String>(size: limit)
            try app.eachCase(filter, limit: page.storeLimit, after: after, by: caller) { snapshot in
                guard page.keep(snapshot.id) else { return }
                rows.append(
                    CaseDocument.summary(
                        snapshot, definition: definitions["\(snapshot.workflow)#\(snapshot.version)"], zone: app.zone))
            }
            return (JSONValue.array(rows), page.next)
        }
        var response = Response.json(rows)
        response.link(next: next.map(ListCursor.encode(caseID:)), of: request)
        return response
    }

    @Sendable func startCase(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let body = try await RequestBody.read(
            request, limit: server.settings.maxBodyBytes,
            allowed: ["workflow", "org", "id", "event", "on", "data", "items", "note"], language: context.language)
        let workflow = try body.requiredString("workflow")
        let organisation = try body.requiredString("org")
        let caseID = try body.string("id")
        let event = EventRequest(
            event: try body.string("event") ?? "", input: try body.fields("data"), on: try day(body, "on"),
            actor: "", note: try body.string("note"), items: try body.items("items"))
        let (app, caller, language) = (app, caller(request, context), context.language)
        return try await blocking {
            do {
                let view = try app.startCase(
                    workflow: workflow, organisation: organisation, caseID: caseID, request: event, by: caller)
                return .json(try Self.changed(view, app, caller), status: 201)
            } catch {
                throw Failure(
                    error, language: language, definition: try? app.definition(workflow, version: nil), zone: app.zone)
            }
        }
    }

    @Sendable func showCase(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, id) = (app, caller(request, context), try parameter("id", context))
        return .json(
            try await blocking {
                let (view, available) = try app.showCase(id, by: caller)
                return CaseDocument.json(view, available, now: caller.now, zone: app.zone)
            })
    }

    @Sendable func fire(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let id = try parameter("id", context)
        let body = try await RequestBody.read(
            request, limit: server.settings.maxBodyBytes,
            allowed: ["event", "on", "data", "items", "note", "revision", "auto"], language: context.language)
        let event = EventRequest(
            event: try body.requiredString("event"), input: try body.fields("data"), on: try day(body, "on"),
            actor: "", note: try body.string("note"), items: try body.items("items"))
        let (revision, auto) = (try body.integer("revision"), try body.boolean("auto") ?? false)
        let (app, caller, language) = (app, caller(request, context), context.language)
        return try await blocking {
            do {
                let fired = try app.fire(
                    caseID: id, request: event, autoAssign: auto, expectedRevision: revision, by: caller)
                return .json(try Self.changed(fired.view, app, caller))
            } catch {
                let definition = try? app.showCase(id, by: caller).0.definition
                throw Failure(error, language: language, definition: definition, zone: app.zone)
            }
        }
    }

    /// A case after a change: as `case show --json`, with the audit entry's number and hash.
    static func changed(_ view: Engine.CaseView, _ app: DocketApp, _ caller: Caller) throws -> JSONValue {
        let (fresh, available) = try app.current(view.snapshot.id, at: caller.now)
        guard case .object(var pairs) = CaseDocument.json(fresh, available, now: caller.now, zone: app.zone) else {
            return .null
        }
        if let entry = view.entry {
            pairs.append(("audit_seq", .int(entry.seq)))
            pairs.append(("audit_hash", .string(entry.hash)))
        }
        return .object(pairs)
    }

    @Sendable func history(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, id) = (app, caller(request, context), try parameter("id", context))
        return .json(
            try await blocking {
                let history = try app.caseHistory(id, by: caller)
                return .array(
                    history.entries.map { CaseDocument.entry($0, definition: history.definition, zone: app.zone) })
            })
    }

    // MARK: Limits

    @Sendable func overdue(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller) = (app, caller(request, context))
        let (filter, size) = try pagedLimitFilter(request, context)
        return try await deadlinesJSON(request, size: size) { visit in try app.eachOverdue(filter, by: caller, visit) }
    }

    @Sendable func dueSoon(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller) = (app, caller(request, context))
        let (filter, size) = try pagedLimitFilter(request, context)
        let within = request.uri.queryParameters.get("within") ?? "7 days"
        guard let horizon = CalendarDuration(parsing: within) else {
            throw Failure(
                .invalidInput, zh: "within「\(within)」不是时长（如 7 days、48 hours）",
                en: "within '\(within)' is not a duration (e.g. 7 days, 48 hours)", language: context.language,
                context: [("key", .string("within"))])
        }
        return try await deadlinesJSON(request, size: size) { visit in
            try app.eachDueSoon(filter, within: horizon, by: caller, visit)
        }
    }

    @Sendable func overdueCounts(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller) = (app, caller(request, context))
        let filter = try limitFilter(request, context)
        return .json(
            try await blocking {
                .array(
                    try app.overdueCounts(filter, by: caller).map {
                        .object([
                            ("org", .string($0.organisation)), ("name", .string($0.name)), ("overdue", .int($0.count)),
                        ])
                    })
            })
    }

    @Sendable func verify(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, language) = (app, caller(request, context), context.language)
        return .json(
            try await blocking {
                let result = try app.verifyAuditTrail(by: caller)
                if let failure = AuditDocument.failure(result, language: language) { throw failure }
                return .object(AuditDocument.intact(result))
            })
    }

    // MARK: Reading requests

    func caller(_ request: Request, _ context: DocketRequestContext) -> Caller {
        Caller(person: context.person, now: server.now(for: request))
    }

    func parameter(_ name: String, _ context: DocketRequestContext) throws -> String {
        let value = context.pathParameter(name)
        guard !value.isEmpty else {
            throw Failure(
                .invalidInput, zh: "地址缺少 \(name)", en: "the path lacks \(name)", language: context.language)
        }
        return value
    }

    func limit(_ request: Request, _ context: DocketRequestContext) throws -> Int {
        guard let typed = request.uri.queryParameters.get("limit") else { return Self.listLimit }
        guard let limit = Int(typed), (1...Self.listLimit).contains(limit) else {
            throw Failure(
                .invalidInput, zh: "limit 应为 1 至 \(Self.listLimit) 的整数",
                en: "limit must be a whole number from 1 to \(Self.listLimit)",
                language: context.language, context: [("key", .string("limit"))])
        }
        return limit
    }

    /// The filter of a page of a list of limits (one row more than the page, after the
    /// cursor), and the page's size.
    func pagedLimitFilter(_ request: Request, _ context: DocketRequestContext) throws -> (
        DocketApp.LimitFilter, size: Int
    ) {
        var filter = try limitFilter(request, context)
        let size = filter.limit ?? Self.listLimit
        filter.limit = PageOfRows<DeadlineKey>(size: size).storeLimit
        filter.after = try ListCursor.deadline(request, context)
        return (filter, size)
    }

    /// A page of a list of limits as JSON, with a `Link` to the next.
    func deadlinesJSON(
        _ request: Request, size: Int,
        _ each: @escaping @Sendable (_ visit: (DeadlineRow) throws -> Void) throws -> Void
    ) async throws -> Response {
        let (app, now) = (app, server.now(for: request))
        let (rows, next) = try await blocking {
            let titles = try app.latestDefinitions()
            let fields = DeadlineDocument.fields(
                stateTitle: { titles[$0.workflow]?.state($0.state)?.title }, now: now, zone: app.zone)
            var rows: [JSONValue] = []
            var page = PageOfRows<DeadlineKey>(size: size)
            try each { row in
                if page.keep(DeadlineKey(row)) { rows.append(DeadlineDocument.json(row, fields)) }
            }
            return (rows, page.next)
        }
        var response = Response.json(.array(rows))
        response.link(next: next.map(ListCursor.encode), of: request)
        return response
    }

    func limitFilter(_ request: Request, _ context: DocketRequestContext) throws -> DocketApp.LimitFilter {
        let query = request.uri.queryParameters
        return DocketApp.LimitFilter(
            workflow: query.get("workflow"), organisation: query.get("org"), assignee: query.get("assignee"),
            limit: try limit(request, context))
    }

    func day(_ body: RequestBody, _ key: String) throws -> CivilDate? {
        guard let typed = try body.string(key) else { return nil }
        guard let day = CivilDate(typed: typed) else {
            throw Failure(
                .invalidInput, zh: "「\(key)」应为日期，如 \(CivilDate.typedForms)",
                en: "'\(key)' must be a date such as \(CivilDate.typedForms)", language: body.language,
                context: [("key", .string(key))])
        }
        return day
    }
}
