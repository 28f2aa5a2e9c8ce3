import DocketCore
import DocketPresentation
import Foundation
import Hummingbird
import NIOCore

/// A server-rendered page: Chinese first, readable without JavaScript and on a phone.
struct Page {
    var title: String
    /// The body's HTML, its texts already escaped (``Page/escape(_:)``).
    var body: String
    var language: Language
    /// The person logged in, for the header's name and logout form.
    var person: String?
    var csrf: String?

    func response(status: Int = 200) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    var html: String {
        let zh = language == .zh
        var header = "<a class=\"brand\" href=\"/\">Docket</a>"
        if let person {
            header += """
                <nav><a href="/">\(zh ? "我的待办" : "My work")</a> <a href="/overdue">\(zh ? "逾期" : "Overdue")</a> \
                <a href="/due-soon">\(zh ? "即将到期" : "Due soon")</a> <a href="/reports">\(zh ? "报表" : "Reports")</a> \
                <a href="/campaigns">\(zh ? "整顿活动" : "Campaigns")</a> <a href="/cases/new">\(zh ? "受理" : "New request")</a></nav>\
                <form class="logout" method="post" action="/logout"><input type="hidden" name="_csrf" value="\(Self.escape(csrf ?? ""))">\
                <span>\(Self.escape(person))</span> <button>\(zh ? "退出" : "Log out")</button></form>
                """
        }
        let other = zh ? "<a href=\"?lang=en\">English</a>" : "<a href=\"?lang=zh\">中文</a>"
        return """
            <!doctype html>
            <html lang="\(zh ? "zh-CN" : "en")"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(title)) · Docket</title>
            <link rel="stylesheet" href="/static/docket.css"></head>
            <body><header>\(header)<span class="lang">\(other)</span></header>
            <main><h1>\(Self.escape(title))</h1>
            \(body)
            </main></body></html>
            """
    }

    /// Text as HTML shows it, never as markup: a resident's description may hold anything.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A failure as a page: the message, and what to do next.
    static func failure(_ failure: Failure, _ context: DocketRequestContext) -> Page {
        let zh = context.language == .zh
        return Page(
            title: zh ? "无法完成" : "Could not be done",
            body:
                "<p class=\"error\" role=\"alert\">\(escape(failure.message))</p><p><a href=\"/\">\(zh ? "返回我的待办" : "Back to my work")</a></p>",
            language: context.language, person: context.person, csrf: context.csrfToken)
    }

    /// A table: escaped headers, rows already HTML.
    static func table(_ headers: [String], _ rows: String) -> String {
        "<div class=\"scroll\"><table><thead><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined()
            + "</tr></thead><tbody>\(rows)</tbody></table></div>"
    }

    /// A path segment: a case id may hold characters a URL reserves.
    static func percent(_ segment: String) -> String {
        segment.addingPercentEncoding(
            withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
            ?? segment
    }
}
