import ArgumentParser
import DocketCore
import DocketEngine
import DocketSQLite
import Foundation

/// What a command runs with: the options resolved against the environment, the store,
/// the deployment zone and "now", and the one place output and failures are written.
struct CommandContext {
    let globals: GlobalOptions
    var language: Language { globals.language }
    var zh: Bool { language == .zh }

    init(_ globals: GlobalOptions) { self.globals = globals }

    /// Opens the store named by `--db`.
    func openStore() throws -> SQLiteStore {
        do {
            return try SQLiteStore.open(path: globals.databasePath, create: false, lockWait: globals.lockWait)
        } catch {
            throw fail(error)
        }
    }

    func zone(of store: SQLiteStore) throws -> DeploymentZone {
        let identifier = try store.timeZoneIdentifier()
        return DeploymentZone(identifier: identifier) ?? .shanghai
    }

    /// The command's "now": `--at`, `DOCKET_NOW`, or the system clock.
    func now(in zone: DeploymentZone) throws -> Date {
        guard let raw = globals.rawNow else { return Date() }
        guard let instant = zone.parseTyped(raw) else {
            throw fail(
                .invalidInput, zh: "--at「\(raw)」不是有效时间（可写作 \(DeploymentZone.typedForms)）",
                en: "--at '\(raw)' is not a valid time (any of \(DeploymentZone.typedForms))")
        }
        return instant
    }

    /// The acting person, required for every change (`--as` or `DOCKET_ACTOR`), and
    /// checked to exist in the store.
    func actor(in store: SQLiteStore) throws -> String {
        guard let actor = globals.actorID else {
            throw fail(
                .invalidInput, zh: "须指明操作人：--as 人员标识（或设置 DOCKET_ACTOR）",
                en: "the command needs the person acting: --as PERSON (or set DOCKET_ACTOR)")
        }
        guard actor != EventRequest.systemActor else {
            throw fail(
                .invalidInput, zh: "「system」是计时器的身份，任何人都不能以它操作",
                en: "'system' is the timers' identity; no person may act as it")
        }
        guard try store.person(actor) != nil else {
            throw fail(
                .notFound, zh: "操作人「\(actor)」不在人员名单中（先 docket person import）",
                en: "the acting person '\(actor)' is not in the store (run docket person import first)")
        }
        return actor
    }

    /// The person reading (`--as` or `DOCKET_ACTOR`): every read is scoped to them.
    func reader(in store: SQLiteStore) throws -> String {
        try actor(in: store)
    }

