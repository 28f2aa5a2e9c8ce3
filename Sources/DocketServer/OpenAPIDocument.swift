import DocketPresentation
import Foundation

/// The OpenAPI 3.1 document of the API (`GET /openapi.json`): every route, its query
/// parameters, its body and its answers. The routes are registered from the same
/// table's paths in the tests' eyes (ServerRouteTests compares the two), so the document
/// cannot name a route that is not there or miss one that is.
enum OpenAPIDocument {
    struct Operation {
        var method: String
        var path: String
        var summary: String
        var query: [String] = []
        /// Those of `query` a request must give.
        var requiredQuery: Set<String> = []
        /// The schema of the JSON body, by name in `components.schemas`.
        var body: String?
        /// The status of a success, and the schema of its JSON (nil: no body).
        var success: (status: Int, schema: JSONValue?) = (200, .object([("type", .string("object"))]))
        /// Whether `?format=csv` answers the same rows as CSV (`text/csv`) instead.
        var csv = false
        var open = false
    }

    static let object: JSONValue = .object([("type", .string("object"))])
    static let array: JSONValue = .object([("type", .string("array")), ("items", object)])
    static func reference(_ name: String) -> JSONValue { .object([("$ref", .string("#/components/schemas/\(name)"))]) }

    static let operations: [Operation] = [
        Operation(
            method: "get", path: "/healthz", summary: "The store answers", success: (200, reference("Health")),
            open: true),
        Operation(
            method: "post", path: "/api/v1/session", summary: "Log in (sets the session cookie)", body: "Login",
            success: (200, reference("Me")), open: true),
        Operation(method: "delete", path: "/api/v1/session", summary: "Log out", success: (204, nil)),
        Operation(method: "get", path: "/api/v1/me", summary: "Who am I", success: (200, reference("Me"))),
        Operation(method: "get", path: "/api/v1/workflows", summary: "Deployed workflows", success: (200, array)),
        Operation(
            method: "get", path: "/api/v1/workflows/{id}",
            summary: "One workflow: fields, choices, item lists, parameters (workflow show --json)"),
        Operation(
            method: "get", path: "/api/v1/orgs", summary: "The tree the caller may see", query: ["org"],
            success: (200, array)),
        Operation(method: "get", path: "/api/v1/orgs/{id}", summary: "One organisation"),
        Operation(
            method: "get", path: "/api/v1/people", summary: "People under the caller's organisations",
            query: ["org", "role"], success: (200, array)),
        Operation(
            method: "get", path: "/api/v1/cases", summary: "Cases (case list --json)",
            query: ["workflow", "state", "org", "assignee", "limit", "cursor"], success: (200, array)),
        Operation(
            method: "post", path: "/api/v1/cases", summary: "Start a case (case start)", body: "StartCase",
            success: (201, reference("Case"))),
        Operation(
            method: "get", path: "/api/v1/cases/{id}", summary: "A case (case show --json)",
            success: (200, reference("Case"))),
        Operation(
            method: "post", path: "/api/v1/cases/{id}/events", summary: "Fire an event (case fire)", body: "Fire",
            success: (200, reference("Case"))),
        Operation(
            method: "get", path: "/api/v1/cases/{id}/history", summary: "A case's audit entries", success: (200, array)),
        Operation(
            method: "get", path: "/api/v1/overdue", summary: "Overdue limits, most overdue first",
            query: ["org", "workflow", "assignee", "limit", "cursor", "format"], success: (200, array), csv: true),
        Operation(
            method: "get", path: "/api/v1/overdue/counts", summary: "Overdue counts per organisation below",
            query: ["org", "workflow", "assignee", "format"], success: (200, array), csv: true),
        Operation(
            method: "get", path: "/api/v1/due-soon", summary: "Limits falling due soon",
            query: ["org", "workflow", "assignee", "within", "limit", "cursor", "format"], success: (200, array),
            csv: true),
        Operation(method: "get", path: "/api/v1/audit/verify", summary: "Verify the audit trail"),
        Operation(
            method: "get", path: "/api/v1/reports/stages",
            summary: "Cases per stage and state per organisation group, the year's outcomes (report stages --json)",
            query: ["workflow", "org", "by", "year", "format"], requiredQuery: ["workflow"],
            success: (200, reference("StageReport")), csv: true),
        Operation(
            method: "get", path: "/api/v1/reports/service",
            summary: "Service requests over a period and their three rates (report service --json)",
            query: ["workflow", "org", "by", "from", "to", "format"], success: (200, reference("ServiceReport")),
            csv: true),
        Operation(
            method: "get", path: "/api/v1/campaigns", summary: "The campaigns (campaign list --json)",
            query: ["format"], success: (200, array), csv: true),
        Operation(
            method: "get", path: "/api/v1/campaigns/{name}",
            summary: "A campaign's progress per organisation group (campaign status --json)",
            query: ["by", "format"], success: (200, array), csv: true),
    ]

