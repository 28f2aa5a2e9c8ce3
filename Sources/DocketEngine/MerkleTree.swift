import Crypto
import Foundation

/// The audit trail as a Merkle tree, hashed as Certificate Transparency hashes its log
/// (RFC 9162, section 2.1): what lets one case's entries be proven genuine against a
/// signed head without handing over the others, and a later head be proven to extend an
/// earlier one without replaying the trail.
///
/// Each leaf is an entry's hash (its 32 bytes): the leaf hash is SHA-256(0x00 ‖ bytes),
/// an inner node SHA-256(0x01 ‖ left ‖ right), and a tree of `n` leaves splits at the
/// largest power of two below `n`. The prefixes keep a leaf from passing for a node.
///
/// The functions here are pure: they take the leaves (entry hashes in trail order) and
/// give roots and proofs, or check a proof with nothing but the leaf, the root and sizes.
public enum MerkleTree {
    /// A 32-byte SHA-256 digest.
    public typealias Hash = [UInt8]

    /// The root of an empty tree: SHA-256 of nothing.
    public static let emptyRoot: Hash = Array(SHA256.hash(data: Data()))

    /// The leaf hash of an entry: SHA-256(0x00 ‖ the entry's hash bytes).
    public static func leafHash(_ entryHash: Hash) -> Hash {
        var sha = SHA256()
        sha.update(data: [0])
        sha.update(data: entryHash)
        return Array(sha.finalize())
    }

    /// An inner node: SHA-256(0x01 ‖ left ‖ right).
    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var sha = SHA256()
        sha.update(data: [1])
        sha.update(data: left)
        sha.update(data: right)
        return Array(sha.finalize())
    }

    /// The 32 bytes of a hash written as 64 hex digits (an entry's hash); `nil` otherwise.
    public static func bytes(hex: String) -> Hash? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var out: Hash = []
        out.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    /// A hash as 64 lower-case hex digits.
    public static func hex(_ hash: Hash) -> String {
        hash.map { String(format: "%02x", $0) }.joined()
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The root of the tree over `leaves` (leaf hashes, in order): MTH in RFC 9162.
    public static func root(_ leaves: ArraySlice<Hash>) -> Hash {
        switch leaves.count {
        case 0: return emptyRoot
        case 1: return leaves[leaves.startIndex]
        default:
            let k = split(leaves.count)
            return nodeHash(
                root(leaves[leaves.startIndex..<leaves.startIndex + k]),
                root(leaves[(leaves.startIndex + k)...]))
        }
    }

    /// The largest power of two below `n` (n > 1): where a tree of `n` leaves splits.
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// The inclusion proof of leaf `index` in the tree over `leaves`: the sibling hashes
    /// from the leaf up (PATH in RFC 9162).
    ///
    /// - Precondition: `index` is a position of `leaves`.
    public static func inclusionProof(of index: Int, in leaves: ArraySlice<Hash>) -> [Hash] {
        guard leaves.count > 1 else { return [] }
        let k = split(leaves.count)
        let (left, right) = (
            leaves[leaves.startIndex..<leaves.startIndex + k], leaves[(leaves.startIndex + k)...]
        )
        if index < k { return inclusionProof(of: index, in: left) + [root(right)] }
        return inclusionProof(of: index - k, in: right) + [root(left)]
    }

    /// Whether `proof` shows the leaf `leaf` (a leaf hash) at `index` in a tree of `size`
    /// leaves whose root is `root` (RFC 9162, 2.1.3.2).
    public static func verifyInclusion(leaf: Hash, index: Int, size: Int, proof: [Hash], root: Hash) -> Bool {
        guard index >= 0, index < size else { return false }
        var (fn, sn, r) = (index, size - 1, leaf)
        for p in proof {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// The consistency proof between the tree of the first `size` leaves and the tree
    /// over all `leaves` (PROOF in RFC 9162): what shows the later tree extends the first.
    ///
    /// - Precondition: `0 < size <= leaves.count`.
    public static func consistencyProof(from size: Int, in leaves: ArraySlice<Hash>) -> [Hash] {
        subproof(size, leaves, complete: true)
    }

    private static func subproof(_ m: Int, _ leaves: ArraySlice<Hash>, complete: Bool) -> [Hash] {
        let n = leaves.count
        if m == n { return complete ? [] : [root(leaves)] }
        let k = split(n)
        let (left, right) = (leaves[leaves.startIndex..<leaves.startIndex + k], leaves[(leaves.startIndex + k)...])
        if m <= k { return subproof(m, left, complete: complete) + [root(right)] }
        return subproof(m - k, right, complete: false) + [root(left)]
    }

    /// Whether `proof` shows that the tree of `second` leaves with root `secondRoot`
    /// extends the tree of its first `first` leaves with root `firstRoot` (RFC 9162, 2.1.4.2).
    public static func verifyConsistency(
        first: Int, firstRoot: Hash, second: Int, secondRoot: Hash, proof: [Hash]
    ) -> Bool {
        guard first > 0, first <= second else { return false }
        if first == second { return proof.isEmpty && firstRoot == secondRoot }
        var path = proof
        if first & (first - 1) == 0 { path.insert(firstRoot, at: 0) }
        guard let start = path.first else { return false }
        var (fn, sn) = (first - 1, second - 1)
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var (fr, sr) = (start, start)
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == firstRoot && sr == secondRoot && sn == 0
    }
}
