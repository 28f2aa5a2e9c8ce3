public import DocketCore
public import DocketEngine
public import Foundation

/// A running limit in a supervisor's list (`overdue`, `due-soon`), as JSON and as CSV:
/// one list of columns, so that both front ends and both formats agree.
public enum DeadlineDocument {
    /// The columns, each a name and how a row gives its text.
    ///
    /// - Parameters:
    ///   - stateTitle: the title of a row's state in its workflow, if known.
    ///   - now: the instant the list is read at, for each limit's status and lateness.
    ///   - zone: the deployment's zone, for due days and instants.
    public static func fields(
        stateTitle: @escaping (DeadlineRow) -> LocalizedText?, now: Date, zone: DeploymentZone
    ) -> [(String, (DeadlineRow) -> String)] {
        [
            ("case", { $0.caseID }), ("workflow", { $0.workflow }), ("state", { $0.state }),
            ("state_title", { stateTitle($0)?.zh ?? $0.state }), ("org", { $0.organisation }),
            ("assignee", { $0.assignee ?? "" }),
            ("deadline", { $0.deadline.rule }), ("deadline_title", { $0.deadline.title.zh }),
            ("due", { CaseDocument.due($0.deadline, zone) }),
            (
                "overdue_by",
                { $0.deadline.status(at: now) == .overdue ? $0.deadline.overdueBy(at: now, zone: zone) : "" }
            ),
            ("status", { $0.deadline.status(at: now).rawValue }),
            ("provisional", { $0.deadline.provisional ? "true" : "false" }),
        ]
    }

    /// A row as a JSON object: no assignee and not overdue are `null`, `provisional` a boolean.
    public static func json(_ row: DeadlineRow, _ fields: [(String, (DeadlineRow) -> String)]) -> JSONValue {
        .object(
            fields.map { name, value in
                let text = value(row)
                if name == "provisional" { return (name, .bool(text == "true")) }
                if (name == "assignee" || name == "overdue_by") && text.isEmpty { return (name, .null) }
                return (name, .string(text))
            })
    }
}
