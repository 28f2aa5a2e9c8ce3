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

    /// The campaigns, with their workflow and how many cases each started.
    public func campaigns(by caller: Caller) throws -> [CampaignSummary] {
        try reading { tx in
            _ = try actor(caller, action: "read", tx)
            return try tx.campaigns()
        }
    }

    /// A campaign's cases within the reader's part of the tree, with those that have a
    /// limit overdue at the caller's "now".
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
