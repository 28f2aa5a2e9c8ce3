/// An organisation in the tree (county → township → village → branch or grid).
public struct Organisation: Sendable, Codable, Hashable {
    public var id: String
    public var name: String
    public var parent: String?
    /// Free-form level, e.g. `county`, `township`, `village`, `branch`, `grid`.
    public var kind: String

    public init(id: String, name: String, parent: String?, kind: String) {
        self.id = id
        self.name = name
        self.parent = parent
        self.kind = kind
    }
}

/// A person, their Party membership status and the roles they hold at organisations.
public struct Person: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case full, probationary, none

        /// The status a membership list names: its id, or the words on a county's roll
        /// (正式党员, 预备党员, 群众), trimmed.
        public init?(typed: String) {
            let text = typed.trimmedOfSpaces
            if let status = Status(rawValue: text.lowercased()) {
                self = status
                return
            }
            switch text {
            case "正式党员", "正式", "党员", "full member": self = .full
            case "预备党员", "预备", "probationary member": self = .probationary
            case "群众", "非党员", "无", "not a member": self = .none
            default: return nil
            }
        }

        /// The words of the roll, for messages.
        public var title: LocalizedText {
            switch self {
            case .full: LocalizedText(zh: "正式党员", en: "full member")
            case .probationary: LocalizedText(zh: "预备党员", en: "probationary member")
            case .none: LocalizedText(zh: "群众", en: "not a member")
            }
        }
    }

    public var id: String
    public var name: String
    public var status: Status
    public var skills: [String]
    public var roles: [RoleGrant]

    public init(id: String, name: String, status: Status = .none, skills: [String] = [], roles: [RoleGrant] = []) {
        self.id = id
        self.name = name
        self.status = status
        self.skills = skills
        self.roles = roles
    }
}

/// A role held at an organisation; it covers the organisation's whole subtree.
public struct RoleGrant: Sendable, Codable, Hashable {
    public var role: String
    public var organisation: String
    public init(role: String, organisation: String) {
        self.role = role
        self.organisation = organisation
    }
}
