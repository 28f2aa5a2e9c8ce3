public import DocketCore
public import DocketEngine

extension ProofError {
    /// What failed, in Chinese and English: the case or checkpoint and the entry it is
    /// about, and what that means for the proof.
    public var text: LocalizedText {
        let subject: (zh: String, en: String)? = caseID.map { ("案件 \($0)", "case \($0)") }
        let named: (zh: String, en: String) =
            switch which {
            case .old: ("较早的检查点", "the old checkpoint")
            case .new: ("较晚的检查点", "the new checkpoint")
            case nil: ("检查点", "the checkpoint")
            }
        let entry: (zh: String, en: String) = ("第 \(seq ?? 0) 条", "entry \(seq ?? 0)")
        switch code {
        case .noRoot:
            return LocalizedText(
                zh: "\(named.zh)是第 1 版（docket-checkpoint/1），没有签署默克尔树根，无从证明：请先签署新的检查点",
                en: "\(named.en) is of version 1 (docket-checkpoint/1) and signs no Merkle root to prove against; "
                    + "sign a new checkpoint first")
        case .noEntries:
            return LocalizedText(
                zh: "\(subject?.zh ?? "证明")在该检查点之前没有任何审计记录，无可证明",
                en: "\(subject?.en ?? "the proof") has no entry on the trail up to the checkpoint: nothing to prove")
        case .chainBroken:
            return LocalizedText(
                zh: "审计链在\(entry.zh)处断裂，无法据以出具证明",
                en: "the audit chain is broken at \(entry.en); no proof is made of it")
        case .offCheckpoint:
            guard let mismatch, let checkpoint else { break }
            return mismatch.text(
                checkpoint, zh: "\(named.zh)（第 \(checkpoint.seq) 条，\(checkpoint.code)）",
                en: "\(named.en) (entry \(checkpoint.seq), \(checkpoint.code))")
        case .notSigned:
            return LocalizedText(
                zh: "\(named.zh)的签名与给出的公钥不符：证明是伪造的、被改动过，或由另一把密钥签署",
                en: "\(named.en) is not signed by the given public key: the proof was forged or edited, "
                    + "or signed by another key")
        case .otherCase:
            return LocalizedText(
                zh: "证明中的\(entry.zh)不属于\(subject?.zh ?? "该案件")",
                en: "\(entry.en) of the proof is not of \(subject?.en ?? "the case")")
        case .beyondCheckpoint:
            return LocalizedText(
                zh: "证明中的\(entry.zh)在检查点之后，检查点无从为其作证",
                en: "\(entry.en) of the proof comes after the checkpoint, which cannot vouch for it")
        case .entryAltered:
            return LocalizedText(
                zh: "证明中的\(entry.zh)的内容与其哈希不符：该条记录被改动过",
                en: "the fields of \(entry.en) do not hash to its hash: the entry was edited")
        case .notIncluded:
            return LocalizedText(
                zh: "证明中的\(entry.zh)不在检查点签署的默克尔树中：它不是签署时审计链上的那一条",
                en: "\(entry.en) is not in the Merkle tree the checkpoint signs: "
                    + "it is not the entry the signed trail holds")
        case .otherStore:
            return LocalizedText(zh: "两个检查点属于不同的数据库", en: "the two checkpoints were made of different stores")
        case .outOfOrder:
            return LocalizedText(
                zh: "较早的检查点比较晚的检查点条数还多：请按先后顺序给出",
                en: "the old checkpoint has more entries than the new one: give them in order")
        case .notConsistent:
            return LocalizedText(
                zh: "较晚检查点的审计链并非较早检查点审计链的延续：其间审计链被改写过",
                en: "the trail at the new checkpoint does not extend the trail at the old one: "
                    + "it was rewritten in between")
        default:
            break
        }
        return LocalizedText(zh: "证明不成立（\(code)）", en: "the proof does not check out (\(code))")
    }
}
