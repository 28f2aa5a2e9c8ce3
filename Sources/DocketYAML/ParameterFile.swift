public import DocketCore
import DocketMessages
import Yams

/// Reads a deployment's parameter overrides:
///
/// ```yaml
/// member-development:
///   min-wait-before-activist: 6 months
/// ```
///
/// Each value is checked against the parameter's type in the deployed definition, so a
/// county learns of a typo before anything is stored.
public enum ParameterFile {
    public struct Override: Sendable, Hashable {
        public var workflow: String
        public var parameter: String
        public var value: Value
        /// The value as written, which is what the store keeps.
        public var raw: String
    }

    /// Reads a parameter file, checking every value; a problem is a diagnostic with its position.
    ///
    /// - Parameters:
    ///   - source: the YAML text.
    ///   - file: the name used in diagnostics.
    ///   - definitions: the deployed workflows, by id.
    public static func read(
        source: String, file: String, definitions: [String: WorkflowDefinition]
    ) -> DirectoryFile.Contents<Override> {
        let document = YAMLDocument(file: file, source: source)
        var items: [Override] = []
        guard let root = document.compose(source), let workflows = document.mapping(root, what: "file") else {
            return DirectoryFile.Contents(items: [], diagnostics: document.diagnostics)
        }
        for entry in workflows {
            guard let definition = definitions[entry.key] else {
                let hint = Suggestion.closest(to: entry.key, among: Array(definitions.keys))
                document.report(
                    entry.keyNode, zh: "没有已部署的工作流「\(entry.key)」" + (hint.map { "；是否应为「\($0)」？" } ?? ""),
                    en: "no deployed workflow '\(entry.key)'" + (hint.map { "; did you mean '\($0)'?" } ?? ""))
                continue
            }
            let ids = definition.parameters.map(\.id)
            guard let pairs = document.mapping(entry.value, allowed: ids, what: entry.key) else { continue }
            for pair in pairs {
                guard let parameter = definition.parameter(pair.key),
                    let raw = document.string(pair.value, what: pair.key)
                else { continue }
                guard let value = parameter.type.parse(raw, zone: .shanghai) else {
                    document.report(
                        pair.value, zh: "「\(raw)」格式不对（应为\(parameter.type.inputHint.zh)）",
                        en: "'\(raw)' is not a \(parameter.type.name) (expected \(parameter.type.inputHint.text(.en)))")
                    continue
                }
                items.append(Override(workflow: entry.key, parameter: pair.key, value: value, raw: raw))
            }
        }
        return DirectoryFile.Contents(items: items, diagnostics: document.diagnostics)
    }
}
