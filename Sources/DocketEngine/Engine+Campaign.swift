public import DocketCore
public import Foundation

extension Engine {
    /// Starts one case per row, all or nothing: every row is checked first (the
    /// organisation exists and is not listed twice, has no open case of the workflow,
    /// the actor may start it there, and the fields pass the workflow's rules), and if
    /// any row is bad, none is started and every bad row is reported.
    ///
    /// - Throws: ``EngineError`` with `.campaignRejected` listing the bad rows, or a
    ///   store error (a campaign of that name exists already: `.conflict`).
    public func startCampaign(name: String, workflow: String, rows: [CampaignRow], actor: String, now: Date) throws
        -> [String]
    {
        try checkChangeTime(now)
        let definition = try latestDefinition(workflow)
        guard let start = definition.startEvents.first else {
            throw EngineError(.notFound(.workflow, "\(workflow): no starting event"))
        }
        let open = Set(
            try store.cases(matching: CaseQuery(workflow: workflow)).filter {
                definition.state($0.state)?.isFinal == false
            }.map(\.organisation))
        var problems: [RowProblem] = []
        var firstLine: [String: Int] = [:]
        var decisions: [Decision] = []
        for row in rows {
            func problem(_ zh: String, _ en: String) {
                problems.append(RowProblem(line: row.line, message: LocalizedText(zh: zh, en: en)))
            }
            if let earlier = firstLine[row.organisation] {
                problem(
                    "组织「\(row.organisation)」重复（第 \(earlier) 行已列出）",
                    "organisation '\(row.organisation)' is listed twice (first at line \(earlier))")
                continue
            }
            firstLine[row.organisation] = row.line
            guard try store.organisation(row.organisation) != nil else {
                problem("组织「\(row.organisation)」不存在", "no organisation '\(row.organisation)'")
                continue
            }
            if open.contains(row.organisation) {
                problem(
                    "组织「\(row.organisation)」已有在办的\(definition.title.zh)案件",
                    "organisation '\(row.organisation)' already has an open \(workflow) case")
                continue
            }
            let request = EventRequest(event: start.id, input: row.input, actor: actor)
            let environment = try environment(
                for: definition, request: request, organisation: row.organisation, now: now)
            do {
                var decision = try Transition.start(
                    definition, caseID: "", organisation: row.organisation, request: request, environment: environment)
                decision.snapshot.campaign = name
                decisions.append(decision)
            } catch {
                problem(error.message(in: .zh, definition: definition), error.message(in: .en, definition: definition))
            }
        }
        guard problems.isEmpty else { throw EngineError(.campaignRejected(problems)) }
        return try store.createCampaign(
            name: name, workflow: workflow, decisions: decisions, idPrefix: definition.casePrefix, startedBy: actor,
            at: now,
            recordedAt: recordingClock())
    }
}
