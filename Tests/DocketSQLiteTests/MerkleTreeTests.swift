import DocketEngine
import Foundation
import Testing

/// The trail's Merkle tree hashes as RFC 9162 does: roots pinned on a small tree computed
/// independently, and every inclusion and consistency proof of it checked, tampered ones refused.
@Suite struct MerkleTreeTests {
    /// Seven entries whose hashes are SHA-256 of "0" … "6", as leaf hashes.
    private static let leaves: [MerkleTree.Hash] = (0..<7).map { i in
        MerkleTree.leafHash(MerkleTree.bytes(hex: AuditChain.sha256Hex(String(i))) ?? [])
    }

    @Test(
        "the roots of the first one to seven leaves are those computed independently, the empty tree's SHA-256 of nothing"
    )
    func pinnedRoots() {
        // Computed with Python's hashlib: leaf = sha256(0x00 + entry), node = sha256(0x01 + left + right),
        // split at the largest power of two below the size.
        let expected = [
            "13a77175e35eb1d9da91ee14df0d7772cea71289800206e2b45c882ecb06efbf",
            "bbb441530bdded54e6e2bfcdc829819ff39b30768eb9f023071dffc16b410f10",
            "8be871f13785b4c81a1700459c76ac2b3ae2caebb7876c376e223c6adff98c47",
            "626635eec4e2fa4a75475a0f1d633dbee55b6783247c108b9a12dcc60f13836e",
            "4e23fb40d8876f1299cca9b3c28432a01b11d1a20126606914612892ff2e09a7",
            "49a8d9139a2333a5c1b7cd5a8db90bc3f7f308dd7fbdbf9e4ffaed988f1764fb",
            "5653c4ab2514ccd6ea4f0159702d2aba901f2562aa75abcff5a19e344bee038f",
        ]
        for size in 1...7 { #expect(MerkleTree.hex(MerkleTree.root(Self.leaves[..<size])) == expected[size - 1]) }
        #expect(
            MerkleTree.hex(MerkleTree.emptyRoot) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(MerkleTree.bytes(hex: "zz") == nil && MerkleTree.bytes(hex: String(repeating: "g", count: 64)) == nil)
    }

    @Test(
        "every leaf of every tree up to seven is proven included, and a proof for another leaf, place or root is refused"
    )
    func inclusion() {
        for size in 1...7 {
            let tree = Self.leaves[..<size]
            let root = MerkleTree.root(tree)
            for index in 0..<size {
                let proof = MerkleTree.inclusionProof(of: index, in: tree)
                #expect(
                    MerkleTree.verifyInclusion(leaf: tree[index], index: index, size: size, proof: proof, root: root),
                    "leaf \(index) of \(size)")
                let other = tree[(index + 1) % size]
                if size > 1 {
                    #expect(
                        !MerkleTree.verifyInclusion(leaf: other, index: index, size: size, proof: proof, root: root))
                    #expect(
                        !MerkleTree.verifyInclusion(
                            leaf: tree[index], index: (index + 1) % size, size: size, proof: proof, root: root))
                }
                #expect(
                    !MerkleTree.verifyInclusion(
                        leaf: tree[index], index: index, size: size, proof: proof, root: MerkleTree.emptyRoot))
            }
        }
    }

    @Test("every smaller tree is proven a prefix of every larger one up to seven, and a rewritten prefix is refused")
    func consistency() {
        for second in 1...7 {
            let secondRoot = MerkleTree.root(Self.leaves[..<second])
            for first in 1...second {
                let firstRoot = MerkleTree.root(Self.leaves[..<first])
                let proof = MerkleTree.consistencyProof(from: first, in: Self.leaves[..<second])
                #expect(
                    MerkleTree.verifyConsistency(
                        first: first, firstRoot: firstRoot, second: second, secondRoot: secondRoot, proof: proof),
                    "\(first) → \(second)")
                // An earlier head of another history (its first leaf changed) does not verify.
                var rewritten = Array(Self.leaves[..<first])
                rewritten[0] = MerkleTree.leafHash([1, 2, 3])
                #expect(
                    !MerkleTree.verifyConsistency(
                        first: first, firstRoot: MerkleTree.root(rewritten[...]), second: second,
                        secondRoot: secondRoot, proof: proof))
            }
        }
    }
}
