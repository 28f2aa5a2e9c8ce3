import Foundation

/// Reads and writes field values as JSON without `Codable`'s per-value error handling,
/// which dominates the cost of loading a case.
///
/// Objects are written with their keys sorted, so the text is canonical: the audit
/// trail hashes exactly what is stored. Dates, datetimes and durations are written as
/// strings; ``FieldType/restore(_:)`` gives them back their types on reading, as for the
/// `Codable` form.
public enum ValueJSON {
    /// `{"a":1,"b":"x"}` with sorted keys.
    public static func encode(_ object: [String: Value]) -> String {
        var out = "{"
        var first = true
        for key in object.keys.sorted() {
            guard let value = object[key] else { continue }
            if !first { out += "," }
            first = false
            quote(key, into: &out)
            out += ":"
            write(value, into: &out)
        }
        return out + "}"
    }

    /// `{"event":["2026-01-01",…]}` with sorted keys.
    public static func encode(records: [String: [CivilDate]]) -> String {
        var out = "{"
        for (index, key) in records.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            quote(key, into: &out)
            out += ":[" + (records[key] ?? []).map { "\"\($0)\"" }.joined(separator: ",") + "]"
        }
        return out + "}"
    }

    public static func decodeObject(_ text: String) -> [String: Value]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        var result: [String: Value] = [:]
        for (key, any) in object {
            guard let value = value(any) else { return nil }
            result[key] = value
        }
        return result
    }

    public static func decodeRecords(_ text: String) -> [String: [CivilDate]]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [String]] else { return nil }
        var result: [String: [CivilDate]] = [:]
        for (key, days) in object {
            let parsed = days.compactMap { CivilDate(iso: $0) }
            guard parsed.count == days.count else { return nil }
            result[key] = parsed
        }
        return result
    }

    private static func value(_ any: Any) -> Value? {
        switch any {
        case let text as String: return .text(text)
        case let number as NSNumber:
            // JSONSerialization gives booleans as NSNumber too; tell them apart by type.
            if type(of: number) == type(of: NSNumber(value: true)) { return .boolean(number.boolValue) }
            let double = number.doubleValue
            if double == double.rounded(), abs(double) < 9e15, !"\(number)".contains(".") { return .integer(number.intValue) }
            return .number(double)
        case let list as [Any]:
            var items: [Value] = []
            for element in list {
                guard let item = value(element) else { return nil }
                items.append(item)
            }
            return .list(items)
        default: return nil
        }
    }

    private static func write(_ value: Value, into out: inout String) {
        switch value {
        case .text(let s): quote(s, into: &out)
        case .integer(let i): out += String(i)
        case .number(let d): out += d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) + ".0" : String(d)) : "null"
        case .boolean(let b): out += b ? "true" : "false"
        case .date(let d): out += "\"\(d)\""
        case .datetime(let t): quote(DeploymentZone.utcFormat(t), into: &out)
        case .duration(let d): quote(d.description, into: &out)
        case .list(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        }
    }

    /// A JSON string literal.
    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
