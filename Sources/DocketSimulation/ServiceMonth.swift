import DocketCore
public import DocketEngine
import Foundation

/// A month of service requests (群众点单) over the grids of one organisation, driven
/// through the engine on simulated time, deterministically from a seed.
///
/// Residents order; the branch dispatches to the member the dispatch advisor ranks first;
/// members accept, decline or stay silent (and the timer returns the request); some work
/// runs late and the completion timer escalates it; residents rate, sometimes unsatisfied
/// (reopening it), sometimes never (and it closes unrated). Timers fire through
/// the engine's `tick(now:limit:batchSize:)` in time order, exactly as `docket tick` would.
///
/// While it runs, the simulation keeps its own account of what happened — the ``Tally`` —
/// so that a report can be checked against counts made without reading the audit trail.
public struct ServiceMonth {
    public struct Configuration: Sendable {
        public var seed: UInt64
        public var requests: Int
        public var year: Int
        public var month: Int
        /// The organisation whose grids receive requests.
        public var organisation: String

        public init(seed: UInt64 = 7, requests: Int = 300, year: Int = 2026, month: Int = 11, organisation: String) {
            self.seed = seed
            self.requests = requests
            self.year = year
            self.month = month
            self.organisation = organisation
        }
    }

    /// What the simulation did to the requests ordered in the month, by the month's end.
    public struct Tally: Sendable, Equatable {
        public var received = 0
        public var dispatched = 0
        public var completed = 0
        public var escalated = 0
        public var respondedInTime = 0
        public var closed = 0
        public var solved = 0
        public var ratings = 0
        public var satisfied = 0
        public var byCategory: [String: Int] = [:]
        public var byUrgency: [String: Int] = [:]
        public var completedBy: [String: Int] = [:]
        public var hoursToDispatch: [Double] = []
        public var hoursToComplete: [Double] = []
    }

    /// One request as the simulation tracks it.
    private struct Request {
        var caseID = ""
        var organisation: String
        var category: String
        var urgency: String
        var orderAt: Date
        var assignee: String?
        var passedOver: Set<String> = []
        var firstDispatch: Date?
        var lastDispatch: Date?
        var firstAccept: Date?
        var dispatchAnswered: Date?
        var firstComplete: Date?
        var escalated = false
        var outcome: String?
        var ratings: [Int] = []
        var completions: [String] = []
    }

    private enum Action: Equatable {
        case order, reject, dispatch, accept, decline, complete
        case rate(Int)
    }

    private struct Planned {
        var at: Date
        var request: Int
        var action: Action
        /// Tie-breaker, so equal times keep the order they were planned in.
        var sequence: Int
    }

    let configuration: Configuration
    let engine: Engine
    private var random: SeededGenerator
    private var requests: [Request] = []
    private var queue: [Planned] = []
    private var planned = 0
    private let start: Date
    private let end: Date
    private var calendar: WorkingCalendar?
    /// The titles of each category, which members' skills are written in.
    private var categoryTitles: [String: [String]] = [:]

    static let categories = ["law", "medical", "repair", "psychological", "daily-life", "other"]
    static let urgencies: [(String, Double)] = [
        ("emergency", 0.1), ("utility", 0.25), ("general", 0.5), ("complex", 0.15),
    ]
    /// Completion limits in hours (the workflow's defaults), for planning late work.
    static let completionHours = ["emergency": 2.0, "utility": 24.0, "general": 168.0, "complex": 360.0]

    public init(_ configuration: Configuration, engine: Engine) {
        self.configuration = configuration
        self.engine = engine
        self.random = SeededGenerator(seed: configuration.seed)
        let first =
            CivilDate(year: configuration.year, month: configuration.month, day: 1) ?? CivilDate(daysSinceEpoch: 0)
        self.start = engine.zone.instant(date: first)
        self.end = engine.zone.instant(date: first.adding(months: 1))
    }

