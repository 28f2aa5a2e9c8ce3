import DocketApplication
import DocketCore
import Foundation
public import Hummingbird
import NIOCore
import Synchronization

/// What a request carries through the routes: who is asking (once authenticated), from
/// where, and in which language they read.
public struct DocketRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The person the session or token stands for; `nil` before logging in.
    var person: String?
    /// The session's secret, when the person came with a session cookie (a browser).
    var sessionSecret: String?
    /// The remote address, for the throttle on failed logins.
    var address: String
    var language: Language = .zh
    /// Who the request turned out to be, for the request log, which wraps the
    /// authentication and so never sees the context it fills in.
    let identity = Identity()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    /// Bodies are read by the routes themselves, up to the server's limit.
    public var maxUploadSize: Int { 1 << 20 }

    /// The token a form or an API call that changes something must carry with a session:
    /// derived from the session's secret, which a page of another site cannot read.
    var csrfToken: String? { sessionSecret.map(Authentication.csrfToken) }

    /// A segment of the path a route captured, its percent escapes decoded: a case, an
    /// organisation or a campaign named in Chinese arrives as `%E4%B8%9C…`. Empty when
    /// the route has none (or the escapes are broken, which no name decodes to).
    func pathParameter(_ name: String) -> String {
        guard let raw = parameters.get(name) else { return "" }
        return raw.removingPercentEncoding ?? ""
    }
}

/// The person a request acts as, as the request log reads it after the answer.
final class Identity: Sendable {
    private let person = Mutex<String?>(nil)
    var value: String? {
        get { person.withLock { $0 } }
        set { person.withLock { $0 = newValue } }
    }
}
