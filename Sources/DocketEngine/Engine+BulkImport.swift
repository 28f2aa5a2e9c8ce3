public import DocketCore
public import Foundation
import Synchronization

extension Engine {
    /// What a bulk import did.
    public struct ImportOutcome: Sendable {
        public var imported = 0
        /// Rows refused, by line, with why; the other rows are imported unless `atomic`.
        public var rejected: [RowProblem] = []

        /// Rows counted as imported that the store refused after all.
        mutating func refuse(_ problems: [RowProblem]) {
            imported -= problems.count
            rejected = (rejected + problems).sorted { $0.line < $1.line }
        }
    }

    /// Takes in many cases already under way, in batched transactions.
    ///
    /// Each row is decided by the core as `case import` would (its state, fields and
    /// earlier steps checked, its limits scheduled). Decided rows go in batches of
    /// `batchSize` to a writer thread, which commits them while the next batch is
    /// decided, `casesPerTransaction` at a time: each transaction holds whole cases with
    /// their audit entries and limits. Memory holds three batches at most, whatever the
    /// number of rows; the transactions are large because a million cases spread over a
    /// county's grids touch every page of the organisation indexes, and a page touched
    /// by fifty cases is written once rather than fifty times. Other writers wait while
    /// a transaction is open: about a second per 50,000 cases. An import that goes past
    /// its first transaction into a store that held no more than one transaction's worth
    /// of cases has the store build its random-order indexes once at the end
    /// (``BulkWriting/deferIndexes()``).
    ///
    /// - Parameters:
    ///   - rows: the cases to take in, read one at a time (a file of a million rows is
    ///     never whole in memory).
    ///   - actor: the person importing, as the audit entries name them (the permission
    ///     check is the caller's: `DocketApp` asks for the administrator role).
    ///   - now: the instant the import is dated at.
    ///   - batchSize: how many rows are decided before they go to the writer (at most
    ///     `Identifier.maximumBatch`).
    ///   - casesPerTransaction: how many cases one write transaction holds.
    ///   - atomic: refuse everything when any row is bad (otherwise bad rows are
    ///     reported and the good ones imported). The whole import is then one
    ///     transaction, undone at the end when a row was bad.
    ///   - progress: called after each batch with the rows handled so far.
    ///   - indexing: called before the deferred indexes are built (a few seconds for a
    ///     million cases), so that a user can be told.
    ///   - abandon: asked before an atomic import commits: problems found outside the
    ///     engine (lines of the file that could not be read) cancel it too.
    public func importCases(
        _ rows: some Sequence<ImportRow>, actor: String, now: Date, batchSize: Int = 1000,
        casesPerTransaction: Int = 50_000,
        atomic: Bool = false, progress: (Int) -> Void = { _ in }, indexing: () -> Void = {},
        abandon: () -> Bool = { false }
    ) throws -> ImportOutcome {
        // The batch is reserved up front: a number typed by a user must not size memory.
        let batchSize = min(max(batchSize, 1), Identifier.maximumBatch)
        try checkChangeTime(now)
        let recordedAt = recordingClock()
        // Into a store that holds few cases, an import that outgrows one transaction
        // builds the random-order indexes at its end: rebuilding them then costs less
        // than what is being imported.
        let (setting, mayDeferIndexes) = try store.read { tx in
            (
                try ImportSetting(engine: self, now: now, in: tx),
                try tx.caseCount(upTo: casesPerTransaction + 1) <= casesPerTransaction
            )
        }
        if atomic {
            do {
                return try store.write { tx throws -> ImportOutcome in
                    var committed = 0
                    var deferred = false
                    var taken: [RowProblem] = []
                    var outcome = try decide(rows, setting, actor: actor, batchSize: batchSize, progress: progress) {
                        batch in
                        if mayDeferIndexes, !deferred, committed >= casesPerTransaction {
                            if let bulk = tx as? any BulkWriting {
                                try bulk.deferIndexes()
                                deferred = true
                            }
                        }
                        taken += Self.takenIDs(try tx.commitBatch(batch.cases, recordedAt: recordedAt), of: batch)
                        committed += batch.cases.count
                    }
                    outcome.refuse(taken)
                    if !outcome.rejected.isEmpty || abandon() { throw UndoImport(outcome: outcome) }
                    if deferred {
                        indexing()
                        try (tx as? any BulkWriting)?.restoreIndexes()
                    }
                    return outcome
                }
            } catch let undo as UndoImport {
                var outcome = undo.outcome
                outcome.imported = 0
                return outcome
            }
        }
        let writer = BatchWriter(
            store: store, recordedAt: recordedAt, casesPerTransaction: casesPerTransaction,
            mayDeferIndexes: mayDeferIndexes)
        do {
            var outcome = try decide(rows, setting, actor: actor, batchSize: batchSize, progress: progress) { batch in
                try writer.submit(batch)
            }
            try writer.finish()
            outcome.refuse(writer.takenIDs)
            if writer.deferredIndexes {
                indexing()
                try restoreIndexes()
            }
            return outcome
        } catch {
            try? writer.finish()
            if writer.deferredIndexes { try? restoreIndexes() }
            throw error
        }
    }

