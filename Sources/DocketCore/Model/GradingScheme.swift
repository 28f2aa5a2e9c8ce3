/// How a branch's yearly score (out of 100) becomes its grade: levels from the best down,
/// each with the lowest score that reaches it.
public struct GradingScheme: Sendable, Codable, Hashable {
    public struct Level: Sendable, Codable, Hashable {
        public var id: String
        public var title: LocalizedText
        public var minimum: Double

        public init(id: String, title: LocalizedText, minimum: Double) {
            self.id = id
            self.title = title
            self.minimum = minimum
        }
    }

    public var id: String
    /// Best first; the last is the lowest grade, from which campaigns are drawn.
    public var levels: [Level]

    public init(id: String, levels: [Level]) {
        self.id = id
        self.levels = levels.sorted { $0.minimum > $1.minimum }
    }

    /// The level a score reaches (the lowest level for anything below every line).
    public func level(for score: Double) -> Level? {
        levels.first { score >= $0.minimum } ?? levels.last
    }

    public var lowest: Level? { levels.last }
}
