/// What `report service` and dispatch advice read a workflow by, as its `service-report`
/// section declares it: the events that dispatch, accept, complete, escalate and rate a
/// request, the fields that hold its category, urgency and rating, and the parameters
/// that hold its limits and the satisfaction threshold.
///
/// Every name is checked against the workflow when it is loaded (``DefinitionChecker``),
/// so the engine never needs an id of its own: an event renamed consistently is still
/// counted, and one renamed in its section only fails the load.
public struct ServiceReporting: Sendable, Codable, Hashable {
    /// The event that dispatches a request to a member.
    public var dispatch: String
    /// The event by which the member takes it on.
    public var accept: String
    /// The event that reports it done.
    public var complete: String
    /// The events that escalate it (none, one or several).
    public var escalate: [String]
    /// The event that records the requester's rating.
    public var rate: String
    /// The field holding the category (an enum or text field), given when the request is ordered.
    public var category: String
    /// The field holding the urgency (an enum or text field), given when the request is ordered.
    public var urgency: String
    /// The integer field the rate event records the rating in.
    public var rating: String
    /// An integer parameter: a rating at or above it is unsatisfied.
    public var unsatisfiedFrom: String
    /// An integer parameter: how many ratings reopen a request before an unsatisfied one
    /// escalates it; `nil` when a rating never escalates.
    public var maxReopens: String?
    /// The time allowed from the order to the dispatch.
    public var dispatchWithin: Limit
    /// The time allowed from a dispatch to its acceptance.
    public var acceptWithin: Limit

    /// A duration parameter, either one for every request or one per urgency.
    public enum Limit: Sendable, Codable, Hashable {
        case parameter(String)
        /// Urgency choice → duration parameter.
        case byUrgency([String: String])

        /// The parameter that holds the limit of a request of this urgency.
        public func parameter(for urgency: String) -> String? {
            switch self {
            case .parameter(let id): return id
            case .byUrgency(let ids): return ids[urgency]
            }
        }

        /// Every parameter named.
        public var parameters: [String] {
            switch self {
            case .parameter(let id): return [id]
            case .byUrgency(let ids): return ids.keys.sorted().compactMap { ids[$0] }
            }
        }
    }

    public init(
        dispatch: String, accept: String, complete: String, escalate: [String], rate: String, category: String,
        urgency: String, rating: String, unsatisfiedFrom: String, maxReopens: String? = nil, dispatchWithin: Limit,
        acceptWithin: Limit
    ) {
        self.dispatch = dispatch
        self.accept = accept
        self.complete = complete
        self.escalate = escalate
        self.rate = rate
        self.category = category
        self.urgency = urgency
        self.rating = rating
        self.unsatisfiedFrom = unsatisfiedFrom
        self.maxReopens = maxReopens
        self.dispatchWithin = dispatchWithin
        self.acceptWithin = acceptWithin
    }
}
