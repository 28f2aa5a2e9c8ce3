import Foundation

/// A span of clock time typed as a count and a unit: `30d`, `12h`, `90m`. What the
/// options that set a lifetime or an interval take (`token create --expires`,
/// `serve --checkpoint-every`), read in one place so that each takes the same forms.
enum ShortDuration {
    /// The seconds `text` names; `nil` for anything else, for zero, and for more than a
    /// hundred years.
    static func seconds(_ text: String) -> TimeInterval? {
        let units: [Character: TimeInterval] = ["d": 86_400, "h": 3600, "m": 60]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int(text.dropLast()), count > 0,
            count <= 36_500 * 86_400 / Int(unit)
        else { return nil }
        return TimeInterval(count) * unit
    }
}
