import DocketEngine

extension DocketApp {
    /// Writes `items` in transactions of their own, each holding the store about as long
    /// as `TurnSize.target`, so that long set-up work (a county's reorganisation, limits
    /// counted again after a calendar notice) lets a clerk's `case start` in between its
    /// turns rather than keeping it waiting for the whole.
    ///
    /// Each turn is one transaction: what `body` writes for its items commits together or
    /// not at all. Work cut off between turns is finished by running it again.
    ///
    /// - Parameters:
    ///   - progress: called after each turn has committed, with what the turn gave, the
    ///     items done and the total.
    ///   - body: writes one turn's items through the handle.
    func inShortTurns<Item, Outcome>(
        _ items: [Item], progress: (Outcome, Int, Int) -> Void = { _, _, _ in },
        _ body: ([Item], _ tx: any StoreTransaction) throws -> Outcome
    ) throws {
        var turn = TurnSize()
        var done = 0
        while done < items.count {
            let part = Array(items[done..<min(done + turn.size, items.count)])
            let started = ContinuousClock.now
            let outcome = try writing { tx in try body(part, tx) }
            turn.adjust(after: ContinuousClock.now - started)
            done += part.count
            progress(outcome, done, items.count)
        }
    }
}

/// How many items one turn takes: it starts at one and grows while turns stay short, and
/// shrinks when one holds the store too long, so that many small items do not take a
/// transaction each, nor one large item keep writers waiting for others.
struct TurnSize {
    private(set) var size = 1
    /// A turn aims to hold the write lock for about this long.
    static let target: Duration = .milliseconds(200)
    static let largest = 5_000

    mutating func adjust(after elapsed: Duration) {
        if elapsed < Self.target / 2 {
            size = min(size * 2, Self.largest)
        } else if elapsed > Self.target * 2 {
            size = max(size / 2, 1)
        }
    }
}
