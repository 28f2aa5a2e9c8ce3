public import DocketCore
import Yams

/// Reads the organisations of a campaign, with the start event's fields for each:
///
/// - CSV: a column `org`, and one column per field (`criteria,evidence`); a list is
///   written with `;` (`secretary-vacant;disputes`).
/// - YAML: a list of `{org: dongcun, criteria: [secretary-vacant], evidence: …}`.
///
/// Each row keeps its line, so that every bad row can be named.
public enum CampaignFile {
    public static func rows(source: String, file: String) -> DirectoryFile.Contents<CampaignRow> {
        var diagnostics: [Diagnostic] = []
        if DirectoryFile.isCSV(file) {
            guard let table = CSVTable(source, required: ["org"], file: file, &diagnostics) else {
                return .init(items: [], diagnostics: diagnostics)
            }
            var rows: [CampaignRow] = []
            for row in table.rows {
                guard !row["org"].isEmpty else {
                    diagnostics.append(DirectoryFile.rowProblem(file, row.line, zh: "缺少 org", en: "missing org"))
                    continue
                }
                var input: [String: String] = [:]
                for (column, value) in row.cells where column != "org" && !value.isEmpty {
                    input[column] = value.replacingOccurrences(of: ";", with: ",")
                }
                rows.append(CampaignRow(line: row.line, organisation: row["org"], input: input))
            }
            return .init(items: rows, diagnostics: diagnostics)
        }
        let document = YAMLDocument(file: file, source: source)
        var rows: [CampaignRow] = []
        if let root = document.compose(source) {
            let list = root.mapping?["organisations"] ?? root
            guard let sequence = list.sequence else {
                document.report(list, zh: "应为组织列表", en: "expected a list of organisations")
                return .init(items: [], diagnostics: document.diagnostics)
            }
            for item in sequence {
                guard let pairs = document.mapping(item, what: "row") else { continue }
                var organisation: String?
                var input: [String: String] = [:]
                for pair in pairs {
                    let value =
                        pair.value.sequence.map { $0.compactMap(\.scalar?.string).joined(separator: ",") }
                        ?? pair.value.scalar?.string
                    if pair.key == "org" { organisation = value } else if let value { input[pair.key] = value }
                }
                guard let organisation, !organisation.isEmpty else {
                    document.report(item, zh: "缺少 org", en: "missing org")
                    continue
                }
                rows.append(CampaignRow(line: item.mark?.line ?? 1, organisation: organisation, input: input))
            }
        }
        return .init(items: rows, diagnostics: document.diagnostics)
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
