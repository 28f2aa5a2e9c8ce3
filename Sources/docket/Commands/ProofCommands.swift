import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation

/// The proofs of `audit`: one case's entries against a signed checkpoint, one checkpoint
/// extending another, and the check of either with nothing but the public key.
extension AuditCommand {
    struct Prove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "为一件案件的审计记录出具证明：凭公钥即可核验，无需数据库，也不泄露其他案件。",
                en: "Prove a case's entries genuine: checked with the public key alone, without the store "
                    + "or any other case."),
            discussion: words(
                zh: """
                    证明（JSON）含已签署的检查点、该案件在检查点之前的每条审计记录（原样，足以重算其哈希），\
                    以及每条记录在检查点默克尔树中的包含证明。交给上级，由其用 `audit check-proof` 核验。\
                    检查点须为第 2 版（签有默克尔树根）；审计链已不经过该检查点时不出具证明（状态 10）。\
                    审计链覆盖全部组织，须在组织树顶层担任角色。
                    """,
                en: """
                    The proof (JSON) holds the signed checkpoint, each of the case's entries up to it as \
                    stored (enough to hash each again), and each entry's inclusion proof in the checkpoint's \
                    Merkle tree. Hand it to the level above, which checks it with `audit check-proof`. The \
                    checkpoint must be of version 2 (it signs a Merkle root); a trail that no longer passes \
                    through it gets no proof (status 10). The trail covers the whole tree: proving from it \
                    needs a role at the top.
                    """))
        @Argument(help: help(zh: "案件 id。", en: "Case id.")) var id: String
        @Option(
            help: help(
                zh: "检查点：其一行原文、检查点文件（取最后一个），或 FILE:N（文件中的第 N 个）。",
                en: "The checkpoint: its line as written, a checkpoint file (its last), or FILE:N (the file's Nth)."
            ))
        var checkpoint: String
        @Option(
            help: help(zh: "证明写入的文件；不给出时打印到标准输出。", en: "The file to write the proof to; without it, stdout."))
        var out: String?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let signed = try CheckpointFiles.checkpoint(checkpoint, context)
            let proof: CaseProof
            do { proof = try session.app.proveCase(id, against: signed, by: session.caller) } catch {
                throw context.fail(error)
            }
            guard let out else {
                context.emit(String(decoding: AuditProof.inclusion(proof).json.dropLast(), as: UTF8.self))
                return
            }
            try ProofFiles.write(.inclusion(proof), to: out, context)
            if globals.json {
                context.emit(
                    json: .object([
                        ("case", .string(id)), ("entries", .int(proof.entries.count)),
                        ("checkpoint", ProofFiles.json(signed)), ("file", .string(out)),
                    ]))
            } else {
                context.emit(
                    context.text(
                        zh: "已将案件 \(id) 的 \(proof.entries.count) 条记录对检查点（第 \(signed.seq) 条，\(signed.code)）的证明写入 \(out)",
                        en: "the proof of case \(id)'s \(proof.entries.count) entries against the checkpoint "
                            + "(entry \(signed.seq), \(signed.code)) is written to \(out)"))
            }
        }
    }

    struct Consistency: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "证明较晚检查点的审计链是较早检查点审计链的延续，核验时无需重演全部记录。",
                en: "Prove the trail at a later checkpoint extends the trail at an earlier one, "
                    + "checked without replaying it."),
            discussion: words(
                zh: """
                    两个检查点均须为第 2 版、属于本数据库，且审计链经过二者；否则不出具证明（状态 10）。\
                    证明（JSON）由 `audit check-proof` 凭公钥核验。检查点的写法同 `audit prove --checkpoint`。
                    """,
                en: """
                    Both checkpoints must be of version 2, of this store, and the trail must pass through \
                    both; otherwise no proof is made (status 10). The proof (JSON) is checked with the \
                    public key by `audit check-proof`. Checkpoints are named as for `audit prove --checkpoint`.
                    """))
        @Argument(help: help(zh: "较早的检查点。", en: "The earlier checkpoint.")) var old: String
        @Argument(help: help(zh: "较晚的检查点。", en: "The later checkpoint.")) var new: String
        @Option(
            help: help(zh: "证明写入的文件；不给出时打印到标准输出。", en: "The file to write the proof to; without it, stdout."))
        var out: String?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let (earlier, later) = (
                try CheckpointFiles.checkpoint(old, context), try CheckpointFiles.checkpoint(new, context)
            )
            let proof: ConsistencyProof
            do { proof = try session.app.proveConsistency(from: earlier, to: later, by: session.caller) } catch {
                throw context.fail(error)
            }
            guard let out else {
                context.emit(String(decoding: AuditProof.consistency(proof).json.dropLast(), as: UTF8.self))
                return
            }
            try ProofFiles.write(.consistency(proof), to: out, context)
            if globals.json {
                context.emit(
                    json: .object([
                        ("old", ProofFiles.json(earlier)), ("new", ProofFiles.json(later)), ("file", .string(out)),
                    ]))
            } else {
                context.emit(
                    context.text(
                        zh: "已将第 \(later.seq) 条处的审计链延续第 \(earlier.seq) 条处审计链的证明写入 \(out)",
                        en: "the proof that the trail at entry \(later.seq) extends the trail at entry "
                            + "\(earlier.seq) is written to \(out)"))
            }
        }
    }

    struct CheckProof: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-proof",
            abstract: words(
                zh: "凭公钥核验 `audit prove` 或 `audit consistency` 出具的证明，无需数据库。",
                en: "Check a proof of `audit prove` or `audit consistency` with the public key, without the store."),
            discussion: words(
                zh: """
                    核验检查点的签名、按每条记录的字段重算其哈希、核验每条记录的包含证明（或两个检查点间的一致性证明）。\
                    成立时列出所证明的办理步骤；不成立时指出哪一处不符（状态 10）。
                    """,
                en: """
                    Checks the checkpoints' signatures, each entry's hash worked out again from its fields, and \
                    each entry's inclusion proof (or the consistency proof between two checkpoints). When it \
                    checks out, the steps it proves are listed; when not, what fails is named (status 10).
                    """))
        @Argument(help: help(zh: "证明文件。", en: "The proof file.")) var proof: String
        @Option(
            name: .customLong("public-key"),
            help: help(zh: "签署检查点所用的公钥（KEY.pub）。", en: "The public key the checkpoints are signed by (KEY.pub)."))
        var publicKey: String
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let document = try ProofFiles.read(proof, context)
            let key = try CheckpointFiles.key(publicKey, context)
            do {
                switch document {
                case .inclusion(let proof): try proof.check(publicKey: key)
                case .consistency(let proof): try proof.check(publicKey: key)
                }
            } catch {
                // Whatever a proof gets wrong, it does not check out: status 10.
                var failure = Failure.proof(error, language: context.language)
                failure.kind = .auditBroken
                throw context.fail(failure)
            }
            switch document {
            case .inclusion(let proof): ProofFiles.proven(proof, context)
            case .consistency(let proof): ProofFiles.proven(proof, context)
            }
        }
    }
}
