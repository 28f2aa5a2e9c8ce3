public import DocketEngine

extension DocketApp {
    /// The proof of a case's entries against a signed checkpoint (version 2): each entry up
    /// to the checkpoint as stored, with its inclusion proof in the checkpoint's tree.
    ///
    /// The trail is read once, in order, up to the checkpoint's entry, verifying the chain
    /// and keeping only the nodes the proofs need: a trail of a million entries is never
    /// in memory. A trail that no longer passes through the checkpoint (another store,
    /// shorter, another hash or root at its entry) is refused, since no proof of it could
    /// check out. The trail covers the whole tree: proving from it needs a role at the top.
    ///
    /// - Throws: ``AccessError`` for a caller without that role; `ProofError` for a
    ///   checkpoint of version 1, a case with no entry up to it, a broken chain, or a trail
    ///   that does not pass through it.
    public func proveCase(_ caseID: String, against checkpoint: AuditCheckpoint, by caller: Caller) throws
        -> CaseProof
    {
        try reading { tx in
            try trailReader(caller, action: "audit prove", tx)
            guard checkpoint.merkleRoot != nil else { throw ProofError(.noRoot, caseID: caseID) }
            let entries = try tx.history(of: caseID).filter { $0.seq <= checkpoint.seq }
            guard !entries.isEmpty else { throw ProofError(.noEntries, caseID: caseID) }
            let spans = entries.map { MerkleTree.inclusionSpans(of: $0.seq - 1, size: checkpoint.seq) }
            let tree = try self.tree(through: checkpoint, wanting: Set(spans.joined()), also: nil, tx)
            return CaseProof(
                caseID: caseID, checkpoint: checkpoint,
                entries: zip(entries, spans).map { entry, spans in
                    ProvenEntry(entry, path: Self.hashes(of: spans, tree))
                })
        }
    }

    /// The proof that the trail at checkpoint `new` extends the trail at checkpoint `old`
    /// (both of version 2, of this store): the consistency proof between their trees.
    ///
    /// The trail is read once up to `new`'s entry, as ``proveCase(_:against:by:)`` reads it.
    /// A trail that does not pass through both is refused: rewritten since `old`, it
    /// cannot be proven to extend it.
    ///
    /// - Throws: ``AccessError`` for a caller without a role at the top; `ProofError`
    ///   for a checkpoint of version 1, `old` later than `new`, a broken chain, or a
    ///   trail that does not pass through either.
    public func proveConsistency(from old: AuditCheckpoint, to new: AuditCheckpoint, by caller: Caller) throws
        -> ConsistencyProof
    {
        try reading { tx in
            try trailReader(caller, action: "audit consistency", tx)
            for (which, checkpoint) in [(ProofError.Which.old, old), (.new, new)] where checkpoint.merkleRoot == nil {
                throw ProofError(.noRoot, which: which)
            }
            guard old.seq <= new.seq else { throw ProofError(.outOfOrder) }
            let spans = old.seq == new.seq ? [] : MerkleTree.consistencySpans(from: old.seq, size: new.seq)
            let tree = try self.tree(through: new, wanting: Set(spans), also: old, tx)
            return ConsistencyProof(old: old, new: new, path: Self.hashes(of: spans, tree))
        }
    }

    /// Reads and verifies the trail up to `checkpoint`'s entry, building its Merkle tree
    /// with the nodes `spans`, and checks that the trail passes through `checkpoint` and
    /// through `earlier` when one is given.
    private func tree(
        through checkpoint: AuditCheckpoint, wanting spans: Set<MerkleTree.Span>, also earlier: AuditCheckpoint?,
        _ tx: any StoreTransaction
    ) throws -> MerkleTree.Stream {
        let numbers = Set([checkpoint.seq] + (earlier.map { [$0.seq] } ?? []))
        let verifier = try AuditChain.verify(
            tx, recording: numbers, merkle: MerkleTree.Stream(wanting: spans, rootsAt: numbers),
            through: checkpoint.seq)
        if let broken = verifier.verification.firstBroken { throw ProofError(.chainBroken, seq: broken) }
        let trail = verifier.prefixes(store: try store.storeIdentifier())
        if let earlier, let reason = trail.mismatch(of: earlier) {
            throw ProofError(.offCheckpoint, which: .old, mismatch: reason, checkpoint: earlier)
        }
        if let reason = trail.mismatch(of: checkpoint) {
            throw ProofError(
                .offCheckpoint, which: earlier == nil ? nil : .new, mismatch: reason, checkpoint: checkpoint)
        }
        return verifier.merkle ?? MerkleTree.Stream()
    }

    /// The roots of a proof's nodes in a tree built through the proof's size, wanting them.
    private static func hashes(of spans: [MerkleTree.Span], _ tree: MerkleTree.Stream) -> [MerkleTree.Hash] {
        guard let hashes = tree.hashes(of: spans) else {
            // The tree was built wanting every one of these nodes and stopped at the
            // proof's size (the trail passed through the checkpoint), so each is known.
            preconditionFailure("a proof's node was neither kept nor at the tree's end")
        }
        return hashes
    }
}
