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
        case .tooDeep(let organisation, let limit):
            return LocalizedText(
                zh: "组织树超过 \(limit) 层，「\(organisation)」过深",
                en: "'\(organisation)' is more than \(limit) levels deep in the tree")
        case .parentRefused(let parent):
            return LocalizedText(
                zh: "上级组织「\(parent)」本身有误，未导入", en: "its parent '\(parent)' was not imported (see its line)")
        case .parentMissing(let parent):
            return LocalizedText(
                zh: "上级组织「\(parent)」既不在文件中也不在库中", en: "parent '\(parent)' is neither in the file nor in the store")
        case .parentCycle(let organisation, let members):
            let cycle = members.joined(separator: " → ")
            return LocalizedText(
                zh: "组织「\(organisation)」的上级关系成环（\(cycle)）",
                en: "the parents of '\(organisation)' go round in a cycle (\(cycle))")
        case .unknownRole(let role, let suggestion):
            return LocalizedText(
                zh: "角色「\(role)」不在任何已部署的工作流中" + (suggestion.map { "；是否想写「\($0)」？" } ?? ""),
                en: "no deployed workflow has the role '\(role)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
            )
        case .ambiguousRole(let role, let candidates):
            return LocalizedText(
                zh: "角色「\(role)」有 \(candidates.count) 个：\(candidates.joined(separator: "、"))；请写明编号",
                en: "the role '\(role)' could be any of \(candidates.joined(separator: ", ")); give the id")
        case .roleAtUnknownOrganisation(let role, let organisation):
            return LocalizedText(
                zh: "角色「\(role)」所在的组织「\(organisation)」不存在",
                en: "no organisation '\(organisation)' for the role '\(role)'")
        @unknown default:
            // A reason added to the core after these words were written: named by its code.
            return LocalizedText(zh: "此行有误（\(code)）", en: "the row is not valid (\(code))")
        }
    }
}
