public import DocketCore
public import DocketEngine

/// The names lists show beside ids: people know 李明, not `p-li`, and 东村, not `dongcun`.
///
/// A list is read in one transaction and may run to a million rows, so names are looked
/// up inside it, each person and organisation once per list.
public struct ListNames: Sendable {
    /// The assignee's name, when the row has an assignee with a name.
    public var assignee: String?
    /// The organisation's name.
    public var organisation: String?

    /// A name with its id beside it, `李明 (p-li)`, as `case show` and `case history` show
    /// people: two 第一网格 or two 李明 are told apart, and the id can be typed back.
    public static func shown(_ name: String?, id: String) -> String {
        guard let name, name != id else { return id }
        return "\(name) (\(id))"
    }
}

/// Each id's name, read once per list through the list's own transaction.
struct NameCache {
    private var people: [String: String?] = [:]
    private var organisations: [String: String?] = [:]

    mutating func names(assignee: String?, organisation: String, _ tx: any StoreTransaction) throws -> ListNames {
        var assigneeName: String?
        if let assignee {
            if let known = people[assignee] {
                assigneeName = known
            } else {
                assigneeName = try tx.person(assignee)?.name
                people[assignee] = assigneeName
            }
        }
        let organisationName: String?
        if let known = organisations[organisation] {
            organisationName = known
        } else {
            organisationName = try tx.organisation(organisation)?.name
            organisations[organisation] = organisationName
        }
        return ListNames(assignee: assigneeName, organisation: organisationName)
    }
}

/// How a list asked for with a limit ended: a reader told "5 items" when there are 214
/// would take the first five for the whole.
public struct ListEnd: Sendable, Hashable {
    /// The rows given.
    public var listed: Int
    /// Whether the limit left rows out.
    public var more: Bool
    /// How many rows there are in all, when the limit left some out and counting them is
    /// cheap for the store (the overdue list); otherwise `nil`.
    public var total: Int?
}

/// Gives a store's rows to `body` up to `limit`, noting whether one more came: the store
/// is asked for `limit + 1`.
struct LimitedVisit {
    let limit: Int?
    private(set) var listed = 0
    private(set) var more = false

    init(_ limit: Int?) { self.limit = limit }

    /// The limit to ask the store for.
    var storeLimit: Int? { limit.map { $0 == .max ? $0 : $0 + 1 } }

    mutating func visit(_ body: () throws -> Void) rethrows {
        if let limit, listed >= limit {
            more = true
            return
        }
        listed += 1
        try body()
    }
}

extension DocketApp {
    /// ``eachOverdue(_:by:_:)`` with each row's names; how the list ended, with the total
    /// when the limit left rows out.
    @discardableResult
    public func eachOverdue(
        _ filter: LimitFilter, by caller: Caller, named body: (DeadlineRow, ListNames) throws -> Void
    ) throws -> ListEnd {
        try reading { tx in
            var (_, query) = try limitQuery(filter, by: caller, tx)
            var cache = NameCache()
            var visit = LimitedVisit(filter.limit)
            query.limit = visit.storeLimit
            try tx.overdue(query, at: caller.now) { row in
                try visit.visit {
                    try body(row, try cache.names(assignee: row.assignee, organisation: row.organisation, tx))
                }
            }
            var total: Int?
            if visit.more {
                query.limit = nil
                total = try tx.overdueCount(query, at: caller.now)
            }
            return ListEnd(listed: visit.listed, more: visit.more, total: total)
        }
    }

    /// ``eachDueSoon(_:within:by:_:)`` with each row's names; how the list ended.
    @discardableResult
    public func eachDueSoon(
        _ filter: LimitFilter, within: CalendarDuration, by caller: Caller,
        named body: (DeadlineRow, ListNames) throws -> Void
    ) throws -> ListEnd {
        try reading { tx in
            var (_, query) = try limitQuery(filter, by: caller, tx)
            let horizon = try within.added(to: caller.now, in: zone, calendar: try engine.deploymentCalendar(in: tx))
            var cache = NameCache()
            var visit = LimitedVisit(filter.limit)
            query.limit = visit.storeLimit
            try tx.dueSoon(query, at: caller.now, horizon: horizon) { row in
                try visit.visit {
                    try body(row, try cache.names(assignee: row.assignee, organisation: row.organisation, tx))
                }
            }
            return ListEnd(listed: visit.listed, more: visit.more)
        }
    }

    /// ``eachCase(_:limit:after:by:_:)`` with each case's names; how the list ended.
    @discardableResult
    public func eachCase(
        _ filter: TypedFilter, limit: Int?, by caller: Caller, named body: (CaseSnapshot, ListNames) throws -> Void
    ) throws -> ListEnd {
        try reading { tx in
            var cache = NameCache()
            var visit = LimitedVisit(limit)
            try eachCase(filter, limit: visit.storeLimit, by: caller, tx) { snapshot in
                try visit.visit {
                    try body(
                        snapshot, try cache.names(assignee: snapshot.assignee, organisation: snapshot.organisation, tx))
                }
            }
            return ListEnd(listed: visit.listed, more: visit.more)
        }
    }
}
