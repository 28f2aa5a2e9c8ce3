import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketPresentation
import Foundation
import Hummingbird

/// The case page (state, data, limits, history, a form per event) and starting a case.
extension PageRoutes {
    @Sendable func casePage(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let id = context.pathParameter("id")
        return try await caseResponse(id, request, context, refused: nil)
    }

    /// The case page; after a refused event, with the rule's message above that event's
    /// form and the form kept as it was typed.
    func caseResponse(
        _ id: String, _ request: Request, _ context: DocketRequestContext,
        refused: (event: String, failure: Failure, typed: TypedInput)?
    ) async throws -> Response {
        let (app, caller, lang) = (app, caller(request, context), context.language)
        let zh = lang == .zh
        let shown = try await blocking { try app.casePage(id, by: caller) }
        let people = shown.people
        let (view, d, s) = (shown.view, shown.view.definition, shown.view.snapshot)
        func personName(_ id: String) -> String { people.first { $0.id == id }.map { "\($0.name) (\(id))" } ?? id }
        func shownValue(_ field: FieldDefinition?, _ value: Value) -> String {
            let text = value.display(in: app.zone)
            guard let field else { return text }
            switch field.type {
            case .choice: return field.choices.first { $0.id == text }?.title.text(lang) ?? text
            case .person: return personName(text)
            case .list(.choice):
                return text.split(separator: ",").map { item in
                    field.choices.first { $0.id == String(item) }?.title.text(lang) ?? String(item)
                }.joined(separator: "、")
            default: return text
            }
        }

        var body = ""
        if let refused { body += "<p class=\"error\" role=\"alert\">\(Page.escape(refused.failure.message))</p>" }
        let state = d.state(s.state)
        let position = ProcedurePosition.of(s, in: d).map { $0.text(lang) }
        body += "<dl class=\"facts\">"
        body += "<dt>\(zh ? "工作流" : "Workflow")</dt><dd>\(Page.escape(d.title.text(lang))) v\(s.version)</dd>"
        body += "<dt>\(zh ? "状态" : "State")</dt><dd>\(Page.escape(state?.title.text(lang) ?? s.state))</dd>"
        if let position { body += "<dt>\(zh ? "程序" : "Step")</dt><dd>\(Page.escape(position))</dd>" }
        body +=
            "<dt>\(zh ? "组织" : "Organisation")</dt><dd>\(Page.escape(app.organisationName(s.organisation) ?? s.organisation))</dd>"
        if let assignee = s.assignee {
            body += "<dt>\(zh ? "承办人" : "Assignee")</dt><dd>\(Page.escape(personName(assignee)))</dd>"
        }
        body += "</dl>"

        body += "<h2>\(zh ? "数据" : "Data")</h2><dl class=\"facts\">"
        for key in s.data.keys.sorted() {
            guard let value = s.data[key] else { continue }
            let field = d.field(key)
            body +=
                "<dt>\(Page.escape(field?.title.text(lang) ?? key))</dt><dd>\(Page.escape(shownValue(field, value)))</dd>"
        }
        body += "</dl>"

        if !view.deadlines.isEmpty {
            var rows = ""
            for limit in view.deadlines.sorted(by: { $0.dueAt < $1.dueAt }) {
                let status = limit.status(at: caller.now)
                let late = status == .overdue ? limit.overdueText(at: caller.now, zone: app.zone, language: lang) : "—"
                rows +=
                    "<tr class=\"\(status == .overdue ? "overdue" : "")\"><td>\(Page.escape(limit.title.text(lang)))</td>"
                    + "<td>\(Page.escape(limit.dueDate?.description ?? app.zone.formatShort(limit.dueAt)))</td><td>\(Page.escape(late))</td></tr>"
            }
            body += "<h2>\(zh ? "时限" : "Limits")</h2>"
            body += Page.table(zh ? ["时限", "到期", "逾期"] : ["Limit", "Due", "Overdue by"], rows)
        }

        // A form per event the reader may fire now.
        let forms = shown.available.filter { shown.permitted.contains($0.event) }
        if !forms.isEmpty {
            body += "<h2>\(zh ? "办理" : "Act")</h2>"
            for availability in forms {
                guard let event = d.event(availability.event) else { continue }
                let typed = refused?.event == event.id ? refused?.typed ?? TypedInput() : TypedInput()
                body +=
                    EventForm(
                        action: "/cases/\(Page.percent(s.id))/events/\(Page.percent(event.id))", event: event,
                        definition: d, people: people, typed: typed, revision: s.revision,
                        csrf: context.csrfToken ?? "",
                        language: lang, blocked: availability.blockedBy.map { $0.message.text(lang) }
                    ).html
            }
        }

        // The history, numbered within the case, each entry's hash checked against its content.
        var rows = ""
        var intact = true
        let versions = [shown.view.definition] + shown.earlier
        for (step, entry) in shown.history.enumerated() {
            let verified = AuditChain.hash(of: entry) == entry.hash
            intact = intact && verified
            let eventTitle =
                versions.lazy.compactMap { $0.event(entry.event)?.title.text(lang) }.first ?? entry.event
            let to = versions.lazy.compactMap { $0.state(entry.toState)?.title.text(lang) }.first ?? entry.toState
            rows += """
                <tr><td>\(step + 1)</td><td>\(entry.seq)\(verified ? "" : " ⚠")</td><td>\(Page.escape(entry.on.description))</td>\
                <td>\(Page.escape(eventTitle))</td><td>\(Page.escape(to))</td><td>\(Page.escape(personName(entry.actor)))</td>\
                <td>\(Page.escape(entry.note ?? ""))</td></tr>
                """
        }
        body += "<h2>\(zh ? "全程纪实" : "History")</h2>"
        body +=
            intact
            ? "<p class=\"ok\">\(zh ? "各条记录与其哈希一致。" : "Every entry matches its hash.")</p>"
            : "<p class=\"error\">\(zh ? "有记录与其哈希不符（⚠），请运行 audit verify。" : "An entry does not match its hash (⚠): run audit verify.")</p>"
        body += Page.table(
            zh
                ? ["步", "审计号", "日期", "事件", "结果状态", "操作人", "备注"]
                : ["Step", "Audit", "On", "Event", "Now in", "By", "Note"], rows)
        let status = refused?.failure.httpStatus ?? 200
        return page("\(s.id) · \(d.title.text(lang))", body, context).response(status: status)
    }

