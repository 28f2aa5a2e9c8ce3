import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketPresentation
import Foundation

/// How cases are printed: for clerks (aligned tables in their language) and for scripts
/// (the JSON shapes of shared/CLI.md).
enum CaseOutput {
    /// After start, import or fire: the case as it now stands, and the audit entry.
    static func changed(_ view: Engine.CaseView, _ session: CommandContext.Session, _ context: CommandContext) throws {
        let (fresh, available) = try session.app.current(view.snapshot.id, at: session.now)
        if context.globals.json {
            guard case .object(var pairs) = CaseDocument.json(fresh, available, now: session.now, zone: session.zone)
            else { return }
            if let entry = view.entry {
                pairs.append(("audit_seq", .int(entry.seq)))
                pairs.append(("audit_hash", .string(entry.hash)))
            }
            context.emit(json: .object(pairs))
            return
        }
        if let entry = view.entry {
            let event = fresh.definition.event(entry.event)?.title.text(context.language) ?? entry.event
            context.emit(
                context.text(
                    zh: "已记录：\(event)（审计第 \(entry.seq) 条）\n", en: "recorded: \(event) (audit entry \(entry.seq))\n"))
        }
        show(fresh, available, session, context)
    }

    static func show(
        _ view: Engine.CaseView, _ available: [EventAvailability], _ session: CommandContext.Session,
        _ context: CommandContext
    ) {
        let (zone, now) = (session.zone, session.now)
        if context.globals.json {
            context.emit(json: CaseDocument.json(view, available, now: now, zone: zone))
            return
        }
        let lang = context.language
        let s = view.snapshot
        let d = view.definition
        let state = d.state(s.state)
        let stage = state?.stage.flatMap { d.stage($0) }
        let org = session.app.organisationName(s.organisation).map { "\($0) (\(s.organisation))" } ?? s.organisation
        let assignee = s.assignee.map { id in session.app.personName(id).map { "\($0) (\(id))" } ?? id } ?? "—"
        var out = context.text(zh: "案件 ", en: "Case ") + "\(s.id) · \(d.title.text(lang)) (\(d.id) v\(s.version))\n"
        var facts = Table(["", ""])
        facts.rows = [
            [context.text(zh: "进度", en: "position"), ProcedurePosition.of(s, in: d)?.text(lang) ?? "—"],
            [
                context.text(zh: "状态", en: "state"),
                "\(state?.title.text(lang) ?? s.state) (\(s.state))"
                    + ((state?.isFinal ?? false) ? context.text(zh: " · 已办结", en: " · final") : ""),
            ],
            [context.text(zh: "阶段", en: "stage"), stage.map { "\($0.title.text(lang)) (\($0.id))" } ?? "—"],
            [context.text(zh: "组织", en: "organisation"), org],
            [context.text(zh: "承办人", en: "assignee"), assignee],
            [context.text(zh: "立案", en: "opened"), zone.formatShort(s.openedAt)],
            [context.text(zh: "最近一步", en: "last step"), s.lastStepOn.description],
        ]
        let labelWidth = (facts.rows.map { DisplayWidth.of($0[0]) }.max() ?? 0) + 2
        out += facts.rows.map { "  " + DisplayWidth.pad($0[0], to: labelWidth) + $0[1] }.joined(separator: "\n") + "\n"
        if !s.data.isEmpty {
            out += "\n" + context.text(zh: "数据", en: "Data") + "\n"
            var table = Table(context.zh ? ["字段", "名称", "值"] : ["field", "title", "value"])
            for key in s.data.keys.sorted() {
                let field = d.field(key)
                var value = context.clipped(s.data[key]?.display(in: zone) ?? "")
                if let field, field.type == .choice, let choice = field.choices.first(where: { $0.id == value }) {
                    value = "\(choice.title.text(lang)) (\(value))"
                }
                table.add([key, field?.title.text(lang) ?? key, value])
            }
            out += table.rendered(indent: "  ") + "\n"
        }
        for list in d.itemLists where !(s.items[list.id] ?? []).isEmpty {
            out += "\n" + list.title.text(lang) + "\n"
            var table = Table(
                [context.text(zh: "编号", en: "id")] + list.fields.map { $0.title.text(lang) } + [
                    context.text(zh: "状况", en: "status")
                ])
            for item in s.items[list.id] ?? [] {
                let status =
                    item.closedOn.map { context.text(zh: "已销号 \($0)", en: "closed \($0)") }
                    ?? context.text(zh: "未完成", en: "open")
                table.add(
                    [item.id] + list.fields.map { context.clipped(item.values[$0.id]?.display(in: zone) ?? "") } + [
                        status
                    ])
            }
            out += table.rendered(indent: "  ") + "\n"
        }
        if !view.deadlines.isEmpty {
            out += "\n" + context.text(zh: "时限与周期任务", en: "Deadlines and duties") + "\n"
            var table = Table(context.zh ? ["时限", "名称", "到期", "状况"] : ["limit", "title", "due", "status"])
            for d in view.deadlines {
                let status: String
                switch d.status(at: now) {
                case .ok: status = context.text(zh: "正常", en: "ok")
                case .dueSoon: status = context.text(zh: "即将到期", en: "due soon")
                case .overdue:
                    let by = d.overdueText(at: now, zone: zone, language: lang)
                    status = context.text(zh: "已逾期 \(by)", en: "overdue by \(by)")
                }
                let fires = d.fires.map { context.text(zh: "（到期自动：\($0)）", en: " (then: \($0))") } ?? ""
                table.add([d.rule, d.title.text(lang) + fires, DeadlineOutput.due(d, zone, marked: lang), status])
            }
            out += table.rendered(indent: "  ") + "\n"
        }
        out += "\n" + context.text(zh: "当前可执行的事件", en: "Events possible now") + "\n"
        if available.isEmpty {
            out += "  " + context.text(zh: "（无：案件已办结）", en: "(none: the case is closed)") + "\n"
        } else {
            var table = Table(context.zh ? ["事件", "名称", "尚需"] : ["event", "title", "still needs"])
            for a in available {
                var needs = a.missing.map { context.text(zh: "字段 \($0)", en: "field \($0)") }
                needs += a.blockedBy.map { f in
                    f.message.text(lang)
                        + (f.possibleFrom.map { context.text(zh: "（\($0) 起）", en: " (from \($0))") } ?? "")
                }
                table.add([a.event, a.title.text(lang), needs.isEmpty ? "—" : needs.joined(separator: "；")])
            }
            out += table.rendered(indent: "  ") + "\n"
        }
        context.emit(String(out.dropLast()))
    }

