import HTTPTypes
import Hummingbird
import Synchronization

/// Every route's path and methods, as they were registered: what a request for a known
/// path with a method it lacks is told (`405 Method Not Allowed` with `Allow`), where a
/// path no route has is `404`.
///
/// Hummingbird's router answers both with "not found" and keeps its table to itself, so
/// the routes are registered through ``RecordingRouter``, which notes each one here.
final class RouteTable: Sendable {
    private struct Route {
        var path: RouterPath
        var method: HTTPRequest.Method
    }

    private let routes = Mutex<[Route]>([])

    func add(_ path: RouterPath, _ method: HTTPRequest.Method) {
        routes.withLock { $0.append(Route(path: path, method: method)) }
    }

    /// The methods of the routes whose path matches `path`, sorted; empty when no route
    /// has this path.
    func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let matching = routes.withLock { routes in
            routes.filter { route in
                let components = route.path.components
                return components.count == segments.count
                    && zip(components, segments).allSatisfy { component, segment in component ~= segment }
            }
        }
        return Set(matching.map(\.method.rawValue)).sorted()
    }
}

/// A router that notes every route it adds in a ``RouteTable``; groups made from it
/// (`group("api/v1")`) pass their routes through it with their prefix.
struct RecordingRouter: RouterMethods {
    typealias Context = DocketRequestContext
    let router: Router<DocketRequestContext>
    let table: RouteTable

    @discardableResult func on<Responder: HTTPResponder>(
        _ path: RouterPath, method: HTTPRequest.Method, responder: Responder
    ) -> Self where Responder.Context == Context {
        table.add(path, method)
        router.on(path, method: method, responder: responder)
        return self
    }

    @discardableResult func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        router.add(middleware: middleware)
        return self
    }
}
