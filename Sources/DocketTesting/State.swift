import DocketCore
import DocketEngine
import Foundation

/// Everything an ``InMemoryStore`` holds: its tables, as values. A transaction works on
/// a copy and puts it in place when it commits.
struct State: Sendable {
    struct Deployed: Sendable {
        var definition: WorkflowDefinition
        var deployedAt: Date
    }

    /// A case as stored, with the order it was written in: a report reads cases by state,
    /// then in that order, as the SQLite store reads them by state and row id.
    struct StoredCase: Sendable {
        var snapshot: CaseSnapshot
        var ordinal: Int
    }

    /// A refused attempt, with whether its organisation existed when it was recorded: one
    /// that did not belongs to no part of the tree.
    struct Denial: Sendable {
        var attempt: DeniedAttempt
        var placed: Bool
    }

    /// Versions of each workflow.
    var definitions: [String: [Int: Deployed]] = [:]
    /// Parameter values (as text) of each workflow.
    var parameters: [String: [String: String]] = [:]
    var organisations: [String: Organisation] = [:]
    /// Each organisation's path from the root, `/county/town/village/`: a subtree is the
    /// organisations whose path starts with its root's.
    var paths: [String: String] = [:]
    /// People with their grants, each once, by organisation and role.
    var people: [String: Person] = [:]
    var cases: [String: StoredCase] = [:]
    var nextOrdinal = 1
    /// The next number to try for each id prefix.
    var counters: [String: Int] = [:]
    /// The running limits of each case.
    var deadlines: [String: [ScheduledDeadline]] = [:]
    var audit: [AuditEntry] = []
    /// The positions in ``audit`` of each case's entries.
    var auditByCase: [String: [Int]] = [:]
    var denied: [Denial] = []
    var campaigns: [String: CampaignSummary] = [:]
    var calendars: [String: WorkingCalendar] = [:]
    var gradingSchemes: [GradingScheme] = []
    /// Each year's scores, by organisation.
    var scores: [Int: [String: Double]] = [:]
    /// Password hashes by person.
    var passwords: [String: String] = [:]
    var accessTokens: [AccessToken] = []
    var loginFailures: [(person: String, address: String, at: Date)] = []
}

extension State {
    /// Whether an organisation lies under any of the subtrees rooted at `roots` (paths).
    func isUnder(_ organisation: String, anyOf roots: [String]) -> Bool {
        guard let path = paths[organisation] else { return false }
        return roots.contains { path.isWithin($0) }
    }

    /// The paths of those of `organisations` that exist; `nil` when none does (then
    /// nothing is under them).
    func rootPaths(_ organisations: [String]) -> [String]? {
        let found = organisations.compactMap { paths[$0] }
        return found.isEmpty ? nil : found
    }

    /// The cases a deadline query's organisations, workflow and assignee keep; `nil`
    /// when it names no organisation that exists (then none).
    func caseFilter(_ query: DeadlineQuery) -> ((CaseSnapshot) -> Bool)? {
        var bounds: [[String]] = []
        if let organisation = query.organisation {
            guard let path = paths[organisation] else { return nil }
            bounds.append([path])
        }
        if !query.organisations.isEmpty {
            guard let found = rootPaths(query.organisations) else { return nil }
            bounds.append(found)
        }
        return { snapshot in
            if let workflow = query.workflow, snapshot.workflow != workflow { return false }
            if let assignee = query.assignee, snapshot.assignee != assignee { return false }
            return bounds.allSatisfy { isUnder(snapshot.organisation, anyOf: $0) }
        }
    }

    /// The running limits of the cases `filter` keeps that `keep` keeps too, in due
    /// order (then by case id, as bytes, and rule), at most `limit` of them.
    func deadlineRows(
        _ filter: (CaseSnapshot) -> Bool, limit: Int?, after: DeadlineKey? = nil, _ keep: (ScheduledDeadline) -> Bool
    ) -> [DeadlineRow] {
        var rows: [DeadlineRow] = []
        for (caseID, limits) in deadlines {
            guard let snapshot = cases[caseID]?.snapshot, filter(snapshot) else { continue }
            for deadline in limits where keep(deadline) {
                rows.append(
                    DeadlineRow(
                        caseID: caseID, workflow: snapshot.workflow, state: snapshot.state,
                        organisation: snapshot.organisation, assignee: snapshot.assignee, deadline: deadline))
            }
        }
        rows.sort { DeadlineKey($0).precedes(DeadlineKey($1)) }
        if let after { rows.removeAll { !after.precedes(DeadlineKey($0)) } }
        return limit.map { Array(rows.prefix(max(0, $0))) } ?? rows
    }

    /// The cases of a workflow under any of `roots`, by state (as bytes) and then in the
    /// order they were written: the order the SQLite store's reports read them in.
    func reportCases(workflow: String, under roots: [String], _ keep: (CaseSnapshot) -> Bool = { _ in true })
        -> [StoredCase]
    {
        guard let roots = rootPaths(roots) else { return [] }
        return cases.values.filter {
            $0.snapshot.workflow == workflow && isUnder($0.snapshot.organisation, anyOf: roots) && keep($0.snapshot)
        }
        .sorted { a, b in
            a.snapshot.state != b.snapshot.state
                ? a.snapshot.state.precedesAsBytes(b.snapshot.state) : a.ordinal < b.ordinal
        }
    }

    /// A case's audit entries, in order.
    func history(of caseID: String) -> [AuditEntry] {
        (auditByCase[caseID] ?? []).map { audit[$0] }
    }

    /// A case's trail, row and limits as ``CaseReplay`` compares them; the row's data
    /// hashed as the SQLite store keeps it, in canonical JSON.
    func trail(of caseID: String) -> CaseTrail {
        let steps = history(of: caseID).filter { $0.kind != .setting }.map {
            CaseTrail.Step(seq: $0.seq, toState: $0.toState, outcome: $0.outcome)
        }
        let snapshot = cases[caseID]?.snapshot
        let row = snapshot.map {
            CaseTrail.Row(
                workflow: $0.workflow, version: $0.version, state: $0.state, organisation: $0.organisation,
                assignee: $0.assignee, revision: $0.revision, dataHash: AuditChain.sha256Hex(ValueJSON.encode($0.data)))
        }
        // The limits of this store are the case's, never a copy of its facts.
        var limits: [CaseTrail.Limit] = []
        if let snapshot {
            limits = (deadlines[caseID] ?? []).sorted { $0.rule < $1.rule }.map {
                CaseTrail.Limit(
                    rule: $0.rule, workflow: snapshot.workflow, state: snapshot.state,
                    organisation: snapshot.organisation, assignee: snapshot.assignee)
            }
        }
        return CaseTrail(caseID: caseID, steps: steps, row: row, limits: limits)
    }
}
