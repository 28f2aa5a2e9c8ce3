/// The levels of the organisation tree that reports group by, with the words a county's
/// spreadsheet uses for them.
///
/// An organisation's kind stays free text (a deployment may add its own levels), but the
/// usual ones are stored by one id whatever they were typed as: a file that says 村 or
/// 乡镇 must land in the same group of `report stages --by village` as one that says
/// `village`, not in （其他）.
public struct OrganisationKind: Sendable, Hashable {
    public let id: String
    public let title: LocalizedText
    /// Other words for it, as organisation departments write them.
    public let aliases: [String]

    public static let known: [OrganisationKind] = [
        OrganisationKind(
            id: "county", title: LocalizedText(zh: "县", en: "county"),
            aliases: ["县（市、区）", "县(市、区)", "县级", "县市区", "区", "县级市"]),
        OrganisationKind(
            id: "township", title: LocalizedText(zh: "乡镇", en: "township"),
            aliases: ["乡镇（街道）", "乡镇(街道)", "乡", "镇", "街道", "town"]),
        OrganisationKind(
            id: "village", title: LocalizedText(zh: "村", en: "village"),
            aliases: ["村（社区）", "村(社区)", "社区", "行政村", "community"]),
        OrganisationKind(id: "grid", title: LocalizedText(zh: "网格", en: "grid"), aliases: []),
        OrganisationKind(
            id: "branch", title: LocalizedText(zh: "党支部", en: "branch"), aliases: ["支部", "党组织"]),
    ]

    /// The id of the kind `typed` names (its id, title or another word for it, after
    /// trimming, English in any case), or the typed text itself, trimmed, for a kind of
    /// the deployment's own.
    public static func canonical(_ typed: String) -> String {
        let text = typed.trimmedOfSpaces
        let lowered = text.lowercased()
        for kind in known
        where kind.id == lowered || kind.title.zh == text || kind.title.en?.lowercased() == lowered
            || kind.aliases.contains(where: { $0 == text || $0.lowercased() == lowered })
        {
            return kind.id
        }
        return text
    }

    /// The known kind with this id.
    public static func named(_ id: String) -> OrganisationKind? { known.first { $0.id == id } }
}