    /// The schema of a query parameter, as strict as the server reads it: counts from 1 to
    /// the list limit, years as `--year` takes them, the two formats by name, dates as the
    /// `date` format (other forms `CivilDate(typed:)` reads are taken too), durations as
    /// `within` reads them, names as non-empty text.
    static func querySchema(_ name: String) -> JSONValue {
        switch name {
        case "limit":
            .object([
                ("type", .string("integer")), ("minimum", .int(1)), ("maximum", .int(APIRoutes.listLimit)),
            ])
        case "year": .object([("type", .string("integer")), ("minimum", .int(1)), ("maximum", .int(9999))])
        case "format":
            .object([
                ("type", .string("string")), ("enum", .array([.string("json"), .string("csv")])),
                ("default", .string("json")),
            ])
        case "from", "to": .object([("type", .string("string")), ("format", .string("date"))])
        case "within":
            .object([
                ("type", .string("string")),
                (
                    "pattern",
                    .string("^[1-9][0-9]{0,2} ?(days?|hours?|weeks?|months?|working days?|天|小时|周|个月|工作日)$")
                ),
                ("default", .string("7 days")),
            ])
        // Where the page before ended, as its `Link` header gave it: base64url.
        case "cursor": .object([("type", .string("string")), ("pattern", .string("^[A-Za-z0-9_-]+$"))])
        // Not blank: `groupKind` refuses only spaces, tabs and line breaks.
        case "by": .object([("type", .string("string")), ("pattern", .string("[^ \t\r\n]"))])
        default: nonEmptyText
        }
    }

    /// Field values by field id or title: a text, a number, a boolean or a list of them
    /// (`null` leaves a field out).
    static let fieldValues: JSONValue = {
        let scalar: JSONValue = .object([
            ("type", .array([.string("string"), .string("number"), .string("boolean")]))
        ])
        let single: JSONValue = .object([
            ("type", .array([.string("string"), .string("number"), .string("boolean"), .string("null")]))
        ])
        return .object([
            ("type", .string("object")),
            (
                "additionalProperties",
                .object([("anyOf", .array([single, .object([("type", .string("array")), ("items", scalar)])]))])
            ),
        ])
    }()

    static let nonEmptyText: JSONValue = .object([("type", .string("string")), ("minLength", .int(1))])

    static let schemas: [(String, JSONValue)] = [
        (
            "Error",
            .object([
                ("type", .string("object")), ("required", .array([.string("error")])),
                (
                    "properties",
                    .object([
                        (
                            "error",
                            .object([
                                ("type", .string("object")),
                                ("required", .array([.string("code"), .string("message")])),
                                (
                                    "properties",
                                    .object([
                                        ("code", .object([("type", .string("string"))])),
                                        ("message", .object([("type", .string("string"))])),
                                    ])
                                ),
                            ])
                        )
                    ])
                ),
            ])
        ),
        ("Health", properties(["status": "string"], required: ["status"])),
        (
            "Login",
            properties(["person": "string", "password": "string"], required: ["person", "password"], closed: true)
        ),
        ("Me", properties(["person": "string", "name": "string", "roles": "array"], required: ["person"])),
        (
            "StartCase",
            properties(
                [
                    "workflow": "string", "org": "string", "id": "string", "event": "string", "on": "string",
                    "data": "object", "items": "array", "note": "string",
                ], required: ["workflow", "org"], closed: true)
        ),
        (
            "Fire",
            properties(
                [
                    "event": "string", "on": "string", "data": "object", "items": "array", "note": "string",
                    "revision": "integer", "auto": "boolean",
                ], required: ["event"], closed: true)
        ),
        (
            "StageReport",
            properties(["workflow": "string", "year": "integer", "groups": "array"], required: ["workflow", "groups"])
        ),
        (
            "ServiceReport",
            properties(
                ["from": "string", "to": "string", "formulas": "object", "formulas_en": "object", "groups": "array"],
                required: ["from", "to", "groups"])
        ),
        (
            "Case",
            properties(
                [
                    "id": "string", "workflow": "string", "version": "integer", "state": "string", "org": "string",
                    "data": "object", "events": "array", "deadlines": "array", "revision": "integer",
                ], required: ["id", "workflow", "state", "revision"])
        ),
    ]

