extension LookupError {
    /// The kind of failed lookup, with a stable name (`noMatch`) for front ends to print.
    ///
    /// A struct over a private enum, so that kinds can be added (a title that names more
    /// than one thing, say) without breaking a caller, which handles the ones it does not
    /// know with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable { case noMatch, ambiguous }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The name typed names nothing of its kind.
        public static let noMatch = Code(.noMatch)
        /// The name typed names more than one thing of its kind (a title two roles share,
        /// two villages called 东村): the candidates are listed, none chosen.
        public static let ambiguous = Code(.ambiguous)

        /// The stable name, such as `noMatch`.
        public var description: String { base.rawValue }
    }

    /// The kind of failed lookup: ``Code/ambiguous`` when there are candidates, else
    /// ``Code/noMatch``.
    public var code: Code { candidates.isEmpty ? .noMatch : .ambiguous }
}
