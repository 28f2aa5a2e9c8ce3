import DocketCore
import DocketPresentation
import Foundation
import Hummingbird
import NIOCore

/// A form as a browser posts it (`application/x-www-form-urlencoded`), read up to the
/// server's limit. A name given twice keeps each value (a multiple choice).
struct FormBody {
    private(set) var values: [String: [String]] = [:]

    static func read(_ request: Request, limit: Int, language: Language) async throws -> FormBody {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: limit) } catch {
            throw FailureAnswers.tooLarge(language)
        }
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw Failure(
                .invalidInput, zh: "表单内容不是 UTF-8 文本", en: "the form is not UTF-8 text", language: language)
        }
        var form = FormBody()
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else {
                throw Failure(.invalidInput, zh: "表单编码有误", en: "the form is badly encoded", language: language)
            }
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            guard let value else {
                throw Failure(.invalidInput, zh: "表单编码有误", en: "the form is badly encoded", language: language)
            }
            form.values[name, default: []].append(value)
        }
        return form
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    subscript(_ name: String) -> String? { values[name]?.first }

    /// The non-empty values of the fields named `prefix` + field id, by field id: what
    /// the clerk filled in.
    func fields(prefixed prefix: String) -> [String: String] {
        var input: [String: String] = [:]
        for (name, all) in values where name.hasPrefix(prefix) {
            let texts = all.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !texts.isEmpty else { continue }
            input[String(name.dropFirst(prefix.count))] = texts.joined(separator: ",")
        }
        return input
    }
}
