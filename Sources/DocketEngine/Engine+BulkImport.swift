public import DocketCore
public import Foundation

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
    /// time, each batch one transaction with the cases' audit entries and limits. The
    /// organisation tree and people are read once, so the cost per row is the decision
    /// and the insert.
    ///
    /// - Parameters:
    ///   - atomic: refuse everything when any row is bad (otherwise bad rows are
    ///     reported and the good ones imported).
    ///   - progress: called after each batch with the rows handled so far.
    ///   - abandon: asked before an atomic import commits: problems found outside the
    ///     engine (lines of the file that could not be read) cancel it too.
    public func importCases(
        _ rows: some Sequence<ImportRow>, actor: String, now: Date, batchSize: Int = 1000, atomic: Bool = false,
        progress: (Int) -> Void = { _ in }, abandon: () -> Bool = { false }
    ) throws -> ImportOutcome {
        let organisations = Set(try store.organisations().map(\.id))
        var definitions: [String: WorkflowDefinition] = [:]
        var environments: [String: TransitionEnvironment] = [:]
        var outcome = ImportOutcome()
        var batch: [(Decision, String)] = []
        var pending: [[(Decision, String)]] = []
        var handled = 0
        func flush() throws {
            guard !batch.isEmpty else { return }
            if atomic {
                pending.append(batch)
            } else {
                try store.commitBatch(batch.map(\.0), idPrefixes: batch.map(\.1), recordedAt: Date())
                outcome.imported += batch.count
            }
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
        if atomic {
            guard outcome.rejected.isEmpty, !abandon() else { return outcome }
            let all = pending.flatMap { $0 }
            try store.commitBatch(all.map(\.0), idPrefixes: all.map(\.1), recordedAt: Date())
            outcome.imported = all.count
        }
        return outcome
    }
}
