public import DocketCore
public import DocketEngine
import Foundation

/// "我的待办": what a person can do now, most urgent first (the web application's home).
extension DocketApp {
    /// A case the person can act on, with the events they may fire now.
    public struct WorkItem: Sendable {
        public var view: Engine.CaseView
        /// The events possible now that the person's roles allow and no check refuses;
        /// each still names the fields it needs.
        public var events: [EventAvailability]
        /// The case's running limit that falls due first, if any.
        public var nextLimit: ScheduledDeadline?
    }

    /// How many cases ``myWork(by:)`` looks at: those with the limits that fall due first,
    /// and those assigned to the person. A county's whole history is never read for a page.
    public static let workHorizon = 300

    /// The cases the caller can act on now: those with running limits in their part of
    /// the tree (overdue first, then by due time), then the open cases assigned to them
    /// wherever they are; each with the events the caller may fire now.
    public func myWork(by caller: Caller) throws -> [WorkItem] {
        try reading { tx in
            let (person, roots) = try readRoots(caller, requiringRole: false, tx)
            var seen = Set<String>()
            var order: [String] = []
            func add(_ id: String) {
                if order.count < Self.workHorizon, seen.insert(id).inserted { order.append(id) }
            }
            if !roots.isEmpty {
                var query = DeadlineQuery(limit: Self.workHorizon)
                query.organisations = roots
                try tx.overdue(query, at: caller.now) { add($0.caseID) }
                let horizon = caller.now.addingTimeInterval(400 * 86_400)
                try tx.dueSoon(query, at: caller.now, horizon: horizon) { add($0.caseID) }
            }
            try tx.eachCase(matching: CaseQuery(assignee: person, limit: Self.workHorizon), under: nil) {
                add($0.id)
            }
            var items: [WorkItem] = []
            for id in order {
                let (view, available) = try engine.show(caseID: id, now: caller.now, in: tx)
                guard view.definition.state(view.snapshot.state)?.isFinal != true else { continue }
                let roles = try tx.roles(of: person, over: view.snapshot.organisation)
                let mine = available.filter { availability in
                    guard let event = view.definition.event(availability.event) else { return false }
                    return Authorization.permits(event, rolesHeld: roles) && availability.blockedBy.isEmpty
                }
                guard !mine.isEmpty else { continue }
                let next = view.deadlines.min { $0.dueAt < $1.dueAt }
                items.append(WorkItem(view: view, events: mine, nextLimit: next))
            }
            // Most urgent first: the earliest limit, then cases without one by id.
            return items.sorted { a, b in
                switch (a.nextLimit?.dueAt, b.nextLimit?.dueAt) {
                case (let x?, let y?): x < y
                case (.some, nil): true
                case (nil, .some): false
                case (nil, nil): a.view.snapshot.id < b.view.snapshot.id
                }
            }
        }
    }
}

extension DocketApp {
    /// The events possible now that `person`'s roles over the case allow.
    func permittedEvents(
        _ view: Engine.CaseView, _ available: [EventAvailability], by person: String, _ tx: any StoreTransaction
    ) throws -> Set<String> {
        let roles = try tx.roles(of: person, over: view.snapshot.organisation)
        return Set(
            available.compactMap { availability in
                view.definition.event(availability.event).flatMap {
                    Authorization.permits($0, rolesHeld: roles) ? $0.id : nil
                }
            })
    }

    /// Everything the case page shows, read in one transaction rather than one for each
    /// part: a page is what most requests of a county's server are.
    public struct CasePage: Sendable {
        public var view: Engine.CaseView
        /// The events possible now, with what each still needs.
        public var available: [EventAvailability]
        /// Those of `available` the reader's roles allow: the page offers a form for each.
        public var permitted: Set<String>
        /// The case's whole record, oldest first.
        public var history: [AuditEntry]
        /// The workflow's earlier versions, newest first: they name the states and events
        /// of entries made before the case moved to its present version.
        public var earlier: [WorkflowDefinition]
        /// The people with a role under the case's organisation: its person fields' choices
        /// and the names of the people it shows.
        public var people: [Person]
    }

    /// The case page's facts, for a reader who holds a role over the case; a case outside
    /// their part is refused alike whether it exists or not, and the attempt is recorded.
    public func casePage(_ caseID: String, by caller: Caller) throws -> CasePage {
        // A write transaction: an outsider's attempt is recorded in it.
        try writing { tx in
            let reader = try actor(caller, action: "read", tx)
            let (view, available) = try engine.show(caseID: caseID, now: caller.now, reader: reader, in: tx)
            let definition = view.definition
            let earlier = try (1..<max(1, definition.version)).reversed().compactMap {
                try tx.definition(workflow: definition.id, version: $0)
            }
            // Someone with a role over the case sees everyone under its organisation: one
            // subtree query, not the whole tree. Anyone else (a member reading a request
            // escalated above their part) sees only the people of their own part.
            let organisation = view.snapshot.organisation
            let people =
                try tx.roles(of: reader, over: organisation).isEmpty
                ? try self.people(under: organisation, holding: nil, by: caller, tx).people
                : try tx.people(under: organisation)
            return CasePage(
                view: view, available: available, permitted: try permittedEvents(view, available, by: reader, tx),
                history: try tx.history(of: caseID), earlier: earlier, people: people)
        }
    }
}
