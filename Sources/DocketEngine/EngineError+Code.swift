extension EngineError {
    /// The kind of failure, with a stable name (`notFound`) for front ends to print.
    ///
    /// Branch on the code, not on ``EngineError/reason``, when only the kind matters (which
    /// exit status, which HTTP status): it is a struct over a private enum, so that kinds
    /// can be added without breaking a caller, which handles the ones it does not know with
    /// a `default`. The reason keeps the facts: for a refusal the `Refusal`, with a code
    /// of its own, and for a store failure the ``StoreError``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case refused, notFound, caseExists, invalidID, store, campaignRejected, changeInFuture
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The workflow's rules refused the event, the start or the import.
        public static let refused = Code(.refused)
        /// A case, workflow, organisation, person, calendar, campaign or grading scheme
        /// asked for is not there.
        public static let notFound = Code(.notFound)
        /// A case with the id asked for exists already.
        public static let caseExists = Code(.caseExists)
        /// A case id that is no valid identifier.
        public static let invalidID = Code(.invalidID)
        /// The store failed.
        public static let store = Code(.store)
        /// A campaign file with bad rows; nothing was started.
        public static let campaignRejected = Code(.campaignRejected)
        /// A change dated later than the clock allows in a store of record.
        public static let changeInFuture = Code(.changeInFuture)

        /// The stable name, such as `notFound`.
        public var description: String { base.rawValue }
    }

    /// The kind of failure; ``EngineError/reason`` has its facts.
    public var code: Code {
        switch reason {
        case .refused: .refused
        case .notFound: .notFound
        case .caseExists: .caseExists
        case .invalidID: .invalidID
        case .store: .store
        case .campaignRejected: .campaignRejected
        case .changeInFuture: .changeInFuture
        }
    }
}
