import DocketCore
import Foundation

/// Deployed definitions and calendars, kept once read.
///
/// A deployed workflow version never changes (a change is a new version), so caching it
/// by (id, version) is always safe; calendars are cached by id for the life of the
/// engine. Parameter overrides are not cached: another process may change them.
///
/// `@unchecked Sendable`: every access to the dictionaries holds `lock`.
final class DefinitionCache: @unchecked Sendable {
    private let lock = NSLock()
    private var definitions: [String: WorkflowDefinition] = [:]
    private var calendars: [String: WorkingCalendar?] = [:]

    func definition(_ key: String, load: () throws -> WorkflowDefinition?) rethrows -> WorkflowDefinition? {
        if let known = lock.withLock({ definitions[key] }) { return known }
        guard let loaded = try load() else { return nil }
        lock.withLock { definitions[key] = loaded }
        return loaded
    }

    func calendar(_ key: String, load: () throws -> WorkingCalendar?) rethrows -> WorkingCalendar? {
        if let known = lock.withLock({ calendars[key] }) { return known }
        let loaded = try load()
        lock.withLock { calendars[key] = .some(loaded) }
        return loaded
    }
}
