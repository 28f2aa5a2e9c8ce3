public import DocketCore
import Foundation

/// A JSON document with ordered object keys, for output that reads the same every time.
public indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func string(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    /// A value as JSON, an instant written in the deployment's zone.
    public init(_ value: Value, zone: DeploymentZone) {
        switch value {
        case .text(let s): self = .string(s)
        case .integer(let i): self = .int(i)
        case .number(let d): self = .double(d)
        case .boolean(let b): self = .bool(b)
        case .list(let items): self = .array(items.map { JSONValue($0, zone: zone) })
        default: self = .string(value.display(in: zone))
        }
    }

    public static func data(_ data: [String: Value], zone: DeploymentZone) -> JSONValue {
        .object(data.keys.sorted().map { ($0, JSONValue(data[$0] ?? .text(""), zone: zone)) })
    }

    /// Reads stored event data (canonical JSON of field values) back into a document,
    /// each value given back the type its field has in `definition` (an instant is
    /// stored in UTC and shown in the deployment's zone).
    public static func parse(_ text: String, definition: WorkflowDefinition?, zone: DeploymentZone) -> JSONValue {
        guard var data = try? JSONDecoder().decode([String: Value].self, from: Data(text.utf8)) else {
            return .string(text)
        }
        if let definition {
            for (key, value) in data { if let field = definition.field(key) { data[key] = field.type.restore(value) } }
        }
        return .data(data, zone: zone)
    }

    public func rendered(indent: Int = 0, pretty: Bool = true) -> String {
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let close = pretty ? String(repeating: "  ", count: indent) : ""
        let newline = pretty ? "\n" : ""
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? String(d) : "null"
        case .string(let s): return Self.quote(s)
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[" + newline
                + items.map { pad + $0.rendered(indent: indent + 1, pretty: pretty) }.joined(separator: "," + newline)
                + newline + close + "]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            let sep = pretty ? ": " : ":"
            return "{" + newline
                + pairs.map { pad + Self.quote($0.0) + sep + $0.1.rendered(indent: indent + 1, pretty: pretty) }.joined(
                    separator: "," + newline)
                + newline + close + "}"
        }
    }

    public static func quote(_ s: String) -> String {
        var out = ""
        ValueJSON.quote(s, into: &out)
        return out
    }
}
