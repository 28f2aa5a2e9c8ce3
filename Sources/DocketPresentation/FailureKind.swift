/// The kinds of failure every front end tells apart, each with its stable code (the
/// `code` of a JSON error): the command line exits with the raw value (documented in the
/// README), the server answers with the HTTP status that fits (``httpStatus``).
public enum FailureKind: Int32, CaseIterable, Sendable {
    case success = 0
    case internalError = 1
    case definitionInvalid = 3
    case notFound = 4
    case eventNotPossible = 5
    case checkFailed = 6
    case invalidInput = 7
    case conflict = 8
    case storeUnavailable = 9
    case auditBroken = 10
    case badFile = 11
    case calendarNotCovering = 12
    case permissionDenied = 13
    /// Another command held the store past the wait limit; nothing was written.
    case storeBusy = 14
    /// A login that failed, or a request without a valid session or token (HTTP 401).
    case unauthenticated = 15
    /// Too many failed logins lately; try again later (HTTP 429).
    case throttled = 16
    /// A request body over the size the server reads (HTTP 413).
    case tooLarge = 17
    /// A method the path has no route for (HTTP 405, with `Allow`); the server only.
    case methodNotAllowed = 18
    /// Argument mistakes, as ArgumentParser reports them (EX_USAGE).
    case usage = 64

    /// The stable name used in `--json` errors.
    public var code: String {
        switch self {
        case .success: return "ok"
        case .internalError: return "internal-error"
        case .definitionInvalid: return "definition-invalid"
        case .notFound: return "not-found"
        case .eventNotPossible: return "event-not-possible"
        case .checkFailed: return "check-failed"
        case .invalidInput: return "invalid-input"
        case .conflict: return "conflict"
        case .storeUnavailable: return "store-unavailable"
        case .auditBroken: return "audit-broken"
        case .badFile: return "bad-file"
        case .calendarNotCovering: return "calendar-not-covering"
        case .permissionDenied: return "permission-denied"
        case .storeBusy: return "store-busy"
        case .unauthenticated: return "unauthenticated"
        case .throttled: return "throttled"
        case .tooLarge: return "too-large"
        case .methodNotAllowed: return "method-not-allowed"
        case .usage: return "usage"
        }
    }
}

extension FailureKind {
    /// The HTTP status a failure of this kind is answered with: the client's mistakes are
    /// 4xx (a rule that refuses an event is 422, a stale revision 409), and only the server's
    /// own trouble is 5xx, so that no input, however malformed, is answered with a 500.
    public var httpStatus: Int {
        switch self {
        case .success: 200
        case .internalError: 500
        case .definitionInvalid, .invalidInput, .badFile, .usage: 400
        case .notFound: 404
        case .eventNotPossible, .checkFailed, .calendarNotCovering: 422
        case .conflict: 409
        // The store's rows disagree with its own trail: nothing the request can fix.
        case .auditBroken: 409
        case .permissionDenied: 403
        case .storeUnavailable, .storeBusy: 503
        case .unauthenticated: 401
        case .throttled: 429
        case .tooLarge: 413
        case .methodNotAllowed: 405
        }
    }
}
