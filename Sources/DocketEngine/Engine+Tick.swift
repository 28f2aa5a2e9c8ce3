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

    /// One timer's outcome in a tick.
    public enum TickOutcome: Sendable {
        case fired(TickReport.Firing)
        case failed(TickReport.Failure)
    }

    /// How many timers one tick fired, and how many the rules refused.
    public struct TickCounts: Sendable, Hashable {
        public var fired = 0
        public var failed = 0
    }

    /// Fires every timer due at or before `now`, oldest first, each as the system actor
    /// with its audit entry, evaluated at its own due time.
    ///
    /// Firings are committed in batches of up to `batchSize`, each batch one
    /// transaction: a firing and its audit entry and timers are never apart, and a
    /// failure undoes only the batch under way, which the next tick fires again. A firing
    /// can set new timers that are already due (after downtime); they are fired in the
    /// same tick, in due order. Two ticks running at once never fire one timer twice: a
    /// batch holds the write lock from reading its next timer to committing it.
    ///
    /// When `stormSize` timers or more are due at once, firings are decided ahead on a
    /// second connection to the store (``BulkLoading/companion()``), on another core,
    /// while this one writes; what is committed is the same as firing one at a time. A
    /// store that is not ``BulkLoading`` fires one at a time.
    ///
    /// - Parameters:
    ///   - now: the instant the tick runs at; every timer due at or before it fires.
    ///   - limit: the most firings in one tick, a guard against a workflow whose timers
    ///     re-arm themselves in the past.
    ///   - batchSize: the most firings in one transaction.
    ///   - stormSize: how many timers due at once are worth deciding ahead; `Int.max`
    ///     fires one at a time.
    ///   - each: told of every outcome once its batch has committed; the tick keeps
    ///     none of them, so a storm of a hundred thousand timers takes no more memory
    ///     than one batch.
    public func tick(
        now: Date, limit: Int = 1_000_000, batchSize: Int = 20_000, stormSize: Int = 64,
        each: (TickOutcome) throws -> Void
    ) throws -> TickCounts {
        // A tick fires what is due by its instant: dated later, it would fire the future.
        try checkChangeTime(now)
        var counts = TickCounts()
        var attempts = 0
        var more = true
        var storm = stormSize == .max ? nil : StormFiring(writer: self, now: now, stormSize: max(1, stormSize))
        while more, attempts < limit {
            var ended = false
            let outcomes = try store.write { tx throws -> [TickOutcome] in
                var outcomes: [TickOutcome] = []
                storm?.beginBatch()
                var oneAtATime = false
                while outcomes.count < batchSize, attempts < limit {
                    if !oneAtATime, let ahead = storm {
                        switch try ahead.fireChunk(
                            upTo: min(batchSize - outcomes.count, limit - attempts), into: &outcomes,
                            attempts: &attempts, in: tx)
                        {
                        case .fired: continue
                        case .fireNextHere: oneAtATime = true
                        case .endBatch:
                            // A batch that has fired nothing yet has nothing to catch up on.
                            guard outcomes.isEmpty else {
                                ended = true
                                return outcomes
                            }
                            oneAtATime = true
                        case .over: storm = nil
                        }
                    }
                    oneAtATime = false
                    guard let timer = try tx.nextTimer(dueBy: now) else { break }
                    attempts += 1
                    outcomes.append(try fire(timer, in: tx).0)
                    storm?.fired(timer)
                }
                return outcomes
            }
            more = outcomes.count == batchSize || ended
            for outcome in outcomes {
                switch outcome {
                case .fired: counts.fired += 1
                case .failed: counts.failed += 1
                }
                try each(outcome)
            }
        }
        return counts
    }

    /// Fires every timer due at or before `now` (see ``tick(now:limit:batchSize:stormSize:each:)``)
    /// and returns every outcome.
    public func tick(now: Date, limit: Int = 1_000_000, batchSize: Int = 20_000) throws -> TickReport {
        var report = TickReport()
        _ = try tick(now: now, limit: limit, batchSize: batchSize) { outcome in
            switch outcome {
            case .fired(let firing): report.fired.append(firing)
            case .failed(let failure): report.failed.append(failure)
            }
        }
        return report
    }

    /// Fires one timer through the store's writing connection; with the limits the
    /// firing set (none when refused).
    func fire(_ timer: DueTimer, in tx: any StoreTransaction) throws -> (TickOutcome, armed: [ScheduledDeadline]) {
        do {
            let view = try fire(
                caseID: timer.caseID, request: Self.request(firing: timer, zone: zone), now: timer.dueAt, in: tx)
            guard let entry = view.entry else {
                throw StoreError(.internalFailure, "a timer's firing on \(timer.caseID) recorded nothing")
            }
            return (.fired(.init(timer: timer, entry: entry)), view.deadlines)
        } catch let error as EngineError {
            guard case .refused(let refusal) = error.reason else { throw error }
            try tx.disarm(timer)
            return (.failed(.init(timer: timer, refusal: refusal)), [])
        }
    }

    /// The event a timer fires: its own, as the system actor, on the day it fell due.
    static func request(firing timer: DueTimer, zone: DeploymentZone) -> EventRequest {
        EventRequest(
            event: timer.event, input: timer.input, on: zone.date(of: timer.dueAt), actor: EventRequest.systemActor,
            note: "timer: \(timer.rule)")
    }
}
