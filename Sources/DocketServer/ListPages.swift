import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation
import HTTPTypes
import Hummingbird

/// `?cursor=`: where the page before ended, as that page's `Link: <…>; rel="next"` gave
/// it. The lists of cases and of limits are walked a page at a time by key (a case id; a
/// limit's due time, case and rule), never by position, so a page neither repeats nor
/// skips a row when cases change between two pages.
///
/// The cursor is opaque to clients: the key in base64url, so that no id needs escaping in
/// a URL and nobody is tempted to build one.
enum ListCursor {
    private static let separator: Character = "\u{1F}"

    static func encode(caseID: String) -> String { base64URL("c" + String(separator) + caseID) }

    static func encode(_ key: DeadlineKey) -> String {
        base64URL(
            ["d", String(key.dueAt.timeIntervalSince1970), key.caseID, key.rule].joined(separator: String(separator)))
    }

    /// The case id a cursor of the case list holds; `nil` without `?cursor=`.
    static func caseID(_ request: Request, _ context: DocketRequestContext) throws -> String? {
        guard let parts = try parts(request, context) else { return nil }
        guard parts.count == 2, parts[0] == "c" else { throw invalid(context) }
        return parts[1]
    }

    /// The limit a cursor of the overdue or due-soon list holds; `nil` without `?cursor=`.
    static func deadline(_ request: Request, _ context: DocketRequestContext) throws -> DeadlineKey? {
        guard let parts = try parts(request, context) else { return nil }
        guard parts.count == 4, parts[0] == "d", let seconds = Double(parts[1]), seconds.isFinite else {
            throw invalid(context)
        }
        return DeadlineKey(dueAt: Date(timeIntervalSince1970: seconds), caseID: parts[2], rule: parts[3])
    }

    private static func parts(_ request: Request, _ context: DocketRequestContext) throws -> [String]? {
        guard let typed = request.uri.queryParameters.get("cursor") else { return nil }
        var base64 = typed.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            throw invalid(context)
        }
        return text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
    }

    private static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A cursor this server did not give: well formed as text (the OpenAPI document asks
    /// for base64url only), so 422 rather than 400.
    private static func invalid(_ context: DocketRequestContext) -> Failure {
        var failure = Failure(
            .invalidInput, zh: "cursor 无效：请用上一页 Link 头给出的地址",
            en: "cursor is not valid: follow the address the previous page's Link header gives",
            language: context.language, context: [("key", .string("cursor"))])
        failure.unprocessable = true
        return failure
    }
}

/// The rows of one page: the store is asked for one row more than the page holds, and
/// that row, when it comes, says there is a next page, which starts after the last row
/// kept.
struct PageOfRows<Key> {
    let size: Int
    private(set) var kept = 0
    private(set) var last: Key?
    private(set) var more = false

    init(size: Int) { self.size = size }

    /// How many rows to ask the store for.
    var storeLimit: Int { size + 1 }

    /// Whether the row of `key` belongs to this page (and so is to be shown).
    mutating func keep(_ key: Key) -> Bool {
        guard kept < size else {
            more = true
            return false
        }
        kept += 1
        last = key
        return true
    }

    /// Where the next page starts, when there is one.
    var next: Key? { more ? last : nil }
}

extension Response {
    /// Names the next page in a `Link` header (RFC 8288), the request's own query with
    /// the cursor set, when there is one.
    mutating func link(next cursor: String?, of request: Request) {
        guard let cursor else { return }
        let query = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("cursor=") }
        let target = request.uri.path + "?" + (query + ["cursor=" + cursor[...]]).joined(separator: "&")
        headers[.link] = "<\(target)>; rel=\"next\""
    }
}

extension HTTPField.Name {
    static let link = HTTPField.Name("Link")!
}
