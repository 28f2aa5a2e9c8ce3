import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketSQLite
import Foundation

/// What a command runs with: the options resolved against the environment, the store,
/// the deployment zone and "now", and the one place output and failures are written.
struct CommandContext {
    let globals: GlobalOptions
    var language: Language { globals.language }
    var zh: Bool { language == .zh }

    init(_ globals: GlobalOptions) { self.globals = globals }

    /// Opens (or with `create`, makes) the store named by `--db`: the one place the
    /// command line names a store type; everything after goes through `DocketApp`.
    func openStore(create: Bool = false, timeZone: String? = nil, simulation: Bool = false) throws -> any CaseStore {
        do {
            if create {
                return try SQLiteStore.open(
                    path: globals.databasePath, create: true, timeZone: timeZone ?? DeploymentZone.defaultIdentifier,
                    simulation: simulation)
            }
            return try SQLiteStore.open(
                path: globals.databasePath, create: false, lockWait: globals.lockWait ?? SQLiteStore.lockWaitLimit)
        } catch {
            throw fail(error)
        }
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

    /// What every command runs with: the application on the store, and the caller (the
    /// person of `--as` or `DOCKET_ACTOR`, and "now").
    struct Session {
        let app: DocketApp
        let caller: Caller
        var engine: Engine { app.engine }
        var zone: DeploymentZone { app.zone }
        var now: Date { caller.now }
    }

    func session(create: Bool = false, timeZone: String? = nil, simulation: Bool = false) throws -> Session {
        let store = try openStore(create: create, timeZone: timeZone, simulation: simulation)
        let app: DocketApp
        do { app = try DocketApp(store: store) } catch { throw fail(error) }
        return Session(app: app, caller: Caller(person: globals.actorID, now: try now(in: app.zone)))
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

    /// A stored text as a table shows it: cut at the input limit, saying how much is left
    /// out (a store may hold longer texts than input now accepts).
    func clipped(_ text: String) -> String {
        let clipped = ClippedText(text)
        guard clipped.omitted > 0 else { return text }
        return clipped.shown
            + self.text(
                zh: "……（以下略去 \(clipped.omitted) 字，全文见 --json）",
                en: "… (\(clipped.omitted) more characters; --json gives the whole text)")
    }

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
        case let access as AccessError: return fail(access)
        case let lookup as LookupError: return fail(lookup)
        case let dispatch as DispatchError: return fail(dispatch)
        case let undeclared as UndeclaredError:
            return fail(
                .invalidInput,
                zh: "工作流「\(undeclared.workflow)」没有 \(undeclared.section) 一节，无法据以统计（见 docs/workflow-language.md）",
                en:
                    "the workflow '\(undeclared.workflow)' has no \(undeclared.section) section to report by (see docs/workflow-language.md)",
                context: [("workflow", .string(undeclared.workflow))])
        case let calendar as CalendarError:
            return fail(.calendarNotCovering, message: calendar.message.text(language))
        default:
            return fail(.internalError, zh: "内部错误：\(error)", en: "internal error: \(error)")
        }
    }

    /// An engine failure in words, with the status its code has (`ExitStatus(error)`).
    private func fail(_ error: EngineError, definition: WorkflowDefinition?) -> ExitCode {
        let status = ExitStatus(error)
        switch error.reason {
        case .refused(let refusal): return fail(refusal, definition: definition)
        case .store(let store): return fail(store)
        case .notFound(let kind, let id):
            let name = Self.kindName(kind)
            return fail(
                status, zh: "找不到\(name.zh)「\(id)」", en: "no \(name.en) '\(id)'",
                context: [("kind", .string(kind.rawValue)), ("id", .string(id))])
        case .caseExists(let id):
            return fail(
                status, zh: "案件「\(id)」已存在", en: "case '\(id)' already exists", context: [("case", .string(id))])
        case .changeInFuture(let at, let clock):
            let zone = (try? openStore()).flatMap { try? DocketApp(store: $0).zone } ?? .shanghai
            return fail(
                status,
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
                status, zh: "活动名单有 \(problems.count) 行有误，未启动任何案件",
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
                status, zh: "案件标识「\(id)」无效（字母、数字、- _ .，最长 64）",
                en: "case id '\(id)' is not valid (letters, digits, - _ ., at most 64)")
        @unknown default:
            // A kind added to the engine after these words were written: named by its code.
            return fail(
                status, zh: "无法完成所请求的操作（\(error.code)）", en: "what was asked cannot be done (\(error.code))")
        }
    }

    private func fail(_ error: StoreError) -> ExitCode {
        fail(ExitStatus(error), zh: error.text.zh, en: error.text.en ?? error.description)
    }

    /// A refusal in words, with the status of its code and, as JSON context, its code
    /// (`refusal`) and the facts a script acts on.
    func fail(_ refusal: Refusal, definition: WorkflowDefinition?) -> ExitCode {
        var context: [(String, JSONValue)] = [
            ("refusal", .string(refusal.code.description)), ("case", .string(refusal.caseID)),
            ("state", .string(refusal.state)), ("event", .string(refusal.event)),
        ]
        // The facts of the reasons that have some to give; the others, and reasons added
        // later, add none.
        switch refusal.reason {
        case .unknownEvent(let possible), .notPossibleInState(let possible), .notAStartEvent(let possible):
            context.append(("possible_events", .array(possible.map(JSONValue.string))))
        case .switchedOff(let parameter, let possible):
            context.append(("parameter", .string(parameter)))
            context.append(("possible_events", .array(possible.map(JSONValue.string))))
        case .calendar(let error) where error.code == .outOfRange:
            context.append(("rule", .string(error.rule)))
        case .calendar(let error):
            context.append(("calendar", .string(error.calendar)))
            context.append(("year", .int(error.year)))
        case .unknownState(let possible):
            context.append(("states", .array(possible.map(JSONValue.string))))
        case .invalidFields(let problems):
            context.append(
                (
                    "fields",
                    .array(
                        problems.map {
                            .object([("field", .string($0.field)), ("problem", .string($0.message(in: language)))])
                        })
                ))
        case .checkFailed(let failure):
            context.append(("rule", .string(failure.rule)))
            context.append(("check_message", .string(failure.message.text(language))))
            context.append(("values", .object(failure.values.map { ($0.name, .string($0.value)) })))
            if let day = failure.possibleFrom { context.append(("possible_from", .string(day.description))) }
        case .computation(let field, _):
            context.append(("field", .string(field)))
        case .notPermitted(let actor, let required):
            context.append(("actor", .string(actor)))
            context.append(("required_roles", .array(required.map(JSONValue.string))))
        default:
            break
        }
        let message = refusal.message(in: language, definition: definition)
        return fail(ExitStatus(refusal), message: message, context: context)
    }
}
