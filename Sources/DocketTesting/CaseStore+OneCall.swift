public import DocketCore
public import DocketEngine
public import Foundation

/// Each read and write of a store's transaction, as a transaction of its own: for tests
/// and set-up code that make one call at a time. A call inside another transaction of
/// the same store is refused as a nested transaction, as the seam requires; code that
/// decides and writes uses `CaseStore.write(_:)` and its handle.
extension CaseStore {
    @discardableResult
    public func deploy(_ definition: WorkflowDefinition, source: String, at: Date) throws(StoreError) -> DeployOutcome {
        try oneWrite { tx in try tx.deploy(definition, source: source, at: at) }
    }

    public func definition(workflow: String, version: Int?) throws(StoreError) -> WorkflowDefinition? {
        try oneRead { tx in try tx.definition(workflow: workflow, version: version) }
    }

    public func deployedWorkflows() throws(StoreError) -> [DeployedWorkflow] {
        try oneRead { tx in try tx.deployedWorkflows() }
    }

    public func latestVersion(of workflow: String) throws(StoreError) -> Int? {
        try oneRead { tx in try tx.latestVersion(of: workflow) }
    }

    public func parameterTexts(workflow: String) throws(StoreError) -> [String: String] {
        try oneRead { tx in try tx.parameterTexts(workflow: workflow) }
    }

    public func setParameters(_ values: [(workflow: String, parameter: String, value: String)]) throws(StoreError) {
        try oneWrite { tx in try tx.setParameters(values) }
    }

    public func saveCalendars(_ calendars: [WorkingCalendar]) throws(StoreError) {
        try oneWrite { tx in try tx.saveCalendars(calendars) }
    }

    public func calendar(_ id: String) throws(StoreError) -> WorkingCalendar? {
        try oneRead { tx in try tx.calendar(id) }
    }

    public func calendarIDs() throws(StoreError) -> [String] {
        try oneRead { tx in try tx.calendarIDs() }
    }

    public func saveGradingSchemes(_ schemes: [GradingScheme]) throws(StoreError) {
        try oneWrite { tx in try tx.saveGradingSchemes(schemes) }
    }

    public func gradingSchemes() throws(StoreError) -> [GradingScheme] {
        try oneRead { tx in try tx.gradingSchemes() }
    }

    public func importOrganisations(_ organisations: [Organisation]) throws(StoreError) {
        try oneWrite { tx in try tx.importOrganisations(organisations) }
    }

    public func importPeople(_ people: [Person]) throws(StoreError) {
        try oneWrite { tx in try tx.importPeople(people) }
    }

    public func organisation(_ id: String) throws(StoreError) -> Organisation? {
        try oneRead { tx in try tx.organisation(id) }
    }

    public func organisations() throws(StoreError) -> [Organisation] {
        try oneRead { tx in try tx.organisations() }
    }

    public func peopleStatus(among ids: Set<String>) throws(StoreError) -> [String: Person.Status] {
        try oneRead { tx in try tx.peopleStatus(among: ids) }
    }

    public func existingOrganisations(among ids: Set<String>) throws(StoreError) -> Set<String> {
        try oneRead { tx in try tx.existingOrganisations(among: ids) }
    }

    public func person(_ id: String) throws(StoreError) -> Person? {
        try oneRead { tx in try tx.person(id) }
    }

    public func personIDs() throws(StoreError) -> [String] {
        try oneRead { tx in try tx.personIDs() }
    }

    public func roles(of person: String, over organisation: String) throws(StoreError) -> Set<String> {
        try oneRead { tx in try tx.roles(of: person, over: organisation) }
    }

    public func roles(of person: String) throws(StoreError) -> Set<String> {
        try oneRead { tx in try tx.roles(of: person) }
    }

    public func scopeRoots(of person: String) throws(StoreError) -> [String] {
        try oneRead { tx in try tx.scopeRoots(of: person) }
    }

    public func hasAdministrator() throws(StoreError) -> Bool {
        try oneRead { tx in try tx.hasAdministrator() }
    }

    public func grants(of role: String) throws(StoreError) -> [(person: String, organisation: String)] {
        try oneRead { tx in try tx.grants(of: role) }
    }

    public func people(holding role: String, over organisation: String) throws(StoreError) -> [Person] {
        try oneRead { tx in try tx.people(holding: role, over: organisation) }
    }

    public func people(under organisation: String) throws(StoreError) -> [Person] {
        try oneRead { tx in try tx.people(under: organisation) }
    }

    public func saveScores(year: Int, _ scores: [(organisation: String, score: Double, indicators: [String: Double])])
        throws(StoreError)
    {
        try oneWrite { tx in try tx.saveScores(year: year, scores) }
    }

    public func scores(year: Int) throws(StoreError) -> [(organisation: String, score: Double)] {
        try oneRead { tx in try tx.scores(year: year) }
    }

    public func eventFacts(_ query: EventFactsQuery) throws(StoreError) -> EventFacts {
        try oneRead { tx in try tx.eventFacts(query) }
    }

    public func snapshot(of caseID: String) throws(StoreError) -> CaseSnapshot? {
        try oneRead { tx in try tx.snapshot(of: caseID) }
    }

    @discardableResult
    public func commit(_ decision: Decision, as change: CaseChange, recordedAt: Date) throws(StoreError) -> AuditEntry {
        try oneWrite { tx in try tx.commit(decision, as: change, recordedAt: recordedAt) }
    }

    public func cases(matching query: CaseQuery) throws(StoreError) -> [CaseSnapshot] {
        try oneRead { tx in try tx.cases(matching: query) }
    }

