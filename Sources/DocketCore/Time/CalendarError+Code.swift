extension CalendarError {
    /// The kind of failure, with a stable name (`not-covered`) for front ends to print.
    ///
    /// A struct over a private enum, so that kinds can be added without breaking a caller,
    /// which handles the ones it does not know with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notCovered = "not-covered"
            case outOfRange = "out-of-range"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The calendar does not list the year, or there is no calendar.
        public static let notCovered = Code(.notCovered)
        /// The result would lie outside the years 1 to 9999, or the numbers overflowed.
        public static let outOfRange = Code(.outOfRange)

        /// The stable name, such as `out-of-range`.
        public var description: String { base.rawValue }
    }

    /// The kind of failure; the calendar, the year and the rule are its facts.
    public var code: Code {
        switch reason {
        case .notCovered: .notCovered
        case .outOfRange: .outOfRange
        }
    }
}
