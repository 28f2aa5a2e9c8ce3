import DocketCore
import Foundation
import Synchronization

/// Fires a storm of due timers in two stages, so that a tick uses both cores: a thread
/// of its own decides the next firings on a second connection to the store (loading
/// each case, checking the rules, encoding the result), while the tick's connection
/// commits them in due order.
///
/// The second connection sees only what is committed, so a decision is made on a case
/// as it stood before the batch under way. It is committed only if the case is still
/// at the revision it was decided on (the store checks); a case the batch has changed
/// already ends the batch instead, which lets the second connection catch up. Whatever
/// the second connection cannot decide (a refusal, which must be recorded and its timer
/// disarmed) is fired by the tick's own connection, as one at a time would. A firing
/// that arms a timer already due (after downtime) stops the chunk where that timer
/// belongs in due order, and the next chunk is read afresh.
///
/// One tick's state, used on the tick's thread only.
final class StormFiring {
    /// Where a chunk of firings ended, and what the tick does next.
    enum ChunkEnd {
        /// Every firing it could make went in; read the next chunk.
        case fired
        /// Fewer timers left in the batch than make a storm: fire the next one here.
        case fireNextHere
        /// The next timer's case changed in this batch: commit, so the second connection sees it.
        case endBatch
        /// The storm is over (or the store has no second connection): fire one at a time.
        case over
    }

    /// How many due timers are read, and decided ahead, at a time. Large, so that the
    /// writer seldom waits for a new deciding thread's first decisions (at 256, a tenth
    /// slower); a chunk stopped early wastes at most this many decisions.
    static let chunkSize = 2048
    /// How many decisions pass from the deciding thread to the writer at once: a
    /// hand-over per firing (a semaphore's wake-up each) cost the writer a tenth of its time.
    static let handOver = 16

    private let writer: Engine
    /// The writer's store as a bulk loader: a storm is decided ahead only on such a store.
    private let bulk: (any BulkLoading)?
    private let now: Date
    private let stormSize: Int
    private var deciding: Engine?
    /// Cases changed in the batch under way: the second connection does not see them yet.
    private var touched: Set<String> = []

    init(writer: Engine, now: Date, stormSize: Int) {
        self.writer = writer
        self.bulk = writer.store as? any BulkLoading
        self.now = now
        self.stormSize = stormSize
    }

    func beginBatch() { touched = [] }

    /// Notes a timer fired by the tick's own connection.
    func fired(_ timer: DueTimer) { touched.insert(timer.caseID) }

    /// Fires the next due timers, up to `room` of them, decided ahead.
    func fireChunk(
        upTo room: Int, into outcomes: inout [Engine.TickOutcome], attempts: inout Int, in tx: any StoreTransaction
    ) throws -> ChunkEnd {
        guard room >= stormSize else { return .fireNextHere }
        let timers = try tx.dueTimers(dueBy: now, limit: min(Self.chunkSize, room))
        guard timers.count >= stormSize, let bulk, let fast = tx as? any BulkWriting, let deciding = try companion()
        else { return .over }
        let decided = decideAhead(timers, on: deciding)
        defer { decided.stop() }
        var earliestArmed: (due: Double, caseID: String)?
        var group: [Advance] = []
        var position = 0
        defer { decided.recycle(group) }
        for timer in timers {
            if let earliest = earliestArmed,
                bulk.precedesInTimerOrder(earliest, (timer.dueAt.timeIntervalSince1970, timer.caseID))
            {
                return .fired
            }
            if touched.contains(timer.caseID) { return .endBatch }
            if position == group.count {
                decided.recycle(group)
                (group, position) = (decided.next(), 0)
            }
            let advance = position < group.count ? group[position] : .undecided
            position += 1
            let outcome: Engine.TickOutcome
            let armed: [ScheduledDeadline]
            if case .decided(let update) = advance {
                do {
                    let entry = try fast.commit(update, recordedAt: writer.recordingClock())
                    (outcome, armed) = (.fired(.init(timer: timer, entry: entry)), update.decision.deadlines)
                } catch {
                    guard error.code == .conflict else { throw error }
                    return .endBatch
                }
            } else {
                (outcome, armed) = try writer.fire(timer, in: tx)
            }
            attempts += 1
            outcomes.append(outcome)
            touched.insert(timer.caseID)
            for limit in armed where limit.fires != nil && limit.dueAt <= now {
                let candidate = (limit.dueAt.timeIntervalSince1970, timer.caseID)
                if earliestArmed.map({ bulk.precedesInTimerOrder(candidate, $0) }) ?? true { earliestArmed = candidate }
            }
        }
        return .fired
    }

