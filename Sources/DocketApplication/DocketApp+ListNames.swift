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

extension DocketApp {
    /// ``eachOverdue(_:by:_:)`` with each row's names.
    public func eachOverdue(
        _ filter: LimitFilter, by caller: Caller, named body: (DeadlineRow, ListNames) throws -> Void
    ) throws {
        try reading { tx in
            let (_, query) = try limitQuery(filter, by: caller, tx)
            var cache = NameCache()
            try tx.overdue(query, at: caller.now) { row in
                try body(row, try cache.names(assignee: row.assignee, organisation: row.organisation, tx))
            }
        }
    }

    /// ``eachDueSoon(_:within:by:_:)`` with each row's names.
    public func eachDueSoon(
        _ filter: LimitFilter, within: CalendarDuration, by caller: Caller,
        named body: (DeadlineRow, ListNames) throws -> Void
    ) throws {
        try reading { tx in
            let (_, query) = try limitQuery(filter, by: caller, tx)
            let horizon = try within.added(to: caller.now, in: zone, calendar: try engine.deploymentCalendar(in: tx))
            var cache = NameCache()
            try tx.dueSoon(query, at: caller.now, horizon: horizon) { row in
                try body(row, try cache.names(assignee: row.assignee, organisation: row.organisation, tx))
            }
        }
    }

    /// ``eachCase(_:limit:by:_:)`` with each case's names.
    public func eachCase(
        _ filter: TypedFilter, limit: Int?, by caller: Caller, named body: (CaseSnapshot, ListNames) throws -> Void
    ) throws {
        try reading { tx in
            var cache = NameCache()
            try eachCase(filter, limit: limit, by: caller, tx) { snapshot in
                try body(
                    snapshot, try cache.names(assignee: snapshot.assignee, organisation: snapshot.organisation, tx))
            }
        }
    }
}
