public import Foundation

/// A refused attempt: who tried what on which case, when, and why.
public struct DeniedAttempt: Sendable, Hashable {
    public var seq: Int
    /// The command's "now".
    public var at: Date
    public var recordedAt: Date
    public var actor: String
    /// What was tried: an event id, or `read`, `import`, `deploy`, ….
    public var action: String
    public var caseID: String?
    public var organisation: String?
    /// The roles that would have allowed it; empty when any role over the organisation
    /// would have (a read).
    public var requiredRoles: [String]

    public init(
        seq: Int = 0, at: Date, recordedAt: Date, actor: String, action: String, caseID: String?, organisation: String?,
        requiredRoles: [String]
    ) {
        self.seq = seq
        self.at = at
        self.recordedAt = recordedAt
        self.actor = actor
        self.action = action
        self.caseID = caseID
        self.organisation = organisation
        self.requiredRoles = requiredRoles
    }
}
