public import Foundation
import Synchronization

/// A clock that stands still until it is set or advanced: the engine's recording clock
/// in a test, so that the audit trail's recording times (and what they hash to) are the
/// same on every run.
///
/// ```swift
/// let clock = ManualClock(Fixtures.instant("2026-11-22T09:00"))
/// let engine = Engine(store: store, zone: Fixtures.zone, recordingClock: clock.now)
/// clock.advance(by: 60)
/// ```
public final class ManualClock: Sendable {
    private let instant: Mutex<Date>

    /// A clock standing at `start`.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        instant = Mutex(start)
    }

    /// The instant the clock stands at.
    public func now() -> Date { instant.withLock { $0 } }

    /// Puts the clock at an instant (earlier ones too).
    public func set(_ date: Date) { instant.withLock { $0 = date } }

    /// Moves the clock on by a number of seconds.
    public func advance(by seconds: TimeInterval) { instant.withLock { $0.addTimeInterval(seconds) } }

    /// Moves the clock on by a duration.
    public func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        advance(by: TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18)
    }
}
