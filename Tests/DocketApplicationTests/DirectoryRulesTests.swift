import DocketCore
import DocketEngine
import DocketYAML
import Foundation
import Testing

@testable import DocketApplication

/// Reorganising the tree: moves are written in short transactions of their own, in an
/// order that never makes a cycle on the way, and the cases follow their organisations.
@Suite struct DirectoryRulesTests {
    /// Imports `rows` (id, name, parent, kind) as `docket org import` does, not atomically.
    func reorganise(
        _ deployment: Deployment, _ rows: [Organisation], progress: @escaping (Int, Int) -> Void = { _, _ in }
    ) throws -> (accepted: [Organisation], problems: [RowProblem]) {
        try deployment.app.importOrganisations(
            atomic: false, by: deployment.caller(Deployment.administrator, at: "2026-11-23"), progress: progress
        ) { existing in
            DirectoryRows.organisations(rows, lines: Array(2..<(rows.count + 2)), existing: existing)
        }
    }

    @Test("a village moved under another township and its old township moved under it: the cases follow")
    func swapAcrossLevels() throws {
        let deployment = try Deployment()
        try deployment.start(
            "service-request", org: "dongcun-g1", as: "p-intake", at: "2026-11-22T09:30",
            [
                "requester": "张大爷", "phone": "13800000000", "category": "repair", "description": "漏水",
                "urgency": "utility",
            ])
        // 城关镇 ends up beneath 东村, which today is beneath 城关镇: moved the other way
        // round, the first move would close a cycle.
        let rows = [
            Organisation(id: "chengguan", name: "城关镇", parent: "dongcun", kind: "township"),
            Organisation(id: "dongcun", name: "东村", parent: "hekou", kind: "village"),
            Organisation(id: "nancun", name: "南村", parent: "chengguan", kind: "village"),
        ]
        var reported: [(Int, Int)] = []
        let outcome = try reorganise(deployment, rows) { reported.append(($0, $1)) }
        #expect(outcome.problems.isEmpty)
        #expect(outcome.accepted.count == 3)
        #expect(reported.last.map { [$0.0, $0.1] } == [2, 2])
        #expect(try deployment.caseIDs(.init(organisation: "hekou")) == ["SR-000001"])
        #expect(try deployment.caseIDs(.init(organisation: "chengguan")).isEmpty)
        let (tree, _) = try deployment.app.organisationTree(
            under: "hekou", by: deployment.caller(Deployment.administrator, at: "2026-11-23"))
        #expect(tree.byID["chengguan"]?.parent == "dongcun")
        #expect(tree.byID["nancun"]?.parent == "chengguan")
        #expect(tree.byID["xicun"]?.parent == "chengguan")
    }

    @Test("moves go parents first in the new tree; rows that move nothing are written with the check")
    func movesParentsFirst() {
        let existing: [String: String?] = ["county": nil, "a": "county", "b": "a", "c": "b"]
        let rows = [
            Organisation(id: "a", name: "A", parent: "c", kind: ""),
            Organisation(id: "new", name: "新", parent: "a", kind: ""),
            Organisation(id: "c", name: "C", parent: "county", kind: ""),
            Organisation(id: "b", name: "B改名", parent: "a", kind: ""),
        ]
        let split = OrganisationMoves(rows, existing: existing)
        #expect(split.settled.map(\.id) == ["new", "b"])
        #expect(split.moves.map(\.id) == ["c", "a"])
    }
}

/// A change of parameters counts the running limits again in short transactions of their
/// own: every case is counted once, whatever the turns.
@Suite struct RecountTurnsRulesTests {
    @Test("forty open requests are all counted again after a configure, each once, each with its entry")
    func configureInTurns() throws {
        let deployment = try Deployment()
        var ids: [String] = []
        for minute in 0..<40 {
            ids.append(
                try deployment.start(
                    "service-request", org: "dongcun-g1", as: "p-intake",
                    at: String(format: "2026-11-23T08:%02d", minute),
                    [
                        "requester": "张大爷", "phone": "13800000000", "category": "repair", "description": "漏水",
                        "urgency": "general",
                    ]
                ).snapshot.id)
        }
        let summary = try deployment.app.configure(
            by: deployment.caller(Deployment.administrator, at: "2026-11-23T09:00")
        ) {
            definitions in
            let contents = ParameterFile.read(
                source: "service-request:\n  dispatch-within-general: 3 working days\n", file: "county.yaml",
                definitions: definitions)
            return contents.items.map { ($0.workflow, $0.parameter, $0.raw) }
        }
        #expect(summary.examined == 40)
        #expect(Set(summary.moved.map(\.caseID)) == Set(ids) && summary.moved.count == 40)
        for id in ids {
            #expect(try deployment.history(of: id).filter { $0.event == "recount-limits" }.count == 1)
        }
    }
}
