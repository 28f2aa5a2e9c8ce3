public import DocketCore

/// The roles of the deployed workflows by the words people use for them: each role's
/// id, and its Chinese and English titles (党员 and Party member for `member`).
///
/// Read once with ``DocketApp/roleNames()``; a membership list's roles are turned into
/// ids with ``match(_:)``, and tables show a role with ``shown(_:in:)``. A title two
/// roles share is never taken for either of them: ``match(_:)`` answers both, for the
/// caller to refuse naming them.
public struct RoleNames: Sendable {
    /// What a typed word names.
    public enum Match: Sendable, Hashable {
        /// The role with this id.
        case role(String)
        /// No role has this id or title.
        case none
        /// A title more than one role has: their ids, in order.
        case ambiguous([String])
    }

    /// Each role's title, as the first workflow (by id, newest version) giving it one has it.
    public let titles: [String: LocalizedText]
    /// The role ids each title names: Chinese as written, English in lower case.
    private let byTitle: [String: Set<String>]

    /// The roles of `definitions`, with the administrator's and the timekeeper's, which
    /// no workflow declares.
    public init(_ definitions: [WorkflowDefinition]) {
        var titles: [String: LocalizedText] = [
            Authorization.administratorRole: LocalizedText(zh: "管理员", en: "Administrator"),
            Authorization.timekeeperRole: LocalizedText(zh: "计时员", en: "Timekeeper"),
        ]
        var byTitle: [String: Set<String>] = [:]
        for definition in definitions.sorted(by: { ($0.id, $0.version) < ($1.id, $1.version) }).reversed() {
            for role in definition.roles where titles[role.id] == nil { titles[role.id] = role.title }
        }
        for definition in definitions {
            for role in definition.roles {
                byTitle[role.title.zh, default: []].insert(role.id)
                if let english = role.title.en { byTitle[english.lowercased(), default: []].insert(role.id) }
            }
        }
        for (id, title) in titles where id == Authorization.administratorRole || id == Authorization.timekeeperRole {
            byTitle[title.zh, default: []].insert(id)
            if let english = title.en { byTitle[english.lowercased(), default: []].insert(id) }
        }
        self.titles = titles
        self.byTitle = byTitle
    }

    /// The role a clerk means by `typed`: its id, or the title of exactly one role
    /// (exact after trimming; English in any case).
    public func match(_ typed: String) -> Match {
        let text = typed.trimmedOfSpaces
        if titles[text] != nil { return .role(text) }
        let ids = (byTitle[text] ?? []).union(byTitle[text.lowercased()] ?? []).sorted()
        switch ids.count {
        case 0: return .none
        case 1: return .role(ids[0])
        default: return .ambiguous(ids)
        }
    }

    /// `村党支部书记 (branch-secretary)`: a role by its title with its id beside; a role no
    /// workflow gives a title by its id alone.
    public func shown(_ id: String, in language: Language) -> String {
        guard let title = titles[id] else { return id }
        return "\(title.text(language)) (\(id))"
    }
}
