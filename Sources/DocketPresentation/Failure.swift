import DocketApplication
public import DocketCore
public import DocketEngine
import DocketMessages

/// A failure as every front end shows it: its kind (an exit status, an HTTP status), the
/// message in the reader's language, and the facts a script acts on.
///
/// The command line prints the message and exits with the kind's status; the server
/// answers `{"error": {"code", "message", …context}}` with the kind's HTTP status. Both
/// build the failure here from the same error value, so the two never word one refusal
/// differently.
public struct Failure: Error, Sendable {
    public var kind: FailureKind
    public var message: String
    /// The facts beside the message, in the order they are written (`refusal`, `case`, …).
    public var context: [(String, JSONValue)]
    /// Lines a terminal prints before the message: a campaign file's bad rows, one each.
    public var details: [String]
    /// Whether the input was well formed but a rule refuses it (`from` after `to`, `--auto`
    /// on an event that assigns nobody, a case id with a character ids may not hold): the
    /// command line exits as for any invalid input, and the server answers 422 rather than
    /// 400, which it keeps for requests its OpenAPI document already calls malformed.
    public var unprocessable = false

    /// The HTTP status the server answers this failure with.
    public var httpStatus: Int { unprocessable && kind == .invalidInput ? 422 : kind.httpStatus }

    public init(_ kind: FailureKind, message: String, context: [(String, JSONValue)] = [], details: [String] = []) {
        self.kind = kind
        self.message = message
        self.context = context
        self.details = details
    }

    public init(
        _ kind: FailureKind, zh: String, en: String, language: Language, context: [(String, JSONValue)] = []
    ) {
        self.init(kind, message: language == .zh ? zh : en, context: context)
    }

    /// The error document of a JSON answer.
    public var json: JSONValue {
        .object([("error", .object([("code", .string(kind.code)), ("message", .string(message))] + context))])
    }
}

extension Failure {
    /// Any error of the engine, the store or the application in words.
    ///
    /// - Parameters:
    ///   - error: what went wrong; a ``Failure`` already in words is kept as it is.
    ///   - language: the reader's language.
    ///   - definition: the workflow a refused event belongs to, for field and event titles.
    ///   - zone: the deployment's zone, for the instants a message names.
    public init(
        _ error: any Error, language: Language, definition: WorkflowDefinition? = nil, zone: DeploymentZone = .shanghai
    ) {
        let words = Words(language: language, zone: zone)
        switch error {
        case let failure as Failure: self = failure
        case let refusal as Refusal: self = words.refusal(refusal, definition: definition)
        case let engine as EngineError: self = words.engine(engine, definition: definition)
        case let store as StoreError: self = words.store(store)
        case let access as AccessError: self = words.access(access)
        case let lookup as LookupError: self = words.lookup(lookup)
        case let dispatch as DispatchError: self = words.dispatch(dispatch)
        case let login as LoginError: self = words.login(login)
        case let proof as ProofError: self = Failure.proof(proof, language: language)
        case let undeclared as UndeclaredError:
            self = words.say(
                .invalidInput,
                zh: "工作流「\(undeclared.workflow)」没有 \(undeclared.section) 一节，无法据以统计（见 docs/workflow-language.md）",
                en:
                    "the workflow '\(undeclared.workflow)' has no \(undeclared.section) section to report by (see docs/workflow-language.md)",
                context: [("workflow", .string(undeclared.workflow))])
        case let calendar as CalendarError:
            self = Failure(.calendarNotCovering, message: calendar.message.text(language))
        default:
            self = words.say(.internalError, zh: "内部错误：\(error)", en: "internal error: \(error)")
        }
    }

    /// What a kind of thing is called, for messages.
    public static func kindName(_ kind: EngineError.Kind) -> (zh: String, en: String) {
        switch kind {
        case .case: ("案件", "case")
        case .workflow: ("工作流", "workflow")
        case .organisation: ("组织", "organisation")
        case .person: ("人员", "person")
        case .state: ("状态", "state")
        case .calendar: ("工作日历", "calendar")
        case .campaign: ("活动", "campaign")
        case .gradingScheme: ("分档方案", "grading scheme")
        case .event: ("事件", "event")
        case .field: ("字段", "field")
        case .role: ("角色", "role")
        }
    }
}

/// The words of each error type, in one language.
private struct Words {
    var language: Language
    var zone: DeploymentZone
    var zh: Bool { language == .zh }

    func say(_ kind: FailureKind, zh: String, en: String, context: [(String, JSONValue)] = []) -> Failure {
        Failure(kind, zh: zh, en: en, language: language, context: context)
    }

