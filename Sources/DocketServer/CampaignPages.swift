import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import DocketYAML
import Foundation
import Hummingbird

/// 整顿活动: the campaigns the reader may see, one campaign's progress by township or
/// village (the numbers of `campaign status` and `GET /api/v1/campaigns/{name}`), and
/// starting one from the file `campaign start --orgs` takes, uploaded or pasted.
extension PageRoutes {
    @Sendable func campaignsPage(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, lang) = (app, caller(request, context), context.language)
        let zh = lang == .zh
        let campaigns = try await blocking { try app.campaigns(by: caller) }
        let starts = try await blocking { try app.campaignWorkflows(by: caller) }
        let titles = try await blocking { try app.latestDefinitions() }
        var body = ""
        if !starts.isEmpty {
            body +=
                "<p><a class=\"action\" href=\"/campaigns/new\">\(zh ? "发起整顿活动（上传名单）" : "Start a campaign (upload a list)")</a></p>"
        }
        if campaigns.isEmpty {
            body += "<p class=\"empty\">\(zh ? "暂无活动。" : "No campaigns.")</p>"
        } else {
            var rows = ""
            for campaign in campaigns {
                rows += """
                    <tr><td><a href="/campaigns/\(Page.percent(campaign.name))">\(Page.escape(campaign.name))</a></td>\
                    <td>\(Page.escape(titles[campaign.workflow]?.title.text(lang) ?? campaign.workflow))</td>\
                    <td>\(Page.escape(app.zone.formatShort(campaign.startedAt)))</td>\
                    <td>\(Page.escape(app.personName(campaign.startedBy) ?? campaign.startedBy))</td>\
                    <td>\(campaign.cases)</td></tr>
                    """
            }
            body += Page.table(
                zh ? ["活动", "工作流", "启动时间", "启动人", "案件数"] : ["Campaign", "Workflow", "Started", "By", "Cases"], rows)
            body += """
                <p><a href="/api/v1/campaigns?format=csv">\(zh ? "导出 CSV（Excel 可直接打开）" : "Download CSV (opens in Excel)")</a></p>
                """
        }
        return page(zh ? "整顿活动" : "Campaigns", body, context).response()
    }

    /// One campaign's progress per township (or `?by=village`): a row per group with its
    /// cases, the open ones at each stage, those overdue, accepted and closed. An unknown
    /// campaign and one with no case in the reader's part are the same 404.
    @Sendable func campaignPage(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, lang) = (app, caller(request, context), context.language)
        let zh = lang == .zh
        // Campaigns are named in Chinese: the path holds the name percent-encoded.
        let typed = context.parameters.get("name") ?? ""
        let name = typed.removingPercentEncoding ?? typed
        let by = request.uri.queryParameters.get("by").flatMap { $0.isEmpty ? nil : $0 } ?? "township"
        let found = try await blocking { try app.campaignCases(name, by: caller) }
        let groups = CampaignDocument.progress(found, by: by, unplaced: APIRoutes.unplaced(lang))
        let stages = found.definition.stages
        let path = "/campaigns/\(Page.percent(name))"
        var body = "<p>\(Page.escape(found.definition.title.text(lang)))</p>"
        body += "<p class=\"switch\">"
        for (kind, title) in [("township", zh ? "按乡镇" : "By township"), ("village", zh ? "按村" : "By village")] {
            body +=
                kind == OrganisationKind.canonical(by)
                ? "<strong>\(title)</strong> " : "<a href=\"\(path)?by=\(kind)\">\(title)</a> "
        }
        body += "</p>"
        var rows = ""
        for g in groups {
            let rounds = g.byRound.keys.sorted().map { round in
                zh ? "第\(round)轮 \(g.byRound[round] ?? 0)" : "round \(round): \(g.byRound[round] ?? 0)"
            }.joined(separator: zh ? "，" : ", ")
            let cells =
                [String(g.cases)] + stages.map { String(g.byStage[$0.id] ?? 0) }
                + [String(g.overdue), String(g.accepted), String(g.closed)]
            rows +=
                "<tr><td>\(Page.escape(g.name))</td>" + cells.map { "<td>\($0)</td>" }.joined()
                + "<td>\(Page.escape(rounds))</td></tr>"
        }
        body += Page.table(
            [zh ? "组织" : "Group", zh ? "案件" : "Cases"] + stages.map { $0.title.text(lang) }
                + (zh ? ["逾期", "已验收", "已办结", "轮次"] : ["Overdue", "Accepted", "Closed", "Rounds"]), rows)
        body += """
            <p><a href="/api/v1\(path)?by=\(Page.percent(by))&amp;format=csv">\(zh
                ? "导出 CSV（Excel 可直接打开）" : "Download CSV (opens in Excel)")</a> · \
            <a href="/campaigns">\(zh ? "全部活动" : "All campaigns")</a></p>
            """
        return page(name, body, context).response()
    }

    // MARK: Starting a campaign

    /// What was typed into the start form, kept when the file is refused: an uploaded
    /// file's text comes back in the text box, where it can be put right.
    struct CampaignForm {
        var name = ""
        var workflow: String?
        var text = ""
        var format = "csv"
    }

    @Sendable func newCampaignPage(_ request: Request, context: DocketRequestContext) async throws -> Response {
        try await campaignFormResponse(
            request, context, kept: CampaignForm(workflow: request.uri.queryParameters.get("workflow")), refused: nil)
    }

    /// The start form: a name, the workflow, the list as a file or pasted, and the
    /// columns each workflow's list takes. Only someone whose role starts one of the
    /// workflows is shown it.
    func campaignFormResponse(
        _ request: Request, _ context: DocketRequestContext, kept: CampaignForm, refused: Failure?
    ) async throws -> Response {
        let (app, caller, lang) = (app, caller(request, context), context.language)
        let zh = lang == .zh
        let workflows = try await blocking { try app.campaignWorkflows(by: caller) }
        guard !workflows.isEmpty else {
            throw Failure(
                .permissionDenied, zh: "你的角色不能启动任何工作流的案件，因此不能发起活动",
                en: "none of your roles starts a case of any workflow, so you cannot start a campaign", language: lang)
        }
        var body = ""
        if let refused {
            body += "<div class=\"error\" role=\"alert\"><p>\(Page.escape(refused.message))</p>"
            if !refused.details.isEmpty {
                body += "<ul>" + refused.details.map { "<li>\(Page.escape($0))</li>" }.joined() + "</ul>"
            }
            body += "</div>"
        }
        let chosen =
            kept.workflow.flatMap { typed in workflows.first { $0.id == typed }?.id }
            ?? workflows.first { $0.id == "branch-rectification" }?.id ?? workflows[0].id
        var options = ""
        for definition in workflows {
            options +=
                "<option value=\"\(Page.escape(definition.id))\"\(definition.id == chosen ? " selected" : "")>\(Page.escape(definition.title.text(lang)))</option>"
        }
        body += """
            <form method="post" action="/campaigns/new" enctype="multipart/form-data" class="card">\
            <input type="hidden" name="_csrf" value="\(Page.escape(context.csrfToken ?? ""))">\
            <label>\(zh ? "活动名称" : "Campaign name") <span class="required">*</span> \
            <input name="name" value="\(Page.escape(kept.name))" required maxlength="200"></label>\
            <label>\(zh ? "工作流" : "Workflow") <select name="workflow">\(options)</select></label>\
            <label>\(zh ? "名单文件（CSV 或 YAML）" : "The list as a file (CSV or YAML)") \
            <input type="file" name="orgs" accept=".csv,.yaml,.yml,text/csv"></label>\
            <label>\(zh ? "或把名单粘贴在这里" : "Or paste the list here") \
            <textarea name="text" rows="8" spellcheck="false">\(Page.escape(kept.text))</textarea></label>\
            <label>\(zh ? "粘贴的名单格式" : "Format of the pasted list") <select name="format">\
            <option value="csv"\(kept.format == "csv" ? " selected" : "")>CSV</option>\
            <option value="yaml"\(kept.format == "yaml" ? " selected" : "")>YAML</option></select></label>\
            <button>\(zh ? "发起活动" : "Start the campaign")</button></form>
            """
        body += "<h2>\(zh ? "名单的写法" : "How the list is written")</h2>"
        body += """
            <p>\(zh
                ? "每个组织一行，全部启动或一件不启动；有误的行逐一按行号列出。CSV：org 列（组织编号），另加启动事件每个字段一列，多选项用 ; 分隔。YAML：- {org: dongcun, criteria: [secretary-vacant], evidence: …}"
                : "One organisation a row, all started or none; every bad row is named by its line. CSV: an org column (the organisation's id) and a column per field of the starting event, several choices separated by ;. YAML: - {org: dongcun, criteria: [secretary-vacant], evidence: …}")</p>
            """
        for definition in workflows {
            guard let start = definition.startEvents.first else { continue }
            var rows =
                "<tr><td><code>org</code></td><td>\(zh ? "组织编号" : "Organisation id")</td><td>✓</td><td></td></tr>"
            for use in start.fields {
                guard let field = definition.field(use.id) else { continue }
                let choices = field.choices.map {
                    "<code>\(Page.escape($0.id))</code> \(Page.escape($0.title.text(lang)))"
                }.joined(separator: "<br>")
                rows += """
                    <tr><td><code>\(Page.escape(field.id))</code></td><td>\(Page.escape(field.title.text(lang)))</td>\
                    <td>\(use.required ? "✓" : "")</td><td>\(choices)</td></tr>
                    """
            }
            body +=
                "<details\(definition.id == chosen ? " open" : "")><summary>\(Page.escape(definition.title.text(lang)))</summary>"
            body +=
                Page.table(
                    zh ? ["列", "字段", "必填", "可选值"] : ["Column", "Field", "Required", "Choices"], rows) + "</details>"
        }
        return page(zh ? "发起整顿活动" : "Start a campaign", body, context).response(
            status: refused?.kind.httpStatus ?? 200)
    }

    @Sendable func startCampaign(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, limit: server.settings.maxBodyBytes, language: context.language)
        try checkCSRF(form, context)
        let (app, caller, lang) = (app, caller(request, context), context.language)
        var kept = CampaignForm(
            name: (form["name"] ?? "").trimmingCharacters(in: .whitespaces), workflow: form["workflow"],
            text: form["text"] ?? "", format: form["format"] == "yaml" ? "yaml" : "csv")
        func refuse(_ failure: Failure) async throws -> Response {
            try await campaignFormResponse(request, context, kept: kept, refused: failure)
        }
        // The file chosen, else the text pasted; read by the name it will be parsed as.
        let file: String
        if let upload = form.files["orgs"] {
            guard let text = String(validating: upload.content, as: UTF8.self) else {
                return try await refuse(
                    Failure(
                        .badFile, zh: "文件「\(upload.filename)」不是 UTF-8 文本",
                        en: "the file '\(upload.filename)' is not UTF-8 text", language: lang))
            }
            let lowered = upload.filename.lowercased()
            kept.format = lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") ? "yaml" : "csv"
            kept.text = text
            file = upload.filename
        } else {
            guard !kept.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return try await refuse(
                    Failure(
                        .invalidInput, zh: "请选择名单文件，或把名单粘贴在文本框中",
                        en: "choose the list's file, or paste the list into the text box", language: lang))
            }
            file = kept.format == "yaml" ? "orgs.yaml" : "orgs.csv"
        }
        guard !kept.name.isEmpty else {
            return try await refuse(
                Failure(.invalidInput, zh: "请填写活动名称", en: "the campaign needs a name", language: lang))
        }
        guard let workflow = kept.workflow, !workflow.isEmpty else {
            return try await refuse(
                Failure(.invalidInput, zh: "请选择工作流", en: "choose the workflow", language: lang))
        }
        // A spreadsheet saves "CSV UTF-8" with a byte-order mark, as Docket's own CSV has.
        let source = kept.text.hasPrefix(CSVDocument.byteOrderMark) ? String(kept.text.dropFirst()) : kept.text
        let contents = CampaignFile.rows(source: source, file: kept.format == "yaml" ? file : Self.csvName(file))
        guard contents.diagnostics.isEmpty else {
            let count = contents.diagnostics.count
            var failure = Failure(
                .badFile, zh: "活动名单有 \(count) 处错误，未启动任何案件",
                en: "\(count) problem(s) in the campaign file; no case was started", language: lang)
            failure.details = contents.diagnostics.map {
                (lang == .zh ? "第 \($0.line) 行：" : "line \($0.line): ") + $0.message.text(lang)
            }
            return try await refuse(failure)
        }
        let name = kept.name
        do {
            _ = try await blocking {
                try app.startCampaign(name: name, workflow: workflow, rows: contents.items, by: caller)
            }
            return .redirect(to: "/campaigns/\(Page.percent(name))")
        } catch {
            let definition = try? await blocking { try app.definition(workflow, version: nil) }
            return try await refuse(Failure(error, language: lang, definition: definition, zone: app.zone))
        }
    }

    /// The name a CSV list is read by: the file's own when it ends in `.csv`, which is
    /// what tells `CampaignFile` to read CSV.
    static func csvName(_ file: String) -> String { file.lowercased().hasSuffix(".csv") ? file : file + ".csv" }
}
