import DocketCore
import DocketPresentation
import Foundation
import Hummingbird
import NIOCore

/// A form as a browser posts it (`application/x-www-form-urlencoded`, or
/// `multipart/form-data` when it has a file input), read up to the server's limit. A name
/// given twice keeps each value (a multiple choice).
struct FormBody {
    private(set) var values: [String: [String]] = [:]
    /// The files of a multipart form, by field name: the name the browser gave and the bytes.
    private(set) var files: [String: (filename: String, content: [UInt8])] = [:]

    static func read(_ request: Request, limit: Int, language: Language) async throws -> FormBody {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: limit) } catch {
            throw FailureAnswers.tooLarge(language)
        }
        let boundary: [UInt8]?
        do { boundary = try MultipartBody.boundary(ofContentType: request.headers[.contentType] ?? "") } catch {
            throw malformed(language)
        }
        if let boundary { return try multipart(Array(buffer.readableBytesView), boundary: boundary, language) }
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

    /// A multipart form: its fields as text (UTF-8, as a page served in UTF-8 posts them),
    /// its files as bytes.
    private static func multipart(_ bytes: [UInt8], boundary: [UInt8], _ language: Language) throws -> FormBody {
        let body: MultipartBody
        do { body = try MultipartBody(bytes, boundary: boundary) } catch { throw malformed(language) }
        var form = FormBody()
        for part in body.parts {
            if let filename = part.filename {
                // A file input left empty is sent as a part with an empty name and no bytes.
                guard !filename.isEmpty || !part.content.isEmpty else { continue }
                form.files[part.name] = (filename, part.content)
                continue
            }
            guard let value = String(validating: part.content, as: UTF8.self) else {
                throw Failure(
                    .invalidInput, zh: "表单内容不是 UTF-8 文本", en: "the form is not UTF-8 text", language: language)
            }
            form.values[part.name, default: []].append(value)
        }
        return form
    }

    private static func malformed(_ language: Language) -> Failure {
        Failure(
            .invalidInput, zh: "表单格式有误（multipart/form-data）", en: "the form is malformed (multipart/form-data)",
            language: language)
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
