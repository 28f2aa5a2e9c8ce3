/// Which rows of an organisation or people file can be taken in, and why the others
/// cannot: the directory imports take in the good rows and name the bad ones by line.
public enum DirectoryRows {
    /// The organisations that fit into the tree formed by the store's and the file's,
    /// in file order, and a problem for each that does not: a parent that is nowhere, a
    /// parent that was itself refused, or parents that go round in a cycle.
    ///
    /// - Parameters:
    ///   - items: the file's organisations, in file order.
    ///   - lines: the line of each item.
    ///   - existing: the store's organisations and their parents.
    public static func organisations(
        _ items: [Organisation], lines: [Int], existing: [String: String?]
    ) -> (accepted: [Organisation], problems: [RowProblem]) {
        // A later row for the same id replaces an earlier one, as the store would.
        var lastRow: [String: Int] = [:]
        for (index, item) in items.enumerated() { lastRow[item.id] = index }
        var parentOf = existing
        for (index, item) in items.enumerated() where lastRow[item.id] == index { parentOf[item.id] = item.parent }
        // Rows refused for a cause of their own (a cycle, a parent that is nowhere); the
        // rows below them are refused for their parent, worked out anew in each pass.
        var causes: [String: RowProblem.Reason] = [:]
        var refused: [String: RowProblem.Reason] = [:]
        // Each pass judges every row once and remembers each organisation's verdict, so
        // it is linear in the rows however deep the tree. It is run again only when it
        // refuses a row that changes the tree (one in a cycle, or one that moves a stored
        // organisation, whose stored place then stays): rarely more than twice.
        var again = true
        while again {
            again = false
            refused = causes
            var verdicts: [String: Verdict] = [:]
            for (index, item) in items.enumerated() where lastRow[item.id] == index && refused[item.id] == nil {
                switch judge(item.id, parentOf, causes: causes, existing: existing, verdicts: &verdicts) {
                case .fits, .deferred:
                    continue
                case .tooDeep:
                    causes[item.id] = .tooDeep(organisation: item.id, limit: Self.maximumDepth)
                    refused[item.id] = causes[item.id]
                    if existing[item.id] != nil { again = true }
                case .parentRefused(let parent):
                    refused[item.id] = .parentRefused(parent)
                case .missingParent(let parent):
                    causes[item.id] = .parentMissing(parent)
                    refused[item.id] = causes[item.id]
                    // A stored organisation's refused row leaves the stored one in place.
                    if existing[item.id] != nil { again = true }
                case .cycle(let members):
                    let moved = members.first { member in
                        existing[member].map { $0 != parentOf[member] ?? nil } ?? false
                    }
                    let culprit = moved ?? item.id
                    causes[culprit] = .parentCycle(organisation: culprit, members: members)
                    // The rest of the cycle waits for the next pass, judged without it:
                    // every cycle of the file is found in one pass, not one per pass.
                    for member in members { verdicts[member] = .deferred }
                    again = true
                }
            }
            if again {
                for id in causes.keys where lastRow[id] != nil {
                    parentOf[id] = existing[id]
                    if existing[id] == nil { parentOf.removeValue(forKey: id) }
                }
            }
        }
        let accepted = items.indices.filter { lastRow[items[$0].id] == $0 && refused[items[$0].id] == nil }.map {
            items[$0]
        }
        let problems = items.indices.compactMap { index -> RowProblem? in
            guard lastRow[items[index].id] == index, let reason = refused[items[index].id] else { return nil }
            return RowProblem(line: line(lines, index), reason)
        }
        return (accepted, problems)
    }

    /// The most levels an organisation tree may have (a province's runs to about ten):
    /// an organisation's place is the path of its ancestors' ids.
    public static let maximumDepth = 32

    /// What one pass found of an organisation.
    private enum Verdict {
        /// It hangs from the tree, this many levels down (a root is 1).
        case fits(depth: Int)
        case tooDeep
        case parentRefused(String)
        case missingParent(String)
        case cycle([String])
        /// On a cycle found this pass: judged again in the next.
        case deferred
    }

