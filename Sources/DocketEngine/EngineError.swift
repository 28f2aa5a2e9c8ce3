public import DocketCore
public import Foundation

/// Why the engine could not do what was asked: a refusal by the rules, something not
/// found, a conflict, or a store failure (kept whole as the cause).
public struct EngineError: Error, Sendable {
    /// What failed, with its facts. New reasons may be added: a caller that needs only the
    /// kind branches on ``EngineError/code``.
    public enum Reason: Sendable {
        case refused(Refusal)
        case notFound(Kind, String)
        case caseExists(String)
        case invalidID(String)
        case store(StoreError)
        /// A campaign file with bad rows; nothing was started.
        case campaignRejected([RowProblem])
        /// A change dated later than the clock allows in a store of record.
        case changeInFuture(at: Date, clock: Date)
    }

    public enum Kind: String, Sendable {
        case `case`, workflow, organisation, person, state, calendar, campaign
        case gradingScheme = "grading scheme"
        /// What a clerk may name by its title as well as its id: names a lookup may find
        /// nothing, or more than one, for.
        case event, field, role
    }

    public var reason: Reason

    public init(_ reason: Reason) { self.reason = reason }
}

extension EngineError {
    /// Lets store calls inside the engine throw engine errors directly.
    init(_ error: StoreError) { self.init(.store(error)) }
}