    @Sendable func fire(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let id = context.pathParameter("id")
        let eventID = context.pathParameter("event")
        let form = try await FormBody.read(request, limit: server.settings.maxBodyBytes, language: context.language)
        try checkCSRF(form, context)
        let typed = TypedInput(form)
        let (app, caller, lang) = (app, caller(request, context), context.language)
        let revision = form["_revision"].flatMap { Int($0) }
        let event = EventRequest(
            event: eventID, input: typed.fields, on: form["_on"].flatMap { CivilDate(typed: $0) }, actor: "",
            note: form["_note"].flatMap { $0.isEmpty ? nil : $0 })
        do {
            _ = try await blocking {
                try app.fire(caseID: id, request: event, expectedRevision: revision, by: caller)
            }
            return .redirect(to: "/cases/\(Page.percent(id))")
        } catch let error as AccessError {
            // Someone without a role over the case learns no more than the API tells them.
            throw error
        } catch {
            let definition = try? await blocking { try app.showCase(id, by: caller).0.definition }
            let failure = Failure(error, language: lang, definition: definition, zone: app.zone)
            return try await caseResponse(id, request, context, refused: (eventID, failure, typed))
        }
    }

    @Sendable func newCasePage(_ request: Request, context: DocketRequestContext) async throws -> Response {
        try await newCaseResponse(request, context, workflow: request.uri.queryParameters.get("workflow"), refused: nil)
    }

