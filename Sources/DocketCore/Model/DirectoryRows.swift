/// Which rows of an organisation or people file can be taken in, and why the others
/// cannot: the directory imports take in the good rows and name the bad ones by line.
public enum DirectoryRows {
    /// The organisations that fit into the tree formed by the store's and the file's,
    /// in file order, and a problem for each that does not: a parent that is nowhere, a
    /// parent that was itself refused, or parents that go round in a cycle.
    ///
    /// - Parameters:
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
        var refused: [Int: RowProblem] = [:]
        var changed = true
        while changed {
            changed = false
            for (index, item) in items.enumerated() where lastRow[item.id] == index && refused[index] == nil {
                guard let (culprit, problem) = problem(of: item.id, parentOf, refusedIDs: Set(refused.keys.map { items[$0].id }), existing: existing),
                    let culpritRow = lastRow[culprit]
                else { continue }
                refused[culpritRow] = RowProblem(line: line(lines, culpritRow), message: problem)
                // The store's own version, if any, stays.
                parentOf[culprit] = existing[culprit]
                if existing[culprit] == nil { parentOf.removeValue(forKey: culprit) }
                changed = true
            }
        }
        let accepted = items.indices.filter { lastRow[items[$0].id] == $0 && refused[$0] == nil }.map { items[$0] }
        return (accepted, refused.keys.sorted().compactMap { refused[$0] })
    }

    /// What is wrong with the chain of parents above `id`, if anything, and the row to
    /// blame: in a cycle, the row that moves a stored organisation (the store's tree had
    /// none), else `id`'s own.
    private static func problem(
        of id: String, _ parentOf: [String: String?], refusedIDs: Set<String>, existing: [String: String?]
    ) -> (culprit: String, message: LocalizedText)? {
        var path = [id]
        var current = id
        while let entry = parentOf[current], let parent = entry {
            if refusedIDs.contains(parent) && existing[parent] == nil {
                return (id, LocalizedText(zh: "上级组织「\(parent)」本身有误，未导入", en: "its parent '\(parent)' was not imported (see its line)"))
            }
            guard parentOf[parent] != nil else {
                return (id, LocalizedText(zh: "上级组织「\(parent)」既不在文件中也不在库中", en: "parent '\(parent)' is neither in the file nor in the store"))
            }
            if let start = path.firstIndex(of: parent) {
                let cycle = path[start...]
                let moved = cycle.first { member in existing[member].map { $0 != parentOf[member] ?? nil } ?? false }
                let culprit = moved ?? id
                return (
                    culprit,
                    LocalizedText(
                        zh: "组织「\(culprit)」的上级关系成环（\(cycle.joined(separator: " → "))）",
                        en: "the parents of '\(culprit)' go round in a cycle (\(cycle.joined(separator: " → ")))")
                )
            }
            path.append(parent)
            current = parent
        }
        return nil
    }

    /// The people whose every role is one the deployed workflows know, at an
    /// organisation that exists, in file order, and a problem for each of the others.
    ///
    /// - Parameter roles: the roles of the deployed workflows (and the administrator's);
    ///   `nil` before any workflow is deployed, when there is nothing to check against.
    public static func people(
        _ items: [Person], lines: [Int], organisations: Set<String>, roles: Set<String>? = nil
    ) -> (accepted: [Person], problems: [RowProblem]) {
        var accepted: [Person] = []
        var problems: [RowProblem] = []
        for (index, person) in items.enumerated() {
            if let roles, let unknown = person.roles.first(where: { !roles.contains($0.role) }) {
                let guess = Suggestion.closest(to: unknown.role, among: Array(roles))
                problems.append(
                    RowProblem(
                        line: line(lines, index),
                        message: LocalizedText(
                            zh: "角色「\(unknown.role)」不在任何已部署的工作流中" + (guess.map { "；是否想写「\($0)」？" } ?? ""),
                            en: "no deployed workflow has the role '\(unknown.role)'" + (guess.map { "; did you mean '\($0)'?" } ?? ""))))
            } else if let missing = person.roles.first(where: { !organisations.contains($0.organisation) }) {
                problems.append(
                    RowProblem(
                        line: line(lines, index),
                        message: LocalizedText(
                            zh: "角色「\(missing.role)」所在的组织「\(missing.organisation)」不存在",
                            en: "no organisation '\(missing.organisation)' for the role '\(missing.role)'")))
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