    /// Runs the month and returns the simulation's own account of it.
    ///
    /// - Throws: `EngineError` or `StoreError` when the engine refuses what a clerk
    ///   following the rules would do (a bug, in the workflow or the simulation).
    public mutating func run() throws -> Tally {
        let (calendar, definition) = try engine.read { tx in
            (try engine.deploymentCalendar(in: tx), try engine.latestDefinition("service-request", in: tx))
        }
        self.calendar = calendar
        for choice in definition.field("category")?.choices ?? [] {
            categoryTitles[choice.id] = [choice.title.zh] + (choice.title.en.map { [$0] } ?? [])
        }
        let grids = try grids()
        guard !grids.isEmpty else {
            throw EngineError(.notFound(.organisation, "grids under \(configuration.organisation)"))
        }
        let days =
            CivilDate(daysSinceEpoch: 0).days(until: engine.zone.date(of: end))
            - CivilDate(daysSinceEpoch: 0).days(until: engine.zone.date(of: start))
        for index in 0..<configuration.requests {
            let day = Int.random(in: 0..<days, using: &random)
            let minute = Int.random(in: (8 * 60)...(19 * 60), using: &random)
            let at = start.addingTimeInterval(Double(day * 86_400 + minute * 60))
            var roll = Double.random(in: 0..<1, using: &random)
            var urgency = "general"
            for (name, weight) in Self.urgencies {
                if roll < weight {
                    urgency = name
                    break
                }
                roll -= weight
            }
            requests.append(
                Request(
                    organisation: grids[Int.random(in: 0..<grids.count, using: &random)],
                    category: Self.categories[Int.random(in: 0..<Self.categories.count, using: &random)],
                    urgency: urgency, orderAt: at))
            plan(.order, for: index, at: at)
        }
        while !queue.isEmpty, queue[0].at < end {
            let next = queue.removeFirst()
            try tick(until: next.at)
            try perform(next)
        }
        try tick(until: end.addingTimeInterval(-1))
        return tally()
    }

    // MARK: Planning

    private mutating func plan(_ action: Action, for request: Int, at: Date) {
        planned += 1
        let item = Planned(at: at, request: request, action: action, sequence: planned)
        let index = queue.firstIndex { ($0.at, $0.sequence) > (item.at, item.sequence) } ?? queue.count
        queue.insert(item, at: index)
    }

    private mutating func after(_ hours: ClosedRange<Double>, from instant: Date) -> Date {
        instant.addingTimeInterval(random.hours(hours) * 3600)
    }

    /// How long the branch takes to dispatch: mostly within the limit, one in five late.
    private mutating func dispatchDelay(_ urgency: String) -> ClosedRange<Double> {
        let late = random.chance(0.2)
        switch urgency {
        case "emergency": return late ? 1.2...3 : 0.1...0.9
        case "utility": return late ? 2.5...6 : 0.2...1.8
        default: return late ? 40...80 : 0.5...5
        }
    }

    // MARK: Acting

