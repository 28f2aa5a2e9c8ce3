public import DocketCore
public import Foundation

/// The figures supervisors ask of service requests (群众点单) over a period, per
/// organisation group, read from the audit trail.
///
/// The cohort is the requests **ordered** in the period; everything else is what became
/// of them by the end of the period:
/// - 响应率 = requests dispatched within their dispatch limit and accepted within the
///   acceptance limit of that dispatch ÷ requests ordered;
/// - 解决率 = requests closed as solved ÷ requests closed (solved, closed unrated, or rejected);
/// - 满意率 = satisfied ratings ÷ all ratings (a rating below the threshold is satisfied).
///
/// Which events dispatch, accept, complete, escalate and rate, which fields hold the
/// category, urgency and rating, and which parameters hold the limits and the threshold
/// is what the workflow declares in its `service-report` section
/// (`WorkflowDefinition.serviceReport`); the report knows no id of its own.
public struct ServiceReport: Sendable {
    public struct Figures: Sendable {
        public var received = 0
        public var dispatched = 0
        public var completed = 0
        public var escalated = 0
        public var byCategory: [String: Int] = [:]
        public var byUrgency: [String: Int] = [:]
        public var respondedInTime = 0
        public var closed = 0
        public var solved = 0
        public var ratings = 0
        public var satisfied = 0
        /// Hours from the order to the first dispatch, acceptance and completion.
        public var hoursToDispatch: [Double] = []
        public var hoursToAccept: [Double] = []
        public var hoursToComplete: [Double] = []
        /// Completed requests per member.
        public var completedBy: [String: Int] = [:]

        public var responseRate: Double? { received == 0 ? nil : Double(respondedInTime) / Double(received) }
        public var resolutionRate: Double? { closed == 0 ? nil : Double(solved) / Double(closed) }
        public var satisfactionRate: Double? { ratings == 0 ? nil : Double(satisfied) / Double(ratings) }

        /// The members with the most completed requests, most first (ties by id).
        public func topMembers(_ count: Int) -> [(person: String, completed: Int)] {
            completedBy.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(count).map { ($0.key, $0.value) }
        }
    }

    public struct Group: Sendable {
        public var id: String
        public var name: String
        public var figures = Figures()
    }

    public var from: CivilDate
    public var to: CivilDate
    public var groups: [Group]

    /// The median (lower middle) and the 90th percentile (nearest rank) of some values.
    public static func median(_ values: [Double]) -> Double? {
        let sorted = values.sorted()
        return sorted.isEmpty ? nil : sorted[(sorted.count - 1) / 2]
    }

