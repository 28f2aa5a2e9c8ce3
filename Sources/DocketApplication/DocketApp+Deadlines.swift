public import DocketCore
public import DocketEngine
import Foundation

/// What is overdue or falls due soon, within the caller's part of the tree; and the tick.
extension DocketApp {
    /// The filters of the supervisors' lists of limits.
    public struct LimitFilter: Sendable, Hashable {
        /// Names as typed: a workflow, an organisation (with its subtree), an assignee.
        public var typed: TypedFilter
        public var limit: Int?
        /// Only the limits after this one in the list's order: the next page.
        public var after: DeadlineKey?

        public init(
            workflow: String? = nil, organisation: String? = nil, assignee: String? = nil, limit: Int? = nil,
            after: DeadlineKey? = nil
        ) {
            typed = TypedFilter(workflow: workflow, organisation: organisation, person: assignee)
            self.limit = limit
            self.after = after
        }
    }

    /// The organisations the filter covers for the caller, and the query over them.
    func limitQuery(_ filter: LimitFilter, by caller: Caller, _ tx: any StoreTransaction) throws -> (
        under: [String], query: DeadlineQuery
    ) {
        let typed = try resolve(filter.typed, by: caller, tx)
        let (_, under) = try readOrganisations(caller, under: typed.organisation, tx)
        var query = DeadlineQuery(
            workflow: typed.workflow, assignee: typed.person, limit: filter.limit, after: filter.after)
        query.organisations = under
        return (under, query)
    }

    /// Visits the limits overdue at the caller's "now", most overdue first, one at a time.
    public func eachOverdue(_ filter: LimitFilter, by caller: Caller, _ body: (DeadlineRow) throws -> Void) throws {
        try reading { tx in
            let (_, query) = try limitQuery(filter, by: caller, tx)
            try tx.overdue(query, at: caller.now, each: body)
        }
    }

    /// How many limits are overdue under each organisation directly below each of the
    /// organisations the filter covers (see the store's `overdueCounts(byChildOf:at:)`).
    public func overdueCounts(_ filter: LimitFilter, by caller: Caller) throws -> [OverdueCount] {
        try reading { tx in
            let (under, query) = try limitQuery(filter, by: caller, tx)
            var all: [OverdueCount] = []
            for organisation in under {
                var one = query
                one.organisations = []
                one.organisation = organisation
                all += try tx.overdueCounts(byChildOf: one, at: caller.now)
            }
            return all
        }
    }

    /// Visits the limits not yet overdue that fall due within `within` of the caller's
    /// "now" (counted by the deployment's calendar), or are in their warning period.
    ///
    /// - Throws: DocketCore's `CalendarError` when `within` runs past the years the calendar covers.
    public func eachDueSoon(
        _ filter: LimitFilter, within: CalendarDuration, by caller: Caller, _ body: (DeadlineRow) throws -> Void
    ) throws {
        try reading { tx in
            let (_, query) = try limitQuery(filter, by: caller, tx)
            let horizon = try within.added(to: caller.now, in: zone, calendar: try engine.deploymentCalendar(in: tx))
            try tx.dueSoon(query, at: caller.now, horizon: horizon, each: body)
        }
    }

    /// Fires every timer due at the caller's "now", oldest first, each as the system actor;
    /// each outcome is told once its batch has committed.
    ///
    /// The caller must hold the timekeeper's or the administrator's role at the top of the
    /// tree: firing timers changes cases everywhere.
    public func tick(by caller: Caller, each: (Engine.TickOutcome) throws -> Void) throws -> Engine.TickCounts {
        _ = try writing { tx in
            try requireTopRole(
                [Authorization.timekeeperRole, Authorization.administratorRole], caller, action: "tick", tx)
        }
        return try engine.tick(now: caller.now, each: each)
    }
}