    /// Builds the indexes a load took down, in a transaction of its own.
    private func restoreIndexes() throws {
        try store.write { tx in try (tx as? any BulkWriting)?.restoreIndexes() }
    }

    /// The rows of a batch whose chosen case id the store found taken.
    fileprivate static func takenIDs(_ positions: [Int], of batch: ImportBatch) -> [RowProblem] {
        positions.map { position in
            let id = batch.cases[position].decision.snapshot.id
            return RowProblem(line: batch.lines[position], .caseIDTaken(id))
        }
    }

    /// Decided rows on their way to the store, with the line each came from.
    fileprivate struct ImportBatch: Sendable {
        var cases: [EncodedCase] = []
        var lines: [Int] = []
    }

    /// Thrown out of an atomic import's transaction to undo it, with what was found.
    private struct UndoImport: Error {
        var outcome: ImportOutcome
    }

    /// What deciding a row needs from the store, read before the first row: the writer
    /// holds the store while rows are decided, so the decisions must not read it.
    private struct ImportSetting {
        var organisations: Set<String>
        var definitions: [String: WorkflowDefinition] = [:]
        var environments: [String: TransitionEnvironment] = [:]
        /// Each organisation's parent, to find whether a role is held at or above a row's.
        var parents: [String: String] = [:]
        /// For the roles that person fields require: who holds each, and where.
        var holders: [String: [String: Set<String>]] = [:]
        /// The person fields of each workflow that require a role.
        var roleFields: [String: [(field: String, role: String)]] = [:]

        init(engine: Engine, now: Date, in tx: any StoreTransaction) throws {
            let all = try tx.organisations()
            organisations = Set(all.map(\.id))
            for organisation in all { parents[organisation.id] = organisation.parent }
            // Person and organisation fields are checked against everyone at once.
            let people = try tx.peopleStatus(among: Set(try tx.personIDs()))
            for workflow in Set(try tx.deployedWorkflows().map(\.id)) {
                let definition = try engine.latestDefinition(workflow, in: tx)
                var environment = TransitionEnvironment(
                    now: now, zone: engine.zone,
                    parameterOverrides: try engine.parameterOverrides(for: definition, in: tx),
                    calendar: try engine.calendar(for: definition, in: tx))
                environment.knownOrganisations = organisations
                environment.knownPeople = Set(people.keys)
                environment.peopleStatus = people
                environment.resolveParameters(for: definition)
                definitions[workflow] = definition
                environments[workflow] = environment
                roleFields[workflow] = definition.fields.compactMap { field in
                    field.constraints.personRole.map { (field.id, $0) }
                }
                for (_, role) in roleFields[workflow] ?? [] where holders[role] == nil {
                    holders[role] = try tx.grants(of: role).reduce(into: [:]) {
                        $0[$1.person, default: []].insert($1.organisation)
                    }
                }
            }
        }

        /// The environment of one row: the roles its named people hold over its
        /// organisation, where a field requires one.
        func environment(for row: ImportRow, _ base: TransitionEnvironment) -> TransitionEnvironment {
            guard let fields = roleFields[row.workflow], !fields.isEmpty else { return base }
            var environment = base
            for (field, role) in fields {
                guard let raw = row.input[field] else { continue }
                for person in FieldType.person.listItems(raw).map(\.trimmedOfSpaces) {
                    guard let places = holders[role]?[person] else { continue }
                    var current: String? = row.organisation
                    var seen = 0
                    while let organisation = current, seen <= parents.count {
                        if places.contains(organisation) {
                            environment.peopleRoles[person, default: []].insert(role)
                            break
                        }
                        current = parents[organisation]
                        seen += 1
                    }
                }
            }
            return environment
        }
    }

