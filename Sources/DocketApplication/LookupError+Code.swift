extension LookupError {
    /// The kind of failed lookup, with a stable name (`noMatch`) for front ends to print.
    ///
    /// A struct over a private enum, so that kinds can be added (a title that names more
    /// than one thing, say) without breaking a caller, which handles the ones it does not
    /// know with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable { case noMatch }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The name typed names nothing of its kind.
        public static let noMatch = Code(.noMatch)

        /// The stable name, such as `noMatch`.
        public var description: String { base.rawValue }
    }

    /// The kind of failed lookup: so far always ``Code/noMatch``.
    public var code: Code { .noMatch }
}