    /// The start form of a workflow (a service request taken at the counter or by phone):
    /// the organisation by name, the starting event's fields by title.
    func newCaseResponse(
        _ request: Request, _ context: DocketRequestContext, workflow typedWorkflow: String?,
        refused: (failure: Failure, typed: TypedInput, org: String)?
    ) async throws -> Response {
        let (app, caller, lang) = (app, caller(request, context), context.language)
        let zh = lang == .zh
        let deployed = try await blocking { try app.deployedWorkflows(by: caller) }
        var body = ""
        if let refused { body += "<p class=\"error\" role=\"alert\">\(Page.escape(refused.failure.message))</p>" }
        let chosen = typedWorkflow ?? deployed.first { $0.id == "service-request" }?.id ?? deployed.first?.id
        body +=
            "<form method=\"get\" action=\"/cases/new\" class=\"inline\"><label>\(zh ? "工作流" : "Workflow") <select name=\"workflow\">"
        for workflow in deployed {
            body +=
                "<option value=\"\(Page.escape(workflow.id))\"\(workflow.id == chosen ? " selected" : "")>\(Page.escape(workflow.title.text(lang)))</option>"
        }
        body += "</select></label> <button>\(zh ? "选择" : "Choose")</button></form>"
        guard let chosen else {
            return page(zh ? "受理" : "Start a case", body, context).response()
        }
        let definition = try await blocking { try app.definition(chosen, version: nil, by: caller) }
        let (tree, roots) = try await blocking { try app.organisationTree(under: nil, by: caller) }
        let people = try await blocking { try app.people(under: nil, holding: nil, by: caller).people }
        guard let start = definition.events.first(where: { $0.source == .start }) else {
            return page(zh ? "受理" : "Start a case", body, context).response()
        }
        var organisations = ""
        func walk(_ org: Organisation, _ depth: Int) {
            let selected = refused?.org == org.id ? " selected" : ""
            organisations +=
                "<option value=\"\(Page.escape(org.id))\"\(selected)>\(String(repeating: "　", count: depth))\(Page.escape(org.name))</option>"
            for child in tree.children(of: org.id) { walk(child, depth + 1) }
        }
        for root in roots { walk(root, 0) }
        body +=
            EventForm(
                action: "/cases/new", event: start, definition: definition, people: people,
                typed: refused?.typed ?? TypedInput(),
                revision: nil, csrf: context.csrfToken ?? "", language: lang, blocked: [],
                extra: """
                    <input type="hidden" name="_workflow" value="\(Page.escape(definition.id))">\
                    <label>\(zh ? "所属组织" : "Organisation") <select name="_org" required>\(organisations)</select></label>
                    """
            ).html
        let status = refused?.failure.httpStatus ?? 200
        return page(zh ? "受理：\(definition.title.text(lang))" : "Start: \(definition.title.text(lang))", body, context)
            .response(status: status)
    }

    @Sendable func startCase(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, limit: server.settings.maxBodyBytes, language: context.language)
        try checkCSRF(form, context)
        let typed = TypedInput(form)
        let (workflow, organisation) = (form["_workflow"] ?? "", form["_org"] ?? "")
        let (app, caller, lang) = (app, caller(request, context), context.language)
        let event = EventRequest(
            event: "", input: typed.fields, on: form["_on"].flatMap { CivilDate(typed: $0) }, actor: "",
            note: form["_note"].flatMap { $0.isEmpty ? nil : $0 })
        do {
            let view = try await blocking {
                try app.startCase(
                    workflow: workflow, organisation: organisation, caseID: nil, request: event, by: caller)
            }
            return .redirect(to: "/cases/\(Page.percent(view.snapshot.id))")
        } catch {
            let definition = try? await blocking { try app.definition(workflow, version: nil) }
            let failure = Failure(error, language: lang, definition: definition, zone: app.zone)
            return try await newCaseResponse(
                request, context, workflow: workflow, refused: (failure, typed, organisation))
        }
    }
}
