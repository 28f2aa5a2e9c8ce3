public import DocketApplication
public import DocketCore
public import DocketEngine

/// The JSON of the organisation tree, of people and of deployed workflows, as
/// `org tree --json`, `person list --json` and `workflow list --json` print them.
public enum DirectoryDocument {
    /// Each root with its children, nested, in id order.
    public static func tree(_ roots: [Organisation], in tree: OrganisationTree) -> JSONValue {
        let children = Dictionary(grouping: tree.byID.values.sorted { $0.id < $1.id }, by: { $0.parent ?? "" })
        func json(_ org: Organisation) -> JSONValue {
            .object([
                ("id", .string(org.id)), ("name", .string(org.name)), ("kind", .string(org.kind)),
                ("children", .array((children[org.id] ?? []).map(json))),
            ])
        }
        return .array(roots.map(json))
    }

    /// A person in a list: status, the roles the reader may see, skills.
    public static func person(_ person: Person) -> JSONValue {
        .object([
            ("id", .string(person.id)), ("name", .string(person.name)), ("status", .string(person.status.rawValue)),
            (
                "roles",
                .array(person.roles.map { .object([("role", .string($0.role)), ("org", .string($0.organisation))]) })
            ),
            ("skills", .array(person.skills.map(JSONValue.string))),
        ])
    }

    /// A deployed workflow's latest version.
    public static func workflow(_ deployed: DeployedWorkflow, zone: DeploymentZone) -> JSONValue {
        .object([
            ("id", .string(deployed.id)), ("version", .int(deployed.version)), ("title", .string(deployed.title.zh)),
            ("deployed_at", .string(zone.format(deployed.deployedAt))),
        ])
    }
}
