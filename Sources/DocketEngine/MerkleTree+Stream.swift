extension MerkleTree {
    /// The node of a tree over the leaves `lower..<upper`, as RFC 9162 splits trees: a
    /// proof is the list of the roots of some such nodes.
    public struct Span: Sendable, Hashable {
        public var lower: Int
        public var upper: Int

        public init(_ lower: Int, _ upper: Int) {
            self.lower = lower
            self.upper = upper
        }
    }

    /// The nodes whose roots make up the inclusion proof of leaf `index` in a tree of
    /// `size` leaves, from the leaf up: the spans of ``inclusionProof(of:in:)``, worked out
    /// without the leaves.
    ///
    /// - Precondition: `0 <= index < size`.
    public static func inclusionSpans(of index: Int, size: Int) -> [Span] {
        var spans: [Span] = []
        var (lower, upper) = (0, size)
        while upper - lower > 1 {
            let k = split(upper - lower)
            if index < lower + k {
                spans.append(Span(lower + k, upper))
                upper = lower + k
            } else {
                spans.append(Span(lower, lower + k))
                lower += k
            }
        }
        return spans.reversed()
    }

    /// The nodes whose roots make up the consistency proof from the tree of the first
    /// `first` leaves to the tree of `size`: the spans of ``consistencyProof(from:in:)``.
    ///
    /// - Precondition: `0 < first <= size`.
    public static func consistencySpans(from first: Int, size: Int) -> [Span] {
        var spans: [Span] = []
        var (lower, upper, m, complete) = (0, size, first, true)
        while m != upper - lower {
            let k = split(upper - lower)
            if m <= k {
                spans.append(Span(lower + k, upper))
                upper = lower + k
            } else {
                spans.append(Span(lower, lower + k))
                lower += k
                m -= k
                complete = false
            }
        }
        if !complete { spans.append(Span(lower, upper)) }
        return spans.reversed()
    }

    /// The tree built from leaves handed over one at a time, in order, keeping only what
    /// was asked for: a trail of a million entries is never in memory.
    ///
    /// It holds the roots of the complete subtrees the leaves so far fall into (at most one
    /// per bit of the count, a "compact range"), the roots of the nodes asked for when
    /// they are made, and the root of each prefix asked for when it is reached. Every node
    /// of an RFC 9162 tree is either a complete subtree, made as its last leaf arrives, or
    /// runs to the tree's last leaf, and is then the fold of the last subtrees held: so a
    /// proof of any leaves in a tree of `n` leaves is known once the `n`th arrives.
    ///
    /// ```swift
    /// let spans = MerkleTree.inclusionSpans(of: 4, size: 7)
    /// var stream = MerkleTree.Stream(wanting: Set(spans))
    /// for hash in entryHashes { stream.append(entryHash: hash) }
    /// let proof = stream.hashes(of: spans)   // MerkleTree.inclusionProof(of: 4, in: …)
    /// ```
    public struct Stream: Sendable {
        private struct Node: Sendable {
            var span: Span
            var hash: Hash
        }

        /// The complete subtrees the leaves so far fall into, largest (leftmost) first.
        private var compact: [Node] = []
        private let wanted: Set<Span>
        private var found: [Span: Hash] = [:]
        private let prefixes: Set<Int>
        /// How many leaves were appended.
        public private(set) var count = 0
        /// The root of the tree of the first `n` leaves, for each `n` asked for when the
        /// stream was made and reached since.
        public private(set) var roots: [Int: Hash] = [:]

        /// - Parameters:
        ///   - spans: the nodes whose roots to keep (from ``inclusionSpans(of:size:)`` or
        ///     ``consistencySpans(from:size:)``).
        ///   - prefixes: the sizes of the prefixes whose roots to keep (``roots``).
        public init(wanting spans: Set<Span> = [], rootsAt prefixes: Set<Int> = []) {
            wanted = spans
            self.prefixes = prefixes
        }

        /// Appends the next leaf, an entry's hash (its 32 bytes, not yet a leaf hash).
        public mutating func append(entryHash: Hash) {
            var node = Node(span: Span(count, count + 1), hash: leafHash(entryHash))
            count += 1
            keep(node)
            while let last = compact.last, last.span.upper - last.span.lower == node.span.upper - node.span.lower {
                compact.removeLast()
                node = Node(span: Span(last.span.lower, node.span.upper), hash: nodeHash(last.hash, node.hash))
                keep(node)
            }
            compact.append(node)
            if prefixes.contains(count) { roots[count] = root }
        }

        private mutating func keep(_ node: Node) {
            if wanted.contains(node.span) { found[node.span] = node.hash }
        }

        /// The root of the tree of the leaves appended so far.
        public var root: Hash { suffixRoot(from: 0) ?? emptyRoot }

        /// The root of the leaves from `lower` to the last, when `lower` starts one of the
        /// complete subtrees held: the fold, right to left, of those from it on.
        private func suffixRoot(from lower: Int) -> Hash? {
            guard let start = compact.firstIndex(where: { $0.span.lower == lower }) else { return nil }
            var hash = compact[compact.count - 1].hash
            for node in compact[start..<(compact.count - 1)].reversed() { hash = nodeHash(node.hash, hash) }
            return hash
        }

        /// The roots of `spans` in the tree of the leaves appended so far, in order: a
        /// proof, when the spans are a proof's; `nil` when one was neither asked for nor
        /// runs to the last leaf.
        public func hashes(of spans: [Span]) -> [Hash]? {
            var out: [Hash] = []
            out.reserveCapacity(spans.count)
            for span in spans {
                if let hash = found[span] {
                    out.append(hash)
                } else if span.upper == count, let hash = suffixRoot(from: span.lower) {
                    out.append(hash)
                } else {
                    return nil
                }
            }
            return out
        }
    }
}
