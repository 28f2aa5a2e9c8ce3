import Synchronization

/// Field patterns compiled once per process: compiling a `Regex` costs more than the
/// rest of an event's checks together, and the same few patterns come up on every event.
enum PatternCache {
    /// A compiled pattern. `Regex` is not `Sendable`; once compiled it is only read
    /// (matching does not change it), so sharing it between threads is safe.
    final class Compiled: @unchecked Sendable {
        let regex: Regex<AnyRegexOutput>?
        init(_ pattern: String) { regex = try? Regex(pattern) }
    }

    private static let compiled = Mutex<[String: Compiled]>([:])

    /// Whether the whole of `text` matches `pattern`; a pattern that does not compile
    /// matches nothing (the definition checker refuses such patterns before deployment).
    static func wholeMatch(_ pattern: String, _ text: String) -> Bool {
        let entry = compiled.withLock { cache in
            if let known = cache[pattern] { return known }
            let new = Compiled(pattern)
            cache[pattern] = new
            return new
        }
        guard let regex = entry.regex else { return false }
        return (try? regex.wholeMatch(in: text)) != nil
    }
}
