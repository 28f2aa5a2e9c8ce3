import DocketEngine
import Foundation
import Testing

/// The tree built from leaves streamed in order gives the roots and proofs the recursive
/// functions give over the whole list, keeping only the nodes asked for.
@Suite struct MerkleStreamTests {
    /// An entry's hash made of its position: 32 bytes, distinct per position.
    private static func entry(_ position: Int) -> MerkleTree.Hash {
        var bytes = MerkleTree.Hash(repeating: 0x5A, count: 24)
        withUnsafeBytes(of: UInt64(position).bigEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    @Test("every root, inclusion proof and consistency proof of trees up to 33 leaves is the recursive one")
    func sameAsRecursive() {
        for size in 1...33 {
            let entries = (0..<size).map(Self.entry)
            let leaves = entries.map(MerkleTree.leafHash)[...]
            let inclusion = (0..<size).map { MerkleTree.inclusionSpans(of: $0, size: size) }
            let consistency = (1...size).map { MerkleTree.consistencySpans(from: $0, size: size) }
            var stream = MerkleTree.Stream(
                wanting: Set(inclusion.joined()).union(consistency.joined()), rootsAt: Set(1...size))
            for entry in entries { stream.append(entryHash: entry) }
            #expect(stream.root == MerkleTree.root(leaves) && stream.count == size)
            for prefix in 1...size { #expect(stream.roots[prefix] == MerkleTree.root(leaves[..<prefix])) }
            for index in 0..<size {
                #expect(
                    stream.hashes(of: inclusion[index]) == MerkleTree.inclusionProof(of: index, in: leaves),
                    "leaf \(index) of \(size)")
            }
            for first in 1...size {
                #expect(
                    stream.hashes(of: consistency[first - 1]) == MerkleTree.consistencyProof(from: first, in: leaves),
                    "\(first) → \(size)")
            }
        }
        #expect(MerkleTree.Stream().root == MerkleTree.emptyRoot)
    }

    @Test("a node neither asked for nor at the tree's end is not known")
    func unaskedNode() {
        var stream = MerkleTree.Stream()
        for position in 0..<8 { stream.append(entryHash: Self.entry(position)) }
        #expect(stream.hashes(of: [MerkleTree.Span(0, 4)]) == nil)
        #expect(stream.hashes(of: [MerkleTree.Span(0, 8)]) == [stream.root])
    }

    @Test("proofs in a trail of a million entries are made from the streamed leaves and check out")
    func millionLeaves() {
        let size = 1_000_000
        let (indices, first) = ([0, 524_287, 524_288, size - 1], 765_432)
        let inclusion = indices.map { MerkleTree.inclusionSpans(of: $0, size: size) }
        let consistency = MerkleTree.consistencySpans(from: first, size: size)
        var stream = MerkleTree.Stream(wanting: Set(inclusion.joined()).union(consistency), rootsAt: [first])
        for position in 0..<size { stream.append(entryHash: Self.entry(position)) }
        let root = stream.root
        for (index, spans) in zip(indices, inclusion) {
            let proof = stream.hashes(of: spans) ?? []
            #expect(proof.count == spans.count && !proof.isEmpty)
            #expect(
                MerkleTree.verifyInclusion(
                    leaf: MerkleTree.leafHash(Self.entry(index)), index: index, size: size, proof: proof, root: root))
        }
        let firstRoot = stream.roots[first] ?? []
        #expect(
            MerkleTree.verifyConsistency(
                first: first, firstRoot: firstRoot, second: size, secondRoot: root,
                proof: stream.hashes(of: consistency) ?? []))
    }
}
