/// One organisation of a campaign file, with the start event's fields for it.
public struct CampaignRow: Sendable, Hashable {
    public var line: Int
    public var organisation: String
    public var input: [String: String]

    public init(line: Int, organisation: String, input: [String: String]) {
        self.line = line
        self.organisation = organisation
        self.input = input
    }
}

/// Why a row of a file (a campaign, a bulk import, a directory file) was refused, by its
/// line: the facts, which a front end words (DocketMessages), and their kind as a ``code``.
public struct RowProblem: Sendable, Hashable {
    /// What is wrong with the row, with the facts its message names. New reasons may be
    /// added: a caller that needs only the kind branches on ``RowProblem/code``.
    public enum Reason: Sendable, Hashable {
        /// Worded where the row was read (a file reader's own problems).
        case described(LocalizedText)
        /// The rules refused the row's case; `definition` names its states and events.
        case refused(Refusal, definition: WorkflowDefinition?)
        /// The case id the row chose is taken, in the store or earlier in the file.
        case caseIDTaken(String)
        /// The case id the row chose is not a valid identifier.
        case invalidCaseID(String)
        case unknownOrganisation(String)
        case unknownWorkflow(String)
        /// The organisation is listed a second time.
        case listedTwice(organisation: String, firstLine: Int)
        /// The organisation already has an open case of the workflow.
        case alreadyOpen(organisation: String, workflow: String, title: LocalizedText)
        /// The organisation would hang more than `limit` levels deep in the tree.
        case tooDeep(organisation: String, limit: Int)
        /// The organisation's parent was refused on its own line.
        case parentRefused(String)
        /// The organisation's parent is neither in the file nor in the store.
        case parentMissing(String)
        /// The parents of the organisation go round in a cycle through `members`.
        case parentCycle(organisation: String, members: [String])
        /// A person's role that no deployed workflow has, with the nearest one that does.
        case unknownRole(String, suggestion: String?)
        /// A person's role given by a title several roles have: their ids.
        case ambiguousRole(String, candidates: [String])
        /// A person's role at an organisation that does not exist.
        case roleAtUnknownOrganisation(role: String, organisation: String)
    }

    public var line: Int
    public var reason: Reason

    public init(line: Int, _ reason: Reason) {
        self.line = line
        self.reason = reason
    }

    public init(line: Int, message: LocalizedText) {
        self.init(line: line, .described(message))
    }
}
