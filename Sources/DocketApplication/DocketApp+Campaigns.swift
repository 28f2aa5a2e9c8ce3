public import DocketCore
public import DocketEngine
import Foundation

/// Casework over many organisations at once (a rectification campaign), and the yearly
/// grading (分类定级) that picks the branches a campaign takes on.
extension DocketApp {
    /// Starts one case per row, all or nothing (see the engine's
    /// `Engine.startCampaign(name:workflow:rows:actor:now:)`).
    public func startCampaign(name: String, workflow: String, rows: [CampaignRow], by caller: Caller) throws
        -> [String]
    {
        return try writing { tx in
            let person = try actor(caller, action: "campaign start", tx)
            return try engine.startCampaign(
                name: name, workflow: workflow, rows: rows, actor: person, now: caller.now, in: tx)
        }
    }

    /// The campaigns with a case in the reader's part of the tree, each with how many of
    /// its cases lie there: a village secretary learns of no campaign, and no count,
    /// outside their village. A reader of the whole tree sees every campaign as started.
    public func campaigns(by caller: Caller) throws -> [CampaignSummary] {
        try reading { tx in
            let scope = try readScope(caller, tx)
            let all = try tx.campaigns()
            guard !scope.wholeTree else { return all }
            let tops = Set(scope.roots)
            return try all.compactMap { campaign in
                let inside = try tx.cases(inCampaign: campaign.name).count(where: {
                    scope.tree.isUnder($0.organisation, anyOf: tops)
                })
                guard inside > 0 else { return nil }
                var shown = campaign
                shown.cases = inside
                return shown
            }
        }
    }

    /// The workflows the caller may start a campaign in: those whose starting event names
    /// a role the caller holds somewhere, what a start form offers them. Which
    /// organisations they may take on is still checked row by row when the campaign
    /// starts (``startCampaign(name:workflow:rows:by:)``).
    public func campaignWorkflows(by caller: Caller) throws -> [WorkflowDefinition] {
        try reading { tx in
            let person = try actor(caller, action: "read", tx)
            let held = Set(try tx.person(person)?.roles.map(\.role) ?? [])
            return try latestDefinitions(tx).values.filter { definition in
                definition.startEvents.contains { Authorization.permits($0, rolesHeld: held) }
            }.sorted { $0.id < $1.id }
        }
    }

    /// A campaign's cases within the reader's part of the tree, with those that have a
    /// limit overdue at the caller's "now". A campaign with no case there is not found,
    /// as an unknown one is.
    public struct CampaignCases: Sendable {
        public var definition: WorkflowDefinition
        public var cases: [CaseSnapshot]
        public var overdue: Set<String>
        public var scope: ReadScope
    }

    public func campaignCases(_ name: String, by caller: Caller) throws -> CampaignCases {
        return try reading { tx in
            let scope = try readScope(caller, tx)
            guard let campaign = try tx.campaigns().first(where: { $0.name == name }) else {
                throw EngineError(.notFound(.campaign, name))
            }
            let tops = Set(scope.roots)
            let cases = try tx.cases(inCampaign: name).filter { scope.tree.isUnder($0.organisation, anyOf: tops) }
            // A campaign wholly outside the reader's part is told as one that does not
            // exist: its name is no more theirs to learn than its cases.
            guard !cases.isEmpty || scope.wholeTree else { throw EngineError(.notFound(.campaign, name)) }
            var overdue = Set<String>()
            for root in scope.roots {
                overdue.formUnion(
                    try tx.overdue(DeadlineQuery(organisation: root, workflow: campaign.workflow), at: caller.now)
                        .map(\.caseID))
            }
            return CampaignCases(
                definition: try engine.latestDefinition(campaign.workflow, in: tx), cases: cases, overdue: overdue,
                scope: scope
            )
        }
    }

    /// Stores a year's grading scores (set-up work).
    public func importScores(
        year: Int, _ scores: [(organisation: String, score: Double, indicators: [String: Double])], by caller: Caller
    ) throws {
        try writing { tx in
            try requireAdministrator(caller, action: "grading import", tx)
            try tx.saveScores(year: year, scores)
        }
    }

    /// One graded organisation and its open case of the rectification workflow, if any.
    public struct Graded: Sendable {
        public var organisation: Organisation
        public var score: Double
        public var level: GradingScheme.Level
        public var openCase: String?
    }

    /// A year's grades under a scheme within the reader's part of the tree, lowest score
    /// first, each with its open case of `workflow`.
    public func grades(year: Int, scheme: String, workflow: String, by caller: Caller) throws -> (
        GradingScheme, [Graded]
    ) {
        try reading { tx in
            let scope = try readScope(caller, tx)
            return try grades(year: year, scheme: scheme, workflow: workflow, scope: scope, tx)
        }
    }

    private func grades(year: Int, scheme id: String, workflow: String, scope: ReadScope, _ tx: any StoreTransaction)
        throws -> (
            GradingScheme, [Graded]
        )
    {
        guard let scheme = try tx.gradingSchemes().first(where: { $0.id == id }) else {
            throw EngineError(.notFound(.gradingScheme, id))
        }
        let definition = try? engine.latestDefinition(workflow, in: tx)
        var openCases: [String: String] = [:]
        for c in try tx.cases(matching: CaseQuery(workflow: workflow))
        where definition?.state(c.state)?.isFinal == false {
            openCases[c.organisation] = c.id
        }
        let graded = try tx.scores(year: year).compactMap { entry -> Graded? in
            guard let organisation = scope.tree[entry.organisation], scope.covers(organisation.id),
                let level = scheme.level(for: entry.score)
            else { return nil }
            return Graded(
                organisation: organisation, score: entry.score, level: level, openCase: openCases[organisation.id])
        }
        return (scheme, graded)
    }

    /// Starts a rectification campaign for the organisations of the lowest grade that have
    /// no open case, all in one transaction with the read of the grades.
    ///
    /// - Parameters:
    ///   - name: the campaign's name.
    ///   - year: the year of the scores the grades are worked out from.
    ///   - scheme: the grading scheme (its id).
    ///   - workflow: the workflow each case starts in (its id).
    ///   - caller: who starts the campaign: only organisations in their part of the tree are taken on.
    ///   - input: the fields each case starts with, given its grade.
    /// - Returns: the new case ids; empty when no organisation needs one.
    public func startGradingCampaign(
        name: String, year: Int, scheme: String, workflow: String, by caller: Caller,
        input: (Graded) -> [String: String]
    ) throws -> [String] {
        return try writing { tx in
            let scope = try readScope(caller, action: "campaign start", tx)
            let (scheme, all) = try grades(year: year, scheme: scheme, workflow: workflow, scope: scope, tx)
            let chosen = all.filter { $0.level.id == scheme.lowest?.id && $0.openCase == nil }
            guard !chosen.isEmpty else { return [] }
            let rows = chosen.enumerated().map { index, graded in
                CampaignRow(line: index + 1, organisation: graded.organisation.id, input: input(graded))
            }
            return try engine.startCampaign(
                name: name, workflow: workflow, rows: rows, actor: scope.person, now: caller.now, in: tx)
        }
    }
}
