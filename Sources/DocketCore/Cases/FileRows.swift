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

/// Why a row of a file (a campaign, a bulk import) was refused, by its line.
public struct RowProblem: Sendable, Hashable {
    public var line: Int
    public var message: LocalizedText

    public init(line: Int, message: LocalizedText) {
        self.line = line
        self.message = message
    }
}
