public import DocketCore
import Yams

/// Reads the grading schemes (`Workflows/grading.yaml`) and a year's scores (CSV: `org`
/// and either `score` or indicator columns that add up to it).
public enum GradingFile {
    public static func schemes(source: String, file: String) -> DirectoryFile.Contents<GradingScheme> {
        let document = YAMLDocument(file: file, source: source)
        var schemes: [GradingScheme] = []
        guard let root = document.compose(source),
            let top = document.mapping(root, allowed: ["grading", "schemes"], what: "grading")
        else {
            return .init(items: [], diagnostics: document.diagnostics)
        }
        let map = Dictionary(top.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        for scheme in map["schemes"].flatMap({ document.mapping($0, what: "schemes") }) ?? [] {
            var levels: [GradingScheme.Level] = []
            for item in scheme.value.sequence ?? [] {
                guard let pairs = document.mapping(item, allowed: ["id", "title", "title-en", "min"], what: "level")
                else { continue }
                let level = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
                guard let id = level["id"].flatMap({ document.identifier($0, what: "id") }), let minNode = level["min"],
                    let minimum = document.number(minNode, what: "min")
                else {
                    document.report(item, zh: "每一档需要 id 和 min", en: "each level needs an id and min")
                    continue
                }
                levels.append(
                    GradingScheme.Level(
                        id: id,
                        title: LocalizedText(
                            zh: level["title"]?.scalar?.string ?? id, en: level["title-en"]?.scalar?.string),
                        minimum: minimum))
            }
            if levels.isEmpty { document.report(scheme.value, zh: "分档不能为空", en: "a scheme needs levels") }
            schemes.append(GradingScheme(id: scheme.key, levels: levels))
        }
        return .init(items: schemes, diagnostics: document.diagnostics)
    }

    /// One branch's score for a year.
    public struct Score: Sendable, Hashable {
        public var line: Int
        public var organisation: String
        public var score: Double
        public var indicators: [String: Double]
    }

    public static func scores(source: String, file: String) -> DirectoryFile.Contents<Score> {
        var diagnostics: [Diagnostic] = []
        guard let table = CSVTable(source, required: ["org"], file: file, &diagnostics) else {
            return .init(items: [], diagnostics: diagnostics)
        }
        var scores: [Score] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            func bad(_ zh: String, _ en: String) {
                diagnostics.append(DirectoryFile.rowProblem(file, row.line, zh: zh, en: en))
            }
            let org = row["org"]
            guard !org.isEmpty else {
                bad("缺少 org", "missing org")
                continue
            }
            if let first = seen[org] {
                bad("组织「\(org)」重复（第 \(first) 行）", "organisation '\(org)' is listed twice (first at line \(first))")
                continue
            }
            seen[org] = row.line
            var indicators: [String: Double] = [:]
            var malformed = false
            for (column, text) in row.cells where column != "org" && column != "score" && !text.isEmpty {
                guard let value = Double(text), value.isFinite, value >= 0 else {
                    bad("「\(column)」的值「\(text)」不是非负数", "'\(text)' in '\(column)' is not a number of 0 or more")
                    malformed = true
                    continue
                }
                indicators[column] = value
            }
            if malformed { continue }
            let total: Double
            if !row["score"].isEmpty {
                guard let value = Double(row["score"]) else {
                    bad("score「\(row["score"])」不是数字", "score '\(row["score"])' is not a number")
                    continue
                }
                total = value
            } else if !indicators.isEmpty {
                total = indicators.values.reduce(0, +)
            } else {
                bad("需要 score 列或各项指标得分", "needs a score column or the indicators' points")
                continue
            }
            guard (0...100).contains(total) else {
                bad("得分 \(total) 不在 0–100 之间", "the score \(total) is not between 0 and 100")
                continue
            }
            scores.append(Score(line: row.line, organisation: org, score: total, indicators: indicators))
        }
        return .init(items: scores, diagnostics: diagnostics)
    }
}
