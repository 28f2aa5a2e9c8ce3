/// The exit status of every class of failure; documented in the README.
enum ExitStatus: Int32, CaseIterable {
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
    /// Argument mistakes, as ArgumentParser reports them (EX_USAGE).
    case usage = 64

    /// The stable name used in `--json` errors.
    var code: String {
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
        case .usage: return "usage"
        }
    }
}
