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
        try writing {
            try requireAdministrator(caller, action: action)
            return try workflows.map { try store.deploy($0.definition, source: $0.source, at: caller.now) }
        }
    }

    /// Sets up a new store: its calendars (keeping any year added since with
    /// ``addCalendarYear(_:to:by:)``), its grading schemes, and its workflows.
    public func initialise(
        calendars: [WorkingCalendar], grading: [GradingScheme], workflows: [Deployable], by caller: Caller
    ) throws -> [DeployOutcome] {
        try writing {
            try requireAdministrator(caller, action: "init")
            try store.saveCalendars(
                try calendars.map { file in try store.calendar(file.id).map(file.keepingYears(of:)) ?? file })
            if !grading.isEmpty { try store.saveGradingSchemes(grading) }
            return try workflows.map { try store.deploy($0.definition, source: $0.source, at: caller.now) }
        }
    }

    /// Sets workflows' parameters and recounts the running limits they govern, in one
    /// transaction with the read of the definitions the values are checked against.
    ///
    /// - Parameters:
    ///   - caller: the administrator, once there is one.
    ///   - values: given the newest definition of each deployed workflow, the values to
    ///     set (a front end reads its file against them; it may throw to stop).
    public func configure(
        by caller: Caller,
        _ values: ([String: WorkflowDefinition]) throws -> [(workflow: String, parameter: String, value: String)]
    ) throws -> Engine.RecountSummary {
        try writing {
            let person = try administrator(caller, action: "workflow configure")
            let chosen = try values(try latestDefinitions())
            return try engine.configure(chosen, actor: person, now: caller.now)
        }
    }

    /// Adds a year's holiday notice to a calendar and recounts the limits counted through
    /// that year, in one transaction, on the trail.
    public func addCalendarYear(_ notice: YearNotice, to calendar: String, by caller: Caller) throws
        -> Engine.RecountSummary
    {
        try writing {
            let person = try administrator(caller, action: "calendar add")
            return try engine.addCalendarYear(notice, to: calendar, actor: person, now: caller.now)
        }
    }

    /// A working-day calendar, or the deployment's first when `id` is `nil`.
    public func calendar(_ id: String?) throws -> WorkingCalendar {
        try reading {
            guard let id = try id ?? store.calendarIDs().first else { throw EngineError(.notFound(.calendar, "")) }
            guard let found = try store.calendar(id) else { throw EngineError(.notFound(.calendar, id)) }
            return found
        }
    }

    /// The newest definition of every deployed workflow, by id.
    public func latestDefinitions() throws -> [String: WorkflowDefinition] {
        try reading {
            var definitions: [String: WorkflowDefinition] = [:]
            for deployed in try store.deployedWorkflows() {
                definitions[deployed.id] = try store.definition(workflow: deployed.id, version: nil)
            }
            return definitions
        }
    }

    /// The deployed workflows, each at its newest version, for someone who holds a role.
    public func deployedWorkflows(by caller: Caller) throws -> [DeployedWorkflow] {
        _ = try readRoots(caller)
        return try reading { try store.deployedWorkflows() }
    }

    /// A deployed definition by id or title, for someone who holds a role.
    public func definition(_ typed: String, version: Int?, by caller: Caller) throws -> WorkflowDefinition {
        _ = try readRoots(caller)
        return try definition(typed, version: version)
    }

    /// A deployed definition by id or title: the given version, else the newest.
    public func definition(_ typed: String, version: Int?) throws -> WorkflowDefinition {
        try reading {
            let id = try workflowID(typed) ?? typed
            guard let found = try store.definition(workflow: id, version: version) else {
                throw EngineError(.notFound(.workflow, version.map { "\(id) v\($0)" } ?? id))
            }
            return found
        }
    }

    /// The definition a case runs under (cached by the engine; for showing lists).
    public func definition(of workflow: String, version: Int) -> WorkflowDefinition? {
        try? store.definition(workflow: workflow, version: version)
    }

    /// The deployment's values of a definition's parameters, read by their types.
    public func parameterOverrides(for definition: WorkflowDefinition) throws -> [String: Value] {
        try reading { try engine.parameterOverrides(for: definition) }
    }
}

/// Names for showing ids: what a list or a case shows beside an id.
extension DocketApp {
    /// An organisation's name, `nil` when there is none.
    public func organisationName(_ id: String) -> String? {
        (try? store.organisation(id))??.name
    }

    /// A person's name, `nil` when there is none.
    public func personName(_ id: String) -> String? {
        (try? store.person(id))??.name
    }
}
