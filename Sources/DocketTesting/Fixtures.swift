public import DocketCore
public import DocketEngine
public import Foundation

/// A small deployment to test against: an organisation tree, people holding the roles of
/// the shipped workflows, and the instants and days tests speak in.
///
/// The tree (ids, then names):
///
/// ```
/// county            县
/// ├── town          城关镇
/// │   ├── village   东村
/// │   │   └── grid  东村一网格
/// │   └── village-b 西村
/// └── other-town    南镇
///     └── other-village 南村
/// ```
///
/// In tree order `village-b` comes before `village`: a path is compared byte by byte,
/// and `-` sorts before the `/` that ends `village/`.
///
/// The workflows themselves are YAML, which this module does not read: a test loads
/// them (with `DocketYAML`) and hands the definitions to ``deploy(_:calendars:to:)``.
public enum Fixtures {
    /// The deployment zone of every fixture.
    public static let zone = DeploymentZone.shanghai

    public static let organisations: [Organisation] = [
        Organisation(id: "county", name: "县", parent: nil, kind: "county"),
        Organisation(id: "town", name: "城关镇", parent: "county", kind: "township"),
        Organisation(id: "village", name: "东村", parent: "town", kind: "village"),
        Organisation(id: "grid", name: "东村一网格", parent: "village", kind: "grid"),
        Organisation(id: "village-b", name: "西村", parent: "town", kind: "village"),
        Organisation(id: "other-town", name: "南镇", parent: "county", kind: "township"),
        Organisation(id: "other-village", name: "南村", parent: "other-town", kind: "village"),
    ]

    /// Who holds what, where.
    ///
    /// - `p-admin`: the administrator and the organisation department, at the county.
    /// - `p-clerk`: takes and dispatches service requests, at the county.
    /// - `p-member`, `p-member-town`: members who take requests, at the county and in
    ///   城关镇 (skills: repairs; law).
    /// - `p-dispatcher`: dispatches in 城关镇 only.
    /// - `p-outsider`: a member and dispatcher in 南镇, with no role over 城关镇.
    /// - `p-secretary`: 东村's branch secretary, clerk and committee.
    /// - `p-committee`: the Party and township committee of 城关镇.
    /// - `p-county`: the county committee and supervisor.
    /// - `p-probationary`: a probationary member holding no role.
    public static let people: [Person] = [
        Person(
            id: "p-admin", name: "管理员", status: .full,
            roles: [grant("admin", "county"), grant("org-department", "county")]),
        Person(
            id: "p-clerk", name: "受理员", status: .full,
            roles: [grant("intake", "county"), grant("branch-dispatcher", "county")]),
        Person(
            id: "p-member", name: "李党员", status: .full, skills: ["repair", "维修"],
            roles: [grant("member", "county")]),
        Person(
            id: "p-member-town", name: "周党员", status: .full, skills: ["law"], roles: [grant("member", "town")]),
        Person(id: "p-dispatcher", name: "镇派单员", status: .full, roles: [grant("branch-dispatcher", "town")]),
        Person(
            id: "p-outsider", name: "南镇党员", status: .full,
            roles: [grant("member", "other-town"), grant("branch-dispatcher", "other-town")]),
        Person(
            id: "p-secretary", name: "赵书记", status: .full,
            roles: [
                grant("branch-clerk", "village"), grant("branch-committee", "village"),
                grant("branch-secretary", "village"),
            ]),
        Person(
            id: "p-committee", name: "钱书记", status: .full,
            roles: [grant("party-committee", "town"), grant("township-committee", "town")]),
        Person(
            id: "p-county", name: "县委副书记", status: .full,
            roles: [grant("county-committee", "county"), grant("supervisor", "county")]),
        Person(id: "p-probationary", name: "预备党员", status: .probationary),
    ]

    /// Puts the tree and the people in a store.
    public static func populate(_ store: some CaseStore) throws(StoreError) {
        try store.importOrganisations(organisations)
        try store.importPeople(people)
    }

    /// Deploys workflow definitions (each as its own version, dated at the epoch) and
    /// saves calendars; the first calendar by id is the deployment's default.
    public static func deploy(
        _ definitions: [WorkflowDefinition], calendars: [WorkingCalendar] = [], to store: some CaseStore
    ) throws(StoreError) {
        for definition in definitions {
            _ = try store.deploy(definition, source: "", at: Date(timeIntervalSince1970: 0))
        }
        if !calendars.isEmpty { try store.saveCalendars(calendars) }
    }

    /// An instant in the fixtures' zone: `2026-11-22T09:00`, `2026-11-22` (midnight), or
    /// any form `--at` takes. A text that is none of them is a mistake in the test.
    public static func instant(_ text: String) -> Date {
        guard let instant = zone.parseInstant(text) else { preconditionFailure("not an instant: \(text)") }
        return instant
    }

    /// A day, `2026-11-22`.
    public static func day(_ iso: String) -> CivilDate {
        guard let day = CivilDate(iso: iso) else { preconditionFailure("not a day: \(iso)") }
        return day
    }

    private static func grant(_ role: String, _ organisation: String) -> RoleGrant {
        RoleGrant(role: role, organisation: organisation)
    }
}
