import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine

/// The application's refusals in words, with their exit statuses.
extension CommandContext {
    /// What a kind of thing is called, for messages.
    static func kindName(_ kind: EngineError.Kind) -> (zh: String, en: String) {
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

    /// A refusal of access in words, with the status its code has (`ExitStatus(error)`).
    func fail(_ error: AccessError) -> ExitCode {
        let (person, action) = (error.person, error.action)
        let subject = error.subject ?? ""
        let status = ExitStatus(error)
        switch error.code {
        case .noPerson:
            return fail(
                status, zh: "须指明操作人：--as 人员标识（或设置 DOCKET_ACTOR）",
                en: "the command needs the person acting: --as PERSON (or set DOCKET_ACTOR)")
        case .systemPerson:
            return fail(
                status, zh: "「system」是计时器的身份，任何人都不能以它操作",
                en: "'system' is the timers' identity; no person may act as it")
        case .unknownPerson:
            return fail(
                status, zh: "操作人「\(person)」不在人员名单中（先 docket person import）",
                en: "the acting person '\(person)' is not in the store (run docket person import first)")
        case .notAdministrator:
            return fail(
                status, zh: "\(person) 无权执行「\(action)」：需在组织树顶端担任管理员（admin）",
                en: "\(person) may not run '\(action)': it needs the administrator role (admin) at the top of the tree")
        case .needsTopRole:
            let roles = error.required.joined(separator: zh ? "、" : ", ")
            return fail(
                status,
                zh: "\(person) 无权执行「\(action)」：需在组织树顶端担任" + (roles.isEmpty ? "角色" : "以下角色之一：\(roles)"),
                en: "\(person) may not run '\(action)': it needs "
                    + (roles.isEmpty ? "a role" : "one of the roles \(roles)") + " at the top of the tree")
        case .noRole:
            return fail(
                status, zh: "\(person) 未在任何组织担任角色，无可查看的案件",
                en: "\(person) holds no role anywhere, so there is nothing to read")
        case .outsideScope:
            return fail(
                status, zh: "\(person) 在「\(subject)」及其下级均未担任角色，无权查看",
                en: "\(person) holds no role at or under '\(subject)', so may not read it")
        case .unseen:
            let kind = Self.kindName(error.subjectKind ?? .organisation)
            return fail(
                status, zh: "\(person) 无权查看\(kind.zh)「\(subject)」：不在其担任角色的组织之下",
                en:
                    "\(person) may not see the \(kind.en) '\(subject)': it is not under an organisation where they hold a role"
            )
        default:
            // A kind added to the application after these words were written: named by its code.
            return fail(
                status, zh: "\(person) 无权执行「\(action)」（\(error.code)）",
                en: "\(person) may not do '\(action)' (\(error.code))")
        }
    }

    func fail(_ error: LookupError) -> ExitCode {
        let kind = Self.kindName(error.kind)
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
            return fail(
                .notFound, zh: "「\(typed)」有 \(count) 个\(kind.zh)：\(listed(.zh))；请写明编号",
                en: "'\(typed)' names more than one \(kind.en) (\(count)): \(listed(.en)); give the id",
                context: [
                    ("kind", .string(error.kind.rawValue)), ("id", .string(typed)),
                    ("lookup", .string(error.code.description)),
                    ("candidates", .array(error.candidates.map { .string($0.id) })),
                ])
        }
        return fail(
            .notFound, zh: "找不到\(kind.zh)「\(typed)」" + (guess.map { "；是否应为「\($0)」？" } ?? ""),
            en: "no \(kind.en) '\(typed)'" + (guess.map { "; did you mean '\($0)'?" } ?? ""),
            context: [("kind", .string(error.kind.rawValue)), ("id", .string(typed))]
                + (guess.map { [("suggestion", JSONValue.string($0))] } ?? []))
    }

    /// A dispatch that could not be worked out in words, with the status its code has.
    func fail(_ error: DispatchError) -> ExitCode {
        let status = ExitStatus(error)
        switch error.code {
        case .notAssignable:
            return fail(
                status, zh: "案件 \(error.caseID) 当前状态下没有派单事件",
                en: "case \(error.caseID) cannot be assigned in its present state")
        case .notAssigning:
            return fail(
                status, zh: "--auto 只用于派单类事件（assigns）", en: "--auto is only for an event that assigns the case")
        case .alreadyChosen:
            let field = error.field ?? ""
            return fail(
                status, zh: "--auto 会选定「\(field)」，不要再用 --set 给出", en: "--auto chooses \(field); do not also --set it")
        case .noCandidate:
            return fail(status, zh: "没有可派单的党员", en: "no member could take this case")
        default:
            // A kind added to the application after these words were written: named by its code.
            return fail(
                status, zh: "案件 \(error.caseID) 无法派单（\(error.code)）",
                en: "case \(error.caseID) cannot be dispatched (\(error.code))")
        }
    }
}