    /// Decides every row, handing each full batch of good ones to `commit`.
    private func decide(
        _ rows: some Sequence<ImportRow>, _ setting: ImportSetting, actor: String, batchSize: Int,
        progress: (Int) -> Void,
        commit: (ImportBatch) throws -> Void
    ) throws -> ImportOutcome {
        var outcome = ImportOutcome()
        var batch = ImportBatch()
        batch.cases.reserveCapacity(min(batchSize, Identifier.maximumBatch))
        var handled = 0
        func flush() throws {
            guard !batch.cases.isEmpty else { return }
            try commit(batch)
            outcome.imported += batch.cases.count
            batch = ImportBatch()
            batch.cases.reserveCapacity(min(batchSize, Identifier.maximumBatch))
            progress(handled)
        }
        for row in rows {
            handled += 1
            func reject(_ reason: RowProblem.Reason) { outcome.rejected.append(RowProblem(line: row.line, reason)) }
            guard setting.organisations.contains(row.organisation) else {
                reject(.unknownOrganisation(row.organisation))
                continue
            }
            guard let definition = setting.definitions[row.workflow],
                let environment = setting.environments[row.workflow]
            else {
                reject(.unknownWorkflow(row.workflow))
                continue
            }
            if let id = row.caseID, !id.isEmpty, !Identifier.isValid(id) {
                reject(.invalidCaseID(id))
                continue
            }
            do {
                let decision = try Transition.importCase(
                    definition, caseID: row.caseID ?? "", organisation: row.organisation, state: row.state,
                    input: row.input,
                    records: row.records.map { ($0.event, $0.on) }, actor: actor, note: nil,
                    environment: setting.environment(for: row, environment))
                batch.cases.append(EncodedCase(decision, idPrefix: definition.casePrefix))
                batch.lines.append(row.line)
            } catch {
                reject(.refused(error, definition: definition))
                continue
            }
            if batch.cases.count >= batchSize { try flush() }
        }
        try flush()
        return outcome
    }
}

/// Commits import batches on a thread of its own, so that deciding the next batch and
/// writing this one overlap. Up to `casesPerTransaction` cases go in one transaction:
/// the writer keeps it open while it waits for the next batch. The first failure ends
/// the writing and is thrown to the submitter at its next call.
///
/// With `mayDeferIndexes`, a load that goes on past its first transaction takes the
/// store's random-order indexes down for the rest (``deferredIndexes``); the caller
/// builds them at the end, also after a failure (after a crash, the store does on its
/// next opening).
private final class BatchWriter: Sendable {
    typealias Batch = Engine.ImportBatch

    private let store: any CaseStore
    private let recordedAt: Date
    private let casesPerTransaction: Int
    private let mayDeferIndexes: Bool
    private let channel = BatchChannel<Batch>(capacity: 2)
    private let failure = Mutex<(any Error)?>(nil)
    private let deferred = Mutex(false)
    private let taken = Mutex<[RowProblem]>([])
    /// Batches written, handed back to be freed on the submitting thread, which has
    /// time to spare: freeing a batch's thousands of cases cost the writer a twentieth.
    private let spent = Mutex<[Batch]>([])
    private let finished = Mutex(false)
    private let done = DispatchSemaphore(value: 0)

    /// Whether the indexes were taken down; read after ``finish()``.
    var deferredIndexes: Bool { deferred.withLock { $0 } }
    /// The rows not written because their chosen case id was taken; read after ``finish()``.
    var takenIDs: [RowProblem] { taken.withLock { $0 } }

    init(store: any CaseStore, recordedAt: Date, casesPerTransaction: Int, mayDeferIndexes: Bool) {
        self.store = store
        self.recordedAt = recordedAt
        self.casesPerTransaction = casesPerTransaction
        self.mayDeferIndexes = mayDeferIndexes
        Thread.detachNewThread { [self] in
            write()
            done.signal()
        }
    }

    func submit(_ batch: Batch) throws {
        try rethrowFailure()
        let written = spent.withLock { batches in
            defer { batches = [] }
            return batches
        }
        withExtendedLifetime(written) {}
        channel.put(batch)
    }

    /// Waits until everything submitted is committed; throws the first failure. Called
    /// again (after a failure), it only throws that failure.
    func finish() throws {
        let first = finished.withLock { finished in
            defer { finished = true }
            return !finished
        }
        if first {
            channel.close()
            done.wait()
        }
        try rethrowFailure()
    }

    private func write() {
        var transactions = 0
        do {
            while let first = channel.take() {
                if mayDeferIndexes, transactions == 1 {
                    let took = try store.write { tx in
                        guard let bulk = tx as? any BulkWriting else { return false }
                        try bulk.deferIndexes()
                        return true
                    }
                    deferred.withLock { $0 = took }
                }
                try store.write { tx in
                    var batch = first
                    var written = 0
                    while true {
                        let refused = Engine.takenIDs(
                            try tx.commitBatch(batch.cases, recordedAt: recordedAt), of: batch)
                        if !refused.isEmpty { taken.withLock { $0 += refused } }
                        spent.withLock { $0.append(batch) }
                        written += batch.cases.count
                        guard written < casesPerTransaction, let next = channel.take() else { return }
                        batch = next
                    }
                }
                transactions += 1
            }
        } catch {
            failure.withLock { $0 = $0 ?? error }
            // Keep taking, so that a submitter waiting for room is let go.
            while channel.take() != nil {}
        }
    }

    private func rethrowFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
