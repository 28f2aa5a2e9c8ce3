import DocketCore

/// The part of the tree a person may read: each organisation where they hold a role, and
/// everything below it.
public struct ReadScope: Sendable {
    public let person: String
    /// Where the person holds a role: the tops of what they may read, as the store lists them.
    public let roots: [String]
    public let tree: OrganisationTree
    /// Every organisation the person may read.
    public let visible: Set<String>

    public init(person: String, roots: [String], tree: OrganisationTree) {
        self.person = person
        self.roots = roots
        self.tree = tree
        let tops = Set(roots)
        visible = Set(tree.byID.keys.filter { tree.isUnder($0, anyOf: tops) })
    }

    /// Whether the person holds a role at the top of the tree, and so reads all of it. To
    /// such a reader, something that is not there is "not found"; to anyone else it is
    /// told as a refusal, alike for what exists outside their part and what does not exist.
    public var wholeTree: Bool { roots.contains { tree[$0]?.parent == nil } }

    public func covers(_ organisation: String) -> Bool { visible.contains(organisation) }
}
