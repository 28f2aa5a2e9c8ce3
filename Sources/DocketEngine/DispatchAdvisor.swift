public import DocketCore

/// Ranks the members who could take a request: by how well their skills match its
/// category, then by how many open cases they already carry, then by id.
public enum DispatchAdvisor {
    public struct Candidate: Sendable, Hashable {
        public var person: Person
        /// The skills of the person that match the request (by category id or title).
        public var matchingSkills: [String]
        public var openLoad: Int
    }

    /// - Parameters:
    ///   - category: the request's category id and its title(s) in any language.
    ///   - members: the people who could accept the case.
    ///   - load: open cases assigned to each person.
    public static func rank(category: [String], members: [Person], load: [String: Int]) -> [Candidate] {
        let wanted = Set(category.map { $0.lowercased() })
        return members.map { person in
            Candidate(
                person: person, matchingSkills: person.skills.filter { wanted.contains($0.lowercased()) },
                openLoad: load[person.id] ?? 0)
        }.sorted { a, b in
            let (ma, mb) = (a.matchingSkills.isEmpty ? 0 : 1, b.matchingSkills.isEmpty ? 0 : 1)
            if ma != mb { return ma > mb }
            if a.openLoad != b.openLoad { return a.openLoad < b.openLoad }
            return a.person.id < b.person.id
        }
    }
}