    public func eachCase(
        matching query: CaseQuery, under roots: [String]?, _ body: (CaseSnapshot) throws(StoreError) -> Void
    ) throws(StoreError) {
        try oneRead { tx in try tx.eachCase(matching: query, under: roots, body) }
    }

    @discardableResult
    public func commitBatch(_ cases: [EncodedCase], recordedAt: Date) throws(StoreError) -> [Int] {
        try oneWrite { tx in try tx.commitBatch(cases, recordedAt: recordedAt) }
    }

    public func caseCount(upTo limit: Int) throws(StoreError) -> Int {
        try oneRead { tx in try tx.caseCount(upTo: limit) }
    }

    public func openLoad(of people: [String]) throws(StoreError) -> [String: Int] {
        try oneRead { tx in try tx.openLoad(of: people) }
    }

    @discardableResult
    public func createCampaign(
        name: String, workflow: String, decisions: [Decision], idPrefix: String, startedBy: String, at: Date,
        recordedAt: Date
    ) throws(StoreError) -> [String] {
        try oneWrite { tx in
            try tx.createCampaign(
                name: name, workflow: workflow, decisions: decisions, idPrefix: idPrefix, startedBy: startedBy, at: at,
                recordedAt: recordedAt)
        }
    }

    public func campaigns() throws(StoreError) -> [CampaignSummary] {
        try oneRead { tx in try tx.campaigns() }
    }

    public func cases(inCampaign name: String) throws(StoreError) -> [CaseSnapshot] {
        try oneRead { tx in try tx.cases(inCampaign: name) }
    }

    public func deadlines(of caseID: String) throws(StoreError) -> [ScheduledDeadline] {
        try oneRead { tx in try tx.deadlines(of: caseID) }
    }

    public func overdueCount(_ query: DeadlineQuery, at now: Date) throws(StoreError) -> Int {
        try oneRead { tx in try tx.overdueCount(query, at: now) }
    }

    public func overdueCounts(byChildOf query: DeadlineQuery, at now: Date) throws(StoreError) -> [OverdueCount] {
        try oneRead { tx in try tx.overdueCounts(byChildOf: query, at: now) }
    }

    public func overdue(_ query: DeadlineQuery, at now: Date) throws(StoreError) -> [DeadlineRow] {
        try oneRead { tx in try tx.overdue(query, at: now) }
    }

    public func overdue(_ query: DeadlineQuery, at now: Date, each: (DeadlineRow) throws(StoreError) -> Void)
        throws(StoreError)
    {
        try oneRead { tx in try tx.overdue(query, at: now, each: each) }
    }

    public func dueSoon(_ query: DeadlineQuery, at now: Date, horizon: Date) throws(StoreError) -> [DeadlineRow] {
        try oneRead { tx in try tx.dueSoon(query, at: now, horizon: horizon) }
    }

    public func dueSoon(
        _ query: DeadlineQuery, at now: Date, horizon: Date, each: (DeadlineRow) throws(StoreError) -> Void
    ) throws(StoreError) {
        try oneRead { tx in try tx.dueSoon(query, at: now, horizon: horizon, each: each) }
    }

    public func nextTimer(dueBy now: Date) throws(StoreError) -> DueTimer? {
        try oneRead { tx in try tx.nextTimer(dueBy: now) }
    }

    public func dueTimers(dueBy now: Date, limit: Int) throws(StoreError) -> [DueTimer] {
        try oneRead { tx in try tx.dueTimers(dueBy: now, limit: limit) }
    }

    public func disarm(_ timer: DueTimer) throws(StoreError) {
        try oneWrite { tx in try tx.disarm(timer) }
    }

    public func history(of caseID: String) throws(StoreError) -> [AuditEntry] {
        try oneRead { tx in try tx.history(of: caseID) }
    }

    @discardableResult
    public func recordSetting(_ draft: AuditDraft, recordedAt: Date) throws(StoreError) -> AuditEntry {
        try oneWrite { tx in try tx.recordSetting(draft, recordedAt: recordedAt) }
    }

    public func verifyAuditTrail() throws(StoreError) -> AuditVerification {
        try oneRead { tx in try AuditChain.verify(tx) }
    }

    public func recordDenied(_ attempt: DeniedAttempt) throws(StoreError) {
        try oneWrite { tx in try tx.recordDenied(attempt) }
    }

    public func deniedAttempts(under organisation: String?) throws(StoreError) -> [DeniedAttempt] {
        try oneRead { tx in try tx.deniedAttempts(under: organisation) }
    }

    public func eachCaseHistory(
        workflow: String, under roots: [String], openedFrom: Date,
        _ body: (_ history: [AuditEntry], _ organisation: String) throws(StoreError) -> Void
    ) throws(StoreError) {
        try oneRead { tx in try tx.eachCaseHistory(workflow: workflow, under: roots, openedFrom: openedFrom, body) }
    }

    public func eachStateChange(
        workflow: String, under roots: [String], overdueAt now: Date,
        _ body: (StateChangeRow) throws(StoreError) -> Void
    ) throws(StoreError) {
        try oneRead { tx in try tx.eachStateChange(workflow: workflow, under: roots, overdueAt: now, body) }
    }

    private func oneWrite<T>(_ body: (any StoreTransaction) throws -> T) throws(StoreError) -> T {
        do { return try write(body) } catch { throw Self.storeError(error) }
    }

    private func oneRead<T>(_ body: (any StoreTransaction) throws -> T) throws(StoreError) -> T {
        do { return try read(body) } catch { throw Self.storeError(error) }
    }

    /// A store's calls throw only `StoreError`; the transaction around one passes it on.
    private static func storeError(_ error: any Error) -> StoreError {
        error as? StoreError ?? StoreError(.internalFailure, "a one-call transaction failed", cause: error)
    }
}
