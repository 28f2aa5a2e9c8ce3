import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketPresentation
import Foundation

/// The files of signed checkpoints and their keys, read and written for the `audit`
/// commands; the checking is the engine's (`AuditChain.firstMismatch`).
enum CheckpointFiles {
    /// The checkpoints of a file, in its order; blank lines and lines starting with `#`
    /// (a county's own notes) are skipped, and any other line that is not a checkpoint
    /// is refused with its number.
    static func read(_ path: String, _ context: CommandContext) throws -> [AuditCheckpoint] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw context.fail(
                .badFile, zh: "无法读取检查点文件 \(path)", en: "cannot read the checkpoint file \(path)",
                context: [("file", .string(path))])
        }
        var checkpoints: [AuditCheckpoint] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let checkpoint = AuditCheckpoint(line: line) else {
                throw context.fail(
                    .badFile, zh: "\(path):\(index + 1)：这一行不是检查点",
                    en: "\(path):\(index + 1): this line is not a checkpoint",
                    context: [("file", .string(path)), ("line", .int(index + 1))])
            }
            checkpoints.append(checkpoint)
        }
        return checkpoints
    }

    /// The checkpoint an argument names: a checkpoint's line as written (`docket-checkpoint/…`),
    /// a file of them (its last), or `FILE:N`, the file's `N`th (from 1, as `audit verify`
    /// numbers them).
    static func checkpoint(_ argument: String, _ context: CommandContext) throws -> AuditCheckpoint {
        let text = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("docket-checkpoint/") {
            guard let checkpoint = AuditCheckpoint(line: text) else {
                throw context.fail(
                    .invalidInput, zh: "「\(text.prefix(40))…」不是检查点", en: "'\(text.prefix(40))…' is not a checkpoint")
            }
            return checkpoint
        }
        var (path, position): (String, Int?) = (argument, nil)
        if !FileManager.default.fileExists(atPath: argument), let colon = argument.lastIndex(of: ":"),
            let number = Int(argument[argument.index(after: colon)...])
        {
            (path, position) = (String(argument[..<colon]), number)
        }
        let checkpoints = try read(path, context)
        guard let position else {
            guard let last = checkpoints.last else {
                throw context.fail(
                    .badFile, zh: "\(path) 中没有检查点", en: "\(path) holds no checkpoint",
                    context: [("file", .string(path))])
            }
            return last
        }
        guard checkpoints.indices.contains(position - 1) else {
            throw context.fail(
                .invalidInput, zh: "\(path) 中只有 \(checkpoints.count) 个检查点，没有第 \(position) 个",
                en: "\(path) holds \(checkpoints.count) checkpoint(s), not a checkpoint \(position)",
                context: [("file", .string(path)), ("checkpoints", .int(checkpoints.count))])
        }
        return checkpoints[position - 1]
    }

    /// A key file of `audit keygen`: one line of base64, 32 bytes.
    static func key(_ path: String, _ context: CommandContext) throws -> Data {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let key = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == 32
        else {
            throw context.fail(
                .badFile, zh: "\(path) 不是 docket audit keygen 生成的密钥",
                en: "\(path) is not a key made by docket audit keygen", context: [("file", .string(path))])
        }
        return key
    }

    /// Appends a checkpoint's line to a file, making the file when there is none.
    static func append(_ checkpoint: AuditCheckpoint, to path: String, _ context: CommandContext) throws {
        let line = Data((checkpoint.line + "\n").utf8)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: line) else { throw cannotWrite(path, context) }
            return
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw cannotWrite(path, context) }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        } catch {
            throw cannotWrite(path, context)
        }
    }

    /// A chain broken at `entry`: no checkpoint is signed for it.
    struct BrokenChain: Error {
        var entry: Int
    }

    /// Signs a checkpoint of the trail's head after checking the whole chain, printing
    /// nothing, so that a command writing JSON can close its object before a failure.
    ///
    /// - Returns: the checkpoint, or `nil` when the trail holds no entry yet.
    /// - Throws: ``BrokenChain`` for a broken chain; the application's errors as they are.
    static func signing(_ privateKey: Data, _ session: CommandContext.Session) throws -> AuditCheckpoint? {
        let (verification, signed) = try session.app.checkpoint(privateKey: privateKey, by: session.caller)
        if let broken = verification.firstBroken { throw BrokenChain(entry: broken) }
        return signed
    }

    /// The failure of ``signing(_:_:)``, reported: a broken chain with status 10, any
    /// other error as the application's errors are.
    static func fail(_ error: any Error, _ context: CommandContext) -> ExitCode {
        guard let broken = error as? BrokenChain else { return context.fail(error) }
        return context.fail(
            .auditBroken, zh: "审计链在第 \(broken.entry) 条处断裂，不能为其签署检查点",
            en: "the audit chain is broken at entry \(broken.entry); no checkpoint is signed for it",
            context: [("first_broken", .int(broken.entry))])
    }

    /// Signs the trail's head, to be appended to `file` unless the file's last checkpoint
    /// (`last`) is already of this head: what `tick` and `serve` write on a schedule.
    static func signedIfMoved(
        _ privateKey: Data, file: String, after last: AuditCheckpoint?, _ session: CommandContext.Session
    ) throws -> TickCheckpoint {
        guard let signed = try signing(privateKey, session) else {
            return TickCheckpoint(checkpoint: nil, file: file, appended: false)
        }
        let moved =
            last.map { $0.store != signed.store || $0.seq != signed.seq || $0.headHash != signed.headHash } ?? true
        return TickCheckpoint(checkpoint: signed, file: file, appended: moved)
    }

    /// The last checkpoint of a file, `nil` when there is no file or no checkpoint in it
    /// yet; a file that is not one is refused as ``read(_:_:)`` refuses it.
    static func last(of path: String, _ context: CommandContext) throws -> AuditCheckpoint? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try read(path, context).last
    }

    private static func cannotWrite(_ path: String, _ context: CommandContext) -> ExitCode {
        context.fail(.badFile, zh: "无法写入 \(path)", en: "cannot write \(path)", context: [("file", .string(path))])
    }

    /// The failure of a trail that does not pass through a checkpoint (status 10).
    static func fail(_ mismatch: CheckpointMismatch, _ context: CommandContext) -> ExitCode {
        context.fail(
            .auditBroken, zh: mismatch.text.zh, en: mismatch.text.en ?? mismatch.text.zh,
            context: [
                ("checkpoint", .int(mismatch.position)), ("seq", .int(mismatch.checkpoint.seq)),
                ("reason", .string(mismatch.code)),
            ])
    }
}
