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
        var out: [UInt8] = []
        out.reserveCapacity(64 * object.count + 2)
        out.append(UInt8(ascii: "{"))
        for (index, key) in object.keys.sorted().enumerated() {
            guard let value = object[key] else { continue }
            if index > 0 { out.append(UInt8(ascii: ",")) }
            quote(key, into: &out)
            out.append(UInt8(ascii: ":"))
            write(value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `{"event":["2026-01-01",…]}` with sorted keys.
    public static func encode(records: [String: [CivilDate]]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(32 * records.count + 2)
        out.append(UInt8(ascii: "{"))
        for (index, key) in records.keys.sorted().enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            quote(key, into: &out)
            out.append(contentsOf: Array(":[".utf8))
            for (position, day) in (records[key] ?? []).enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\""))
                day.appendISO(to: &out)
                out.append(UInt8(ascii: "\""))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    public static func decodeObject(_ text: String) -> [String: Value]? {
        var reader = Reader(text)
        return reader.whole { reader in try reader.object { reader in try reader.value() } }
    }

    public static func decodeRecords(_ text: String) -> [String: [CivilDate]]? {
        var reader = Reader(text)
        return reader.whole { reader in
            try reader.object { reader in
                try reader.list { reader in try reader.date() }
            }
        }
    }

    private static func write(_ value: Value, into out: inout [UInt8]) {
        switch value {
        case .text(let s): quote(s, into: &out)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .number(let d):
            let text = d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) + ".0" : String(d)) : "null"
            out.append(contentsOf: text.utf8)
        case .boolean(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .date(let d): quote(d.description, into: &out)
        case .datetime(let t): quote(DeploymentZone.utcFormat(t), into: &out)
        case .duration(let d): quote(d.description, into: &out)
        case .list(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    /// A JSON string literal.
    public static func quote(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        quote(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// A JSON string literal, as UTF-8. Only `"`, `\\` and control characters are
    /// escaped; everything else (Chinese included) is written as it is.
    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

extension ValueJSON {
    /// Reads the JSON that ``ValueJSON`` writes, byte by byte. `null` and nested objects
    /// are refused: no field value is either.
    struct Reader {
        struct Malformed: Error {}

        private let bytes: [UInt8]
        private var index = 0

        init(_ text: String) { bytes = Array(text.utf8) }

        /// Reads one top-level item with `body`; nothing but white space may follow.
        mutating func whole<T>(_ body: (inout Reader) throws -> T) -> T? {
            do {
                let result = try body(&self)
                skipSpace()
                return index == bytes.count ? result : nil
            } catch {
                return nil
            }
        }

        mutating func object<T>(_ element: (inout Reader) throws -> T) throws -> [String: T] {
            try expect(UInt8(ascii: "{"))
            var result: [String: T] = [:]
            if try peek() == UInt8(ascii: "}") {
                index += 1
                return result
            }
            while true {
                let key = try string()
                try expect(UInt8(ascii: ":"))
                result[key] = try element(&self)
                let next = try take()
                if next == UInt8(ascii: "}") { return result }
                guard next == UInt8(ascii: ",") else { throw Malformed() }
            }
        }

        mutating func list<T>(_ element: (inout Reader) throws -> T) throws -> [T] {
            try expect(UInt8(ascii: "["))
            var result: [T] = []
            if try peek() == UInt8(ascii: "]") {
                index += 1
                return result
            }
            while true {
                result.append(try element(&self))
                let next = try take()
                if next == UInt8(ascii: "]") { return result }
                guard next == UInt8(ascii: ",") else { throw Malformed() }
            }
        }

        mutating func value() throws -> Value {
            switch try peek() {
            case UInt8(ascii: "\""): return .text(try string())
            case UInt8(ascii: "["): return .list(try list { reader in try reader.value() })
            case UInt8(ascii: "t"):
                try literal("true")
                return .boolean(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .boolean(false)
            default: return try number()
            }
        }

        /// An integer when written without fraction or exponent and small enough to be
        /// exact; otherwise a number.
        mutating func number() throws -> Value {
            skipSpace()
            let start = index
            var fractional = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                    fractional = true
                } else if !(byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte))
                {
                    break
                }
                index += 1
            }
            let token = String(decoding: bytes[start..<index], as: UTF8.self)
            if !fractional, let integer = Int(token), integer.magnitude < 9_000_000_000_000_000 {
                return .integer(integer)
            }
            guard let double = Double(token), double.isFinite else { throw Malformed() }
            return .number(double)
        }

        /// A `"YYYY-MM-DD"` string, read without making a `String` of it.
        mutating func date() throws -> CivilDate {
            try expect(UInt8(ascii: "\""))
            guard index + 11 <= bytes.count, bytes[index + 10] == UInt8(ascii: "\""),
                let day = CivilDate(iso: bytes[index..<(index + 10)])
            else { throw Malformed() }
            index += 11
            return day
        }

        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            let start = index
            // Fast path: no escapes, the bytes are the string.
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                index += 1
            }
            guard index < bytes.count else { throw Malformed() }
            if bytes[index] == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
            }
            var out = Array(bytes[start..<index])
            while true {
                let byte = try takeRaw()
                switch byte {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    let escaped = try takeRaw()
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"): out.append(contentsOf: try unicodeEscape())
                    default: throw Malformed()
                    }
                default:
                    guard byte >= 0x20 else { throw Malformed() }
                    out.append(byte)
                }
            }
        }

        /// The UTF-8 of a `\uXXXX` escape, joining a surrogate pair.
        private mutating func unicodeEscape() throws -> [UInt8] {
            var code = try hex4()
            if (0xD800..<0xDC00).contains(code) {
                guard try takeRaw() == UInt8(ascii: "\\"), try takeRaw() == UInt8(ascii: "u") else { throw Malformed() }
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw Malformed() }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(code) else { throw Malformed() }
            return Array(String(Character(scalar)).utf8)
        }

        private mutating func hex4() throws -> UInt32 {
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = Character(Unicode.Scalar(try takeRaw())).hexDigitValue else { throw Malformed() }
                code = code * 16 + UInt32(digit)
            }
            return code
        }

        private mutating func literal(_ word: String) throws {
            skipSpace()
            for expected in word.utf8 { guard try takeRaw() == expected else { throw Malformed() } }
        }

        private mutating func expect(_ byte: UInt8) throws {
            guard try take() == byte else { throw Malformed() }
        }

        /// The next byte that is not white space, consumed.
        private mutating func take() throws -> UInt8 {
            skipSpace()
            return try takeRaw()
        }

        private mutating func takeRaw() throws -> UInt8 {
            guard index < bytes.count else { throw Malformed() }
            defer { index += 1 }
            return bytes[index]
        }

        /// The next byte that is not white space, left in place.
        private mutating func peek() throws -> UInt8 {
            skipSpace()
            guard index < bytes.count else { throw Malformed() }
            return bytes[index]
        }

        private mutating func skipSpace() {
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
                index += 1
            }
        }
    }
}
