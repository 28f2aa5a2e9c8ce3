public import DocketCore

/// The result of reading a workflow file: the definition when it is clean, and every
/// problem found either way.
public struct LoadedWorkflow: Sendable {
    public var file: String
    public var source: String
    /// `nil` when the file has problems.
    public var definition: WorkflowDefinition?
    public var diagnostics: [Diagnostic]
}