    /// An engine failure in words, with the kind its code has (`FailureKind(error)`).
    func engine(_ error: EngineError, definition: WorkflowDefinition?) -> Failure {
        let kind = FailureKind(error)
        switch error.reason {
        case .refused(let refusal): return self.refusal(refusal, definition: definition)
        case .store(let store): return self.store(store)
        case .notFound(let thing, let id):
            let name = Failure.kindName(thing)
            return say(
                kind, zh: "找不到\(name.zh)「\(id)」", en: "no \(name.en) '\(id)'",
                context: [("kind", .string(thing.rawValue)), ("id", .string(id))])
        case .caseExists(let id):
            return say(kind, zh: "案件「\(id)」已存在", en: "case '\(id)' already exists", context: [("case", .string(id))])
        case .changeInFuture(let at, let clock):
            return say(
                kind,
                zh:
                    "--at \(zone.formatShort(at)) 晚于当前时间（\(zone.formatShort(clock))）：变动按发生的时间记录，不能预先记入将来；只有以 docket init --simulation 建立的演练库接受任意 --at",
                en:
                    "--at \(zone.formatShort(at)) is later than now (\(zone.formatShort(clock))): a change is recorded when it happens, never ahead; only a store made with docket init --simulation takes any --at",
                context: [("at", .string(zone.format(at))), ("clock", .string(zone.format(clock)))])
        case .campaignRejected(let problems):
            var failure = say(
                kind, zh: "活动名单有 \(problems.count) 行有误，未启动任何案件",
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
            failure.details = problems.map {
                (zh ? "第 \($0.line) 行：" : "line \($0.line): ") + $0.message.text(language)
            }
            return failure
        case .invalidID(let id):
            var failure = say(
                kind, zh: "案件标识「\(id)」无效（字母、数字、- _ .，最长 64）",
                en: "case id '\(id)' is not valid (letters, digits, - _ ., at most 64)")
            failure.unprocessable = true
            return failure
        @unknown default:
            // A kind added to the engine after these words were written: named by its code.
            return say(kind, zh: "无法完成所请求的操作（\(error.code)）", en: "what was asked cannot be done (\(error.code))")
        }
    }

    func store(_ error: StoreError) -> Failure {
        say(FailureKind(error), zh: error.text.zh, en: error.text.en ?? error.description)
    }

    /// A refusal in words, with the kind of its code and, as context, its code
    /// (`refusal`) and the facts a script acts on.
    func refusal(_ refusal: Refusal, definition: WorkflowDefinition?) -> Failure {
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
        return Failure(
            FailureKind(refusal), message: refusal.message(in: language, definition: definition), context: context)
    }

    /// A refusal of access in words, with the status its code has (`FailureKind(error)`).
    func access(_ error: AccessError) -> Failure {
        let (person, action) = (error.person, error.action)
        let subject = error.subject ?? ""
        let status = FailureKind(error)
        switch error.code {
        case .noPerson:
            return say(
                status, zh: "须指明操作人：--as 人员标识（或设置 DOCKET_ACTOR）",
                en: "the command needs the person acting: --as PERSON (or set DOCKET_ACTOR)")
        case .systemPerson:
            return say(
                status, zh: "「system」是计时器的身份，任何人都不能以它操作",
                en: "'system' is the timers' identity; no person may act as it")
        case .unknownPerson:
            return say(
                status, zh: "操作人「\(person)」不在人员名单中（先 docket person import）",
                en: "the acting person '\(person)' is not in the store (run docket person import first)")
        case .notAdministrator:
            return say(
                status, zh: "\(person) 无权执行「\(action)」：需在组织树顶端担任管理员（admin）",
                en: "\(person) may not run '\(action)': it needs the administrator role (admin) at the top of the tree")
        case .needsTopRole:
            let roles = error.required.joined(separator: zh ? "、" : ", ")
            return say(
                status,
                zh: "\(person) 无权执行「\(action)」：需在组织树顶端担任" + (roles.isEmpty ? "角色" : "以下角色之一：\(roles)"),
                en: "\(person) may not run '\(action)': it needs "
                    + (roles.isEmpty ? "a role" : "one of the roles \(roles)") + " at the top of the tree")
        case .noRole:
            return say(
                status, zh: "\(person) 未在任何组织担任角色，无可查看的案件",
                en: "\(person) holds no role anywhere, so there is nothing to read")
        case .outsideScope:
            return say(
                status, zh: "\(person) 在「\(subject)」及其下级均未担任角色，无权查看",
                en: "\(person) holds no role at or under '\(subject)', so may not read it")
        case .unseen:
            let kind = Failure.kindName(error.subjectKind ?? .organisation)
            return say(
                status, zh: "\(person) 无权查看\(kind.zh)「\(subject)」：不在其担任角色的组织之下",
                en:
                    "\(person) may not see the \(kind.en) '\(subject)': it is not under an organisation where they hold a role"
            )
        default:
            // A kind added to the application after these words were written: named by its code.
            return say(
                status, zh: "\(person) 无权执行「\(action)」（\(error.code)）",
                en: "\(person) may not do '\(action)' (\(error.code))")
        }
    }

    func lookup(_ error: LookupError) -> Failure {
        let kind = Failure.kindName(error.kind)
        let (typed, guess) = (error.typed, error.suggestion)
        if error.code == .ambiguous {
            // 「东村」有 2 个组织：dongcun-a（东村，城关镇）、dongcun-b（东村，河口镇）
            func listed(_ language: Language) -> String {
                error.candidates.map { candidate in
                    let words = candidate.detail.map { $0.text(language) }
                    guard !words.isEmpty else { return candidate.id }
                    return language == .zh
                        ? "\(candidate.id)（\(words.joined(separator: "，"))）"
                        : "\(candidate.id) (\(words.joined(separator: ", ")))"
                }.joined(separator: language == .zh ? "、" : "; ")
            }
            let count = error.candidates.count
            return say(
                .notFound, zh: "「\(typed)」有 \(count) 个\(kind.zh)：\(listed(.zh))；请写明编号",
                en: "'\(typed)' names more than one \(kind.en) (\(count)): \(listed(.en)); give the id",
                context: [
                    ("kind", .string(error.kind.rawValue)), ("id", .string(typed)),
                    ("lookup", .string(error.code.description)),
                    ("candidates", .array(error.candidates.map { .string($0.id) })),
                ])
        }
        return say(
            .notFound, zh: "找不到\(kind.zh)「\(typed)」" + (guess.map { "；是否应为「\($0)」？" } ?? ""),
            en: "no \(kind.en) '\(typed)'" + (guess.map { "; did you mean '\($0)'?" } ?? ""),
            context: [("kind", .string(error.kind.rawValue)), ("id", .string(typed))]
                + (guess.map { [("suggestion", JSONValue.string($0))] } ?? []))
    }

    /// A dispatch that could not be worked out in words, with the status its code has.
    func dispatch(_ error: DispatchError) -> Failure {
        let status = FailureKind(error)
        switch error.code {
        case .notAssignable:
            return say(
                status, zh: "案件 \(error.caseID) 当前状态下没有派单事件",
                en: "case \(error.caseID) cannot be assigned in its present state")
        case .notAssigning:
            var failure = say(
                status, zh: "--auto 只用于派单类事件（assigns）", en: "--auto is only for an event that assigns the case")
            failure.unprocessable = true
            return failure
        case .alreadyChosen:
            let field = error.field ?? ""
            var failure = say(
                status, zh: "--auto 会选定「\(field)」，不要再用 --set 给出", en: "--auto chooses \(field); do not also --set it")
            failure.unprocessable = true
            return failure
        case .noCandidate:
            return say(status, zh: "没有可派单的党员", en: "no member could take this case")
        default:
            // A kind added to the application after these words were written: named by its code.
            return say(
                status, zh: "案件 \(error.caseID) 无法派单（\(error.code)）",
                en: "case \(error.caseID) cannot be dispatched (\(error.code))")
        }
    }

    /// A login or token that could not be used. A failed login never says whether the
    /// person exists.
    func login(_ error: LoginError) -> Failure {
        let kind = FailureKind(error)
        switch error.code {
        case .badCredentials:
            return say(kind, zh: "人员标识或密码不对", en: "wrong person id or password")
        case .throttled:
            return say(
                kind, zh: "登录失败次数过多，请 15 分钟后再试",
                en: "too many failed logins; try again in 15 minutes")
        case .weakPassword:
            return say(kind, zh: "密码应为 8 至 72 个字符", en: "a password has 8 to 72 characters")
        case .unknownToken:
            let token = error.token ?? ""
            return say(
                kind, zh: "找不到令牌「\(token)」", en: "no token '\(token)'", context: [("token", .string(token))])
        default:
            return say(kind, zh: "无法登录（\(error.code)）", en: "cannot log in (\(error.code))")
        }
    }
}

extension Failure {
    /// A proof that could not be made, or does not check out, with the facts a script acts
    /// on: `reason` (the `ProofError` code), the entry, the case, which checkpoint, and
    /// how the trail misses it.
    public static func proof(_ error: ProofError, language: Language) -> Failure {
        var context: [(String, JSONValue)] = [("reason", .string(error.code.description))]
        if let caseID = error.caseID { context.append(("case", .string(caseID))) }
        if let seq = error.seq { context.append(("seq", .int(seq))) }
        if let which = error.which { context.append(("checkpoint", .string(which.rawValue))) }
        if let mismatch = error.mismatch { context.append(("mismatch", .string(mismatch.code))) }
        return Failure(FailureKind(error), message: error.text.text(language), context: context)
    }
}
