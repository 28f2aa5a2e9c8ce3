public import DocketCore
public import DocketEngine
import Foundation

/// Set-up work: workflows deployed and configured, calendars, grading schemes. Each needs
/// the administrator at the top of the tree once there is one.
extension DocketApp {
    /// A workflow version to deploy, with the text it was read from (kept for the record).
    public struct Deployable: Sendable {
        public var definition: WorkflowDefinition
        public var source: String

        public init(definition: WorkflowDefinition, source: String) {
            self.definition = definition
            self.source = source
        }
    }

    /// Deploys workflow versions, all in one transaction: each is `.deployed`, or
    /// `.unchanged` when that version is already there with the same content.
    ///
    /// - Throws: `StoreError` `.versionConflict` for a version deployed with other content.
    public func deploy(_ workflows: [Deployable], action: String = "workflow deploy", by caller: Caller) throws
        -> [DeployOutcome]
    {
        try writing { tx in
            try requireAdministrator(caller, action: action, tx)
            return try workflows.map { try tx.deploy($0.definition, source: $0.source, at: caller.now) }
        }
    }

    /// Sets up a new store: its calendars (keeping any year added since with
    /// ``addCalendarYear(_:to:by:)``), its grading schemes, and its workflows.
    public func initialise(
        calendars: [WorkingCalendar], grading: [GradingScheme], workflows: [Deployable], by caller: Caller
    ) throws -> [DeployOutcome] {
        try writing { tx in
            try requireAdministrator(caller, action: "init", tx)
            try tx.saveCalendars(
                try calendars.map { file in try tx.calendar(file.id).map(file.keepingYears(of:)) ?? file })
            if !grading.isEmpty { try tx.saveGradingSchemes(grading) }
            return try workflows.map { try tx.deploy($0.definition, source: $0.source, at: caller.now) }
        }
    }

    /// Sets workflows' parameters, in one transaction with the read of the definitions the
    /// values are checked against, then counts again the running limits they govern in
    /// short transactions of their own, each case with its trail entry.
    ///
    /// - Parameters:
    ///   - caller: the administrator, once there is one.
    ///   - values: given the newest definition of each deployed workflow, the values to
    ///     set (a front end reads its file against them; it may throw to stop).
    public func configure(
        by caller: Caller,
        _ values: ([String: WorkflowDefinition]) throws -> [(workflow: String, parameter: String, value: String)]
    ) throws -> Engine.RecountSummary {
        let (person, pending) = try writing { tx in
            let person = try administrator(caller, action: "workflow configure", tx)
            let chosen = try values(try latestDefinitions(tx))
            return (person, try engine.saveParameters(chosen, actor: person, now: caller.now, in: tx))
        }
        return try recount(pending, by: person, caller, action: "workflow configure")
    }

    /// Adds a year's holiday notice to a calendar, with its entry on the trail, then counts
    /// again the limits counted through that year in short turns. Until the last turn
    /// commits, a case not yet counted keeps the limits of the old notice; adding the same
    /// notice again finishes an interrupted recount.
    public func addCalendarYear(_ notice: YearNotice, to calendar: String, by caller: Caller) throws
        -> Engine.RecountSummary
    {
        let (person, pending) = try writing { tx in
            let person = try administrator(caller, action: "calendar add", tx)
            return (person, try engine.saveCalendarYear(notice, to: calendar, actor: person, now: caller.now, in: tx))
        }
        return try recount(pending, by: person, caller, action: "calendar add")
    }

    /// `pending` counted again in short turns, as the administrator who made the change.
    private func recount(
        _ pending: Engine.PendingRecount, by person: String, _ caller: Caller, action: String
    ) throws -> Engine.RecountSummary {
        var summary = Engine.RecountSummary()
        let count = { (cases: [String], tx: any StoreTransaction) throws -> Engine.RecountSummary in
            _ = try self.administrator(caller, action: action, tx)
            return try self.engine.recount(pending.only(cases), actor: person, now: caller.now, in: tx)
        }
        try inShortTurns(pending.cases, progress: { part, _, _ in summary.add(part) }, count)
        return summary
    }

    /// A working-day calendar, or the deployment's first when `id` is `nil`.
    public func calendar(_ id: String?) throws -> WorkingCalendar {
        try reading { tx in
            guard let id = try id ?? tx.calendarIDs().first else { throw EngineError(.notFound(.calendar, "")) }
            guard let found = try tx.calendar(id) else { throw EngineError(.notFound(.calendar, id)) }
            return found
        }
    }

    /// The newest definition of every deployed workflow, by id.
    public func latestDefinitions() throws -> [String: WorkflowDefinition] {
        try reading { tx in try latestDefinitions(tx) }
    }

    func latestDefinitions(_ tx: any StoreTransaction) throws -> [String: WorkflowDefinition] {
        var definitions: [String: WorkflowDefinition] = [:]
        for deployed in try tx.deployedWorkflows() {
            definitions[deployed.id] = try tx.definition(workflow: deployed.id, version: nil)
        }
        return definitions
    }

    /// Every deployed version of every workflow: what a list of cases names states by,
    /// read before the list (whose rows are visited inside its own transaction).
    public func everyDefinition() throws -> [WorkflowDefinition] {
        try reading { tx in
            try tx.deployedWorkflows().flatMap { deployed in
                try (1...max(1, deployed.version)).compactMap { try tx.definition(workflow: deployed.id, version: $0) }
            }
        }
    }

    /// The deployed workflows, each at its newest version, for someone who holds a role.
    public func deployedWorkflows(by caller: Caller) throws -> [DeployedWorkflow] {
        try reading { tx in
            _ = try readRoots(caller, tx)
            return try tx.deployedWorkflows()
        }
    }

    /// A deployed definition by id or title, for someone who holds a role.
    public func definition(_ typed: String, version: Int?, by caller: Caller) throws -> WorkflowDefinition {
        try reading { tx in
            _ = try readRoots(caller, tx)
            return try definition(typed, version: version, tx)
        }
    }

    /// A deployed definition by id or title: the given version, else the newest.
    public func definition(_ typed: String, version: Int?) throws -> WorkflowDefinition {
        try reading { tx in try definition(typed, version: version, tx) }
    }

    func definition(_ typed: String, version: Int?, _ tx: any StoreTransaction) throws -> WorkflowDefinition {
        let id = try workflowID(typed, tx) ?? typed
        guard let found = try tx.definition(workflow: id, version: version) else {
            throw EngineError(.notFound(.workflow, version.map { "\(id) v\($0)" } ?? id))
        }
        return found
    }

    /// The deployment's values of a definition's parameters, read by their types.
    public func parameterOverrides(for definition: WorkflowDefinition) throws -> [String: Value] {
        try reading { tx in try engine.parameterOverrides(for: definition, in: tx) }
    }
}

/// Names for showing ids: what a list or a case shows beside an id.
extension DocketApp {
    /// An organisation's name, `nil` when there is none.
    public func organisationName(_ id: String) -> String? {
        (try? engine.read { tx in try tx.organisation(id) })??.name
    }

    /// A person's name, `nil` when there is none.
    public func personName(_ id: String) -> String? {
        (try? engine.read { tx in try tx.person(id) })??.name
    }
}
