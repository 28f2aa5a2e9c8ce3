import DocketCore

/// Puts a case's organisation in a report's group: the organisation of kind `by` above it
/// (township, village, …), or without `by` the organisation of the reader's scope it lies
/// under. Shared by the stage, service and campaign reports.
struct OrganisationGrouping {
    let organisations: [String: Organisation]
    let by: String?
    let scope: [String]
    let other: String

    func group(of id: String) -> (id: String, name: String) {
        var current = organisations[id]
        while let o = current {
            if let by, o.kind == by { return (o.id, o.name) }
            if by == nil, scope.contains(o.id) { return (o.id, o.name) }
            current = o.parent.flatMap { organisations[$0] }
        }
        return ("", other)
    }
}
