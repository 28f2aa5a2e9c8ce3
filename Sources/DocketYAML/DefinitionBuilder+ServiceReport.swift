import DocketCore
import Yams

extension DefinitionBuilder {
    static let serviceReportKeys = [
        "dispatch", "accept", "complete", "escalate", "rate", "category", "urgency", "rating", "unsatisfied-from",
        "max-reopens", "dispatch-within", "accept-within",
    ]

    /// `service-report: {dispatch: dispatch, accept: accept, …}`: the events, fields and
    /// parameters `report service` reads the workflow by. The checker makes sure each
    /// exists and has the right type.
    func serviceReport(_ node: Node?) -> ServiceReporting? {
        let path = ["service-report"]
        guard let node, let pairs = document.mapping(node, allowed: Self.serviceReportKeys, what: "service-report")
        else { return nil }
        let map = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        for pair in pairs {
            // A mapping's problems are placed at its key, a scalar's at its value.
            document.remember(pair.value.mapping == nil ? pair.value : pair.keyNode, at: path + [pair.key])
        }
        let optional = ["max-reopens"]
        let missing = Self.serviceReportKeys.filter { map[$0] == nil && !optional.contains($0) }
        if !missing.isEmpty {
            let at = document.position(of: path)
            for key in missing {
                document.report(
                    line: at?.line ?? 1, column: at?.column ?? 1, zh: "service-report 缺少必需的键「\(key)」",
                    en: "service-report is missing the required key '\(key)'")
            }
        }
        func id(_ key: String) -> String? { map[key].flatMap { document.identifier($0, what: key) } }
        var escalate: [String] = []
        if let list = map["escalate"] {
            escalate = document.identifiers(list, what: "escalate")
            for item in list.sequence ?? [] {
                if let text = item.scalar?.string { document.remember(item, at: path + ["escalate", text]) }
            }
        }
        guard let dispatch = id("dispatch"), let accept = id("accept"), let complete = id("complete"),
            let rate = id("rate"), let category = id("category"), let urgency = id("urgency"),
            let rating = id("rating"), let unsatisfiedFrom = id("unsatisfied-from"),
            let dispatchWithin = map["dispatch-within"].flatMap({ limit($0, key: "dispatch-within") }),
            let acceptWithin = map["accept-within"].flatMap({ limit($0, key: "accept-within") })
        else { return nil }
        return ServiceReporting(
            dispatch: dispatch, accept: accept, complete: complete, escalate: escalate, rate: rate,
            category: category, urgency: urgency, rating: rating, unsatisfiedFrom: unsatisfiedFrom,
            maxReopens: id("max-reopens"), dispatchWithin: dispatchWithin, acceptWithin: acceptWithin)
    }

    /// `accept-within: accept-within`, or one parameter per urgency:
    /// `dispatch-within: {emergency: dispatch-within-emergency, …}`.
    private func limit(_ node: Node, key: String) -> ServiceReporting.Limit? {
        if node.scalar != nil { return document.identifier(node, what: key).map(ServiceReporting.Limit.parameter) }
        guard let pairs = document.mapping(node, what: key) else { return nil }
        var byUrgency: [String: String] = [:]
        for pair in pairs {
            guard let choice = document.identifier(pair.keyNode, what: "urgency"),
                let parameter = document.identifier(pair.value, what: key)
            else { continue }
            document.remember(pair.keyNode, at: ["service-report", key, choice])
            document.remember(pair.value, at: ["service-report", key, choice, "parameter"])
            byUrgency[choice] = parameter
        }
        return .byUrgency(byUrgency)
    }
}
