/// Who may do what: the rule every event and every read is checked by.
///
/// A role held at an organisation covers its whole subtree, so "the roles held over a
/// case" are those held at the case's organisation or any organisation above it. The
/// engine works those out from the store; this type only decides.
public enum Authorization {
    /// The role that may run set-up commands (deploy, imports, configure).
    public static let administratorRole = "admin"

    /// The role of whoever runs the timers (`docket tick` from cron, say) without any
    /// other right: held at the top of the tree, as the administrator's is.
    public static let timekeeperRole = "timekeeper"

    /// Whether someone holding `rolesHeld` over a case may fire `event` on it.
    ///
    /// Timer-only events are for the system actor alone, and an event that names no
    /// roles may be fired by no person.
    public static func permits(_ event: EventDefinition, rolesHeld: Set<String>) -> Bool {
        !event.timerOnly && !rolesHeld.isDisjoint(with: event.roles)
    }

    /// Whether someone holding `rolesHeld` over a case may read it: any role will do,
    /// a read-only supervisor's included.
    public static func permitsReading(rolesHeld: Set<String>) -> Bool { !rolesHeld.isEmpty }
}
