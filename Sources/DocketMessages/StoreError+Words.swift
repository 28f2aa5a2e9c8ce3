public import DocketCore
public import DocketEngine

extension StoreError {
    /// The failure in words: what it is about, in Chinese and English, the driver's error
    /// in parentheses.
    public var text: LocalizedText {
        let words = subject.flatMap(Self.words) ?? LocalizedText(zh: "\(Self.kind(code))：\(message)", en: message)
        guard let cause else { return words }
        return LocalizedText(zh: "\(words.zh)（\(cause)）", en: "\(words.en ?? message) (\(cause))")
    }

    /// The subject in words; `nil` for a subject added after these words were written,
    /// which is then worded by its code.
    private static func words(_ subject: Subject) -> LocalizedText? {
        switch subject {
        case .caseChanged(let id):
            LocalizedText(
                zh: "案件「\(id)」在读取后已被他人改动，未写入任何内容",
                en: "case \(id) was changed by someone else since it was read; nothing was written")
        case .caseExists(let id):
            LocalizedText(zh: "案件「\(id)」已存在", en: "case \(id) already exists")
        case .campaignExists(let name):
            LocalizedText(zh: "已有名为「\(name)」的活动", en: "a campaign named \(name) exists already")
        case .unknownOrganisation(let id):
            LocalizedText(zh: "没有组织「\(id)」", en: "no organisation \(id)")
        case .organisationCycle(let id):
            LocalizedText(zh: "组织树经过「\(id)」成环", en: "the organisation tree has a cycle through \(id)")
        case .missingParent(let id, let parent):
            LocalizedText(
                zh: "组织「\(id)」的上级「\(parent)」不存在", en: "organisation \(id) names parent \(parent), which does not exist")
        case .roleAtUnknownOrganisation(let person, let organisation, let role):
            LocalizedText(
                zh: "人员「\(person)」在不存在的组织「\(organisation)」担任「\(role)」",
                en: "person \(person) holds \(role) at \(organisation), which does not exist")
        case .versionConflict(let workflow, let version):
            LocalizedText(
                zh: "「\(workflow)」第 \(version) 版已以不同内容部署；请提高版本号",
                en: "\(workflow) version \(version) is already deployed with different content; raise its version")
        case .noStore(let path):
            LocalizedText(
                zh: "「\(path)」处没有 Docket 库；请先运行 docket init", en: "no Docket store at \(path); run `docket init` first")
        case .notAStore(let path):
            LocalizedText(
                zh: "「\(path)」不是 Docket 库；请先运行 docket init",
                en: "\(path) is not a Docket store; run `docket init` first")
        case .cannotOpen(let path):
            LocalizedText(zh: "无法打开「\(path)」处的库", en: "cannot open the store at \(path)")
        case .busy:
            LocalizedText(
                zh: "库正被另一个 Docket 命令（多半是较大的导入或组织调整）占用，等待超时；未写入任何内容，请稍后重试",
                en:
                    "another Docket command (a long import or organisation move, most likely) holds the store and did not let go in time; nothing was written, try again shortly"
            )
        @unknown default:
            nil
        }
    }

    /// What kind of failure a code is, in Chinese, for a failure without a subject.
    private static func kind(_ code: Code) -> String {
        switch code {
        case .conflict: "冲突，未写入任何内容"
        case .notInitialised: "这里还没有 Docket 库，请先运行 docket init"
        case .unavailable: "无法打开或写入库"
        case .busy: "库正被另一个命令占用"
        case .versionConflict: "版本冲突"
        case .invalidData: "数据无效"
        default: "内部错误"
        }
    }
}
