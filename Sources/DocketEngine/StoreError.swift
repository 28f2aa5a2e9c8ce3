public import DocketCore

/// A failure of the store, with what was being done and the underlying cause.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. A struct over a private enum so kinds can be added later.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case conflict, notInitialised, unavailable, busy, versionConflict, invalidData, internalFailure
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The case changed since it was read, or an id is already taken.
        public static let conflict = Code(.conflict)
        /// The database has no Docket schema: run `docket init`.
        public static let notInitialised = Code(.notInitialised)
        /// The database cannot be opened or written.
        public static let unavailable = Code(.unavailable)
        /// Another process held the store for longer than the store waits (a long
        /// import, say): nothing was written, and trying again later will do.
        public static let busy = Code(.busy)
        /// A workflow version already deployed with different content.
        public static let versionConflict = Code(.versionConflict)
        /// Stored data that does not decode or violates a constraint.
        public static let invalidData = Code(.invalidData)
        public static let internalFailure = Code(.internalFailure)

        public var description: String { base.rawValue }

        /// What kind of failure this is, in Chinese, for a message without its own.
        var chinese: String {
            switch base {
            case .conflict: "冲突，未写入任何内容"
            case .notInitialised: "这里还没有 Docket 库，请先运行 docket init"
            case .unavailable: "无法打开或写入库"
            case .busy: "库正被另一个命令占用"
            case .versionConflict: "版本冲突"
            case .invalidData: "数据无效"
            case .internalFailure: "内部错误"
            }
        }
    }

    public var code: Code
    /// What was being done, in words for the user.
    public var message: String
    /// The same in Chinese, where the store says it; otherwise ``text`` leads with the
    /// kind of failure in Chinese.
    public var messageZh: String?
    /// The driver's error, kept whole rather than flattened.
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, zh: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.messageZh = zh
        self.cause = cause
    }

    public var description: String {
        cause.map { "\(message) (\($0))" } ?? message
    }

    /// The message in both languages, the driver's error in parentheses.
    public var text: LocalizedText {
        let chinese = messageZh.map { zh in cause.map { "\(zh)（\($0)）" } ?? zh } ?? "\(code.chinese)：\(description)"
        return LocalizedText(zh: chinese, en: description)
    }
}
