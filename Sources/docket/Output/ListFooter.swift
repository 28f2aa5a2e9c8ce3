import DocketApplication

/// The last line of a list: how many it holds, or, when `--limit` cut it, how many of
/// how many — 「前 5 项，共 214 项」, never 「共 5 项」 for the first five.
enum ListFooter {
    static func text(_ end: ListEnd, zh unitZh: String, en unitEn: String, _ context: CommandContext) -> String {
        guard end.more else {
            return context.text(zh: "共 \(end.listed) \(unitZh)", en: "\(end.listed) \(unitEn)")
        }
        if let total = end.total {
            return context.text(
                zh: "前 \(end.listed) \(unitZh)，共 \(total) \(unitZh)",
                en: "the first \(end.listed) of \(total) \(unitEn)")
        }
        return context.text(
            zh: "前 \(end.listed) \(unitZh)，另有更多（去掉 --limit 可列出全部）",
            en: "the first \(end.listed) \(unitEn); there are more (without --limit, all are listed)")
    }
}
