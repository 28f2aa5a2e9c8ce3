import ArgumentParser
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation

/// The proof documents of `audit prove`, `audit consistency` and `audit check-proof`,
/// read, written and shown; making and checking them is the engine's (``AuditProof``).
enum ProofFiles {
    /// Writes a proof document, replacing the file as a whole.
    static func write(_ proof: AuditProof, to path: String, _ context: CommandContext) throws {
        do { try proof.json.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw context.fail(
                .badFile, zh: "无法写入 \(path)", en: "cannot write \(path)", context: [("file", .string(path))])
        }
    }

    /// The proof a file holds; a file that cannot be read or is not a proof is refused (status 11).
    static func read(_ path: String, _ context: CommandContext) throws -> AuditProof {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw context.fail(
                .badFile, zh: "无法读取证明文件 \(path)", en: "cannot read the proof file \(path)",
                context: [("file", .string(path))])
        }
        guard let proof = AuditProof(json: data) else {
            throw context.fail(
                .badFile, zh: "\(path) 不是 docket audit prove 或 audit consistency 出具的证明",
                en: "\(path) is not a proof made by docket audit prove or audit consistency",
                context: [("file", .string(path))])
        }
        return proof
    }

    /// A checkpoint as JSON: its fields, its short code and its line.
    static func json(_ checkpoint: AuditCheckpoint) -> JSONValue {
        .object([
            ("store", .string(checkpoint.store)), ("seq", .int(checkpoint.seq)),
            ("hash", .string(checkpoint.headHash)), ("root", .string(checkpoint.merkleRoot)),
            ("at", .string(DeploymentZone.utcFormat(checkpoint.at))), ("code", .string(checkpoint.code)),
            ("line", .string(checkpoint.line)),
        ])
    }

    /// What a proof of a case that checks out proves: the checkpoint and each step of the
    /// case, as JSON or as a table. Instants are in UTC, as the entries hold them: the
    /// deployment's zone is in the store, which the checker need not have.
    static func proven(_ proof: CaseProof, _ context: CommandContext) {
        let c = proof.checkpoint
        if context.globals.json {
            let entries: [JSONValue] = proof.entries.map { e in
                .object([
                    ("seq", .int(e.seq)), ("kind", .string(e.kind)), ("event", .string(e.event)),
                    ("from", .string(e.fromState)), ("to", .string(e.toState)), ("actor", .string(e.actor)),
                    ("at", .string(e.at)), ("on", .string(e.on)), ("recorded_at", .string(e.recordedAt)),
                    ("data", .string(e.data)), ("note", .string(e.note)), ("hash", .string(e.hash)),
                ])
            }
            context.emit(
                json: .object([
                    ("valid", .bool(true)), ("kind", .string("inclusion")), ("case", .string(proof.caseID)),
                    ("checkpoint", json(c)), ("entries", .array(entries)),
                ]))
            return
        }
        context.emit(
            context.text(
                zh: "证明成立：案件 \(proof.caseID) 的 \(proof.entries.count) 条记录，"
                    + "均在检查点（数据库 \(c.store)，第 \(c.seq) 条，\(c.code)，签于 \(DeploymentZone.utcFormat(c.at))）所签署的审计链中",
                en: "proof checks out: case \(proof.caseID)'s \(proof.entries.count) entries are on the trail signed "
                    + "by the checkpoint (store \(c.store), entry \(c.seq), \(c.code), "
                    + "signed \(DeploymentZone.utcFormat(c.at)))"))
        var table = Table(
            context.zh
                ? ["序号", "日期", "时间（UTC）", "事件", "状态", "操作人", "数据"]
                : ["seq", "on", "at (UTC)", "event", "state", "actor", "data"])
        for e in proof.entries {
            table.add([
                String(e.seq), e.on, e.at, e.event, "\(e.fromState ?? "—") → \(e.toState)", e.actor,
                context.clipped(e.data) + (e.note.map { " · " + context.clipped($0) } ?? ""),
            ])
        }
        context.emit(table.rendered())
    }

    /// What a consistency proof that checks out proves: the later checkpoint's trail
    /// extends the earlier one's.
    static func proven(_ proof: ConsistencyProof, _ context: CommandContext) {
        let (old, new) = (proof.old, proof.new)
        if context.globals.json {
            context.emit(
                json: .object([
                    ("valid", .bool(true)), ("kind", .string("consistency")), ("old", json(old)), ("new", json(new)),
                ]))
            return
        }
        context.emit(
            context.text(
                zh: "证明成立：数据库 \(new.store) 第 \(new.seq) 条处（\(new.code)）的审计链，"
                    + "是第 \(old.seq) 条处（\(old.code)）审计链的延续，其前 \(old.seq) 条未被改动",
                en: "proof checks out: the trail of store \(new.store) at entry \(new.seq) (\(new.code)) extends "
                    + "the trail at entry \(old.seq) (\(old.code)); its first \(old.seq) entries are unchanged"))
    }
}
