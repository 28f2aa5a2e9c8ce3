/// One case to take in, as a row of an import file.
public struct ImportRow: Sendable, Hashable {
    public var line: Int
    public var workflow: String
    public var organisation: String
    public var state: String
    public var caseID: String?
    public var input: [String: String]
    public var records: [ImportRecord]

    public init(
        line: Int, workflow: String, organisation: String, state: String, caseID: String? = nil,
        input: [String: String] = [:],
        records: [ImportRecord] = []
    ) {
        self.line = line
        self.workflow = workflow
        self.organisation = organisation
        self.state = state
        self.caseID = caseID
        self.input = input
        self.records = records
    }
}

public struct ImportRecord: Sendable, Hashable {
    public var event: String
    public var on: CivilDate
    public init(event: String, on: CivilDate) {
        self.event = event
        self.on = on
    }
}
