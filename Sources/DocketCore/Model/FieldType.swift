import Foundation

/// The type of a case field, a parameter or an expression.
public indirect enum FieldType: Hashable, Sendable {
    case text, integer, number, boolean, date, datetime, duration
    case choice // an enum: one of the field's declared choices
    case person, organisation
    case list(FieldType)

    /// The names a workflow file may use; `list` is written `list of X`.
    public static let scalarNames: [String: FieldType] = [
        "text": .text, "integer": .integer, "number": .number, "boolean": .boolean, "date": .date,
        "datetime": .datetime, "duration": .duration, "enum": .choice, "person": .person,
        "organisation": .organisation,
    ]

    /// Parses `text`, `enum`, `list of person`, `list<person>`.
    public init?(name: String) {
        let n = name.trimmedOfSpaces
        if n.hasPrefix("list of ") {
            guard let inner = FieldType(name: String(n.dropFirst(8))), !inner.isList else { return nil }
            self = .list(inner)
        } else if n.hasPrefix("list<"), n.hasSuffix(">") {
            guard let inner = FieldType(name: String(n.dropFirst(5).dropLast())), !inner.isList else { return nil }
            self = .list(inner)
        } else if let scalar = FieldType.scalarNames[n] {
            self = scalar
        } else {
            return nil
        }
    }

    public var isList: Bool { if case .list = self { return true } else { return false } }

    /// Types that compare and print as text in expressions.
    public var isTextual: Bool { self == .text || self == .choice || self == .person || self == .organisation }

    public var isNumeric: Bool { self == .integer || self == .number }

    public var name: String {
        switch self {
        case .text: return "text"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .date: return "date"
        case .datetime: return "datetime"
        case .duration: return "duration"
        case .choice: return "enum"
        case .person: return "person"
        case .organisation: return "organisation"
        case .list(let inner): return "list of \(inner.name)"
        }
    }

    /// The largest magnitude an integer or number may have, typed, declared (`min`,
    /// `max`, a default) or configured: a quadrillion, far past any count a branch keeps,
    /// and small enough that a rule's arithmetic on two of them cannot overflow.
    public static let numberLimit = 1_000_000_000_000_000

    /// Reads a value typed on the command line (`--set field=value`), or `nil` when the
    /// text is not of this type (or a number is past ``numberLimit``).
    public func parse(_ raw: String, zone: DeploymentZone) -> Value? {
        let text = raw.trimmedOfSpaces
        switch self {
        case .text, .choice, .person, .organisation: return .text(raw)
        case .integer:
            guard let i = Int(text.halfWidth), i.magnitude <= UInt(Self.numberLimit) else { return nil }
            return .integer(i)
        case .number:
            guard let d = Double(text.halfWidth), d.isFinite, abs(d) <= Double(Self.numberLimit) else { return nil }
            return .number(d)
        case .boolean:
            return InputVocabulary.booleans[text.lowercased()].map(Value.boolean)
        case .date: return CivilDate(typed: text).map(Value.date)
        case .datetime: return zone.parseTyped(text).map(Value.datetime)
        case .duration: return CalendarDuration(parsing: text.halfWidth).map(Value.duration)
        case .list(let inner):
            if text.isEmpty { return .list([]) }
            var items: [Value] = []
            for piece in inner.listItems(text) {
                guard let item = inner.parse(String(piece).trimmedOfSpaces, zone: zone) else {
                    return nil
                }
                items.append(item)
            }
            return .list(items)
        }
    }

    /// The items of a list of this type typed as text. Commas separate them; for ids,
    /// choices, dates and numbers also the full-width comma and the enumeration comma
    /// (，、) a Chinese keyboard gives, which none of those can contain. Text items are
    /// split at `,` only, since their words may hold the others.
    public func listItems(_ text: String) -> [Substring] {
        if self == .text { return text.split(separator: ",", omittingEmptySubsequences: false) }
        return text.split(omittingEmptySubsequences: false, whereSeparator: InputVocabulary.isListSeparator)
    }

    /// Whether ``restore(_:)`` can change a stored value of this type.
    public var restoresStoredValues: Bool {
        switch self {
        case .date, .datetime, .duration, .number: true
        case .list(let inner): inner.restoresStoredValues
        default: false
        }
    }

    /// Gives a value decoded from storage back its type (dates stored as strings, say).
    public func restore(_ value: Value) -> Value {
        switch (self, value) {
        case (.date, .text(let s)): return CivilDate(iso: s).map(Value.date) ?? value
        case (.datetime, .text(let s)): return DeploymentZone.shanghai.parseInstant(s).map(Value.datetime) ?? value
        case (.duration, .text(let s)): return CalendarDuration(parsing: s).map(Value.duration) ?? value
        case (.number, .integer(let i)): return .number(Double(i))
        case (.list(let inner), .list(let items)): return .list(items.map(inner.restore))
        default: return value
        }
    }
}

extension FieldType: Codable {
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let type = FieldType(name: name) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown type \(name)"))
        }
        self = type
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