    private mutating func perform(_ item: Planned) throws {
        let index = item.request
        var r = requests[index]
        let now = item.at
        switch item.action {
        case .order:
            let intake = try person("intake", over: r.organisation)
            let view = try engine.start(
                workflow: "service-request", organisation: r.organisation, caseID: nil,
                request: EventRequest(
                    event: "order",
                    input: [
                        "requester": "居民\(index + 1)", "phone": "1380000\(String(format: "%04d", index % 10_000))",
                        "category": r.category,
                        "description": "模拟需求 \(index + 1)", "urgency": r.urgency,
                    ],
                    actor: intake),
                now: now)
            r.caseID = view.snapshot.id
            requests[index] = r
            if random.chance(0.05) {
                plan(.reject, for: index, at: after(0.5...3, from: now))
            } else {
                plan(.dispatch, for: index, at: after(dispatchDelay(r.urgency), from: now))
            }
        case .reject:
            try fire(
                index, "reject", ["reason": "不属于服务范围"], by: try person("branch-dispatcher", over: current(index)),
                at: now)
            requests[index].outcome = "rejected"
        case .dispatch:
            guard try state(index) == "ordered" else { return }
            let organisation = try current(index)
            let (members, load) = try engine.read { tx in
                let members = try tx.people(holding: "member", over: organisation).filter {
                    !r.passedOver.contains($0.id)
                }
                return (members, try tx.openLoad(of: members.map(\.id)))
            }
            let titles = [r.category] + categoryTitles[r.category, default: []]
            guard let chosen = DispatchAdvisor.rank(category: titles, members: members, load: load).first?.person.id
            else { return }
            try fire(
                index, "dispatch", ["assignee": chosen], by: try person("branch-dispatcher", over: organisation),
                at: now)
            r = requests[index]
            r.assignee = chosen
            r.firstDispatch = r.firstDispatch ?? now
            r.lastDispatch = now
            requests[index] = r
            let roll = Double.random(in: 0..<1, using: &random)
            if roll < 0.8 {
                plan(.accept, for: index, at: after(0.2...20, from: now))
            } else if roll < 0.92 {
                plan(.decline, for: index, at: after(1...5, from: now))
            } // else silent: the acceptance timer returns it to the pool
        case .accept:
            guard try state(index) == "dispatched", let assignee = r.assignee else { return }
            try fire(index, "accept", [:], by: assignee, at: now)
            if requests[index].firstAccept == nil {
                requests[index].firstAccept = now
                requests[index].dispatchAnswered = r.lastDispatch
            }
            planCompletion(index, from: now)
        case .decline:
            guard try state(index) == "dispatched", let assignee = r.assignee else { return }
            try fire(index, "decline", ["reason": "本人无法办理"], by: assignee, at: now)
            requests[index].passedOver.insert(assignee)
            requests[index].assignee = nil
            plan(.dispatch, for: index, at: now.addingTimeInterval(3600))
        case .complete:
            guard try state(index) == "in-progress", let assignee = r.assignee else { return }
            try fire(index, "complete", ["result": "已办结"], by: assignee, at: now)
            requests[index].firstComplete = requests[index].firstComplete ?? now
            requests[index].completions.append(assignee)
            if random.chance(0.9) {
                // Once the township has taken it up, the resident is satisfied.
                let settled = requests[index].ratings.filter { $0 >= 4 }.count > 2
                let rating =
                    settled || random.chance(0.75)
                    ? Int.random(in: 1...3, using: &random) : Int.random(in: 4...5, using: &random)
                plan(.rate(rating), for: index, at: after(2...20, from: now))
            } // else never rated: the timer closes it
        case .rate(let rating):
            guard try state(index) == "completed" else { return }
            try fire(index, "rate", ["rating": String(rating)], by: try person("intake", over: current(index)), at: now)
            requests[index].ratings.append(rating)
            if rating < 4 {
                requests[index].outcome = "solved"
            } else {
                // The third unsatisfied rating (reopenings used up) escalates the request.
                if requests[index].ratings.filter({ $0 >= 4 }).count > 2 { requests[index].escalated = true }
                planCompletion(index, from: now, quick: true)
            }
        }
    }

    /// Most work finishes within its limit; some first attempts run late (up to 1.8 times
    /// the limit, so the completion timer escalates them once); reopened work is redone
    /// within the limit, so no request climbs past the village its members serve.
    private mutating func planCompletion(_ index: Int, from now: Date, quick: Bool = false) {
        let limit = Self.completionHours[requests[index].urgency] ?? 24
        let late = !quick && random.chance(0.15)
        let hours = late ? random.hours((limit * 1.1)...(limit * 1.8)) : random.hours((limit * 0.1)...(limit * 0.9))
        plan(.complete, for: index, at: now.addingTimeInterval(hours * 3600))
    }

