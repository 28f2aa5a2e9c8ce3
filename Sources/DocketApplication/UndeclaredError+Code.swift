extension UndeclaredError {
    /// The kind of refusal, with a stable name (`sectionMissing`) for front ends to print.
    ///
    /// A struct over a private enum, so that kinds can be added without breaking a caller,
    /// which handles the ones it does not know with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable { case sectionMissing }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The workflow has no section of the kind the report reads (``UndeclaredError/section``).
        public static let sectionMissing = Code(.sectionMissing)

        /// The stable name, such as `sectionMissing`.
        public var description: String { base.rawValue }
    }

    /// The kind of refusal: so far always ``Code/sectionMissing``.
    public var code: Code { .sectionMissing }
}
