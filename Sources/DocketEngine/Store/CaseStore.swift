public import DocketCore
public import Foundation

/// Where cases, definitions, the organisation tree and the audit trail live: the seam
/// between the engine and a database.
///
/// A store does nothing outside a transaction. ``write(_:)`` and ``read(_:)`` hand their
/// body a ``StoreTransaction``, the handle every read and write goes through; when the
/// body returns, a write commits, and when it throws, nothing it wrote remains. There is
/// no ambient transaction to join: a store must refuse a transaction begun inside another
/// on the same store (with ``StoreError/Code/internalFailure``) rather than nest or join
/// it, so that what a network database would run as two transactions is never silently
/// run as one.
///
/// A write that changes a case commits the case, its audit entry and its limits and
/// timers together. ``CaseRecords/commit(_:as:recordedAt:)`` must refuse a change whose
/// expected revision is stale, so that two clerks firing on one case at once cannot both win.
public protocol CaseStore: Sendable {
    /// The deployment's time zone identifier, fixed when the store is created.
    func timeZoneIdentifier() throws(StoreError) -> String
    /// The store's identifier, fixed when it is created: what a signed checkpoint of its
    /// trail names, so that a trail rebuilt as a new store does not pass for the old one.
    func storeIdentifier() throws(StoreError) -> String
    /// Whether the store was made as a simulation (`docket init --simulation`), whose
    /// changes may be dated at any instant; a store of record takes none dated later
    /// than the clock. Fixed when the store is created.
    func isSimulation() throws(StoreError) -> Bool
    /// Runs `body` as one write transaction over one unchanging state: the engine reads
    /// a case, decides and commits through `tx`. An error thrown by `body` undoes
    /// everything written through `tx`; the error is passed on as it is.
    func write<T>(_ body: (_ tx: any StoreTransaction) throws -> T) throws -> T
    /// Runs `body` as one read-only transaction: one unchanging state, without taking the
    /// write lock. A write through `tx` is refused.
    func read<T>(_ body: (_ tx: any StoreTransaction) throws -> T) throws -> T
}

/// The handle of one transaction: the roles a store plays, each read and write of which
/// belongs to the transaction that handed it out.
///
/// A handle is valid only inside the body it was handed to; it is not `Sendable`, and a
/// store may refuse or misbehave on a handle kept past its body.
public typealias StoreTransaction = DefinitionRecords & DirectoryRecords & CaseRecords & DeadlineRecords
    & AuditRecords & ReportRecords & CredentialRecords

/// Deployed workflow versions, the deployment's parameters, working-day calendars and grading schemes.
public protocol DefinitionRecords {
    /// Stores a definition as a new version; `.unchanged` when the same version is
    /// already deployed with the same content.
    func deploy(_ definition: WorkflowDefinition, source: String, at: Date) throws(StoreError) -> DeployOutcome
    /// A deployed definition: the given version, or the latest when `version` is nil.
    func definition(workflow: String, version: Int?) throws(StoreError) -> WorkflowDefinition?
    func deployedWorkflows() throws(StoreError) -> [DeployedWorkflow]
    /// The newest deployed version of a workflow.
    func latestVersion(of workflow: String) throws(StoreError) -> Int?
    /// The deployment's values for a workflow's parameters, as configured (text); the
    /// engine reads them by the parameters' types (``Engine/parameterOverrides(for:in:)``).
    func parameterTexts(workflow: String) throws(StoreError) -> [String: String]
    /// Sets the deployment's values (as text) of workflows' parameters.
    func setParameters(_ values: [(workflow: String, parameter: String, value: String)]) throws(StoreError)
    func saveCalendars(_ calendars: [WorkingCalendar]) throws(StoreError)
    func calendar(_ id: String) throws(StoreError) -> WorkingCalendar?
    func calendarIDs() throws(StoreError) -> [String]
    /// Replaces the grading schemes (分类定级 grades or stars).
    func saveGradingSchemes(_ schemes: [GradingScheme]) throws(StoreError)
    func gradingSchemes() throws(StoreError) -> [GradingScheme]
}

