/// One thing wrong with a workflow definition, located by its path in the definition.
///
/// The path names the element as the file is laid out, e.g. `["events", "talk", "to"]`;
/// the YAML loader turns it into a line and column. For a problem inside an expression,
/// `expressionOffset` is the character offset within the expression's text.
public struct DefinitionProblem: Sendable, Hashable {
    public var path: [String]
    public var message: LocalizedText
    public var expressionOffset: Int?

    public init(path: [String], message: LocalizedText, expressionOffset: Int? = nil) {
        self.path = path
        self.message = message
        self.expressionOffset = expressionOffset
    }

    public init(path: [String], zh: String, en: String, expressionOffset: Int? = nil) {
        self.init(path: path, message: LocalizedText(zh: zh, en: en), expressionOffset: expressionOffset)
    }
}
