public import DocketCore
public import DocketEngine

extension CaseDisagreement.Difference {
    /// The difference's stable name, for `--json` and the API: `state`, `revision`,
    /// `workflow`, `organisation`, `assignee`, `data`, `limit`, `no-row` or `no-trail`.
    public var code: String {
        switch self {
        case .state: "state"
        case .revision: "revision"
        case .workflow: "workflow"
        case .organisation: "organisation"
        case .assignee: "assignee"
        case .data: "data"
        case .limit: "limit"
        case .noRow: "no-row"
        case .noTrail: "no-trail"
        }
    }

    /// The row's value and the trail's, as text (`nil` where the difference has none).
    public var values: (row: String?, trail: String?) {
        switch self {
        case .state(let row, let trail), .workflow(let row, let trail), .organisation(let row, let trail):
            (row, trail)
        case .revision(let row, let trail): (String(row), String(trail))
        case .assignee(let row, let trail): (row, trail)
        case .data, .limit, .noTrail: (nil, nil)
        case .noRow(let state): (nil, state)
        }
    }

    /// What differs, in Chinese and English.
    public var text: LocalizedText {
        func person(_ id: String?, zh: Bool) -> String { id ?? (zh ? "（无）" : "(none)") }
        switch self {
        case .state(let row, let trail):
            return LocalizedText(
                zh: "状态为「\(row)」，审计链为「\(trail)」", en: "its state is '\(row)', the trail's '\(trail)'")
        case .revision(let row, let trail):
            return LocalizedText(
                zh: "修订号为 \(row)，审计链记有 \(trail) 次变更", en: "its revision is \(row), the trail records \(trail) change(s)"
            )
        case .workflow(let row, let trail):
            return LocalizedText(zh: "工作流为 \(row)，审计链为 \(trail)", en: "its workflow is \(row), the trail's \(trail)")
        case .organisation(let row, let trail):
            return LocalizedText(
                zh: "所属组织为「\(row)」，审计链为「\(trail)」", en: "its organisation is '\(row)', the trail's '\(trail)'")
        case .assignee(let row, let trail):
            return LocalizedText(
                zh: "经办人为「\(person(row, zh: true))」，审计链为「\(person(trail, zh: true))」",
                en: "its assignee is '\(person(row, zh: false))', the trail's '\(person(trail, zh: false))'")
        case .data:
            return LocalizedText(
                zh: "字段数据与审计链最后一次变更留下的不同", en: "its data is not what the trail's last change left")
        case .limit(let rule):
            return LocalizedText(
                zh: "时限「\(rule)」记载的状态、组织或经办人与审计链不符",
                en: "its limit '\(rule)' names another state, organisation or assignee than the trail")
        case .noRow(let state):
            return LocalizedText(
                zh: "审计链记有该案件（状态「\(state)」），数据库中却没有它",
                en: "the trail records it (in '\(state)') and the store has no row for it")
        case .noTrail:
            return LocalizedText(
                zh: "数据库中有该案件，审计链却从未记载", en: "the store has a row for it and the trail never recorded it")
        }
    }
}

extension CaseDisagreement {
    /// The case and every way its row differs from its trail, in Chinese and English.
    public var text: LocalizedText {
        LocalizedText(
            zh: "案件 \(caseID) 与审计链不符：" + differences.map(\.text.zh).joined(separator: "；"),
            en: "case \(caseID) disagrees with its trail: "
                + differences.map { $0.text.en ?? $0.text.zh }.joined(separator: "; "))
    }
}
