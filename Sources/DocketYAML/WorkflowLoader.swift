import DocketCore
import DocketMessages
import Yams

/// Reads workflow definitions from YAML and reports every problem with its position.
///
/// Loading runs in two passes. The first reads the YAML into a `WorkflowDefinition`
/// (DocketCore), reporting syntax errors, unknown keys (with the nearest valid key),
/// ill-formed values and expressions that do not parse. The second hands the definition
/// to DocketCore's `DefinitionChecker` and places each of its problems back at the line
/// it came from. A file with any problem yields no definition.
///
/// ```swift
/// let loaded = WorkflowLoader.load(source: source, file: "service-request.yaml")
/// for diagnostic in loaded.diagnostics { print(diagnostic.rendered(in: .en)) }
/// ```
public enum WorkflowLoader {
    static let topKeys = [
        "workflow", "version", "title", "title-en", "description", "description-en", "case-prefix", "roles", "stages",
        "states", "fields", "parameters", "events", "calendar", "items", "service-report",
    ]

    /// Loads one workflow from its text.
    ///
    /// - Parameters:
    ///   - source: the YAML text.
    ///   - file: the name used in diagnostics.
    /// - Returns: the definition when the file has no problem, and every diagnostic.
    public static func load(source: String, file: String) -> LoadedWorkflow {
        let document = YAMLDocument(file: file, source: source)
        guard let root = document.compose(source) else {
            return LoadedWorkflow(file: file, source: source, definition: nil, diagnostics: document.diagnostics)
        }
        let builder = DefinitionBuilder(document: document)
        let definition = builder.build(root)
        if let definition {
            // The checker runs even when the first pass found problems, so that one
            // run reports everything; only cascades from a poisoned id are held back.
            let firstPassClean = document.diagnostics.isEmpty
            for problem in DefinitionChecker(definition).problems() {
                if !document.poisoned.isEmpty && problem.expressionOffset != nil { continue }
                if !firstPassClean && Self.isGraphProblem(problem) { continue }
                place(problem, in: document)
            }
        }
        let clean = document.diagnostics.isEmpty
        let sorted = document.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        return LoadedWorkflow(file: file, source: source, definition: clean ? definition : nil, diagnostics: sorted)
    }

    /// Reachability is only meaningful once every event was read.
    private static func isGraphProblem(_ problem: DefinitionProblem) -> Bool {
        problem.path.first == "states" && problem.path.count == 2 || problem.path == ["events"]
    }

    private static func place(_ problem: DefinitionProblem, in document: YAMLDocument) {
        let position = document.position(of: problem.path)
        var line = position?.line ?? 1
        var column = position?.column ?? 1
        if let offset = problem.expressionOffset, let position {
            (line, column) = ExpressionPlacement.locate(offset: offset, scalarAt: position, lines: document.lines)
        }
        document.report(line: line, column: column, message: problem.message)
    }
}

/// Where a character of an expression sits in the file, given how its scalar was written.
enum ExpressionPlacement {
    static func locate(offset: Int, scalarAt position: YAMLDocument.Position, lines: [Substring]) -> (Int, Int) {
        switch position.style {
        case .literal, .folded:
            // Block scalars start on the next line; walk the content lines.
            var remaining = offset
            var lineIndex = position.line
            while lineIndex < lines.count {
                let text = lines[lineIndex]
                let indent = text.prefix(while: { $0 == " " }).count
                let content = text.count - indent
                if remaining <= content { return (lineIndex + 1, indent + remaining + 1) }
                remaining -= content + 1
                lineIndex += 1
            }
            return (position.line, position.column)
        case .singleQuoted, .doubleQuoted:
            return (position.line, position.column + 1 + offset)
        default:
            return (position.line, position.column + offset)
        }
    }
}
