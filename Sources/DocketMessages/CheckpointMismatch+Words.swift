public import DocketCore
public import DocketEngine

extension CheckpointMismatch {
    /// The reason's stable name, for `--json` and the API: `not-signed`, `other-store`,
    /// `missing`, `rewritten` or `other-root`.
    public var code: String { reason.code }

    /// Which checkpoint the trail does not pass through, and what that means, in Chinese
    /// and English.
    public var text: LocalizedText {
        reason.text(
            checkpoint, zh: "第 \(position) 个检查点（第 \(checkpoint.seq) 条，\(checkpoint.code)）",
            en: "checkpoint \(position) (entry \(checkpoint.seq), \(checkpoint.code))")
    }
}

extension CheckpointMismatch.Reason {
    /// The reason's stable name, for `--json` and the API.
    public var code: String {
        switch self {
        case .notSigned: "not-signed"
        case .otherStore: "other-store"
        case .missing: "missing"
        case .rewritten: "rewritten"
        case .otherRoot: "other-root"
        }
    }

    /// How the trail does not pass through `c`, named as `zh` and `en` say (「第 1 个检查点（…）」,
    /// "checkpoint 1 (…)"), in Chinese and English.
    public func text(_ c: AuditCheckpoint, zh: String, en: String) -> LocalizedText {
        switch self {
        case .notSigned:
            return LocalizedText(
                zh: "\(zh)的签名与给出的公钥不符：它是伪造的，或由另一把密钥签署",
                en: "\(en) is not signed by the given public key: forged, or signed by another key")
        case .otherStore(let store):
            return LocalizedText(
                zh: "\(zh)属于另一个数据库（\(store)）：审计链所在的数据库已被重建",
                en: "\(en) was made of another store (\(store)): this store has been rebuilt")
        case .missing(let entries):
            return LocalizedText(
                zh: "\(zh)之后的记录不见了：审计链只剩 \(entries) 条，已被截短",
                en: "the trail ends at entry \(entries), before \(en): entries were removed")
        case .rewritten:
            return LocalizedText(
                zh: "审计链第 \(c.seq) 条的哈希与\(zh)不符：该条或其之前的记录已被改写",
                en: "entry \(c.seq) no longer has the hash of \(en): the trail up to it was rewritten")
        case .otherRoot:
            return LocalizedText(
                zh: "审计链前 \(c.seq) 条的默克尔树根与\(zh)不符：审计链所含的记录已不是签署时的那些",
                en: "the Merkle root of the trail's first \(c.seq) entries is not that of \(en): "
                    + "the trail holds other entries than it was signed over")
        }
    }
}