/// The organisation tree, the people in it, the roles they hold and the yearly grading scores.
public protocol DirectoryRecords {
    func importOrganisations(_ organisations: [Organisation]) throws(StoreError)
    func importPeople(_ people: [Person]) throws(StoreError)
    func organisation(_ id: String) throws(StoreError) -> Organisation?
    func organisations() throws(StoreError) -> [Organisation]
    /// The Party membership of those among `ids` who exist in the store.
    func peopleStatus(among ids: Set<String>) throws(StoreError) -> [String: Person.Status]
    func existingOrganisations(among ids: Set<String>) throws(StoreError) -> Set<String>
    /// One person with their status, skills and roles; `nil` when there is none.
    func person(_ id: String) throws(StoreError) -> Person?
    /// The ids of everyone in the store.
    func personIDs() throws(StoreError) -> [String]
    /// The roles a person holds at `organisation` or any organisation above it.
    func roles(of person: String, over organisation: String) throws(StoreError) -> Set<String>
    /// Every role a person holds, wherever.
    func roles(of person: String) throws(StoreError) -> Set<String>
    /// The organisations at which a person holds any role: the roots of what they may read.
    func scopeRoots(of person: String) throws(StoreError) -> [String]
    /// Whether anyone holds the administrator role (before that, set-up needs no actor).
    func hasAdministrator() throws(StoreError) -> Bool
    /// Every grant of `role`: who holds it, and at which organisation.
    func grants(of role: String) throws(StoreError) -> [(person: String, organisation: String)]
    /// The people who hold `role` over `organisation` (at it or above), with their skills.
    func people(holding role: String, over organisation: String) throws(StoreError) -> [Person]
    /// The people with a role at `organisation` or anywhere below it, in id order (as
    /// bytes), each with those of their roles only; empty for an organisation not in the
    /// store. A default reads the whole tree; a store with subtree queries does better.
    func people(under organisation: String) throws(StoreError) -> [Person]
    /// Replaces a year's scores, all in one transaction; an organisation not in the store
    /// is `.invalidData`, with nothing written.
    func saveScores(year: Int, _ scores: [(organisation: String, score: Double, indicators: [String: Double])])
        throws(StoreError)
    /// A year's scores, lowest first (ties by organisation id).
    func scores(year: Int) throws(StoreError) -> [(organisation: String, score: Double)]
    /// Everything an event's decision needs of the directory and the deployment, in one
    /// call (see ``EventFactsQuery``); a default gathers it from the other reads.
    func eventFacts(_ query: EventFactsQuery) throws(StoreError) -> EventFacts
}

/// Cases: read one, commit a decision, list, create many, campaigns.
///
/// ``commit(_:as:recordedAt:)`` must refuse a change whose expected revision is stale, so
/// that two clerks firing on one case at once cannot both win.
public protocol CaseRecords {
    func snapshot(of caseID: String) throws(StoreError) -> CaseSnapshot?
    /// Writes a decision and its audit entry in one transaction.
    ///
    /// - Parameters:
    ///   - decision: the core's decision: the case as it is to be, its audit draft and its limits.
    ///   - change: `.create` for a new case (the store assigns an id when the snapshot's
    ///     id is empty), `.update` with the revision the decision was based on.
    ///   - recordedAt: when the entry is written (the recording clock, not "now").
    /// - Returns: the committed audit entry (its `caseID` is the final id).
    /// - Throws: ``StoreError`` with code `.conflict` when the case changed meanwhile or
    ///   the id is taken, with nothing written.
    func commit(_ decision: Decision, as change: CaseChange, recordedAt: Date) throws(StoreError) -> AuditEntry
    func cases(matching query: CaseQuery) throws(StoreError) -> [CaseSnapshot]
    /// Visits the cases of a query in id order, one at a time, so that a list of a
    /// million cases takes the memory of one. `roots`, when given, keeps the cases under
    /// any of those organisations (a reader's part of the tree).
    func eachCase(matching query: CaseQuery, under roots: [String]?, _ body: (CaseSnapshot) throws -> Void)
        throws(StoreError)
    /// Creates many new cases, with their audit entries and limits, in one transaction.
    ///
    /// - Returns: the positions in `cases` of those not written because the id they
    ///   chose is taken (by a case in the store, or earlier in the batch); every other
    ///   case is written.
    @discardableResult
    func commitBatch(_ cases: [EncodedCase], recordedAt: Date) throws(StoreError) -> [Int]
    /// How many cases the store holds, counting no further than `limit`.
    func caseCount(upTo limit: Int) throws(StoreError) -> Int
    /// Open (non-final) cases assigned to each of these people, in every workflow.
    func openLoad(of people: [String]) throws(StoreError) -> [String: Int]
    /// Records a campaign and creates its cases, with their audit entries and limits, in
    /// one transaction. Returns the new case ids in order.
    func createCampaign(
        name: String, workflow: String, decisions: [Decision], idPrefix: String, startedBy: String, at: Date,
        recordedAt: Date
    ) throws(StoreError) -> [String]
    func campaigns() throws(StoreError) -> [CampaignSummary]
    func cases(inCampaign name: String) throws(StoreError) -> [CaseSnapshot]
}

