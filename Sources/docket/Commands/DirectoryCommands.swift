import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketPresentation
import DocketYAML
import Foundation

struct OrgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org", abstract: words(zh: "组织树。", en: "The organisation tree."),
        subcommands: [Import.self, Tree.self, Show.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "导入组织（YAML，或 CSV：id,name,parent,kind）：导入无误的行，有误的行按行号列出。",
                en:
                    "Import organisations (YAML, or CSV: id,name,parent,kind): the good rows, naming the bad ones by line."
            ))
        @Argument(help: help(zh: "要导入的文件。", en: "The file.")) var file: String
        @Flag(help: help(zh: "任一行有误则一行也不导入。", en: "Import nothing if any row is bad.")) var atomic = false
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let contents = DirectoryFile.organisations(source: try readFile(file, context), file: file)
            if atomic { try rejectProblems(contents.diagnostics, context) }
            let session = try context.session()
            let progress = ImportProgress(context: context)
            let checked = try DirectoryImport.write(file: file, context) {
                try session.app.importOrganisations(
                    atomic: atomic, by: session.caller,
                    progress: progress.update(_:of:)
                ) { existing in
                    DirectoryRows.organisations(contents.items, lines: contents.lines, existing: existing)
                }
            }
            progress.finish()
            try DirectoryImport(
                file: file, diagnostics: contents.diagnostics, problems: checked.problems, atomic: atomic
            ).report(count: checked.accepted.count, zh: "个组织", en: "organisation(s)", context)
        }
    }

    struct Tree: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(zh: "显示组织树，或某个组织及其下级。", en: "Print the organisation tree, or one subtree."))
        @Argument(help: help(zh: "只显示此组织及其下级。", en: "The root of the subtree.")) var id: String?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let (tree, roots): (OrganisationTree, [Organisation])
            do { (tree, roots) = try session.app.organisationTree(under: id, by: session.caller) } catch {
                throw context.fail(error)
            }
            if globals.json {
                context.emit(json: DirectoryDocument.tree(roots, in: tree))
                return
            }
            let children = Dictionary(grouping: tree.byID.values.sorted { $0.id < $1.id }, by: { $0.parent ?? "" })
            var lines: [String] = []
            func walk(_ org: Organisation, _ prefix: String, _ last: Bool, _ top: Bool) {
                let kind =
                    OrganisationKind.named(org.kind).map { "\($0.title.text(context.language)) (\(org.kind))" }
                    ?? org.kind
                lines.append((top ? "" : prefix + (last ? "└─ " : "├─ ")) + "\(org.name) (\(org.id)) \(kind)")
                let kids = children[org.id] ?? []
                for (i, kid) in kids.enumerated() {
                    walk(kid, top ? "" : prefix + (last ? "   " : "│  "), i == kids.count - 1, false)
                }
            }
            for root in roots { walk(root, "", true, true) }
            context.emit(lines.joined(separator: "\n"))
        }
    }
}

struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person", abstract: words(zh: "人员及其担任的角色。", en: "People and the roles they hold."),
        subcommands: [Import.self, List.self, Show.self, Password.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "导入人员（YAML，或 CSV：id,name,org,roles[,status][,skills]）：导入无误的行，有误的行按行号列出。",
                en:
                    "Import people (YAML, or CSV: id,name,org,roles[,status][,skills]): the good rows, naming the bad ones by line."
            )
        )
        @Argument(help: help(zh: "要导入的文件。", en: "The file.")) var file: String
        @Flag(help: help(zh: "任一行有误则一行也不导入。", en: "Import nothing if any row is bad.")) var atomic = false
        @Option(help: help(zh: "每个事务导入的人数。", en: "People per transaction.")) var batch = 1000
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            guard (1...Identifier.maximumBatch).contains(batch) else {
                throw context.fail(
                    .invalidInput, zh: "--batch 应为 1 至 \(Identifier.maximumBatch)",
                    en: "--batch must be from 1 to \(Identifier.maximumBatch)")
            }
            let contents = DirectoryFile.people(source: try readFile(file, context), file: file)
            if atomic { try rejectProblems(contents.diagnostics, context) }
            let session = try context.session()
            // Roles as the list writes them (党员 for member) are stored by their ids; a
            // title several roles have is kept as written, for its row to be refused.
            let roleNames = try session.app.roleNames()
            var ambiguous: [String: [String]] = [:]
            let people = contents.items.map { person in
                var person = person
                person.roles = person.roles.map { grant in
                    switch roleNames.match(grant.role) {
                    case .role(let id): return RoleGrant(role: id, organisation: grant.organisation)
                    case .ambiguous(let ids): ambiguous[grant.role] = ids
                    case .none: break
                    }
                    return grant
                }
                return person
            }
            let progress = ImportProgress(context: context)
            let outcome = try DirectoryImport.write(file: file, context) {
                try session.app.importPeople(
                    atomic: atomic, batchSize: batch, by: session.caller,
                    progress: progress.update(_:of:)
                ) { organisations, roles in
                    DirectoryRows.people(
                        people, lines: contents.lines, organisations: organisations, roles: roles,
                        ambiguous: ambiguous)
                }
            }
            progress.finish()
            try DirectoryImport(
                file: file, diagnostics: contents.diagnostics, problems: outcome.problems, atomic: atomic
            ).report(count: outcome.imported, zh: "名人员", en: "person(s)", context)
        }
    }
}

/// What the directory imports share: bad rows reported by line (or, with `--atomic`,
/// nothing written when there is one), the good ones written, and the count.
private struct DirectoryImport {
    let file: String
    let diagnostics: [Diagnostic]
    let problems: [RowProblem]
    let atomic: Bool

    /// Runs the import; stored data refused by the store is a bad file, named.
    static func write<T>(file: String, _ context: CommandContext, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError where error.code == .invalidData {
            throw context.fail(
                .badFile, zh: "\(file)：\(error.text.zh)", en: "\(file): \(error.text.en ?? error.message)")
        } catch {
            throw context.fail(error)
        }
    }

    /// Reports the outcome: with `atomic` and a bad row, that nothing was imported.
    func report(count: Int, zh: String, en: String, _ context: CommandContext) throws {
        let bad = diagnostics.count + problems.count
        if atomic && bad > 0 {
            report(context)
            throw context.fail(
                .badFile, zh: "文件有 \(bad) 行有误，未导入任何内容", en: "\(bad) bad row(s) in the file; nothing was imported")
        }
        if context.globals.json {
            context.emit(
                json: .object([
                    ("imported", .int(count)),
                    (
                        "rejected",
                        .array(
                            diagnostics.map {
                                .object([
                                    ("line", .int($0.line)), ("message", .string($0.message.zh)),
                                    ("message_en", .string($0.message.en)),
                                ])
                            }
                                + problems.map {
                                    .object([
                                        ("line", .int($0.line)), ("message", .string($0.message.zh)),
                                        ("message_en", .string($0.message.en)),
                                    ])
                                })
                    ),
                ]))
        } else {
            report(context)
            context.emit(
                context.text(
                    zh: "已导入 \(count) \(zh)" + (bad > 0 ? "，\(bad) 行有误" : ""),
                    en: "imported \(count) \(en)" + (bad > 0 ? "; \(bad) bad row(s)" : "")))
        }
        if bad > 0 { throw ExitCode(ExitStatus.badFile.rawValue) }
    }

    /// Every bad row on stderr: the reader's problems with their excerpt, then the rows
    /// that did not fit the tree or the store.
    private func report(_ context: CommandContext) {
        guard !context.globals.json else { return }
        for d in diagnostics { context.note(d.rendered(in: context.language)) }
        for p in problems { context.note("\(file):\(p.line): error: \(p.message.text(context.language))") }
    }
}

