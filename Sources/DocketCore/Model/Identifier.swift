/// The ids people type: of organisations, people, and cases chosen by hand.
public enum Identifier {
    /// Letters (of any script), digits, `-`, `_` and `.`, at most 64 of them. An id is
    /// typed on command lines, and an organisation's is a segment of the path its
    /// subtree is found by (`/county/town/village/`): a `/` in it would break the tree.
    /// `.` and `..` alone are refused: they name a folder's self and parent in paths
    /// and URLs an id appears in.
    public static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id != "." && id != ".."
            && id.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
            }
    }

    /// The most rows one transaction of an import may take (`--batch`): beyond it a
    /// transaction holds the store for long and its rows take memory for nothing.
    public static let maximumBatch = 100_000
}