/// The running limits of cases and the timers among them.
public protocol DeadlineRecords {
    /// The running limits of one case, earliest first.
    func deadlines(of caseID: String) throws(StoreError) -> [ScheduledDeadline]
    /// How many limits are overdue at `now`.
    func overdueCount(_ query: DeadlineQuery, at now: Date) throws(StoreError) -> Int
    /// How many limits are overdue at `now` under each child of the query's organisation
    /// (every child, with its count, zero included), in tree order; the organisation's own
    /// limits come first under its own id when it has any overdue.
    func overdueCounts(byChildOf query: DeadlineQuery, at now: Date) throws(StoreError) -> [OverdueCount]
    /// Limits overdue at `now`, most overdue first: in the order of ``DeadlineKey`` (due
    /// time, case id, rule), after `query.after` when it is given.
    func overdue(_ query: DeadlineQuery, at now: Date) throws(StoreError) -> [DeadlineRow]
    /// The same, one row at a time, for lists that may run to hundreds of thousands.
    func overdue(_ query: DeadlineQuery, at now: Date, each: (DeadlineRow) throws -> Void) throws(StoreError)
    /// Limits not yet overdue that fall due by `horizon` or are in their warning period,
    /// in the order of ``DeadlineKey``, after `query.after` when it is given.
    func dueSoon(_ query: DeadlineQuery, at now: Date, horizon: Date) throws(StoreError) -> [DeadlineRow]
    /// The same, one row at a time.
    func dueSoon(_ query: DeadlineQuery, at now: Date, horizon: Date, each: (DeadlineRow) throws -> Void)
        throws(StoreError)
    /// The earliest timer that fires an event and is due at or before `now`.
    func nextTimer(dueBy now: Date) throws(StoreError) -> DueTimer?
    /// The first `limit` timers that fire an event and are due at or before `now`, in
    /// the order ``nextTimer(dueBy:)`` gives them.
    func dueTimers(dueBy now: Date, limit: Int) throws(StoreError) -> [DueTimer]
    /// Stops a timer whose event was refused, so that it does not fire again; the limit
    /// stays, and stays overdue.
    func disarm(_ timer: DueTimer) throws(StoreError)
}

/// The audit trail and the record of refused attempts.
public protocol AuditRecords {
    func history(of caseID: String) throws(StoreError) -> [AuditEntry]
    /// Appends an entry of kind `.setting` to the trail (a calendar year added, say), in
    /// the caller's transaction when there is one: a change of the deployment that moves
    /// limits is as tamper-evident as the cases it moves.
    func recordSetting(_ draft: AuditDraft, recordedAt: Date) throws(StoreError) -> AuditEntry
    /// Visits the entries of the trail in the order of their numbers, one at a time, as
    /// stored, until `body` returns `false` (``AuditChain/verify(_:)`` checks them this
    /// way). Numbering, hashing and verifying are ``AuditChain``'s, not the store's.
    func eachAuditEntry(_ body: (AuditEntry) throws -> Bool) throws(StoreError)
    /// Visits every case that has a row, entries on the trail, or both, one at a time in
    /// the byte order of their ids, until `body` returns `false`: its entries in the order
    /// of their numbers (settings left out), its row and its open limits, as stored.
    /// ``CaseReplay`` compares them; a store of a million cases is never all in memory.
    func eachCaseTrail(_ body: (CaseTrail) throws -> Bool) throws(StoreError)
    func recordDenied(_ attempt: DeniedAttempt) throws(StoreError)
    /// Refused attempts on cases under an organisation (all when nil), newest last.
    func deniedAttempts(under organisation: String?) throws(StoreError) -> [DeniedAttempt]
}

/// Case-by-case reads for the supervisors' reports, one row at a time.
public protocol ReportRecords {
    /// Visits the cases of a workflow under any of `roots` that were opened at or after
    /// `openedFrom`, one at a time, each with its whole history in order and its
    /// organisation now.
    func eachCaseHistory(
        workflow: String, under roots: [String], openedFrom: Date,
        _ body: (_ history: [AuditEntry], _ organisation: String) throws -> Void
    ) throws(StoreError)
    /// Visits every state change (and start or import) of a workflow's cases under any of
    /// `roots`, in order per case and case by case, each with the case as it stands now
    /// and whether it has a limit overdue at `now`. One row at a time: a report over a
    /// million cases takes the memory of its totals.
    func eachStateChange(
        workflow: String, under roots: [String], overdueAt now: Date, _ body: (StateChangeRow) throws -> Void
    ) throws(StoreError)
}

