public import Foundation

/// A typed value of a case field, a parameter or an expression.
///
/// Person, organisation and enum values are ids and are kept as text; the field's type
/// says what the id refers to.
public enum Value: Hashable, Sendable {
    case text(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case date(CivilDate)
    case datetime(Date)
    case duration(CalendarDuration)
    case list([Value])

    /// A plain rendering for tables and messages.
    ///
    /// An instant is written in the Asia/Shanghai zone here; where the deployment's zone is
    /// known (everything shown to people), ``display(in:)`` writes it in that zone.
    public var display: String { display(in: .shanghai) }

    /// The value as text, an instant in `zone` (`2026-11-22T09:30:00+08:00`).
    public func display(in zone: DeploymentZone) -> String {
        switch self {
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .boolean(let b): return b ? "true" : "false"
        case .date(let d): return d.description
        case .datetime(let t): return zone.format(t)
        case .duration(let d): return d.description
        case .list(let items): return items.map { $0.display(in: zone) }.joined(separator: ",")
        }
    }
}

extension Value: Codable {
    /// Values are stored as plain JSON: numbers, booleans, strings and arrays. Dates,
    /// datetimes and durations become strings; the field type restores them on reading.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let s): try container.encode(s)
        case .integer(let i): try container.encode(i)
        case .number(let d): try container.encode(d)
        case .boolean(let b): try container.encode(b)
        case .date(let d): try container.encode(d.description)
        case .datetime(let t): try container.encode(t.timeIntervalSince1970.isFinite ? DeploymentZone.utcFormat(t) : "")
        case .duration(let d): try container.encode(d.description)
        case .list(let items): try container.encode(items)
        }
    }

    /// Decodes the untyped JSON shape; ``FieldType/restore(_:)`` gives it back its type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let b = try? container.decode(Bool.self) {
            self = .boolean(b)
        } else if let i = try? container.decode(Int.self) {
            self = .integer(i)
        } else if let d = try? container.decode(Double.self) {
            self = .number(d)
        } else if let s = try? container.decode(String.self) {
            self = .text(s)
        } else {
            self = .list(try container.decode([Value].self))
        }
    }
}

extension DeploymentZone {
    /// UTC ISO 8601 to the second, the storage form of datetimes.
    ///
    /// Computed by arithmetic, not through `TimeZone`: every audit entry formats two.
    public static func utcFormat(_ instant: Date) -> String {
        let raw = instant.timeIntervalSince1970
        let seconds = Int(
            (raw.isNaN ? 0 : min(max(raw, instantRange.lowerBound), instantRange.upperBound)).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let intoDay = seconds - days * 86_400
        var bytes = Array(CivilDate(daysSinceEpoch: days).description.utf8)
        bytes.append(UInt8(ascii: "T"))
        CivilDate.appendDigits(intoDay / 3600, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        CivilDate.appendDigits(intoDay / 60 % 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        CivilDate.appendDigits(intoDay % 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads exactly the form ``utcFormat(_:)`` writes (`2026-11-22T01:30:00Z`); `nil`
    /// for anything else, which callers then read with ``parseInstant(_:)``.
    public static func parseUTC(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"),
            bytes[19] == UInt8(ascii: "Z"), let date = CivilDate(iso: String(decoding: bytes[0..<10], as: UTF8.self))
        else { return nil }
        func two(_ at: Int) -> Int? {
            let a = Int(bytes[at]) - 48
            let b = Int(bytes[at + 1]) - 48
            return (0...9).contains(a) && (0...9).contains(b) ? a * 10 + b : nil
        }
        guard let h = two(11), let m = two(14), let s = two(17), h < 24, m < 60, s < 61 else { return nil }
        return Date(timeIntervalSince1970: Double(date.daysSinceEpoch * 86_400 + h * 3600 + m * 60 + s))
    }
}
