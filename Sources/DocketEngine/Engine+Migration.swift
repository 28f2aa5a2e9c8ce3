public import DocketCore
public import Foundation

extension Engine {
    /// What became of one case asked to move to another version of its workflow.
    public enum MigrationOutcome: Sendable {
        /// Moved, with the trail's entry (or, in a dry run, what would change).
        case moved(CaseMigration.Preview, AuditEntry?)
        /// Cannot move, and why; nothing was written.
        case cannot(caseID: String, CaseMigration.Obstacle)
        /// Changed by someone else since it was listed: left as it is, to move in a later run.
        case changedMeanwhile(caseID: String)
    }

    /// Moves one case to `target` (or, with `dryRun`, says what would change), in one
    /// transaction with its audit entry; its limits and timers are worked out again under
    /// the target version's rules, parameters and calendar.
    ///
    /// - Parameters:
    ///   - caseID: the case to move.
    ///   - target: the version to move it to.
    ///   - mapping: old state id → new state id; a state in both versions maps to itself.
    ///   - actor: who moves it, as the trail records.
    ///   - now: the move's instant, by which its limits are counted again.
    ///   - dryRun: say what would change, and write nothing.
    ///   - expecting: the revision the case was listed at; a case changed since is left
    ///     as it is (`.changedMeanwhile`), never half-moved.
    public func migrate(
        caseID: String, to target: WorkflowDefinition, mapping: [String: String], actor: String, now: Date,
        dryRun: Bool, expecting: Int? = nil
    ) throws -> MigrationOutcome {
        if dryRun {
            return try read { tx in
                try migrate(
                    caseID: caseID, to: target, mapping: mapping, actor: actor, now: now, dryRun: true,
                    expecting: expecting, in: tx)
            }
        }
        return try write { tx in
            try migrate(
                caseID: caseID, to: target, mapping: mapping, actor: actor, now: now, dryRun: false,
                expecting: expecting, in: tx)
        }
    }

    /// ``migrate(caseID:to:mapping:actor:now:dryRun:expecting:)`` as a step of the caller's
    /// transaction (a read-only one will do for a dry run).
    public func migrate(
        caseID: String, to target: WorkflowDefinition, mapping: [String: String], actor: String, now: Date,
        dryRun: Bool, expecting: Int? = nil, in tx: any StoreTransaction
    ) throws -> MigrationOutcome {
        if !dryRun { try checkChangeTime(now) }
        let (snapshot, current) = try load(caseID, in: tx)
        if let expecting, expecting != snapshot.revision { return .changedMeanwhile(caseID: caseID) }
        var before = TransitionEnvironment(now: now, zone: zone, calendar: try calendar(for: current, in: tx))
        try useParameters(of: current, in: &before, tx)
        var after = TransitionEnvironment(now: now, zone: zone, calendar: try calendar(for: target, in: tx))
        try useParameters(of: target, in: &after, tx)
        // The new version reads the case's data by its own field types.
        let restored = snapshot.restoringTypes(with: target)
        let standing = try tx.deadlines(of: caseID)
        let migration = CaseMigration.migrate(
            restored, from: current, to: target, mapping: mapping, standing: standing, actor: actor,
            environment: after, currentEnvironment: before)
        switch migration {
        case .failure(let obstacle):
            return .cannot(caseID: caseID, obstacle)
        case .success(let (decision, preview)):
            guard !dryRun else { return .moved(preview, nil) }
            // A Result rather than do/catch: Swift 6.3.1 hangs compiling a do/catch of
            // this typed-throwing call here (in MandatoryAllocBoxToStack).
            let committed = Result { () throws(StoreError) -> AuditEntry in
                try tx.commit(
                    decision, as: .update(expectedRevision: snapshot.revision), recordedAt: recordingClock())
            }
            switch committed {
            case .success(let entry): return .moved(preview, entry)
            case .failure(let error) where error.code == .conflict: return .changedMeanwhile(caseID: caseID)
            case .failure(let error): throw error
            }
        }
    }
}