    private func fire(_ index: Int, _ event: String, _ input: [String: String], by actor: String, at now: Date) throws {
        _ = try engine.fire(
            caseID: requests[index].caseID, request: EventRequest(event: event, input: input, actor: actor), now: now)
    }

    /// Fires the timers due by `now`, and notes what they did to each request.
    private mutating func tick(until now: Date) throws {
        let report = try engine.tick(now: now)
        for firing in report.fired {
            guard let index = requests.firstIndex(where: { $0.caseID == firing.timer.caseID }) else { continue }
            switch firing.timer.event {
            case "unanswered":
                if let silent = requests[index].assignee { requests[index].passedOver.insert(silent) }
                requests[index].assignee = nil
                plan(.dispatch, for: index, at: firing.entry.at.addingTimeInterval(3600))
            case "escalate":
                requests[index].escalated = true
            case "close-unrated":
                requests[index].outcome = "unrated"
            default:
                break
            }
        }
    }

    private func state(_ index: Int) throws -> String {
        try engine.read { tx in try engine.load(requests[index].caseID, in: tx).0.state }
    }

    private func current(_ index: Int) throws -> String {
        try engine.read { tx in try engine.load(requests[index].caseID, in: tx).0.organisation }
    }

    /// The first person (by id) holding `role` over an organisation.
    private func person(_ role: String, over organisation: String) throws -> String {
        guard let found = try engine.read({ tx in try tx.people(holding: role, over: organisation).first }) else {
            throw EngineError(.notFound(.person, "\(role) over \(organisation)"))
        }
        return found.id
    }

    /// The grids (organisations of kind `grid`) under the configured organisation.
    private func grids() throws -> [String] {
        let all = try engine.read { tx in try tx.organisations() }
        let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return all.filter { org in
            guard org.kind == "grid" else { return false }
            var current: Organisation? = org
            while let o = current {
                if o.id == configuration.organisation { return true }
                current = o.parent.flatMap { byID[$0] }
            }
            return false
        }.map(\.id).sorted()
    }

    // MARK: Counting

    /// The simulation's own account, by the rules it followed.
    private func tally() -> Tally {
        var tally = Tally()
        for r in requests {
            tally.received += 1
            tally.byCategory[r.category, default: 0] += 1
            tally.byUrgency[r.urgency, default: 0] += 1
            if let dispatched = r.firstDispatch {
                tally.dispatched += 1
                tally.hoursToDispatch.append(dispatched.timeIntervalSince(r.orderAt) / 3600)
                if let accepted = r.firstAccept, let answered = r.dispatchAnswered, dispatched < dispatchLimit(r),
                    accepted < answered.addingTimeInterval(24 * 3600)
                {
                    tally.respondedInTime += 1
                }
            }
            if let completed = r.firstComplete {
                tally.completed += 1
                tally.hoursToComplete.append(completed.timeIntervalSince(r.orderAt) / 3600)
            }
            for member in r.completions { tally.completedBy[member, default: 0] += 1 }
            if r.escalated { tally.escalated += 1 }
            if let outcome = r.outcome {
                tally.closed += 1
                if outcome == "solved" { tally.solved += 1 }
            }
            tally.ratings += r.ratings.count
            tally.satisfied += r.ratings.filter { $0 < 4 }.count
        }
        return tally
    }

    /// The dispatch limit of a request, worked out here from the published defaults:
    /// one hour for emergencies, two for utilities, else to the end of the next working day.
    private func dispatchLimit(_ r: Request) -> Date {
        switch r.urgency {
        case "emergency": return r.orderAt.addingTimeInterval(3600)
        case "utility": return r.orderAt.addingTimeInterval(2 * 3600)
        default:
            let day = engine.zone.date(of: r.orderAt)
            let last = (try? calendar?.adding(workingDays: 1, to: day)) ?? day.adding(days: 1)
            return engine.zone.instant(date: last.adding(days: 1))
        }
    }
}