    /// The engine over the second connection, opened at the first storm of the tick.
    private func companion() throws -> Engine? {
        if let deciding { return deciding }
        // An optimisation only: a store that cannot open a second connection fires one at a time.
        guard let store = (try? bulk?.companion()) ?? nil else { return nil }
        let engine = Engine(store: store, zone: writer.zone, recordingClock: writer.recordingClock)
        deciding = engine
        return engine
    }

    /// A firing decided on the second connection.
    private enum Advance: Sendable {
        case decided(EncodedUpdate)
        /// Refused, or not decidable there: the tick's connection fires it itself.
        case undecided
    }

    /// Starts deciding `timers`, in order, on a thread of its own.
    private func decideAhead(_ timers: [DueTimer], on deciding: Engine) -> Decisions {
        let decisions = Decisions()
        let zone = writer.zone
        Thread.detachNewThread {
            defer { decisions.channel.close() }
            _ = try? deciding.read { tx in
                for start in stride(from: 0, to: timers.count, by: Self.handOver) {
                    if decisions.stopped { return }
                    decisions.freeSpent()
                    decisions.channel.put(
                        timers[start..<min(start + Self.handOver, timers.count)].map { timer in
                            Self.decide(timer, request: Engine.request(firing: timer, zone: zone), on: deciding, in: tx)
                        })
                }
            }
        }
        return decisions
    }

    /// What firing `timer` would do to its case as last committed.
    private static func decide(_ timer: DueTimer, request: EventRequest, on engine: Engine, in tx: any StoreTransaction)
        -> Advance
    {
        do {
            let (snapshot, definition) = try engine.load(timer.caseID, in: tx)
            let environment = try engine.environment(
                for: definition, request: request, organisation: snapshot.organisation, now: timer.dueAt,
                assignee: snapshot.assignee, in: tx)
            let decision = try Transition.fire(definition, on: snapshot, request: request, environment: environment)
            return .decided(EncodedUpdate(decision, expectedRevision: snapshot.revision))
        } catch {
            return .undecided
        }
    }

    /// Decisions on their way from the deciding thread, a few at a time, and back to
    /// it once committed, to be freed there: freeing another thread's allocations held
    /// the writer up.
    private final class Decisions: Sendable {
        let channel = BatchChannel<[Advance]>(capacity: 4)
        private let stopping = Atomic(false)
        private let spent = Mutex<[[Advance]]>([])

        /// Hands committed decisions back to the deciding thread.
        func recycle(_ group: [Advance]) {
            guard !group.isEmpty else { return }
            spent.withLock { $0.append(group) }
        }

        /// Frees what the writer handed back; on the deciding thread.
        func freeSpent() {
            let groups = spent.withLock { groups in
                defer { groups = [] }
                return groups
            }
            withExtendedLifetime(groups) {}
        }

        var stopped: Bool { stopping.load(ordering: .acquiring) }

        /// The next few decisions; none once the deciding thread has stopped.
        func next() -> [Advance] { channel.take() ?? [] }

        /// Tells the deciding thread to stop, and waits for it.
        func stop() {
            stopping.store(true, ordering: .releasing)
            while channel.take() != nil {}
        }
    }
}
