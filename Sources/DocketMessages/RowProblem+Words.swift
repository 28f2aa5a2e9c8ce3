public import DocketCore

extension RowProblem {
    /// The problem in words, in Chinese and English.
    public var message: LocalizedText {
        switch reason {
        case .described(let text):
            return text
        case .refused(let refusal, let definition):
            return LocalizedText(
                zh: refusal.message(in: .zh, definition: definition),
                en: refusal.message(in: .en, definition: definition))
        case .caseIDTaken(let id):
            return LocalizedText(zh: "案件编号「\(id)」已被占用", en: "case id '\(id)' is taken")
        case .invalidCaseID(let id):
            return LocalizedText(
                zh: "案件标识「\(id)」无效（字母、数字、- _ .，最长 64）",
                en: "case id '\(id)' is not valid (letters, digits, - _ ., at most 64)")
        case .unknownOrganisation(let id):
            return LocalizedText(zh: "组织「\(id)」不存在", en: "no organisation '\(id)'")
        case .unknownWorkflow(let id):
            return LocalizedText(zh: "没有已部署的工作流「\(id)」", en: "no deployed workflow '\(id)'")
        case .listedTwice(let organisation, let firstLine):
            return LocalizedText(
                zh: "组织「\(organisation)」重复（第 \(firstLine) 行已列出）",
                en: "organisation '\(organisation)' is listed twice (first at line \(firstLine))")
        case .alreadyOpen(let organisation, let workflow, let title):
            return LocalizedText(
                zh: "组织「\(organisation)」已有在办的\(title.zh)案件",
                en: "organisation '\(organisation)' already has an open \(workflow) case")
        }
    }
}
