import Hummingbird

/// The web pages (shared/API.md "Web pages"), each a call to the application rendered as HTML.
struct PageRoutes {
    let server: DocketServer

    func add(to router: Router<DocketRequestContext>) {}
}
