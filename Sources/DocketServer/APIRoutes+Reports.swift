import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation
import Hummingbird
import NIOCore

/// The supervisors' reports, the campaigns, and the lists as CSV: each route makes the
/// application call its command makes and answers with the same document builder, so
/// that `?format=csv` is byte for byte what `--csv` prints and the JSON what `--json`
/// prints. Query values are read as the command line reads its options.
extension APIRoutes {
    /// What a list or report is answered as (`?format=`): the JSON, or the CSV a
    /// spreadsheet opens, as a file to save.
    enum Format: String {
        case json
        case csv
    }

    // MARK: Reports

    @Sendable func stageReport(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, language) = (app, caller(request, context), context.language)
        let query = request.uri.queryParameters
        let format = try self.format(request, context)
        guard let workflow = query.get("workflow"), !workflow.isEmpty else {
            throw Failure(
                .invalidInput, zh: "缺少 workflow（工作流 id 或名称）", en: "workflow (a workflow's id or name) is missing",
                language: language, context: [("key", .string("workflow"))])
        }
        let year = try self.year(request, context)
        let span = try self.span(request, context)
        return try await blocking {
            let report = try app.stageReport(workflow: workflow, year: year, span, by: caller)
            switch format {
            case .json: return .json(ReportDocument.stages(report))
            case .csv:
                return .csv(
                    ReportDocument.stagesCSV(report, language: language),
                    filename: "stages-\(report.definition.id)-\(report.year).csv")
            }
        }
    }

    @Sendable func serviceReport(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, language) = (app, caller(request, context), context.language)
        let query = request.uri.queryParameters
        let format = try self.format(request, context)
        let workflow = query.get("workflow") ?? "service-request"
        guard !workflow.isEmpty else {
            throw Failure(
                .invalidInput, zh: "workflow 不应为空（工作流 id 或名称）", en: "workflow (a workflow's id or name) is empty",
                language: language, context: [("key", .string("workflow"))])
        }
        // As `report service`: from the first of the month of "now" to "now"'s day.
        let period = try ReportPeriod(
            from: query.get("from"), to: query.get("to"), today: app.zone.date(of: caller.now), language: language)
        let span = try self.span(request, context)
        return try await blocking {
            let (report, definition) = try app.serviceReport(
                workflow: workflow, from: period.from, to: period.to, span, by: caller)
            switch format {
            case .json: return .json(ReportDocument.service(report))
            case .csv:
                return .csv(
                    ReportDocument.serviceCSV(report, language: language),
                    filename: "service-\(definition.id)-\(report.from)-\(report.to).csv")
            }
        }
    }

    // MARK: Campaigns

    @Sendable func campaigns(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, language) = (app, caller(request, context), context.language)
        let format = try self.format(request, context)
        return try await blocking {
            let campaigns = try app.campaigns(by: caller)
            switch format {
            case .json: return .json(CampaignDocument.list(campaigns, zone: app.zone))
            case .csv:
                return .csv(
                    CampaignDocument.listCSV(campaigns, zone: app.zone, language: language), filename: "campaigns.csv")
            }
        }
    }

    @Sendable func campaign(_ request: Request, context: DocketRequestContext) async throws -> Response {
        let (app, caller, language) = (app, caller(request, context), context.language)
        // Campaigns are named in Chinese: the path holds the name percent-encoded.
        let name = try parameter("name", context)
        let format = try self.format(request, context)
        let kind = try groupKind(request, context)
        return try await blocking {
            let found = try app.campaignCases(name, by: caller)
            let groups = CampaignDocument.progress(found, by: kind, unplaced: Self.unplaced(language))
            switch format {
            case .json: return .json(CampaignDocument.status(groups, definition: found.definition))
            case .csv:
                return .csv(
                    CampaignDocument.statusCSV(groups, definition: found.definition, language: language),
                    filename: "campaign-\(name).csv")
            }
        }
    }

    // MARK: Lists as CSV

    /// `GET /api/v1/overdue`: the JSON list, or with `?format=csv` the rows `overdue --csv`
    /// writes (up to `?limit=`, as the JSON).
    @Sendable func overdueList(_ request: Request, context: DocketRequestContext) async throws -> Response {
        guard try format(request, context) == .csv else { return try await overdue(request, context: context) }
        let (app, caller) = (app, caller(request, context))
        let (filter, size) = try pagedLimitFilter(request, context)
        return try await deadlinesCSV(request, context, size: size, filename: "overdue") { visit in
            try app.eachOverdue(filter, by: caller, visit)
        }
    }

    /// `GET /api/v1/due-soon`, likewise with `?format=csv`.
    @Sendable func dueSoonList(_ request: Request, context: DocketRequestContext) async throws -> Response {
        guard try format(request, context) == .csv else { return try await dueSoon(request, context: context) }
        let (app, caller) = (app, caller(request, context))
        let (filter, size) = try pagedLimitFilter(request, context)
        let within = request.uri.queryParameters.get("within") ?? "7 days"
        guard let horizon = CalendarDuration(parsing: within) else {
            // The JSON route words the refusal; it reads the same query.
            return try await dueSoon(request, context: context)
        }
        return try await deadlinesCSV(request, context, size: size, filename: "due-soon") { visit in
            try app.eachDueSoon(filter, within: horizon, by: caller, visit)
        }
    }

    /// `GET /api/v1/overdue/counts`, likewise with `?format=csv`.
    @Sendable func overdueCountList(_ request: Request, context: DocketRequestContext) async throws -> Response {
        guard try format(request, context) == .csv else { return try await overdueCounts(request, context: context) }
        let (app, caller, language) = (app, caller(request, context), context.language)
        let filter = try limitFilter(request, context)
        return try await blocking {
            let counts = try app.overdueCounts(filter, by: caller)
            let lines =
                [CSVDocument.header(["org", "name", "overdue"], language: language)]
                + counts.map { CSVDocument.row([$0.organisation, $0.name, String($0.count)]) }
            return .csv(
                lines.joined(separator: "\n"),
                filename: "overdue-counts-\(app.zone.date(of: caller.now)).csv")
        }
    }

    /// A page of a list of limits as CSV, with the columns of its JSON (``DeadlineDocument``)
    /// and a `Link` to the next page.
    func deadlinesCSV(
        _ request: Request, _ context: DocketRequestContext, size: Int, filename: String,
        _ each: @escaping @Sendable (_ visit: (DeadlineRow) throws -> Void) throws -> Void
    ) async throws -> Response {
        let (app, caller, language) = (app, caller(request, context), context.language)
        let (text, next) = try await blocking {
            let titles = try app.latestDefinitions()
            let fields = DeadlineDocument.fields(
                stateTitle: { titles[$0.workflow]?.state($0.state)?.title }, now: caller.now, zone: app.zone)
            var lines = [CSVDocument.header(fields.map(\.0), language: language)]
            var page = PageOfRows<DeadlineKey>(size: size)
            try each { row in
                if page.keep(DeadlineKey(row)) { lines.append(CSVDocument.row(fields.map { $0.1(row) })) }
            }
            return (lines.joined(separator: "\n"), page.next)
        }
        var response = Response.csv(text, filename: "\(filename)-\(app.zone.date(of: caller.now)).csv")
        response.link(next: next.map(ListCursor.encode), of: request)
        return response
    }

    // MARK: Reading report queries

    /// The name of the group of cases under no organisation of the kind asked for.
    static func unplaced(_ language: Language) -> String { language == .zh ? "（其他）" : "(other)" }

    /// `?format=json|csv`, JSON when absent.
    func format(_ request: Request, _ context: DocketRequestContext) throws -> Format {
        guard let typed = request.uri.queryParameters.get("format") else { return .json }
        guard let format = Format(rawValue: typed) else {
            throw Failure(
                .invalidInput, zh: "format 应为 json 或 csv，而不是「\(typed)」",
                en: "format must be json or csv, not '\(typed)'", language: context.language,
                context: [("key", .string("format"))])
        }
        return format
    }

    /// `?by=`: a kind of organisation as `--by` takes it (`township`, `village`, `乡镇`, `村`,
    /// or a kind of the deployment's own); absent for the tops of the reader's part.
    func groupKind(_ request: Request, _ context: DocketRequestContext) throws -> String? {
        guard let typed = request.uri.queryParameters.get("by") else { return nil }
        // Blank as the OpenAPI document's pattern for `by` has it, character for character.
        guard !typed.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r\n")).isEmpty else {
            throw Failure(
                .invalidInput, zh: "by 应为一类组织，如 township、village（乡镇、村）",
                en: "by must be a kind of organisation such as township or village", language: context.language,
                context: [("key", .string("by"))])
        }
        return typed
    }

    /// `?org=&by=`: what a report covers and how it groups, as `--org` and `--by`.
    func span(_ request: Request, _ context: DocketRequestContext) throws -> DocketApp.ReportSpan {
        DocketApp.ReportSpan(
            organisation: request.uri.queryParameters.get("org"), groupKind: try groupKind(request, context),
            unplaced: Self.unplaced(context.language))
    }

    /// `?year=`, a whole number as `--year` takes it.
    func year(_ request: Request, _ context: DocketRequestContext) throws -> Int? {
        try ReportPeriod.year(request.uri.queryParameters.get("year"), context.language)
    }
}

extension Response {
    /// CSV to save and open in a spreadsheet: the text as the command line's `--csv`
    /// prints it (with its byte-order mark and a final line break), as an attachment.
    ///
    /// The name goes in `filename` with anything but ASCII letters, digits, `-`, `_` and
    /// `.` replaced, for old clients, and whole in `filename*` (RFC 6266), for a
    /// campaign named in Chinese.
    static func csv(_ text: String, filename: String) -> Response {
        let plain = String(filename.unicodeScalars.map { safe.contains($0) ? Character($0) : "_" })
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: safe) ?? plain
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(plain)\"; filename*=UTF-8''\(encoded)",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    /// What a file name may hold as it is in either form of `Content-Disposition`.
    private static let safe = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
}
