public import DocketCore
public import DocketEngine
public import Foundation

/// The engine's reads as transactions of their own, for tests that look at a case or a
/// definition between steps; code that decides and writes passes its transaction.
extension Engine {
    /// A case with the definition version it runs under, read in a transaction of its own.
    public func load(_ caseID: String) throws -> (CaseSnapshot, WorkflowDefinition) {
        try read { tx in try load(caseID, in: tx) }
    }

    /// The newest deployed definition of a workflow, read in a transaction of its own.
    public func latestDefinition(_ workflow: String) throws -> WorkflowDefinition {
        try read { tx in try latestDefinition(workflow, in: tx) }
    }

    /// The calendar a definition counts by, read in a transaction of its own.
    public func calendar(for definition: WorkflowDefinition) throws -> WorkingCalendar? {
        try read { tx in try calendar(for: definition, in: tx) }
    }

    /// The deployment's default calendar, read in a transaction of its own.
    public func deploymentCalendar() throws -> WorkingCalendar? {
        try read { tx in try deploymentCalendar(in: tx) }
    }

    /// A case for `reader`, in a write transaction of its own (an outsider's attempt is recorded).
    public func read(_ caseID: String, by reader: String, now: Date) throws -> (CaseSnapshot, WorkflowDefinition) {
        try write { tx in try read(caseID, by: reader, now: now, in: tx) }
    }
}
