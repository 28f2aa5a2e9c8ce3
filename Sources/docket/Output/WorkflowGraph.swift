import DocketCore
import Foundation

/// Draws a workflow's states (grouped by stage) and events.
struct WorkflowGraph {
    let definition: WorkflowDefinition
    let language: Language

    /// Every drawn edge: from (nil for a start), to, label.
    private var edges: [(from: String?, to: String, label: String)] {
        var result: [(String?, String, String)] = []
        for event in definition.events {
            let label = "\(event.id) \(event.title.text(language))"
            let sources: [String?]
            switch event.source {
            case .start: sources = [nil]
            case .states(let ids): sources = ids
            case .anyOpen: sources = definition.states.filter { !$0.isFinal }.map(\.id)
            }
            for source in sources {
                let targets = event.isRecord ? [source ?? ""] : event.target.possibleStates
                for target in targets { result.append((source, target, label)) }
            }
        }
        return result
    }

    private func node(_ id: String) -> String { id.replacingOccurrences(of: "-", with: "_") }
    private func escape(_ s: String) -> String { s.replacingOccurrences(of: "\"", with: "'") }

    func mermaid() -> String {
        var lines = ["stateDiagram-v2"]
        for stage in definition.stages {
            lines.append("    state \"\(escape(stage.title.text(language)))\" as stage_\(node(stage.id)) {")
            for state in definition.states where state.stage == stage.id {
                lines.append("        state \"\(escape(state.title.text(language)))\" as \(node(state.id))")
            }
            lines.append("    }")
        }
        for state in definition.states where state.stage == nil {
            lines.append("    state \"\(escape(state.title.text(language)))\" as \(node(state.id))")
        }
        for edge in edges {
            lines.append("    \(edge.from.map(node) ?? "[*]") --> \(node(edge.to)) : \(escape(edge.label))")
        }
        for state in definition.states where state.isFinal {
            lines.append("    \(node(state.id)) --> [*]")
        }
        return lines.joined(separator: "\n")
    }

    func dot() -> String {
        var lines = [
            "digraph \"\(definition.id)\" {", "    rankdir=LR;", "    node [shape=box, style=rounded];",
            "    start [shape=point];",
        ]
        for stage in definition.stages {
            lines.append("    subgraph \"cluster_\(stage.id)\" {")
            lines.append("        label=\"\(escape(stage.title.text(language)))\";")
            for state in definition.states where state.stage == stage.id { lines.append("        " + dotNode(state)) }
            lines.append("    }")
        }
        for state in definition.states where state.stage == nil { lines.append("    " + dotNode(state)) }
        for edge in edges {
            lines.append("    \"\(edge.from ?? "start")\" -> \"\(edge.to)\" [label=\"\(escape(edge.label))\"];")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    private func dotNode(_ state: StateDefinition) -> String {
        let shape = state.isFinal ? ", peripheries=2" : ""
        return "\"\(state.id)\" [label=\"\(escape(state.title.text(language)))\\n\(state.id)\"\(shape)];"
    }
}
