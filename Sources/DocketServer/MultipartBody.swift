/// A `multipart/form-data` body (RFC 7578), as a browser posts a form with a file input:
/// Hummingbird reads none, so this small reader does, strictly. Anything malformed (no
/// boundary, a part without its `Content-Disposition` name, a body that does not end with
/// the closing delimiter) is refused as a whole rather than half read: the caller answers
/// 400 and nothing is written. It only parses bytes already read up to the server's body
/// limit, and every loop moves forward, so no input can make it crash or spin.
struct MultipartBody {
    struct Part: Sendable {
        var name: String
        /// The file's name as the browser gave it, for a file input; `nil` for a field.
        var filename: String?
        var content: [UInt8]
    }

    /// Why a body could not be read, for the words of the refusal.
    enum Malformed: Error, Equatable {
        case noBoundary
        case badDelimiter
        case badHeaders
        case noName
        case unterminated
        case tooManyParts
    }

    /// The most parts a form may have: Docket's forms have a handful.
    static let maxParts = 100
    /// The most bytes of one part's headers.
    static let maxHeaderBytes = 8 * 1024

    var parts: [Part]

    /// The boundary a `Content-Type` of `multipart/form-data` names, `nil` for any other
    /// type. A boundary is 1 to 70 characters (RFC 2046), quoted or not.
    static func boundary(ofContentType contentType: String) throws(Malformed) -> [UInt8]? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingSpaces }
        guard let type = pieces.first, type.lowercased() == "multipart/form-data" else { return nil }
        for parameter in pieces.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, pair[0].trimmingSpaces.lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingSpaces
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            let bytes = Array(value.utf8)
            guard (1...70).contains(bytes.count), bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
                throw .noBoundary
            }
            return bytes
        }
        throw .noBoundary
    }

    /// Reads every part of `body`, delimited by `boundary`.
    init(_ body: [UInt8], boundary: [UInt8]) throws(Malformed) {
        let dash: [UInt8] = [0x2D, 0x2D]
        let crlf: [UInt8] = [0x0D, 0x0A]
        let delimiter = dash + boundary
        // Between parts the delimiter follows a line break, which belongs to it.
        let separator = crlf + delimiter
        guard body.starts(with: delimiter) else { throw .badDelimiter }
        var position = delimiter.count
        var parts: [Part] = []
        while true {
            // After a delimiter: `--` closes the body, a line break opens a part.
            if body[position...].starts(with: dash) { break }
            guard body[position...].starts(with: crlf) else { throw .badDelimiter }
            position += 2
            guard parts.count < Self.maxParts else { throw .tooManyParts }
            guard let headerEnd = Self.find(crlf + crlf, in: body, from: position),
                headerEnd - position <= Self.maxHeaderBytes
            else { throw .badHeaders }
            let (name, filename) = try Self.disposition(Array(body[position..<headerEnd]))
            let contentStart = headerEnd + 4
            guard let contentEnd = Self.find(separator, in: body, from: contentStart) else { throw .unterminated }
            parts.append(Part(name: name, filename: filename, content: Array(body[contentStart..<contentEnd])))
            position = contentEnd + separator.count
        }
        self.parts = parts
    }

    /// The field name and file name of a part's `Content-Disposition: form-data` header;
    /// other headers (its `Content-Type`) are not needed.
    private static func disposition(_ bytes: [UInt8]) throws(Malformed) -> (String, String?) {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .badHeaders }
        var found: (String, String?)?
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
            guard let colon = line.firstIndex(of: ":") else { throw .badHeaders }
            guard line[..<colon].trimmingSpaces.lowercased() == "content-disposition" else { continue }
            let value = line[line.index(after: colon)...]
            let parameters = Self.parameters(value)
            guard parameters.first?.key.lowercased() == "form-data",
                let name = parameters.first(where: { $0.key.lowercased() == "name" })?.value
            else { throw .noName }
            let filename = parameters.first { $0.key.lowercased() == "filename" }?.value
            found = (name, filename)
        }
        guard let found else { throw .noName }
        return found
    }

    /// `form-data; name="orgs"; filename="名单.csv"` as its pieces, in order: the first
    /// (`form-data`) with an empty value. A quoted value may hold `;` and `\"`.
    private static func parameters(_ value: Substring) -> [(key: String, value: String)] {
        var pieces: [(key: String, value: String)] = []
        var key = ""
        var current = ""
        var inQuotes = false
        var escaped = false
        var sawEquals = false
        func finish() {
            let trimmedKey = (sawEquals ? key : current).trimmingSpaces
            if !trimmedKey.isEmpty { pieces.append((trimmedKey, sawEquals ? current : "")) }
            key = ""
            current = ""
            sawEquals = false
        }
        for character in value {
            if inQuotes {
                if escaped {
                    current.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inQuotes = false
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case ";": finish()
            case "=" where !sawEquals:
                key = current
                current = ""
                sawEquals = true
            case "\"" where sawEquals && current.trimmingSpaces.isEmpty:
                current = ""
                inQuotes = true
            default: current.append(character)
            }
        }
        finish()
        return pieces.map { ($0.key, $0.value.trimmingSpaces) }
    }

    /// Where `needle` first starts in `haystack` at or after `start`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count, start <= haystack.count - needle.count
        else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }
}

extension StringProtocol {
    /// The text without the spaces and tabs around it.
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
