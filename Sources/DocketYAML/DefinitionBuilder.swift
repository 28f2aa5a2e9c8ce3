import DocketCore
import Yams

/// The first pass of loading: YAML nodes into a ``WorkflowDefinition``.
///
/// Every element it reads is remembered by its path, so that the checker's problems can
/// be placed at the right line later.
struct DefinitionBuilder {
    let document: YAMLDocument

    func build(_ root: Node) -> WorkflowDefinition? {
        document.remember(root, at: [])
        guard let pairs = document.mapping(root, allowed: WorkflowLoader.topKeys, what: "workflow") else { return nil }
        var top: [String: Node] = [:]
        for pair in pairs {
            top[pair.key] = pair.value
            document.remember(pair.keyNode, at: [pair.key])
        }
        for required in ["workflow", "version", "title", "states", "events"] where top[required] == nil {
            document.report(root, zh: "缺少必需的键「\(required)」", en: "missing required key '\(required)'")
        }
        let id = top["workflow"].flatMap { document.identifier($0, what: "workflow") } ?? ""
        var version = 1
        if let node = top["version"], let v = document.integer(node, what: "version") {
            if v >= 1 {
                version = v
            } else {
                document.report(node, zh: "version 必须 ≥ 1", en: "version must be 1 or more")
            }
        }
        let title = text(top["title"], top["title-en"], what: "title")
        let description = top["description"].map { _ in
            text(top["description"], top["description-en"], what: "description")
        }
        var prefix = id.split(separator: "-").compactMap(\.first).map { String($0).uppercased() }.joined()
        if let node = top["case-prefix"], let p = document.string(node, what: "case-prefix") {
            if p.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) && !p.isEmpty && p.count <= 8 {
                prefix = p
            } else {
                document.report(node, zh: "case-prefix 只能是 1–8 个字母或数字", en: "case-prefix must be 1–8 letters or digits")
            }
        }
        return WorkflowDefinition(
            id: id, version: version, title: title, description: description, casePrefix: prefix.isEmpty ? "C" : prefix,
            roles: titled(top["roles"], section: "roles").map { RoleDefinition(id: $0.id, title: $0.title) },
            stages: titled(top["stages"], section: "stages").map { StageDefinition(id: $0.id, title: $0.title) },
            states: states(top["states"]), fields: fields(top["fields"]), parameters: parameters(top["parameters"]),
            events: events(top["events"]),
            calendar: top["calendar"].flatMap { document.identifier($0, what: "calendar") },
            itemLists: itemLists(top["items"]), serviceReport: serviceReport(top["service-report"]))
    }

    /// A Chinese title with an optional English one.
    func text(_ zh: Node?, _ en: Node?, what: String) -> LocalizedText {
        let z = zh.flatMap { document.string($0, what: what) } ?? ""
        let e = en.flatMap { document.string($0, what: what + "-en") }
        return LocalizedText(zh: z, en: e)
    }

    /// The entries of a section keyed by id, each remembered at `section/id`.
    func entries(_ node: Node?, section: String) -> [(id: String, keyNode: Node, value: Node)] {
        guard let node, let pairs = document.mapping(node, what: section) else { return [] }
        var result: [(String, Node, Node)] = []
        for pair in pairs {
            guard let id = document.identifier(pair.keyNode, what: "id") else { continue }
            document.remember(pair.keyNode, at: [section, id])
            result.append((id, pair.keyNode, pair.value))
        }
        return result
    }

    /// Sections whose entries are `id: 标题` or `id: {title, title-en}`.
    func titled(_ node: Node?, section: String) -> [(id: String, title: LocalizedText)] {
        entries(node, section: section).map { entry in
            if entry.value.scalar != nil { return (entry.id, text(entry.value, nil, what: "title")) }
            var title = LocalizedText(zh: "")
            if let pairs = document.mapping(entry.value, allowed: ["title", "title-en"], what: section) {
                let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
                title = text(map["title"], map["title-en"], what: "title")
            }
            return (entry.id, title)
        }
    }

    func states(_ node: Node?) -> [StateDefinition] {
        entries(node, section: "states").map { entry in
            var state = StateDefinition(id: entry.id, title: LocalizedText(zh: entry.id))
            let keys = ["title", "title-en", "stage", "final", "outcome", "deadlines", "duties"]
            guard let pairs = document.mapping(entry.value, allowed: keys, what: "state") else { return state }
            let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            for pair in pairs { document.remember(pair.value, at: ["states", entry.id, pair.key]) }
            state.title = text(map["title"], map["title-en"], what: "title")
            state.stage = map["stage"].flatMap { document.identifier($0, what: "stage") }
            let final = map["final"].map { document.bool($0, what: "final") } ?? false
            state.isFinal = final ?? false
            state.outcome = map["outcome"].flatMap { document.identifier($0, what: "outcome") }
            if state.outcome != nil && final == false, let node = map["outcome"] {
                document.report(
                    node, zh: "只有终止状态（final: true）才有 outcome", en: "only a final state (final: true) has an outcome")
            }
            state.deadlines = deadlineRules(deadlines: map["deadlines"], duties: map["duties"], state: entry.id)
            return state
        }
    }
}
