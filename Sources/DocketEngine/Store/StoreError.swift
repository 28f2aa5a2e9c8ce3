/// A failure of the store, with what was being done and the underlying cause.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. A struct over a private enum so kinds can be added later.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case conflict, notInitialised, unavailable, busy, versionConflict, invalidData, internalFailure
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The case changed since it was read, or an id is already taken.
        public static let conflict = Code(.conflict)
        /// The database has no Docket schema: run `docket init`.
        public static let notInitialised = Code(.notInitialised)
        /// The database cannot be opened or written.
        public static let unavailable = Code(.unavailable)
        /// Another process held the store for longer than the store waits (a long
        /// import, say): nothing was written, and trying again later will do.
        public static let busy = Code(.busy)
        /// A workflow version already deployed with different content.
        public static let versionConflict = Code(.versionConflict)
        /// Stored data that does not decode or violates a constraint.
        public static let invalidData = Code(.invalidData)
        public static let internalFailure = Code(.internalFailure)

        public var description: String { base.rawValue }
    }

    /// What the failure is about, with its facts, for a front end to word (a store's
    /// `message` is English for logs). New subjects may be added; a front end words an
    /// unknown one by its ``Code``.
    public enum Subject: Sendable, Hashable {
        /// The case changed since it was read.
        case caseChanged(String)
        case caseExists(String)
        case campaignExists(String)
        case unknownOrganisation(String)
        case organisationCycle(String)
        case missingParent(organisation: String, parent: String)
        case roleAtUnknownOrganisation(person: String, organisation: String, role: String)
        /// A workflow version already deployed with different content.
        case versionConflict(workflow: String, version: Int)
        /// There is no store at the path.
        case noStore(path: String)
        /// The file at the path is not a Docket store.
        case notAStore(path: String)
        case cannotOpen(path: String)
        /// Another process held the store for longer than the store waits.
        case busy
    }

    public var code: Code
    /// What was being done, in English, for logs.
    public var message: String
    /// What the failure is about, when the store says.
    public var subject: Subject?
    /// The driver's error, kept whole rather than flattened.
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, subject: Subject? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.subject = subject
        self.cause = cause
    }

    public var description: String {
        cause.map { "\(message) (\($0))" } ?? message
    }
}