    /// - Parameter earlier: the workflow's earlier versions, newest first: a state or event
    ///   the present version renamed is named as the version it happened under named it.
    /// - Parameter personName: a person's name by id, for the actor column.
    static func history(
        _ entries: [AuditEntry], _ d: WorkflowDefinition, earlier: [WorkflowDefinition] = [], zone: DeploymentZone,
        personName: (String) -> String? = { _ in nil }, _ context: CommandContext
    ) {
        let versions = [d] + earlier
        func stateTitle(_ id: String) -> LocalizedText? { versions.lazy.compactMap { $0.state(id)?.title }.first }
        func eventTitle(_ id: String) -> LocalizedText? { versions.lazy.compactMap { $0.event(id)?.title }.first }
        if context.globals.json {
            context.emit(
                json: .array(entries.map { CaseDocument.entry($0, definition: d, zone: zone) }))
            return
        }
        let lang = context.language
        // Steps are numbered within the case; the audit entry's number, which counts every
        // case's steps, stands beside it for finding the entry in the trail.
        var table = Table(
            context.zh
                ? ["步", "审计号", "日期", "事件", "状态变化", "操作人", "数据", "备注"]
                : ["step", "audit", "on", "event", "change", "actor", "data", "note"])
        var names: [String: String] = [:]
        func actor(_ id: String) -> String {
            if let known = names[id] { return known }
            let shown = personName(id).map { "\($0) (\(id))" } ?? id
            names[id] = shown
            return shown
        }
        /// A value as people read it: a choice by its title, a person by name.
        func shown(_ key: String, _ text: String) -> String {
            guard let field = versions.lazy.compactMap({ $0.field(key) }).first else { return text }
            switch field.type {
            case .person, .list(.person): return actor(text)
            case .choice, .list(.choice): return field.choices.first { $0.id == text }?.title.text(lang) ?? text
            default: return text
            }
        }
        func fieldTitle(_ key: String) -> String {
            versions.lazy.compactMap { $0.field(key)?.title.text(lang) }.first ?? key
        }
        for (step, e) in entries.enumerated() {
            let title: String
            if e.kind == .import {
                title = context.text(zh: "导入（在办案件）", en: "imported (case under way)")
            } else if e.event == LimitRecount.event {
                title = context.text(zh: "时限重算", en: "limits counted again")
            } else if e.event == CaseMigration.event {
                title = context.text(zh: "迁移到新版本", en: "moved to another version")
            } else {
                title = eventTitle(e.event)?.text(lang) ?? e.event
            }
            let from = e.fromState.map { stateTitle($0)?.text(lang) ?? $0 } ?? "∅"
            let to = stateTitle(e.toState)?.text(lang) ?? e.toState
            let change = e.fromState == e.toState ? to + context.text(zh: "（记录）", en: " (record)") : "\(from) → \(to)"
            var data = ""
            if case .object(let pairs) = JSONValue.parse(e.dataJSON, definition: d, zone: zone) {
                data = pairs.map { key, value in
                    let title = fieldTitle(key)
                    switch value {
                    case .string(let text): return "\(title)=\(shown(key, text))"
                    case .array(let items):
                        return "\(title)="
                            + items.map { item in
                                if case .string(let text) = item { return shown(key, text) }
                                return item.rendered(pretty: false)
                            }.joined(separator: context.text(zh: "、", en: ","))
                    default: return "\(title)=\(value.rendered(pretty: false))"
                    }
                }.joined(separator: " ")
            }
            table.add([
                String(step + 1), String(e.seq), e.on.description, "\(title) [\(e.event)]", change, actor(e.actor),
                context.clipped(data),
                context.clipped(e.note ?? ""),
            ])
        }
        context.emit(table.rendered())
    }