    public static func percentile90(_ values: [Double]) -> Double? {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return nil }
        let rank = Int((0.9 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count, rank) - 1)]
    }

    /// Builds the report from the audit entries of the workflow's cases (in order per case).
    ///
    /// - Parameters:
    ///   - organisationOf: each case's organisation now.
    ///   - group: the group (id, name) an organisation counts under.
    ///   - parameters: the workflow's effective parameters (the limits by urgency).
    /// Builds a ``ServiceReport`` from histories given case by case, keeping only the
    /// figures (and the hours for the medians).
    ///
    /// The definition must declare its `service-report` section: without one there is
    /// nothing to count by, and no case is counted (`report service` refuses such a
    /// workflow before it builds).
    public struct Builder {
        private let definition: WorkflowDefinition
        private let from: CivilDate
        private let to: CivilDate
        private let zone: DeploymentZone
        private let calendar: WorkingCalendar?
        private let parameters: [String: Value]
        private let group: (String) -> (id: String, name: String)
        private let start: Date
        private let end: Date
        private let reporting: ServiceReporting?
        /// A rating at or above it is unsatisfied.
        private let unsatisfiedFrom: Int?
        private let finals: [String: String]
        private var groups: [String: Group] = [:]

        public init(
            definition: WorkflowDefinition, from: CivilDate, to: CivilDate, zone: DeploymentZone,
            calendar: WorkingCalendar?,
            parameters: [String: Value], group: @escaping (String) -> (id: String, name: String)
        ) {
            self.definition = definition
            self.from = from
            self.to = to
            self.zone = zone
            self.calendar = calendar
            self.parameters = parameters
            self.group = group
            start = zone.instant(date: from)
            end = zone.instant(date: to.adding(days: 1))
            reporting = definition.serviceReport
            unsatisfiedFrom = reporting.flatMap { ServiceReport.integer($0.unsatisfiedFrom, parameters, definition) }
            finals = Dictionary(
                definition.states.filter(\.isFinal).map { ($0.id, $0.outcome ?? $0.id) },
                uniquingKeysWith: { a, _ in a })
        }

        /// The first instant a request counted by the report can have been received:
        /// a store may skip cases opened before it.
        public var earliest: Date { start }

        /// Takes one case's whole history, in order, and the organisation it is at now.
        public mutating func add(_ history: [AuditEntry], organisation: String) {
            guard let reporting, let order = history.first, order.kind == .start, order.at >= start, order.at < end
            else { return }
            let within = history.filter { $0.at < end }
            let data = ServiceReport.data(order)
            let category = data[reporting.category] ?? ""
            let urgency = data[reporting.urgency] ?? ""
            let g = group(organisation)
            var figures = groups[g.id]?.figures ?? Figures()
            figures.received += 1
            figures.byCategory[category, default: 0] += 1
            figures.byUrgency[urgency, default: 0] += 1

            let dispatch = within.first { $0.event == reporting.dispatch }
            let accept = within.first { $0.event == reporting.accept }
            let complete = within.first { $0.event == reporting.complete }
            if let dispatch {
                figures.dispatched += 1
                figures.hoursToDispatch.append(dispatch.at.timeIntervalSince(order.at) / 3600)
                if ServiceReport.respondedInTime(
                    order: order, dispatch: dispatch, accept: accept, history: within, urgency: urgency, reporting,
                    parameters, zone, calendar)
                {
                    figures.respondedInTime += 1
                }
            }
            if let accept { figures.hoursToAccept.append(accept.at.timeIntervalSince(order.at) / 3600) }
            if let complete {
                figures.completed += 1
                figures.hoursToComplete.append(complete.at.timeIntervalSince(order.at) / 3600)
            }
            for done in within where done.event == reporting.complete {
                figures.completedBy[done.actor, default: 0] += 1
            }
            if within.contains(where: { reporting.escalate.contains($0.event) })
                || ServiceReport.escalatedByRating(within, unsatisfiedFrom, reporting, parameters, definition)
            {
                figures.escalated += 1
            }
            if let last = within.last, let outcome = finals[last.toState] {
                figures.closed += 1
                if outcome == "solved" { figures.solved += 1 }
            }
            for rating in within where rating.event == reporting.rate {
                guard let value = Int(ServiceReport.data(rating)[reporting.rating] ?? "") else { continue }
                figures.ratings += 1
                if let unsatisfiedFrom, value < unsatisfiedFrom { figures.satisfied += 1 }
            }
            groups[g.id] = Group(id: g.id, name: g.name, figures: figures)
        }

        public func finish() -> ServiceReport {
            ServiceReport(from: from, to: to, groups: groups.values.sorted { $0.id < $1.id })
        }
    }

    /// Whether an unsatisfied rating came after the ratings that may reopen the request,
    /// and so escalated it.
    fileprivate static func escalatedByRating(
        _ history: [AuditEntry], _ unsatisfiedFrom: Int?, _ reporting: ServiceReporting, _ parameters: [String: Value],
        _ definition: WorkflowDefinition
    ) -> Bool {
        guard let unsatisfiedFrom, let id = reporting.maxReopens,
            let maxReopens = integer(id, parameters, definition)
        else { return false }
        let ratings = history.filter { $0.event == reporting.rate }
        for (index, rating) in ratings.enumerated() where index >= maxReopens {
            if let value = Int(data(rating)[reporting.rating] ?? ""), value >= unsatisfiedFrom { return true }
        }
        return false
    }

    /// An integer parameter's effective value, else its default.
    fileprivate static func integer(_ id: String, _ parameters: [String: Value], _ definition: WorkflowDefinition)
        -> Int?
    {
        switch parameters[id] ?? definition.parameter(id)?.defaultValue {
        case .integer(let n)?: return n
        default: return nil
        }
    }

    /// The first dispatch came within the dispatch limit of the order, and the first
    /// acceptance within the acceptance limit of the dispatch it answered.
    static func respondedInTime(
        order: AuditEntry, dispatch: AuditEntry, accept: AuditEntry?, history: [AuditEntry], urgency: String,
        _ reporting: ServiceReporting, _ parameters: [String: Value],
        _ zone: DeploymentZone, _ calendar: WorkingCalendar?
    ) -> Bool {
        guard let accept,
            let dispatchWithin = reporting.dispatchWithin.parameter(for: urgency),
            let dispatchLimit = limit(parameters[dispatchWithin], from: order.at, zone: zone, calendar: calendar),
            dispatch.at < dispatchLimit,
            let answered = history.last(where: { $0.event == reporting.dispatch && $0.seq < accept.seq }),
            let acceptWithin = reporting.acceptWithin.parameter(for: urgency),
            let acceptLimit = limit(parameters[acceptWithin], from: answered.at, zone: zone, calendar: calendar)
        else { return false }
        return accept.at < acceptLimit
    }

    /// The instant a limit counted from `instant` passes (day limits run to the end of their last day).
    public static func limit(_ value: Value?, from instant: Date, zone: DeploymentZone, calendar: WorkingCalendar?)
        -> Date?
    {
        guard case .duration(let duration) = value else { return nil }
        if duration.isDayBased {
            // Day limits run to the end of their last day, as deadlines do.
            guard let last = try? duration.added(to: zone.date(of: instant), calendar: calendar) else { return nil }
            return zone.instant(date: last.adding(days: 1))
        }
        return try? duration.added(to: instant, in: zone, calendar: calendar)
    }

    private static func data(_ entry: AuditEntry) -> [String: String] {
        (ValueJSON.decodeObject(entry.dataJSON) ?? [:]).mapValues(\.display)
    }
}
