import DocketCore
import DocketPresentation
import Foundation
import Hummingbird
import NIOCore

/// A JSON request body, read up to the server's limit and checked key by key, so that a
/// wrong type or a misspelt key is answered with what was wrong and where (400), never
/// taken as missing.
/// A JSON value as read from a request: a boolean is never taken for a number, nor a
/// number for a boolean.
enum JSONInput: Decodable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONInput])
    case object([String: JSONInput])

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? single.decode(Double.self) {
            self = .number(value)
        } else if let value = try? single.decode(String.self) {
            self = .string(value)
        } else if let value = try? single.decode([JSONInput].self) {
            self = .array(value)
        } else {
            self = .object(try single.decode([String: JSONInput].self))
        }
    }

    /// A scalar as the command line's `--set` takes it; `nil` for a list or an object.
    var scalarText: String? {
        switch self {
        case .bool(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .string(let value): value
        case .null, .array, .object: nil
        }
    }
}

/// A JSON request body, read up to the server's limit and checked key by key, so that a
/// wrong type or a misspelt key is answered with what was wrong and where (400), never
/// taken as missing.
struct RequestBody {
    private let object: [String: JSONInput]
    let language: Language

    /// Reads and parses the body, refusing keys not in `allowed`.
    static func read(_ request: Request, limit: Int, allowed: Set<String>, language: Language) async throws
        -> RequestBody
    {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: limit) } catch {
            throw FailureAnswers.tooLarge(language)
        }
        let data = Data(buffer.readableBytesView)
        guard String(data: data, encoding: .utf8) != nil,
            case .object(let object)? = try? JSONDecoder().decode(JSONInput.self, from: data)
        else {
            throw Failure(
                .invalidInput, zh: "请求内容应为 JSON 对象（UTF-8）", en: "the request body must be a JSON object (UTF-8)",
                language: language)
        }
        let unknown = Set(object.keys).subtracting(allowed).sorted()
        guard unknown.isEmpty else {
            throw Failure(
                .invalidInput,
                zh: "未知的键：\(unknown.joined(separator: "、"))（可用：\(allowed.sorted().joined(separator: "、"))）",
                en:
                    "unknown key(s): \(unknown.joined(separator: ", ")) (known: \(allowed.sorted().joined(separator: ", ")))",
                language: language, context: [("keys", .array(unknown.map(JSONValue.string)))])
        }
        return RequestBody(object: object, language: language)
    }

    func wrongType(_ key: String, _ expected: (zh: String, en: String)) -> Failure {
        Failure(
            .invalidInput, zh: "「\(key)」应为\(expected.zh)", en: "'\(key)' must be \(expected.en)", language: language,
            context: [("key", .string(key))])
    }

    private func value(_ key: String) -> JSONInput? {
        guard let value = object[key] else { return nil }
        if case .null = value { return nil }
        return value
    }

    func string(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw wrongType(key, ("文字", "a string")) }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key), !text.isEmpty else {
            throw Failure(
                .invalidInput, zh: "缺少「\(key)」", en: "'\(key)' is required", language: language,
                context: [("key", .string(key))])
        }
        return text
    }

    func integer(_ key: String) throws -> Int? {
        guard let value = value(key) else { return nil }
        guard case .integer(let number) = value else { throw wrongType(key, ("整数", "an integer")) }
        return number
    }

    func boolean(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(key, ("true 或 false", "true or false")) }
        return flag
    }

    /// Field values as the command line's `--set` takes them: a text as it is, a number
    /// or a boolean as written, a list as its items joined by commas.
    func fields(_ key: String) throws -> [String: String] {
        guard let value = value(key) else { return [:] }
        guard case .object(let values) = value else { throw wrongType(key, ("对象", "an object")) }
        return try fieldValues(values, at: key)
    }

    /// New items of an event's item list, each an object of field values.
    func items(_ key: String) throws -> [[String: String]] {
        guard let value = value(key) else { return [] }
        guard case .array(let list) = value else { throw wrongType(key, ("数组", "an array")) }
        return try list.enumerated().map { index, item in
            guard case .object(let values) = item else { throw wrongType("\(key)[\(index)]", ("对象", "an object")) }
            return try fieldValues(values, at: "\(key)[\(index)]")
        }
    }

    private func fieldValues(_ values: [String: JSONInput], at path: String) throws -> [String: String] {
        var input: [String: String] = [:]
        for (field, value) in values {
            if case .null = value { continue }
            if let text = value.scalarText {
                input[field] = text
            } else if case .array(let list) = value, case let texts = list.compactMap(\.scalarText),
                texts.count == list.count
            {
                input[field] = texts.joined(separator: ",")
            } else {
                throw wrongType(
                    "\(path).\(field)", ("文字、数值、是/否或其列表", "a string, number, boolean or a list of them"))
            }
        }
        return input
    }
}
