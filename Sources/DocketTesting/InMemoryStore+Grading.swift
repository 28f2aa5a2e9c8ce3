public import DocketCore
public import DocketEngine

// MARK: Grading

extension InMemoryTransaction {
    public func saveGradingSchemes(_ schemes: [GradingScheme]) throws(StoreError) {
        try writeState("grading schemes") { $0.gradingSchemes = schemes }
    }

    public func gradingSchemes() throws(StoreError) -> [GradingScheme] {
        try readState { $0.gradingSchemes }
    }

    /// Replaces a year's scores; an organisation not in the store refuses them all.
    public func saveScores(year: Int, _ scores: [(organisation: String, score: Double, indicators: [String: Double])])
        throws(StoreError)
    {
        try writeState("the scores of \(year)") { (state) throws(StoreError) in
            var given: [String: Double] = [:]
            for entry in scores {
                guard state.organisations[entry.organisation] != nil else {
                    throw StoreError(
                        .invalidData, "no organisation \(entry.organisation)",
                        subject: .unknownOrganisation(entry.organisation))
                }
                given[entry.organisation] = entry.score
            }
            state.scores[year] = given
        }
    }

    public func scores(year: Int) throws(StoreError) -> [(organisation: String, score: Double)] {
        try readState { state in
            (state.scores[year] ?? [:]).map { (organisation: $0.key, score: $0.value) }.sorted {
                $0.score != $1.score ? $0.score < $1.score : $0.organisation.precedesAsBytes($1.organisation)
            }
        }
    }
}
