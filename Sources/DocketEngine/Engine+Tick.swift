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

    /// Fires every timer due at or before `now`, oldest first, each as the system actor
    /// with its audit entry, evaluated at its own due time.
    ///
    /// Firings are committed in batches of `batchSize`, each batch one transaction: a
    /// firing and its audit entry and timers are never apart, and a failure undoes only
    /// the batch under way, which the next tick fires again. A firing can set new timers
    /// that are already due (after downtime); they are fired in the same tick, in due
    /// order. Two ticks running at once never fire one timer twice: a batch holds the
    /// write lock from reading its next timer to committing it.
    ///
    /// - Parameter limit: the most firings in one tick, a guard against a workflow whose
    ///   timers re-arm themselves in the past.
    public func tick(now: Date, limit: Int = 1_000_000, batchSize: Int = 500) throws -> TickReport {
        var report = TickReport()
        var attempts = 0
        var batchFull = true
        while batchFull, attempts < limit {
            batchFull = try store.atomically {
                var inBatch = 0
                while inBatch < batchSize, attempts < limit, let timer = try store.nextTimer(dueBy: now) {
                    attempts += 1
                    inBatch += 1
                    try fire(timer, into: &report)
                }
                return inBatch == batchSize
            }
        }
        return report
    }

    private func fire(_ timer: DueTimer, into report: inout TickReport) throws {
        let request = EventRequest(
            event: timer.event, input: timer.input, on: zone.date(of: timer.dueAt), actor: EventRequest.systemActor,
            note: "timer: \(timer.rule)")
        do {
            let view = try fire(caseID: timer.caseID, request: request, now: timer.dueAt)
            if let entry = view.entry { report.fired.append(.init(timer: timer, entry: entry)) }
        } catch let error as EngineError {
            guard case .refused(let refusal) = error.reason else { throw error }
            try store.disarm(timer)
            report.failed.append(.init(timer: timer, refusal: refusal))
        }
    }
}