    /// Set-up work (deploy, imports, configure) needs the administrator role at the top of
    /// the tree once anyone holds it; before that the store is being set up and anyone may.
    func requireAdministrator(_ store: SQLiteStore, action: String, now: Date) throws {
        do {
            guard try store.hasAdministrator() else { return }
            let actor = try self.actor(in: store)
            let roots = try store.organisations().filter { $0.parent == nil }
            for root in roots where try store.roles(of: actor, over: root.id).contains(Authorization.administratorRole)
            { return }
            try store.recordDenied(
                DeniedAttempt(
                    at: now, recordedAt: Date(), actor: actor, action: action, caseID: nil,
                    organisation: roots.first?.id,
                    requiredRoles: [Authorization.administratorRole]))
            throw fail(
                .permissionDenied, zh: "\(actor) 无权执行「\(action)」：需在组织树顶端担任管理员（admin）",
                en: "\(actor) may not run '\(action)': it needs the administrator role (admin) at the top of the tree")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
    }

    /// The organisations a read covers: the one asked for when the reader holds a role
    /// over it, else the parts of it where they hold one; everything they may read when
    /// none is asked for. Reading outside them is refused (status 13) and recorded.
    func readScope(_ store: SQLiteStore, reader: String, requested: String?, now: Date) throws -> [String] {
        do {
            let roots = try store.scopeRoots(of: reader)
            guard let requested else {
                if roots.isEmpty {
                    throw fail(
                        .permissionDenied, zh: "\(reader) 未在任何组织担任角色，无可查看的案件",
                        en: "\(reader) holds no role anywhere, so there is nothing to read")
                }
                return roots
            }
            if try !store.roles(of: reader, over: requested).isEmpty { return [requested] }
            let all = Dictionary(try store.organisations().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let inside = roots.filter { root in
                var current = all[root]
                while let org = current {
                    if org.id == requested { return true }
                    current = org.parent.flatMap { all[$0] }
                }
                return false
            }
            if inside.isEmpty {
                try store.recordDenied(
                    DeniedAttempt(
                        at: now, recordedAt: Date(), actor: reader, action: "read", caseID: nil,
                        organisation: requested, requiredRoles: []))
                throw fail(
                    .permissionDenied, zh: "\(reader) 在「\(requested)」及其下级均未担任角色，无权查看",
                    en: "\(reader) holds no role at or under '\(requested)', so may not read it")
            }
            return inside
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
    }

    /// What most commands start with: the store, the engine on it, and "now".
    struct Session {
        let store: SQLiteStore
        let engine: Engine
        let now: Date
        var zone: DeploymentZone { engine.zone }
    }

    func session() throws -> Session {
        let store = try openStore()
        let engine = try self.engine(store)
        return Session(store: store, engine: engine, now: try now(in: engine.zone))
    }

    func engine(_ store: SQLiteStore) throws -> Engine {
        Engine(store: store, zone: try zone(of: store))
    }

    // MARK: Output

    /// Writes a result to stdout.
    func emit(_ text: String) {
        print(text)
    }

    func emit(json: JSONValue) {
        print(json.rendered())
    }

    /// Writes a diagnostic to stderr.
    func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    func text(zh: String, en: String) -> String { self.zh ? zh : en }

    // MARK: Failures

    /// Reports a failure (stderr, or a JSON error on stdout with `--json`) and returns the
    /// exit code to throw, so that nothing prints twice.
    func fail(_ status: ExitStatus, message: String, context: [(String, JSONValue)] = []) -> ExitCode {
        if globals.json {
            emit(
                json: .object([
                    ("error", .object([("code", .string(status.code)), ("message", .string(message))] + context))
                ]))
        } else {
            note((zh ? "错误：" : "error: ") + message)
        }
        return ExitCode(status.rawValue)
    }

    func fail(_ status: ExitStatus, zh: String, en: String, context: [(String, JSONValue)] = []) -> ExitCode {
        fail(status, message: self.zh ? zh : en, context: context)
    }

    /// Turns any error from the engine or the store into words and an exit status.
    func fail(_ error: any Error, definition: WorkflowDefinition? = nil) -> ExitCode {
        switch error {
        case let exit as ExitCode: return exit
        case let refusal as Refusal: return fail(refusal, definition: definition)
        case let engine as EngineError: return fail(engine, definition: definition)
        case let store as StoreError: return fail(store)
        default:
            return fail(.internalError, zh: "内部错误：\(error)", en: "internal error: \(error)")
        }
    }

    private func fail(_ error: EngineError, definition: WorkflowDefinition?) -> ExitCode {
        switch error.reason {
        case .refused(let refusal): return fail(refusal, definition: definition)
        case .store(let store): return fail(store)
        case .notFound(let kind, let id):
            let kinds: [EngineError.Kind: String] = [
                .case: "案件", .workflow: "工作流", .organisation: "组织", .person: "人员", .state: "状态", .calendar: "工作日历",
            ]
            return fail(
                .notFound, zh: "找不到\(kinds[kind] ?? kind.rawValue)「\(id)」", en: "no \(kind.rawValue) '\(id)'",
                context: [("kind", .string(kind.rawValue)), ("id", .string(id))])
        case .caseExists(let id):
            return fail(
                .conflict, zh: "案件「\(id)」已存在", en: "case '\(id)' already exists", context: [("case", .string(id))])
        case .changeInFuture(let at, let clock):
            let zone = (try? openStore()).flatMap { try? self.zone(of: $0) } ?? .shanghai
            return fail(
                .invalidInput,
                zh:
                    "--at \(zone.formatShort(at)) 晚于当前时间（\(zone.formatShort(clock))）：变动按发生的时间记录，不能预先记入将来；只有以 docket init --simulation 建立的演练库接受任意 --at",
                en:
                    "--at \(zone.formatShort(at)) is later than now (\(zone.formatShort(clock))): a change is recorded when it happens, never ahead; only a store made with docket init --simulation takes any --at",
                context: [("at", .string(zone.format(at))), ("clock", .string(zone.format(clock)))])
        case .campaignRejected(let problems):
            if !globals.json {
                for problem in problems {
                    note(
                        text(zh: "第 \(problem.line) 行：", en: "line \(problem.line): ") + problem.message.text(language))
                }
            }
            return fail(
                .badFile, zh: "活动名单有 \(problems.count) 行有误，未启动任何案件",
                en: "\(problems.count) bad row(s) in the campaign file; no case was started",
                context: [
                    (
                        "rows",
                        .array(
                            problems.map {
                                .object([
                                    ("line", .int($0.line)), ("message", .string($0.message.zh)),
                                    ("message_en", .string($0.message.en)),
                                ])
                            })
                    )
                ])
        case .invalidID(let id):
            return fail(
                .invalidInput, zh: "案件标识「\(id)」无效（字母、数字、- _ .，最长 64）",
                en: "case id '\(id)' is not valid (letters, digits, - _ ., at most 64)")
        }
    }

    private func fail(_ error: StoreError) -> ExitCode {
        let status: ExitStatus
        switch error.code {
        case .conflict, .versionConflict: status = .conflict
        case .notInitialised, .unavailable: status = .storeUnavailable
        case .busy: status = .storeBusy
        case .invalidData: status = .invalidInput
        default: status = .internalError
        }
        return fail(status, zh: error.text.zh, en: error.text.en ?? error.description)
    }

    func fail(_ refusal: Refusal, definition: WorkflowDefinition?) -> ExitCode {
        let status: ExitStatus
        var context: [(String, JSONValue)] = [
            ("case", .string(refusal.caseID)), ("state", .string(refusal.state)), ("event", .string(refusal.event)),
        ]
        switch refusal.reason {
        case .unknownEvent(let possible), .notPossibleInState(let possible), .notAStartEvent(let possible):
            status = .eventNotPossible
            context.append(("possible_events", .array(possible.map(JSONValue.string))))
        case .timerOnly:
            status = .eventNotPossible
        case .switchedOff(let parameter, let possible):
            status = .eventNotPossible
            context.append(("parameter", .string(parameter)))
            context.append(("possible_events", .array(possible.map(JSONValue.string))))
        case .calendar(let error) where error.reason == .outOfRange:
            status = .invalidInput
            context.append(("rule", .string(error.rule)))
        case .calendar(let error):
            status = .calendarNotCovering
            context.append(("calendar", .string(error.calendar)))
            context.append(("year", .int(error.year)))
        case .unknownState(let possible):
            status = .notFound
            context.append(("states", .array(possible.map(JSONValue.string))))
        case .invalidFields(let problems):
            status = .invalidInput
            context.append(
                (
                    "fields",
                    .array(
                        problems.map {
                            .object([("field", .string($0.field)), ("problem", .string($0.message(in: language)))])
                        })
                ))
        case .checkFailed(let failure):
            status = .checkFailed
            context.append(("rule", .string(failure.rule)))
            context.append(("check_message", .string(failure.message.text(language))))
            context.append(("values", .object(failure.values.map { ($0.name, .string($0.value)) })))
            if let day = failure.possibleFrom { context.append(("possible_from", .string(day.description))) }
        case .dateAfterNow, .dateBeforePreviousStep, .noParentOrganisation:
            status = .invalidInput
        case .noTargetMatched:
            status = .checkFailed
        case .computation(let field, _):
            status = .invalidInput
            context.append(("field", .string(field)))
        case .notPermitted(let actor, let required):
            status = .permissionDenied
            context.append(("actor", .string(actor)))
            context.append(("required_roles", .array(required.map(JSONValue.string))))
        }
        context.insert(("refusal", .string(refusal.code)), at: 0)
        return fail(status, message: refusal.message(in: language, definition: definition), context: context)
    }
}
