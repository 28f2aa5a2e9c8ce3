public import DocketCore
public import Foundation

extension Engine {
    /// What one tick did.
    public struct TickReport: Sendable {
        public struct Firing: Sendable {
            public var timer: DueTimer
            public var entry: AuditEntry
        }
        public struct Failure: Sendable {
            public var timer: DueTimer
            public var refusal: Refusal
        }
        public var fired: [Firing] = []
        /// Timers whose event the rules refused; they are disarmed and their limits stay overdue.
        public var failed: [Failure] = []
    }

    /// Fires every timer due at or before `now`, oldest first, each as the system actor in
    /// its own transaction with its audit entry, evaluated at its own due time.
    ///
    /// A firing can set new timers that are already due (after downtime); they are fired
    /// in the same tick, in due order. Two ticks running at once never fire one timer
    /// twice: the second finds the case's revision moved and reads the next timer.
    ///
    /// - Parameter limit: the most firings in one tick, a guard against a workflow whose
    ///   timers re-arm themselves in the past.
    public func tick(now: Date, limit: Int = 1_000_000) throws -> TickReport {
        var report = TickReport()
        var attempts = 0
        while attempts < limit, let timer = try store.nextTimer(dueBy: now) {
            attempts += 1
            let (snapshot, _) = try load(timer.caseID)
            let request = EventRequest(
                event: timer.event, input: timer.input, on: zone.date(of: timer.dueAt), actor: EventRequest.systemActor,
                note: "timer: \(timer.rule)")
            do {
                let view = try fire(caseID: snapshot.id, request: request, now: timer.dueAt, expecting: snapshot.revision)
                if let entry = view.entry { report.fired.append(.init(timer: timer, entry: entry)) }
            } catch let error as EngineError {
                guard case .refused(let refusal) = error.reason else { throw error }
                try store.disarm(timer)
                report.failed.append(.init(timer: timer, refusal: refusal))
            } catch let error as StoreError where error.code == .conflict {
                continue  // another tick got there first; read the next timer
            }
        }
        return report
    }
}
