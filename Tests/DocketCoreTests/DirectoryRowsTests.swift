import DocketCore
import DocketMessages
import Foundation
import Testing

@Suite struct DirectoryRowsTests {
    func org(_ id: String, _ parent: String?) -> Organisation {
        Organisation(id: id, name: id, parent: parent, kind: "")
    }

    @Test(
        "rows hang from the store's tree or each other; a row that would put a stored organisation in a cycle is refused and the store's stays"
    )
    func organisations() {
        let existing: [String: String?] = ["county": nil, "town": "county"]
        let items = [
            org("v1", "town"), org("g1", "v1"), org("town", "g1"), org("lost", "nowhere"), org("v2", "town"),
            org("v2", "county"),
        ]
        let (accepted, problems) = DirectoryRows.organisations(items, lines: [2, 3, 4, 5, 6, 7], existing: existing)
        // town → g1 → v1 → town is a cycle: the row for town is refused, and with the
        // stored town (under county) v1 and g1 fit.
        #expect(accepted.map(\.id) == ["v1", "g1", "v2"])
        #expect(accepted.last?.parent == "county", "the later row for v2 wins")
        #expect(problems.map(\.line) == [4, 5])
        #expect(problems.first?.message.en?.contains("cycle") == true)
    }

    @Test(
        "a hundred thousand organisations are judged in one walk each: a wide tree goes in whole, a chain stops at the depth limit"
    )
    func linear() {
        // Ten children each, children listed before their parents for the last level.
        let wide = (0..<100_000).reversed().map { i in org("w\(i)", i == 0 ? "county" : "w\((i - 1) / 10)") }
        let started = Date()
        let tree = DirectoryRows.organisations(wide, lines: Array(2..<100_002), existing: ["county": nil])
        #expect(tree.accepted.count == 100_000 && tree.problems.isEmpty)
        let chain = (0..<100_000).map { i in org("n\(i)", i == 0 ? "county" : "n\(i - 1)") }
        let deep = DirectoryRows.organisations(chain, lines: Array(2..<100_002), existing: ["county": nil])
        #expect(deep.accepted.count == DirectoryRows.maximumDepth - 1, "the county is the first level")
        #expect(deep.problems.first?.message.en == "'n31' is more than 32 levels deep in the tree")
        #expect(deep.problems.last?.message.en == "its parent 'n99998' was not imported (see its line)")
        // Fifty thousand little cycles (a → b → a) are all found in one pass.
        let pairs = (0..<50_000).flatMap { i in [org("a\(i)", "b\(i)"), org("b\(i)", "a\(i)")] }
        let cycles = DirectoryRows.organisations(pairs, lines: Array(2..<100_002), existing: ["county": nil])
        #expect(cycles.accepted.isEmpty && cycles.problems.count == 100_000)
        #expect(cycles.problems.first?.message.en?.contains("cycle") == true)
        #expect(Date().timeIntervalSince(started) < 60, "linear, not cubic: the chain alone took minutes")
    }

    @Test("a person with a role at an organisation that does not exist is refused by line")
    func people() {
        let rows = [
            Person(id: "a", name: "甲", roles: [RoleGrant(role: "member", organisation: "v1")]),
            Person(id: "b", name: "乙", roles: [RoleGrant(role: "member", organisation: "v9")]),
        ]
        let (accepted, problems) = DirectoryRows.people(rows, lines: [2, 3], organisations: ["v1"])
        #expect(accepted.map(\.id) == ["a"])
        // The problem is typed; compared in words, as the catalogue gives them.
        #expect(
            problems.map { RowProblem(line: $0.line, message: $0.message) } == [
                RowProblem(
                    line: 3,
                    message: LocalizedText(
                        zh: "角色「member」所在的组织「v9」不存在", en: "no organisation 'v9' for the role 'member'"))
            ])
    }

    @Test(
        "a role no deployed workflow has is refused by line, with the nearest one suggested; before any deployment none is checked"
    )
    func unknownRoles() {
        let rows = [
            Person(id: "a", name: "甲", roles: [RoleGrant(role: "member", organisation: "v1")]),
            Person(id: "b", name: "乙", roles: [RoleGrant(role: "membr", organisation: "v1")]),
            Person(id: "c", name: "丙", roles: [RoleGrant(role: "chairman", organisation: "v1")]),
        ]
        let (accepted, problems) = DirectoryRows.people(
            rows, lines: [2, 3, 4], organisations: ["v1"], roles: ["member", "intake", "admin"])
        #expect(accepted.map(\.id) == ["a"])
        #expect(
            problems.map { "\($0.line): \($0.message.en ?? "")" } == [
                "3: no deployed workflow has the role 'membr'; did you mean 'member'?",
                "4: no deployed workflow has the role 'chairman'",
            ])
        #expect(DirectoryRows.people(rows, lines: [2, 3, 4], organisations: ["v1"], roles: nil).accepted.count == 3)
    }
}
