public import DocketApplication
public import DocketCore
public import DocketEngine
import Foundation

/// The campaigns as JSON and CSV: what `campaign list` and `campaign status` print with
/// `--json` and `--csv` and what the server answers under `/api/v1/campaigns`, from the
/// same counts, so that the two front ends cannot drift apart.
public enum CampaignDocument {
    /// The columns of `campaign list`, in their order (an empty list still has its header).
    public static let listColumns = ["name", "workflow", "started_at", "started_by", "cases"]

    /// `campaign list --json`: each campaign's name, workflow, when and by whom it was
    /// started, and how many cases it started (in the whole tree).
    public static func list(_ campaigns: [CampaignSummary], zone: DeploymentZone) -> JSONValue {
        .array(
            campaigns.map {
                .object([
                    ("name", .string($0.name)), ("workflow", .string($0.workflow)),
                    ("started_at", .string(zone.format($0.startedAt))),
                    ("started_by", .string($0.startedBy)), ("cases", .int($0.cases)),
                ])
            })
    }

    /// `campaign list --csv`.
    public static func listCSV(_ campaigns: [CampaignSummary], zone: DeploymentZone, language: Language) -> String {
        CSVDocument.table(list(campaigns, zone: zone), columns: listColumns, language: language)
    }

    /// A campaign's progress in one organisation group.
    public struct Group: Sendable {
        public var id: String
        public var name: String
        public var cases = 0
        /// The open cases at each stage; finished ones count in ``closed`` instead.
        public var byStage: [String: Int] = [:]
        public var overdue = 0
        /// The cases whose rectification was accepted (they hold `accepted-on`).
        public var accepted = 0
        public var closed = 0
        /// The cases in each round of rectification (their `round` field).
        public var byRound: [Int: Int] = [:]
    }

    /// The campaign's cases counted per group, the groups in order of their ids.
    ///
    /// - Parameters:
    ///   - found: the campaign's cases within the reader's part of the tree
    ///     (`DocketApp.campaignCases(_:by:)`).
    ///   - kind: group by the organisations of this kind above each case (an id, title or
    ///     other word for it: `township`, `乡镇`); `nil` for the tops of the reader's part.
    ///   - unplaced: the name of the group of cases under no organisation of that kind, in
    ///     the reader's language.
    public static func progress(_ found: DocketApp.CampaignCases, by kind: String?, unplaced: String) -> [Group] {
        let grouping = ReportGrouping(
            tree: found.scope.tree, kind: kind.map(OrganisationKind.canonical), scope: found.scope.roots,
            unplaced: unplaced)
        var groups: [String: Group] = [:]
        for c in found.cases {
            let g = grouping.group(of: c.organisation)
            var entry = groups[g.id] ?? Group(id: g.id, name: g.name)
            entry.cases += 1
            let state = found.definition.state(c.state)
            // Stage columns count the cases still open; finished ones count as closed.
            if state?.isFinal == false { entry.byStage[state?.stage ?? "", default: 0] += 1 }
            if found.overdue.contains(c.id) { entry.overdue += 1 }
            if c.data["accepted-on"] != nil { entry.accepted += 1 }
            if state?.isFinal == true { entry.closed += 1 }
            if case .integer(let round) = c.data["round"] { entry.byRound[round, default: 0] += 1 }
            groups[g.id] = entry
        }
        return groups.values.sorted { $0.id < $1.id }
    }

    /// `campaign status --json`: per group its cases, the open ones at each of the
    /// workflow's stages, those overdue, accepted and closed, and how many in each round.
    public static func status(_ groups: [Group], definition: WorkflowDefinition) -> JSONValue {
        .array(
            groups.map { g in
                .object([
                    ("id", .string(g.id)), ("name", .string(g.name)), ("cases", .int(g.cases)),
                    ("stages", .object(definition.stages.map { ($0.id, .int(g.byStage[$0.id] ?? 0)) })),
                    ("overdue", .int(g.overdue)),
                    ("accepted", .int(g.accepted)), ("closed", .int(g.closed)),
                    ("rounds", .object(g.byRound.keys.sorted().map { (String($0), .int(g.byRound[$0] ?? 0)) })),
                ])
            })
    }

    /// `campaign status --csv`: one row per group, a column per stage headed in Chinese by
    /// the stage's title.
    public static func statusCSV(_ groups: [Group], definition: WorkflowDefinition, language: Language) -> String {
        let stages = definition.stages
        var lines = [
            CSVDocument.header(
                ["group", "group_name", "cases"] + stages.map(\.id) + ["overdue", "accepted", "closed"],
                extra: Dictionary(stages.map { ($0.id, $0.title.zh) }, uniquingKeysWith: { a, _ in a }),
                language: language)
        ]
        for g in groups {
            lines.append(
                CSVDocument.row(
                    [g.id, g.name, String(g.cases)] + stages.map { String(g.byStage[$0.id] ?? 0) } + [
                        String(g.overdue), String(g.accepted), String(g.closed),
                    ]))
        }
        return lines.joined(separator: "\n")
    }
}