    /// An object's schema from its properties' types. In a request (`closed`), a required
    /// text must not be empty, `data` holds field values as ``RequestBody`` reads them and
    /// `items` objects of them, and `on` is a date, as the server checks them.
    static func properties(_ types: [String: String], required: [String], closed: Bool = false) -> JSONValue {
        func schema(_ name: String) -> JSONValue {
            let type = types[name] ?? ""
            guard closed else { return .object([("type", .string(type))]) }
            switch (name, type) {
            case (_, "string") where required.contains(name): return nonEmptyText
            case ("on", _): return .object([("type", .string("string")), ("format", .string("date"))])
            case ("revision", _):
                return .object([("type", .string("integer")), ("minimum", .int(0)), ("maximum", .int(Int(Int32.max)))])
            case ("data", _): return fieldValues
            case ("items", _): return .object([("type", .string("array")), ("items", fieldValues)])
            default: return .object([("type", .string(type))])
            }
        }
        var pairs: [(String, JSONValue)] = [
            ("type", .string("object")),
            ("properties", .object(types.keys.sorted().map { ($0, schema($0)) })),
            ("required", .array(required.map(JSONValue.string))),
        ]
        if closed { pairs.append(("additionalProperties", .bool(false))) }
        return .object(pairs)
    }

    /// The statuses every route may answer with besides success, each an ``Error``.
    static func errors(_ operation: Operation) -> [(String, JSONValue)] {
        var statuses = [400, 503]
        if !operation.open { statuses += [401, 403, 404] }
        if operation.body != nil { statuses += [409, 413, 422] }
        if operation.path == "/api/v1/session" && operation.method == "post" { statuses += [401, 429] }
        if operation.path == "/api/v1/audit/verify" { statuses.append(409) }
        // `from` after `to`: each well formed, not the two together; a cursor this server
        // did not give.
        if operation.path == "/api/v1/reports/service" || operation.query.contains("cursor") { statuses.append(422) }
        return Set(statuses).sorted().map { status in
            (
                String(status),
                .object([
                    ("description", .string("An error")),
                    (
                        "content",
                        .object([("application/json", .object([("schema", reference("Error"))]))])
                    ),
                ])
            )
        }
    }

    static func operationJSON(_ operation: Operation) -> JSONValue {
        var parameters: [JSONValue] = operation.query.map {
            .object([
                ("name", .string($0)), ("in", .string("query")),
                ("required", .bool(operation.requiredQuery.contains($0))),
                ("schema", querySchema($0)),
            ])
        }
        for segment in operation.path.split(separator: "/") where segment.hasPrefix("{") {
            parameters.append(
                .object([
                    ("name", .string(String(segment.dropFirst().dropLast()))), ("in", .string("path")),
                    ("required", .bool(true)), ("schema", nonEmptyText),
                ]))
        }
        var success: [(String, JSONValue)] = [("description", .string("Success"))]
        if operation.query.contains("cursor") {
            let link: JSONValue = .object([
                ("description", .string("The next page, when there is one: <…&cursor=…>; rel=\"next\" (RFC 8288)")),
                ("schema", .object([("type", .string("string"))])),
            ])
            success.append(("headers", .object([("Link", link)])))
        }
        if let schema = operation.success.schema {
            var content: [(String, JSONValue)] = [("application/json", .object([("schema", schema)]))]
            if operation.csv {
                content.append(("text/csv", .object([("schema", .object([("type", .string("string"))]))])))
            }
            success.append(("content", .object(content)))
        }
        var pairs: [(String, JSONValue)] = [
            ("summary", .string(operation.summary)),
            ("operationId", .string(operation.method + operation.path.replacingOccurrences(of: "/", with: "_"))),
            ("parameters", .array(parameters)),
            ("responses", .object([(String(operation.success.status), .object(success))] + errors(operation))),
        ]
        if let body = operation.body {
            pairs.append(
                (
                    "requestBody",
                    .object([
                        ("required", .bool(true)),
                        ("content", .object([("application/json", .object([("schema", reference(body))]))])),
                    ])
                ))
        }
        if operation.open { pairs.append(("security", .array([]))) }
        return .object(pairs)
    }

    static let document: JSONValue = {
        var paths: [(String, JSONValue)] = []
        for path in operations.map(\.path).reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
            paths.append((path, .object(operations.filter { $0.path == path }.map { ($0.method, operationJSON($0)) })))
        }
        return .object([
            ("openapi", .string("3.1.0")),
            (
                "info",
                .object([
                    ("title", .string("Docket")), ("version", .string("1")),
                    (
                        "description",
                        .string("docket serve: the contract is shared/API.md; this document is its reference.")
                    ),
                ])
            ),
            ("paths", .object(paths)),
            (
                "components",
                .object([
                    ("schemas", .object(schemas)),
                    (
                        "securitySchemes",
                        .object([
                            ("bearer", .object([("type", .string("http")), ("scheme", .string("bearer"))])),
                            (
                                "session",
                                .object([
                                    ("type", .string("apiKey")), ("in", .string("cookie")),
                                    ("name", .string("docket_session")),
                                ])
                            ),
                        ])
                    ),
                ])
            ),
            ("security", .array([.object([("bearer", .array([]))]), .object([("session", .array([]))])])),
        ])
    }()

    static let text = document.rendered() + "\n"
}
