public import DocketCore

extension Identifier {
    /// Why an id was refused, in Chinese and English, naming it and the rule for ids
    /// (`Identifier.isValid(_:)`).
    public static func refusal(_ id: String) -> LocalizedText {
        LocalizedText(
            zh: "标识「\(id)」无效（字母、数字、- _ .，最长 64，不能只是 . 或 ..）",
            en: "id '\(id)' is not valid (letters, digits, - _ ., at most 64, not . or .. alone)")
    }
}
