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
    /// Only limits that come after this one in the lists' order: the next page of a list
    /// walked a page at a time, which stays right while limits change between pages.
    /// Counts ignore it.
    public var after: DeadlineKey?

    public init(
        organisation: String? = nil, workflow: String? = nil, assignee: String? = nil, limit: Int? = nil,
        after: DeadlineKey? = nil
    ) {
        self.organisation = organisation
        self.workflow = workflow
        self.assignee = assignee
        self.limit = limit
        self.after = after
    }
}

/// A limit's place in the order of the overdue and due-soon lists: by the instant it is
/// due, then by case id and by rule id, each compared as bytes. No two limits share one.
public struct DeadlineKey: Sendable, Hashable {
    public var dueAt: Date
    public var caseID: String
    public var rule: String

    public init(dueAt: Date, caseID: String, rule: String) {
        self.dueAt = dueAt
        self.caseID = caseID
        self.rule = rule
    }

    /// The key of a row of the lists.
    public init(_ row: DeadlineRow) {
        self.init(dueAt: row.deadline.dueAt, caseID: row.caseID, rule: row.deadline.rule)
    }

    /// Whether this key comes before `other` in the lists' order.
    public func precedes(_ other: DeadlineKey) -> Bool {
        if dueAt != other.dueAt { return dueAt < other.dueAt }
        if caseID != other.caseID { return caseID.utf8.lexicographicallyPrecedes(other.caseID.utf8) }
        return rule.utf8.lexicographicallyPrecedes(other.rule.utf8)
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
