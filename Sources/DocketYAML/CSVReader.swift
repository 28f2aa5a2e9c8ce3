/// A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF line ends.
///
/// Each row keeps the line it started on, so that a bad row can be named.
public enum CSVReader {
    public struct Row: Sendable, Hashable {
        public var line: Int
        public var fields: [String]
    }

    public static func rows(_ text: String) -> [Row] {
        var rows: [Row] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        func endRow() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty) {
                rows.append(Row(line: rowLine, fields: fields))
            }
            fields = []
            field = ""
        }
        while let c = pending {
            pending = iterator.next()
            if inQuotes {
                if c == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: inQuotes = true
            case ",":
                fields.append(field)
                field = ""
            case "\r": continue
            case "\n":
                endRow()
                line += 1
                rowLine = line
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }
}

extension CSVReader {
    /// Whether `text` stops inside a quoted field, by the rules ``rows(_:)`` reads with
    /// (a quote opens a field only at its start; a doubled quote inside is a quote):
    /// then the record goes on on the next line.
    public static func endsInsideQuotes(_ text: String) -> Bool {
        var inQuotes = false
        var atFieldStart = true
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let c = pending {
            pending = scalars.next()
            if inQuotes {
                guard c == "\"" else { continue }
                if pending == "\"" { pending = scalars.next() } else { inQuotes = false }
                atFieldStart = false
                continue
            }
            switch c {
            case "\"" where atFieldStart: inQuotes = true
            case ",", "\n": atFieldStart = true
            case "\r": continue
            default: atFieldStart = false
            }
        }
        return inQuotes
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}

extension Set where Element == Character {
    static let whitespaces: Set<Character> = [" ", "\t"]
}
