public import DocketCore

/// The organisation tree as the rules walk it: up from an organisation to the top.
///
/// Every walk is bounded by DocketCore's `DirectoryRows.maximumDepth`, so a tree the store holds in
/// a bad shape (a cycle written around Docket) ends a walk instead of hanging it.
public struct OrganisationTree: Sendable {
    /// Every organisation, by id.
    public let byID: [String: Organisation]

    public init(_ organisations: [Organisation]) {
        byID = Dictionary(organisations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(id: String) -> Organisation? { byID[id] }

    /// The organisations at the top (with no parent), by id.
    public var roots: [Organisation] { byID.values.filter { $0.parent == nil }.sorted { $0.id < $1.id } }

    /// The organisations directly below `id` (the top ones for `nil`), by id.
    public func children(of id: String?) -> [Organisation] {
        byID.values.filter { $0.parent == id }.sorted { $0.id < $1.id }
    }

    /// `id` and the organisations above it, nearest first.
    public func lineage(of id: String) -> [Organisation] {
        var line: [Organisation] = []
        var current = byID[id]
        while let at = current, line.count <= DirectoryRows.maximumDepth {
            line.append(at)
            current = at.parent.flatMap { byID[$0] }
        }
        return line
    }

    /// Whether `id` is `ancestor` or below it.
    public func isUnder(_ id: String, _ ancestor: String) -> Bool {
        lineage(of: id).contains { $0.id == ancestor }
    }

    /// Whether `id` is one of `ancestors` or below one of them.
    public func isUnder(_ id: String, anyOf ancestors: Set<String>) -> Bool {
        lineage(of: id).contains { ancestors.contains($0.id) }
    }

    /// The nearest organisation at or above `id` that `matches`.
    public func nearest(above id: String, where matches: (Organisation) -> Bool) -> Organisation? {
        lineage(of: id).first(where: matches)
    }

    /// The names from the top down to `id` (`示范县`, `城关镇`, `东村`).
    public func path(of id: String) -> [String] {
        lineage(of: id).reversed().map(\.name)
    }
}
