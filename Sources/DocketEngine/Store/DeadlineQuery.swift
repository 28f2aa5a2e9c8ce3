public import DocketCore
public import Foundation

/// Which running limits a supervisor asks about. Organisation filters include the subtree.
public struct DeadlineQuery: Sendable, Hashable {
    public var organisation: String?
    /// Limits under any of these organisations (a reader's part of the tree), besides
    /// `organisation`; empty for no such bound.
    public var organisations: [String] = []
    public var workflow: String?
    public var assignee: String?
    public var limit: Int?

    public init(organisation: String? = nil, workflow: String? = nil, assignee: String? = nil, limit: Int? = nil) {
        self.organisation = organisation
        self.workflow = workflow
        self.assignee = assignee
        self.limit = limit
    }
}

/// One running limit of one case, with what a supervisor's list shows of the case.
public struct DeadlineRow: Sendable, Hashable {
    public var caseID: String
    public var workflow: String
    public var state: String
    public var organisation: String
    public var assignee: String?
    public var deadline: ScheduledDeadline

    public init(
        caseID: String, workflow: String, state: String, organisation: String, assignee: String?,
        deadline: ScheduledDeadline
    ) {
        self.caseID = caseID
        self.workflow = workflow
        self.state = state
        self.organisation = organisation
        self.assignee = assignee
        self.deadline = deadline
    }
}

/// A timer due to fire an event.
public struct DueTimer: Sendable, Hashable {
    public var caseID: String
    public var rule: String
    public var dueAt: Date
    public var event: String
    public var input: [String: String]

    public init(caseID: String, rule: String, dueAt: Date, event: String, input: [String: String]) {
        self.caseID = caseID
        self.rule = rule
        self.dueAt = dueAt
        self.event = event
        self.input = input
    }
}

/// The number of overdue limits under one organisation.
public struct OverdueCount: Sendable, Hashable {
    public var organisation: String
    public var name: String
    public var count: Int

    public init(organisation: String, name: String, count: Int) {
        self.organisation = organisation
        self.name = name
        self.count = count
    }
}
