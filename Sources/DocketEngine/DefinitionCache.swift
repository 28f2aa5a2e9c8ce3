import DocketCore
import Foundation

/// Deployed definitions and calendars, kept once read, and the parameter values worked
/// out from a definition and the deployment's overrides.
///
/// A deployed workflow version never changes (a change is a new version), so caching it
/// by (id, version) is always safe; calendars are cached by id for the life of the
/// engine. Parameter overrides may change in another process: the store is asked for
/// their texts every time, and the values are reused only while the texts are the same.
///
/// `@unchecked Sendable`: every access to the dictionaries holds `lock`.
final class DefinitionCache: @unchecked Sendable {
    private let lock = NSLock()
    private var definitions: [String: WorkflowDefinition] = [:]
    private var calendars: [String: WorkingCalendar?] = [:]
    private var parameters: [String: ResolvedParameters] = [:]
    private var simulation: Bool?

    /// Whether the store is a simulation, read once: it is fixed when the store is made.
    func isSimulation(load: () throws -> Bool) rethrows -> Bool {
        if let known = lock.withLock({ simulation }) { return known }
        let loaded = try load()
        lock.withLock { simulation = loaded }
        return loaded
    }

    /// A definition version's parameter values for one set of override texts.
    struct ResolvedParameters {
        var texts: [String: String]
        var overrides: [String: Value]
        var values: [String: Value]
    }

    func parameters(_ key: String, texts: [String: String], resolve: () -> ResolvedParameters) -> ResolvedParameters {
        if let known = lock.withLock({ parameters[key] }), known.texts == texts { return known }
        let resolved = resolve()
        lock.withLock { parameters[key] = resolved }
        return resolved
    }

    func definition(_ key: String, load: () throws -> WorkflowDefinition?) rethrows -> WorkflowDefinition? {
        if let known = lock.withLock({ definitions[key] }) { return known }
        guard let loaded = try load() else { return nil }
        lock.withLock { definitions[key] = loaded }
        return loaded
    }

    /// Drops every calendar read, after one was changed.
    func forgetCalendars() {
        lock.withLock { calendars = [:] }
    }

    func calendar(_ key: String, load: () throws -> WorkingCalendar?) rethrows -> WorkingCalendar? {
        if let known = lock.withLock({ calendars[key] }) { return known }
        let loaded = try load()
        lock.withLock { calendars[key] = .some(loaded) }
        return loaded
    }
}
