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
    /// A case as ``showCase(_:by:)`` reads it, with the ids of the events possible now
    /// that the reader's roles allow: the case page offers a form for each of those.
    public func caseForActing(_ caseID: String, by caller: Caller) throws -> (
        view: Engine.CaseView, available: [EventAvailability], permitted: Set<String>
    ) {
        let (view, available) = try showCase(caseID, by: caller)
        let permitted = try reading { tx in
            let person = try actor(caller, action: "read", tx)
            let roles = try tx.roles(of: person, over: view.snapshot.organisation)
            return Set(
                available.compactMap { availability in
                    view.definition.event(availability.event).flatMap {
                        Authorization.permits($0, rolesHeld: roles) ? $0.id : nil
                    }
                })
        }
        return (view, available, permitted)
    }
}