/// What a store may offer to make storms of timers and large imports fast.
///
/// Optional: the engine asks `store as? any BulkLoading` and does without when a store
/// offers none, so a store that is correct but plain (in memory, say) needs none of it.
public protocol BulkLoading: Sendable {
    /// A second connection to the same store, to read on another thread while this one
    /// writes; it sees only what is committed. `nil` when the store has none to give.
    func companion() throws(StoreError) -> (any CaseStore)?
    /// Whether a timer due at `a` comes before one due at `b` in the order of
    /// ``DeadlineRecords/dueTimers(dueBy:limit:)`` (due time, then case id as the store
    /// compares text): a storm decided ahead stops where a timer it arms belongs.
    func precedesInTimerOrder(_ a: (due: Double, caseID: String), _ b: (due: Double, caseID: String)) -> Bool
}

/// What a transaction of a ``BulkLoading`` store offers besides its roles: the engine
/// asks `tx as? any BulkWriting`.
public protocol BulkWriting {
    /// Commits a change decided and encoded ahead (``EncodedUpdate``); `.conflict` when
    /// the case is no longer at the revision it was decided on, with nothing written.
    func commit(_ update: EncodedUpdate, recordedAt: Date) throws(StoreError) -> AuditEntry
    /// Takes down the indexes that a large import would otherwise update row by row, to
    /// be built once by ``restoreIndexes()`` at its end, in the same transaction. Queries
    /// stay correct meanwhile, only slower. A store must rebuild the indexes of a load
    /// whose process died.
    func deferIndexes() throws(StoreError)
    /// Builds the indexes ``deferIndexes()`` took down.
    func restoreIndexes() throws(StoreError)
}

public enum CaseChange: Sendable, Hashable {
    case create(idPrefix: String)
    case update(expectedRevision: Int)
}

public enum DeployOutcome: Sendable, Hashable {
    case deployed
    case unchanged
}

public struct DeployedWorkflow: Sendable, Hashable {
    public var id: String
    public var version: Int
    public var title: LocalizedText
    public var deployedAt: Date
    public init(id: String, version: Int, title: LocalizedText, deployedAt: Date) {
        self.id = id
        self.version = version
        self.title = title
        self.deployedAt = deployedAt
    }
}

/// Which cases to list. Organisation filters include the whole subtree.
public struct CaseQuery: Sendable, Hashable {
    public var workflow: String?
    public var state: String?
    public var organisation: String?
    public var assignee: String?
    public var limit: Int?
    /// Only cases whose id comes after this one in id order (as bytes): the next page of a
    /// list walked a page at a time, while the walker writes between pages.
    public var after: String?

    public init(
        workflow: String? = nil, state: String? = nil, organisation: String? = nil, assignee: String? = nil,
        limit: Int? = nil, after: String? = nil
    ) {
        self.workflow = workflow
        self.state = state
        self.organisation = organisation
        self.assignee = assignee
        self.limit = limit
        self.after = after
    }
}

public struct CampaignSummary: Sendable, Hashable {
    public var name: String
    public var workflow: String
    public var startedAt: Date
    public var startedBy: String
    public var cases: Int

    public init(name: String, workflow: String, startedAt: Date, startedBy: String, cases: Int) {
        self.name = name
        self.workflow = workflow
        self.startedAt = startedAt
        self.startedBy = startedBy
        self.cases = cases
    }
}

extension DirectoryRecords {
    public func people(under organisation: String) throws(StoreError) -> [Person] {
        let parents = Dictionary(try organisations().map { ($0.id, $0.parent) }, uniquingKeysWith: { a, _ in a })
        guard parents[organisation] != nil else { return [] }
        func isUnder(_ id: String) -> Bool {
            var current: String? = id
            var steps = 0
            while let here = current, steps <= parents.count {
                if here == organisation { return true }
                current = parents[here] ?? nil
                steps += 1
            }
            return false
        }
        var found: [Person] = []
        for id in try personIDs().sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard var person = try person(id) else { continue }
            person.roles = person.roles.filter { isUnder($0.organisation) }
            if !person.roles.isEmpty { found.append(person) }
        }
        return found
    }
}
