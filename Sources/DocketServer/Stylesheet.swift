/// The pages' one stylesheet: readable on a phone (one column, large touch targets)
/// and on a desktop, with no script and no web font (county networks are slow).
enum Stylesheet {
    static let text = """
        :root { --ink: #1d1d1f; --muted: #5f6368; --line: #d9d9de; --accent: #b3261e; --ok: #1b7f3b; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: var(--ink); }
        header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .5rem 1rem; background: #8f1d16; color: #fff; }
        header a { color: #fff; text-decoration: none; }
        header nav { display: flex; flex-wrap: wrap; gap: .75rem; flex: 1; }
        header .brand { font-weight: 700; }
        header .logout { display: flex; gap: .5rem; align-items: center; }
        header .logout button { padding: .2rem .6rem; }
        main { padding: 1rem; max-width: 1100px; margin: 0 auto; }
        h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 1.5rem; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border-bottom: 1px solid var(--line); padding: .4rem .5rem; text-align: left; vertical-align: top; }
        th { background: #f5f5f7; white-space: nowrap; }
        tr.overdue td, .overdue { color: var(--accent); }
        .error { color: var(--accent); font-weight: 600; }
        .warning { color: #8a5a00; }
        .ok { color: var(--ok); }
        .empty { color: var(--muted); }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin: 1rem 0; max-width: 36rem; }
        form label { display: block; margin: .5rem 0; }
        form label.check { display: inline-block; margin-right: 1rem; }
        input, select, textarea, button { font: inherit; }
        input:not([type=checkbox]), select, textarea { display: block; width: 100%; padding: .45rem; border: 1px solid #b0b0b8; border-radius: 6px; }
        button { padding: .5rem 1.2rem; border: 0; border-radius: 6px; background: #b3261e; color: #fff; cursor: pointer; }
        form.inline { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
        form.inline label { flex: 1; min-width: 8rem; }
        a.action { display: inline-block; padding: .5rem 1.2rem; border-radius: 6px; background: #b3261e; color: #fff; text-decoration: none; }
        details { margin: 1rem 0; } summary { cursor: pointer; font-weight: 600; }
        div.error ul { margin: .25rem 0; padding-left: 1.25rem; font-weight: 400; }
        div.error li { white-space: pre-line; }
        textarea { font-family: ui-monospace, Menlo, Consolas, monospace; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; }
        .required { color: var(--accent); }
        .bar { fill: #b3261e; }
        ol.crumbs { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
        ol.crumbs li + li::before { content: "›"; margin-right: .5rem; color: var(--muted); }
        @media (max-width: 600px) { main { padding: .5rem; } th, td { padding: .3rem; font-size: .95rem; } }
        """
}
