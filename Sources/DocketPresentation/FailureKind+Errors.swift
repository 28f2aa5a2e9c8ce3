public import DocketApplication
public import DocketCore
public import DocketEngine

/// The kind of each failure, chosen by the failure's code rather than by a
/// switch over its facts: a kind the libraries add later gets the `default` status here
/// instead of breaking the build, and keeps its own words (DocketMessages words it by its
/// code until it has words of its own).
extension FailureKind {
    /// A refusal by the rules: 5 for an event not possible now, 6 for a rule that does not
    /// hold, 13 for an actor without the roles, 12 for a year the calendar lacks, 4 for an
    /// unknown state, and 7 for the rest (the input, the dates).
    public init(_ refusal: Refusal) {
        switch refusal.code {
        case .unknownEvent, .eventNotPossible, .timerOnly: self = .eventNotPossible
        case .checkFailed, .noTarget: self = .checkFailed
        case .notPermitted: self = .permissionDenied
        case .unknownState: self = .notFound
        case .calendarNotCovering:
            // Arithmetic that leaves the years 1 to 9999 is the input's fault, not the calendar's.
            if case .calendar(let error) = refusal.reason, error.code == .outOfRange {
                self = .invalidInput
            } else {
                self = .calendarNotCovering
            }
        case .invalidFields, .invalidDate, .noParentOrganisation, .computationFailed: self = .invalidInput
        default: self = .invalidInput
        }
    }

    /// A store failure: 8 for a conflict, 9 for a store that cannot be used, 14 for one
    /// held too long by another command, 7 for data that does not fit, else 1.
    public init(_ error: StoreError) {
        switch error.code {
        case .conflict, .versionConflict: self = .conflict
        case .notInitialised, .unavailable: self = .storeUnavailable
        case .busy: self = .storeBusy
        case .invalidData: self = .invalidInput
        default: self = .internalError
        }
    }

    /// An engine failure: a refusal's or a store failure's own status, 4 for something not
    /// found, 8 for a case id taken, 11 for a campaign file with bad rows, 7 for a bad id
    /// or a change dated ahead of the clock; 1 for a kind this table does not know.
    public init(_ error: EngineError) {
        if case .refused(let refusal) = error.reason {
            self.init(refusal)
            return
        }
        if case .store(let store) = error.reason {
            self.init(store)
            return
        }
        switch error.code {
        case .notFound: self = .notFound
        case .caseExists: self = .conflict
        case .campaignRejected: self = .badFile
        case .invalidID, .changeInFuture: self = .invalidInput
        default: self = .internalError
        }
    }

    /// A refusal of access: 7 for a request without a (usable) person, 4 for a person not
    /// in the store, 13 for every refusal of a known person.
    public init(_ error: AccessError) {
        switch error.code {
        case .noPerson, .systemPerson: self = .invalidInput
        case .unknownPerson: self = .notFound
        default: self = .permissionDenied
        }
    }

    /// A dispatch that could not be worked out: 5 when the case cannot be assigned now, 7
    /// for `--auto` on an event that does not assign, 64 for `--auto` with the assignee
    /// also given, 4 when no member could take the case.
    public init(_ error: DispatchError) {
        switch error.code {
        case .notAssignable: self = .eventNotPossible
        case .notAssigning: self = .invalidInput
        case .alreadyChosen: self = .usage
        case .noCandidate: self = .notFound
        default: self = .invalidInput
        }
    }

    /// A login or token that could not be used: 15 for credentials not accepted, 16 when
    /// too many logins failed lately, 7 for a password too short or too long, 4 for a
    /// token that is not there (or not the caller's).
    public init(_ error: LoginError) {
        switch error.code {
        case .badCredentials: self = .unauthenticated
        case .throttled: self = .throttled
        case .weakPassword: self = .invalidInput
        case .unknownToken: self = .notFound
        default: self = .unauthenticated
        }
    }

    /// A proof not made or not checking out: 7 for a checkpoint that signs no root or
    /// checkpoints given out of order, 4 for a case with nothing to prove, and 10 for
    /// everything that shows the trail or the proof is not what was signed.
    public init(_ error: ProofError) {
        switch error.code {
        case .noRoot, .outOfOrder: self = .invalidInput
        case .noEntries: self = .notFound
        default: self = .auditBroken
        }
    }
}