    /// Writes a list of cases as `visit` produces them, one at a time: JSON one case per
    /// line, or a table whose widths are set by its first rows.
    /// - Parameter csv: CSV on stdout with a header row, written as the cases come.
    static func list(
        _ session: CommandContext.Session, csv: Bool = false, _ context: CommandContext,
        _ visit: ((CaseSnapshot, ListNames) throws -> Void) throws -> ListEnd
    ) throws {
        let zone = session.zone
        // Read before the cases: they are visited inside the list's own transaction.
        let definitions = Dictionary(
            try session.app.everyDefinition().map { ("\($0.id)#\($0.version)", $0) }, uniquingKeysWith: { a, _ in a })
        func definition(_ s: CaseSnapshot) -> WorkflowDefinition? { definitions["\(s.workflow)#\(s.version)"] }
        if context.globals.json {
            var json = StreamedJSONArray(opening: "[")
            _ = try visit { s, _ in
                json.append(CaseDocument.summary(s, definition: definition(s), zone: zone))
            }
            json.close(with: "]\n")
            return
        }
        if csv {
            // The header is written with the first row: a refusal before it prints alone.
            let columns = [
                "case", "workflow", "version", "state", "state_title", "org", "assignee", "last_step_on", "updated_at",
            ]
            var header = false
            _ = try visit { s, _ in
                if !header {
                    print(CSVDocument.header(columns, language: context.language))
                    header = true
                }
                let cells = [
                    s.id, s.workflow, String(s.version), s.state, definition(s)?.state(s.state)?.title.zh ?? s.state,
                    s.organisation, s.assignee ?? "", s.lastStepOn.description, zone.format(s.updatedAt),
                ]
                print(CSVDocument.row(cells))
            }
            if !header { print(CSVDocument.header(columns, language: context.language)) }
            return
        }
        var table = StreamedTable(
            context.zh
                ? ["案件", "工作流", "状态", "组织", "承办人", "最近一步"]
                : ["case", "workflow", "state", "organisation", "assignee", "last step"])
        let end = try visit { s, names in
            let state = definition(s)?.state(s.state)?.title.text(context.language) ?? s.state
            table.add([
                s.id, s.workflow, state, ListNames.shown(names.organisation, id: s.organisation),
                s.assignee.map { ListNames.shown(names.assignee, id: $0) } ?? "—",
                s.lastStepOn.description,
            ])
        }
        table.finish()
        context.emit(ListFooter.text(end, zh: "件", en: "case(s)", context))
    }
}
