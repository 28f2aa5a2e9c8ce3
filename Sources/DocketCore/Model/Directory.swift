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
