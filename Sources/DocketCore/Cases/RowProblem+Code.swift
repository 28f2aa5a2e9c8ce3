extension RowProblem {
    /// The kind of problem, with a stable name (`case-id-taken`) for front ends to print.
    ///
    /// Branch on the code, not on ``RowProblem/reason``, when only the kind matters: it is
    /// a struct over a private enum, so that kinds can be added without breaking a caller,
    /// which handles the ones it does not know with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unreadable = "unreadable"
            case refused = "refused"
            case caseIDTaken = "case-id-taken"
            case invalidCaseID = "invalid-case-id"
            case unknownOrganisation = "unknown-organisation"
            case unknownWorkflow = "unknown-workflow"
            case listedTwice = "listed-twice"
            case alreadyOpen = "already-open"
            case tooDeep = "too-deep"
            case parentRefused = "parent-refused"
            case parentMissing = "parent-missing"
            case parentCycle = "parent-cycle"
            case unknownRole = "unknown-role"
            case ambiguousRole = "ambiguous-role"
            case roleAtUnknownOrganisation = "role-at-unknown-organisation"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The row, or the file, could not be read: a file reader worded its own problem.
        public static let unreadable = Code(.unreadable)
        /// The rules refused the row's case: the ``Refusal/Code`` of the reason tells why.
        public static let refused = Code(.refused)
        /// The case id the row chose is taken, in the store or earlier in the file.
        public static let caseIDTaken = Code(.caseIDTaken)
        /// The case id the row chose is not a valid identifier.
        public static let invalidCaseID = Code(.invalidCaseID)
        /// The row names an organisation that is not in the store.
        public static let unknownOrganisation = Code(.unknownOrganisation)
        /// The row names a workflow that is not deployed.
        public static let unknownWorkflow = Code(.unknownWorkflow)
        /// The organisation is listed a second time.
        public static let listedTwice = Code(.listedTwice)
        /// The organisation already has an open case of the workflow.
        public static let alreadyOpen = Code(.alreadyOpen)
        /// The organisation would hang too many levels deep in the tree.
        public static let tooDeep = Code(.tooDeep)
        /// The organisation's parent was refused on its own line.
        public static let parentRefused = Code(.parentRefused)
        /// The organisation's parent is neither in the file nor in the store.
        public static let parentMissing = Code(.parentMissing)
        /// The parents of the organisation go round in a cycle.
        public static let parentCycle = Code(.parentCycle)
        /// A person's role that no deployed workflow has.
        public static let unknownRole = Code(.unknownRole)
        /// A person's role is given by a title more than one role has.
        public static let ambiguousRole = Code(.ambiguousRole)
        /// A person's role at an organisation that does not exist.
        public static let roleAtUnknownOrganisation = Code(.roleAtUnknownOrganisation)

        /// The stable name, such as `case-id-taken`.
        public var description: String { base.rawValue }
    }

    /// The kind of problem; ``RowProblem/reason`` has its facts.
    public var code: Code {
        switch reason {
        case .described: .unreadable
        case .refused: .refused
        case .caseIDTaken: .caseIDTaken
        case .invalidCaseID: .invalidCaseID
        case .unknownOrganisation: .unknownOrganisation
        case .unknownWorkflow: .unknownWorkflow
        case .listedTwice: .listedTwice
        case .alreadyOpen: .alreadyOpen
        case .tooDeep: .tooDeep
        case .parentRefused: .parentRefused
        case .parentMissing: .parentMissing
        case .parentCycle: .parentCycle
        case .unknownRole: .unknownRole
        case .ambiguousRole: .ambiguousRole
        case .roleAtUnknownOrganisation: .roleAtUnknownOrganisation
        }
    }
}
