/// The ids people type: of organisations, people, and cases chosen by hand.
public enum Identifier {
    /// Letters (of any script), digits, `-`, `_` and `.`, at most 64 of them. An id is
    /// typed on command lines, and an organisation's is a segment of the path its
    /// subtree is found by (`/county/town/village/`): a `/` in it would break the tree.
    public static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64
            && id.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
    }

    /// Why an id was refused, for a message that names it.
    public static func refusal(_ id: String) -> LocalizedText {
        LocalizedText(zh: "标识「\(id)」无效（字母、数字、- _ .，最长 64）", en: "id '\(id)' is not valid (letters, digits, - _ ., at most 64)")
    }
}