    /// Whether `id` hangs from the tree. Walks up its parents, without recursion, to one
    /// already judged, a root, a parent refused or nowhere, or back onto its own path (a
    /// cycle), then gives each organisation walked its verdict: each is walked once in a
    /// pass. A cycle is given to no one: the pass ends there and the tree is judged again.
    private static func judge(
        _ id: String, _ parentOf: [String: String?], causes: [String: RowProblem.Reason], existing: [String: String?],
        verdicts: inout [String: Verdict]
    ) -> Verdict {
        var path: [String] = []
        var onPath: [String: Int] = [:]
        var current = id
        // The verdict of the organisation above the path's last (none above a root).
        var above: Verdict = .fits(depth: 0)
        while verdicts[current] == nil {
            if let start = onPath[current] { return .cycle(Array(path[start...])) }
            onPath[current] = path.count
            path.append(current)
            guard let entry = parentOf[current], let parent = entry else { break }
            if causes[parent] != nil && existing[parent] == nil {
                verdicts[current] = .parentRefused(parent)
                path.removeLast()
                break
            }
            guard parentOf[parent] != nil else {
                verdicts[current] = .missingParent(parent)
                path.removeLast()
                break
            }
            current = parent
        }
        if let known = verdicts[current] { above = known }
        for member in path.reversed() {
            let parent = (parentOf[member] ?? nil) ?? ""
            switch above {
            case .fits(let depth): verdicts[member] = depth < Self.maximumDepth ? .fits(depth: depth + 1) : .tooDeep
            default: verdicts[member] = .parentRefused(parent)
            }
            above = verdicts[member] ?? .fits(depth: 0)
        }
        return verdicts[id] ?? .fits(depth: 0)
    }

    /// The people whose every role is one the deployed workflows know, at an
    /// organisation that exists, in file order, and a problem for each of the others.
    ///
    /// - Parameters:
    ///   - items: the file's people, in file order.
    ///   - lines: the line of each item.
    ///   - organisations: the ids of the organisations that exist.
    ///   - roles: the roles of the deployed workflows (and the administrator's); `nil`
    ///     before any workflow is deployed, when there is nothing to check against.
    ///   - ambiguous: the words of the file that are titles of several roles, with their
    ///     ids: a row using one is refused naming them, never given either role.
    public static func people(
        _ items: [Person], lines: [Int], organisations: Set<String>, roles: Set<String>? = nil,
        ambiguous: [String: [String]] = [:]
    ) -> (accepted: [Person], problems: [RowProblem]) {
        var accepted: [Person] = []
        var problems: [RowProblem] = []
        for (index, person) in items.enumerated() {
            if let shared = person.roles.first(where: { ambiguous[$0.role] != nil }) {
                problems.append(
                    RowProblem(
                        line: line(lines, index),
                        .ambiguousRole(shared.role, candidates: ambiguous[shared.role] ?? [])))
            } else if let roles, let unknown = person.roles.first(where: { !roles.contains($0.role) }) {
                let guess = Suggestion.closest(to: unknown.role, among: Array(roles))
                problems.append(RowProblem(line: line(lines, index), .unknownRole(unknown.role, suggestion: guess)))
            } else if let missing = person.roles.first(where: { !organisations.contains($0.organisation) }) {
                problems.append(
                    RowProblem(
                        line: line(lines, index),
                        .roleAtUnknownOrganisation(role: missing.role, organisation: missing.organisation)))
            } else {
                accepted.append(person)
            }
        }
        return (accepted, problems)
    }

    private static func line(_ lines: [Int], _ index: Int) -> Int { index < lines.count ? lines[index] : 0 }
}

extension Person {
    /// One person per id: a person may come on several rows (a role at each
    /// organisation); their grants are joined, and the last row's name, status and
    /// skills (when it gives any) win. In order of first appearance.
    public static func merged(_ rows: [Person]) -> [Person] {
        var merged: [String: Person] = [:]
        var order: [String] = []
        for person in rows {
            if var known = merged[person.id] {
                known.name = person.name
                known.status = person.status
                known.skills = person.skills.isEmpty ? known.skills : person.skills
                known.roles += person.roles
                merged[person.id] = known
            } else {
                merged[person.id] = person
                order.append(person.id)
            }
        }
        return order.compactMap { merged[$0] }
    }
}
