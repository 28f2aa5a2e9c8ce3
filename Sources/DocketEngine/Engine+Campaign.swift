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
        try write { tx in try startCampaign(name: name, workflow: workflow, rows: rows, actor: actor, now: now, in: tx)
        }
    }

    /// ``startCampaign(name:workflow:rows:actor:now:)`` as a step of the caller's
    /// transaction: the checks read the cases open now, and the cases are written over
    /// that same state.
    public func startCampaign(
        name: String, workflow: String, rows: [CampaignRow], actor: String, now: Date, in tx: any StoreTransaction
    ) throws -> [String] {
        try checkChangeTime(now)
        let definition = try latestDefinition(workflow, in: tx)
        guard let start = definition.startEvents.first else {
            throw EngineError(.notFound(.workflow, "\(workflow): no starting event"))
        }
        let open = Set(
            try tx.cases(matching: CaseQuery(workflow: workflow)).filter {
                definition.state($0.state)?.isFinal == false
            }.map(\.organisation))
        var problems: [RowProblem] = []
        var firstLine: [String: Int] = [:]
        var decisions: [Decision] = []
        for row in rows {
            func problem(_ reason: RowProblem.Reason) { problems.append(RowProblem(line: row.line, reason)) }
            if let earlier = firstLine[row.organisation] {
                problem(.listedTwice(organisation: row.organisation, firstLine: earlier))
                continue
            }
            firstLine[row.organisation] = row.line
            guard try tx.organisation(row.organisation) != nil else {
                problem(.unknownOrganisation(row.organisation))
                continue
            }
            if open.contains(row.organisation) {
                problem(.alreadyOpen(organisation: row.organisation, workflow: workflow, title: definition.title))
                continue
            }
            let request = EventRequest(event: start.id, input: row.input, actor: actor)
            let environment = try environment(
                for: definition, request: request, organisation: row.organisation, now: now, in: tx)
            do {
                var decision = try Transition.start(
                    definition, caseID: "", organisation: row.organisation, request: request, environment: environment)
                decision.snapshot.campaign = name
                decisions.append(decision)
            } catch {
                // A row refused for permission is on the record of refused attempts, as a
                // refused event is, though the campaign as a whole is rejected.
                if case .notPermitted(let person, let required) = error.reason {
                    try tx.recordDenied(
                        DeniedAttempt(
                            at: now, recordedAt: recordingClock(), actor: person, action: "campaign start",
                            caseID: nil, organisation: row.organisation, requiredRoles: required))
                }
                problem(.refused(error, definition: definition))
            }
        }
        guard problems.isEmpty else { throw EngineError(.campaignRejected(problems)) }
        return try tx.createCampaign(
            name: name, workflow: workflow, decisions: decisions, idPrefix: definition.casePrefix, startedBy: actor,
            at: now,
            recordedAt: recordingClock())
    }
}
