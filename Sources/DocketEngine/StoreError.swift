/// A failure of the store, with what was being done and the underlying cause.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. A struct over a private enum so kinds can be added later.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case conflict, notInitialised, unavailable, versionConflict, invalidData, internalFailure
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The case changed since it was read, or an id is already taken.
        public static let conflict = Code(.conflict)
        /// The database has no Docket schema: run `docket init`.
        public static let notInitialised = Code(.notInitialised)
        /// The database cannot be opened or written.
        public static let unavailable = Code(.unavailable)
        /// A workflow version already deployed with different content.
        public static let versionConflict = Code(.versionConflict)
        /// Stored data that does not decode or violates a constraint.
        public static let invalidData = Code(.invalidData)
        public static let internalFailure = Code(.internalFailure)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// What was being done, in words for the user.
    public var message: String
    /// The driver's error, kept whole rather than flattened.
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        cause.map { "\(message) (\($0))" } ?? message
    }
}