/// Prints every problem of an import file and fails before anything is written.
private func rejectProblems(_ diagnostics: [Diagnostic], _ context: CommandContext) throws {
    guard !diagnostics.isEmpty else { return }
    if !context.globals.json {
        for d in diagnostics { context.note(d.rendered(in: context.language)) }
    }
    throw context.fail(
        .badFile, zh: "文件有 \(diagnostics.count) 处错误，未导入任何内容",
        en: "\(diagnostics.count) problem(s) in the file; nothing was imported",
        context: [("diagnostics", .array(diagnostics.map(WorkflowFiles.json)))])
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: words(zh: "审计链。", en: "The audit trail."),
        subcommands: [
            Verify.self, Denied.self, Keygen.self, Checkpoint.self, Prove.self, CheckProof.self, Consistency.self,
        ])

    struct Denied: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "某组织之下被拒绝的操作（何人、何事、哪件案件、何时、何故）。",
                en: "Refused attempts (who, what, which case, when, why) under an organisation."))
        @Option(help: help(zh: "组织（含全部下级）。", en: "Organisation (with its whole subtree).")) var org: String?
        @Flag(help: help(zh: "以 CSV 输出到标准输出（带表头，Excel 可直接打开）。", en: "CSV on stdout (with a header row, for Excel)."))
        var csv = false
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let zone = session.zone
            let attempts: [DeniedAttempt]
            do { attempts = try session.app.deniedAttempts(under: org, by: session.caller) } catch {
                throw context.fail(error)
            }
            func reason(_ a: DeniedAttempt, _ language: Language) -> String {
                if a.requiredRoles.isEmpty {
                    return language == .zh ? "在该组织及其上级没有任何角色" : "no role over the organisation"
                }
                let list = a.requiredRoles.joined(separator: language == .zh ? "、" : ", ")
                return language == .zh ? "需担任：\(list)" : "needs one of: \(list)"
            }
            if globals.json || csv {
                let listed: JSONValue = .array(
                    attempts.map { a in
                        .object([
                            ("seq", .int(a.seq)), ("at", .string(zone.format(a.at))),
                            ("recorded_at", .string(zone.format(a.recordedAt))),
                            ("actor", .string(a.actor)), ("action", .string(a.action)), ("case", .string(a.caseID)),
                            ("org", .string(a.organisation)),
                            ("required_roles", .array(a.requiredRoles.map(JSONValue.string))),
                            ("reason", .string(reason(a, .zh))), ("reason_en", .string(reason(a, .en))),
                        ])
                    })
                if csv {
                    context.emit(CSVDocument.table(listed, language: context.language))
                } else {
                    context.emit(json: listed)
                }
                return
            }
            var table = Table(
                context.zh
                    ? ["序号", "时间", "操作人", "尝试", "案件", "组织", "原因"]
                    : ["seq", "at", "actor", "tried", "case", "organisation", "reason"])
            for a in attempts {
                table.add([
                    String(a.seq), zone.formatShort(a.at), a.actor, a.action, a.caseID ?? "—", a.organisation ?? "—",
                    reason(a, context.language),
                ])
            }
            context.emit(table.rendered())
            context.emit(context.text(zh: "共 \(attempts.count) 次被拒绝的尝试", en: "\(attempts.count) refused attempt(s)"))
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "核验整条哈希链，并按审计链重演每件案件、与数据库中的记录比对。",
                en: "Check the whole hash chain, and replay every case from it against the case's row."),
            discussion: words(
                zh: """
                    链断裂时指出第一条核验不通过的记录。链完好时，按审计链逐件重演案件，\
                    比对状态、修订号、字段数据、经办人、所属组织和未到期的时限：\
                    数据库记录与审计链不符的案件逐一列出（状态 10）。\
                    给出 --checkpoints 和 --public-key 时，审计链还须经过该文件中每个已签署的检查点\
                    （见 `audit checkpoint`）：此后被改写、截短或重建的审计链核验不通过（状态 10），\
                    并指出第一个未经过的检查点。
                    """,
                en: """
                    A broken chain is reported at its first entry that does not verify. An intact one is \
                    replayed case by case: state, revision, data, assignee, organisation and open limits are \
                    compared with each case's row, and every case whose row disagrees is named (status 10). \
                    With --checkpoints and --public-key, the trail must also pass through every signed \
                    checkpoint of the file (see `audit checkpoint`): a trail rewritten, truncated or rebuilt \
                    since then fails (status 10), naming the first checkpoint it does not pass through.
                    """))
        @Option(
            help: help(
                zh: "已签署的检查点文件（`audit checkpoint --out` 所写）。",
                en: "A file of signed checkpoints (`audit checkpoint --out`)."))
        var checkpoints: String?
        @Option(
            name: .customLong("public-key"),
            help: help(zh: "签署检查点所用的公钥（KEY.pub）。", en: "The public key the checkpoints are signed by (KEY.pub)."))
        var publicKey: String?
        @OptionGroup var globals: GlobalOptions

        func validate() throws {
            guard (checkpoints == nil) == (publicKey == nil) else {
                throw ValidationError("--checkpoints and --public-key go together")
            }
        }

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let result: AuditVerification
            var mismatch: CheckpointMismatch?
            var checked = 0
            do {
                if let checkpoints, let publicKey {
                    let file = try CheckpointFiles.read(checkpoints, context)
                    let key = try CheckpointFiles.key(publicKey, context)
                    (result, mismatch) = try session.app.verifyAuditTrail(
                        checkpoints: file, publicKey: key, by: session.caller)
                    checked = file.count
                } else {
                    result = try session.app.verifyAuditTrail(by: session.caller)
                }
            } catch { throw context.fail(error) }
            if result.firstBroken != nil, let failure = AuditDocument.failure(result, language: context.language) {
                throw context.fail(failure)
            }
            if let mismatch { throw CheckpointFiles.fail(mismatch, context) }
            if let failure = AuditDocument.failure(result, language: context.language) { throw context.fail(failure) }
            let replay = result.replay ?? CaseReplay.Summary()
            if globals.json {
                var fields = AuditDocument.intact(result)
                if checkpoints != nil { fields.append(("checkpoints", .int(checked))) }
                context.emit(json: .object(fields))
            } else {
                let headText = result.headHash.map { "\(result.entriesChecked) · \($0)" }
                context.emit(
                    context.text(
                        zh: "审计链完好：已核验 \(result.entriesChecked) 条" + (headText.map { "，链头 \($0)" } ?? "")
                            + (checkpoints == nil ? "" : "；经过全部 \(checked) 个签名检查点"),
                        en: "audit chain intact: \(result.entriesChecked) entries verified"
                            + (headText.map { ", head \($0)" } ?? "")
                            + (checkpoints == nil ? "" : "; it passes through all \(checked) signed checkpoint(s)")))
                context.emit(CaseReplayReport.agreement(replay, context))
            }
        }
    }

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "生成签署检查点用的 Ed25519 密钥对：KEY（私钥）和 KEY.pub。",
                en: "Make an Ed25519 key pair for signing checkpoints: KEY (private) and KEY.pub."),
            discussion: words(
                zh: """
                    私钥从不存入数据库：请存放在能写数据库的人拿不到的地方（例如县委组织部），\
                    把 KEY.pub 交给负责核验的人。
                    """,
                en: """
                    The private key never enters the store: keep it where those who can write to the store \
                    cannot (the county's organisation department, say), and give KEY.pub to whoever verifies.
                    """))
        @Option(
            help: help(
                zh: "私钥的保存位置；公钥存在其旁，名为 KEY.pub。",
                en: "Where the private key goes; the public key goes beside it, as KEY.pub."))
        var out: String
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let publicPath = out + ".pub"
            for path in [out, publicPath] where FileManager.default.fileExists(atPath: path) {
                throw context.fail(
                    .invalidInput, zh: "\(path) 已存在，未覆盖", en: "\(path) exists; it was not overwritten",
                    context: [("file", .string(path))])
            }
            let (privateKey, publicKey) = AuditCheckpoint.newKeyPair()
            let written =
                FileManager.default.createFile(
                    atPath: out, contents: Data((privateKey.base64EncodedString() + "\n").utf8),
                    attributes: [.posixPermissions: 0o600])
                && FileManager.default.createFile(
                    atPath: publicPath, contents: Data((publicKey.base64EncodedString() + "\n").utf8))
            guard written else {
                throw context.fail(
                    .badFile, zh: "无法写入 \(out)", en: "cannot write \(out)", context: [("file", .string(out))])
            }
            if globals.json {
                context.emit(json: .object([("key", .string(out)), ("public_key", .string(publicPath))]))
            } else {
                context.emit(
                    context.text(
                        zh: "已生成密钥：私钥 \(out)（请妥善保管，勿放入数据库所在机器），公钥 \(publicPath)",
                        en:
                            "key pair made: private key \(out) (keep it away from the store's machine), public key \(publicPath)"
                    ))
            }
        }
    }

    struct Checkpoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "为审计链的最新一条签署检查点，并追加到文件。", en: "Sign a checkpoint of the trail's head and append it to a file."),
            discussion: words(
                zh: """
                    先核验整条审计链：链已断裂则不签署（状态 10）。检查点签署链头和审计链默克尔树的根，\
                    `audit prove` 据此为单件案件出具证明。打印出的简短校验码，由县里写入月报，或报送上级。
                    """,
                en: """
                    The whole chain is checked first: a broken trail is not signed for (status 10). The \
                    checkpoint signs the head and the root of the trail's Merkle tree, which `audit prove` \
                    proves one case against. The short code printed is what a county writes into its monthly \
                    report, or hands to the level above.
                    """))
        @Option(help: help(zh: "私钥（由 `audit keygen` 生成）。", en: "The private key (from `audit keygen`)."))
        var key: String
        @Option(
            help: help(
                zh: "追加检查点的文件；不给出时只打印检查点。",
                en: "The checkpoint file to append to; without it the checkpoint is printed only."))
        var out: String?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let privateKey = try CheckpointFiles.key(key, context)
            let signed: AuditCheckpoint?
            do { signed = try CheckpointFiles.signing(privateKey, session) } catch {
                throw CheckpointFiles.fail(error, context)
            }
            guard let checkpoint = signed else {
                throw context.fail(
                    .invalidInput, zh: "审计链还没有任何记录，无可签署", en: "the audit trail is empty: nothing to sign")
            }
            if let out { try CheckpointFiles.append(checkpoint, to: out, context) }
            if globals.json {
                context.emit(
                    json: .object([
                        ("store", .string(checkpoint.store)), ("seq", .int(checkpoint.seq)),
                        ("hash", .string(checkpoint.headHash)), ("root", .string(checkpoint.merkleRoot)),
                        ("at", .string(session.zone.format(checkpoint.at))),
                        ("code", .string(checkpoint.code)), ("line", .string(checkpoint.line)), ("file", .string(out)),
                    ]))
            } else {
                if out == nil { context.emit(checkpoint.line) }
                context.emit(
                    context.text(
                        zh: "已签署检查点：第 \(checkpoint.seq) 条，校验码 \(checkpoint.code)"
                            + (out.map { "；已追加到 \($0)" } ?? ""),
                        en: "checkpoint signed at entry \(checkpoint.seq), code \(checkpoint.code)"
                            + (out.map { "; appended to \($0)" } ?? "")))
            }
        }
    }
}
