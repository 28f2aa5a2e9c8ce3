public import DocketCore
public import Foundation
import Synchronization

extension Engine {
    /// What a bulk import did.
    public struct ImportOutcome: Sendable {
        public var imported = 0
        /// Rows refused, by line, with why; the other rows are imported unless `atomic`.
        public var rejected: [RowProblem] = []
    }

    /// Takes in many cases already under way, in batched transactions.
    ///
    /// Each row is decided by the core as `case import` would (its state, fields and
    /// earlier steps checked, its limits scheduled); rows are committed `batchSize` at a
    /// time, each batch one transaction with the cases' audit entries and limits, on a
    /// thread of its own while the next batch is decided. The organisation tree and
    /// people are read once, so the cost per row is the decision and the insert; memory
    /// holds two batches at most, whatever the number of rows.
    ///
    /// - Parameters:
    ///   - atomic: refuse everything when any row is bad (otherwise bad rows are
    ///     reported and the good ones imported). The whole import is then one
    ///     transaction, undone at the end when a row was bad.
    ///   - progress: called after each batch with the rows handled so far.
    ///   - abandon: asked before an atomic import commits: problems found outside the
    ///     engine (lines of the file that could not be read) cancel it too.
    public func importCases(
        _ rows: some Sequence<ImportRow>, actor: String, now: Date, batchSize: Int = 1000, atomic: Bool = false,
        progress: (Int) -> Void = { _ in }, abandon: () -> Bool = { false }
    ) throws -> ImportOutcome {
        let recordedAt = Date()
        if atomic {
            do {
                return try store.atomically { () throws -> ImportOutcome in
                    let outcome = try decide(rows, now: now, actor: actor, batchSize: batchSize, progress: progress) { batch in
                        try store.commitBatch(batch.map(\.decision), idPrefixes: batch.map(\.prefix), recordedAt: recordedAt)
                    }
                    if !outcome.rejected.isEmpty || abandon() { throw UndoImport(outcome: outcome) }
                    return outcome
                }
            } catch let undo as UndoImport {
                var outcome = undo.outcome
                outcome.imported = 0
                return outcome
            }
        }
        let writer = BatchWriter(store: store, recordedAt: recordedAt)
        do {
            let outcome = try decide(rows, now: now, actor: actor, batchSize: batchSize, progress: progress) { batch in
                try writer.submit(batch)
            }
            try writer.finish()
            return outcome
        } catch {
            try? writer.finish()
            throw error
        }
    }

    /// Thrown out of an atomic import's transaction to undo it, with what was found.
    private struct UndoImport: Error {
        var outcome: ImportOutcome
    }

    /// Decides every row, handing each full batch of good ones to `commit`.
    private func decide(
        _ rows: some Sequence<ImportRow>, now: Date, actor: String, batchSize: Int, progress: (Int) -> Void,
        commit: ([(decision: Decision, prefix: String)]) throws -> Void
    ) throws -> ImportOutcome {
        let organisations = Set(try store.organisations().map(\.id))
        var definitions: [String: WorkflowDefinition] = [:]
        var environments: [String: TransitionEnvironment] = [:]
        var outcome = ImportOutcome()
        var batch: [(decision: Decision, prefix: String)] = []
        var handled = 0
        func flush() throws {
            guard !batch.isEmpty else { return }
            try commit(batch)
            outcome.imported += batch.count
            batch.removeAll(keepingCapacity: true)
            progress(handled)
        }
        for row in rows {
            handled += 1
            func reject(_ zh: String, _ en: String) {
                outcome.rejected.append(RowProblem(line: row.line, message: LocalizedText(zh: zh, en: en)))
            }
            guard organisations.contains(row.organisation) else {
                reject("组织「\(row.organisation)」不存在", "no organisation '\(row.organisation)'")
                continue
            }
            if definitions[row.workflow] == nil {
                guard let definition = try store.definition(workflow: row.workflow, version: nil) else {
                    reject("没有已部署的工作流「\(row.workflow)」", "no deployed workflow '\(row.workflow)'")
                    continue
                }
                definitions[row.workflow] = definition
                var environment = TransitionEnvironment(
                    now: now, zone: zone, parameterOverrides: try store.parameterOverrides(workflow: definition.id),
                    calendar: try calendar(for: definition))
                // Person and organisation fields are checked against everyone at once.
                environment.knownOrganisations = organisations
                let people = try store.peopleStatus(among: Set(try store.personIDs()))
                environment.knownPeople = Set(people.keys)
                environment.peopleStatus = people
                environment.resolveParameters(for: definition)
                environments[row.workflow] = environment
            }
            guard let definition = definitions[row.workflow], let environment = environments[row.workflow] else { continue }
            do {
                let decision = try Transition.importCase(
                    definition, caseID: row.caseID ?? "", organisation: row.organisation, state: row.state, input: row.input,
                    records: row.records.map { ($0.event, $0.on) }, actor: actor, note: nil, environment: environment)
                batch.append((decision, definition.casePrefix))
            } catch {
                reject(error.message(in: .zh, definition: definition), error.message(in: .en, definition: definition))
                continue
            }
            if batch.count >= batchSize { try flush() }
        }
        try flush()
        return outcome
    }
}

/// Commits import batches on a thread of its own, so that deciding the next batch and
/// writing this one overlap. At most two batches wait; the first failure is kept and
/// thrown to the submitter at its next call.
private final class BatchWriter: Sendable {
    private let store: any CaseStore
    private let recordedAt: Date
    private let queue = DispatchQueue(label: "docket.import.writer")
    private let slots = DispatchSemaphore(value: 2)
    private let failure = Mutex<(any Error)?>(nil)

    init(store: any CaseStore, recordedAt: Date) {
        self.store = store
        self.recordedAt = recordedAt
    }

    func submit(_ batch: [(decision: Decision, prefix: String)]) throws {
        try rethrowFailure()
        slots.wait()
        let decisions = batch.map(\.decision)
        let prefixes = batch.map(\.prefix)
        queue.async { self.write(decisions, prefixes) }
    }

    private func write(_ decisions: [Decision], _ prefixes: [String]) {
        defer { slots.signal() }
        // After a failure the later batches are not written: the import stops there.
        guard failure.withLock({ $0 == nil }) else { return }
        do {
            try store.commitBatch(decisions, idPrefixes: prefixes, recordedAt: recordedAt)
        } catch {
            failure.withLock { $0 = $0 ?? error }
        }
    }

    /// Waits for every submitted batch; throws the first failure.
    func finish() throws {
        queue.sync {}
        try rethrowFailure()
    }

    private func rethrowFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
