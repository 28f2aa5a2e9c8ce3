import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketPresentation
import DocketYAML
import Foundation

/// `docket calendar`: the working-day calendar the limits are counted by, and adding the
/// next year's holiday notice when the 国务院办公厅 publishes it.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: words(zh: "查看工作日历；加入某年的节假日安排。", en: "Show the working-day calendar; add a year's holiday notice."),
        subcommands: [Show.self, Add.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "工作日历已有哪些年份，或某一年的节假日与调休上班日。",
                en: "The years the calendar holds, or one year's holidays and moved working days."))
        @Argument(help: help(zh: "年份：列出该年的节假日与调休上班日。", en: "A year: its holidays and moved working days."))
        var year: Int?
        @Option(help: help(zh: "工作日历（默认：本部署的工作日历）。", en: "The calendar (default: the deployment's)."))
        var calendar: String?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let found = try CalendarCommand.calendar(calendar, in: session, context)
            if let year {
                try CalendarCommand.showYear(year, of: found, context)
            } else {
                CalendarCommand.showYears(of: found, now: session.now, zone: session.zone, context)
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "加入（或更正）某年的节假日安排；因此变动的在办时限一律重新计算，并记入审计。",
                en:
                    "Add (or correct) one year's holiday notice; every running limit it moves is counted again and recorded."
            )
        )
        @Argument(
            help: help(
                zh: "节假日安排，YAML 格式：calendar、year、source、holidays、working-weekends。",
                en: "The notice as YAML: calendar, year, source, holidays, working-weekends."))
        var file: String
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let loaded = CalendarFile.loadNotice(source: try readFile(file, context), file: file)
            if !loaded.diagnostics.isEmpty {
                if !globals.json { for d in loaded.diagnostics { context.note(d.rendered(in: context.language)) } }
                throw context.fail(
                    .definitionInvalid, zh: "节假日安排有 \(loaded.diagnostics.count) 处错误，工作日历未改动",
                    en: "\(loaded.diagnostics.count) problem(s) in the notice; the calendar was not changed",
                    context: [("diagnostics", .array(loaded.diagnostics.map(WorkflowFiles.json)))])
            }
            guard let id = loaded.calendar, let notice = loaded.notice else { return }
            let session = try context.session()
            let summary: Engine.RecountSummary
            do {
                summary = try session.app.addCalendarYear(notice, to: id, by: session.caller)
            } catch {
                throw context.fail(error)
            }
            CalendarCommand.reportRecount(
                summary,
                heading: (
                    zh: "已将 \(notice.year) 年节假日安排加入工作日历「\(id)」",
                    en: "added the \(notice.year) notice to the working-day calendar '\(id)'"
                ), extra: [("calendar", .string(id)), ("year", .int(notice.year))], context)
        }
    }

    /// Says how many running limits a change moved: the heading, the count, and each
    /// case left as it was with why.
    static func reportRecount(
        _ summary: Engine.RecountSummary, heading: (zh: String, en: String), extra: [(String, JSONValue)],
        _ context: CommandContext
    ) {
        if context.globals.json {
            context.emit(
                json: .object(
                    extra + [
                        ("examined", .int(summary.examined)), ("moved", .int(summary.moved.count)),
                        (
                            "cases",
                            .array(
                                summary.moved.map {
                                    .object([("case", .string($0.caseID)), ("audit_seq", .int($0.seq))])
                                })
                        ),
                        (
                            "refused",
                            .array(
                                summary.refused.map {
                                    .object([
                                        ("case", .string($0.caseID)),
                                        ("message", .string($0.message(in: context.language, definition: nil))),
                                    ])
                                })
                        ),
                    ]))
            return
        }
        context.emit(context.text(zh: heading.zh, en: heading.en))
        context.emit(
            context.text(
                zh: "在办案件 \(summary.examined) 件，其中 \(summary.moved.count) 件的时限随之变动（均已记入审计）",
                en:
                    "\(summary.examined) running case(s) looked at; the limits of \(summary.moved.count) moved (each recorded on the audit trail)"
            ))
        for refusal in summary.refused {
            context.note(
                context.text(zh: "未能重算 ", en: "not counted again: ") + "\(refusal.caseID ?? "")"
                    + context.text(zh: "：", en: ": ") + refusal.message(in: context.language, definition: nil))
        }
    }

    static func calendar(_ id: String?, in session: CommandContext.Session, _ context: CommandContext) throws
        -> WorkingCalendar
    {
        do {
            return try session.app.calendar(id)
        } catch let error as EngineError {
            guard case .notFound(.calendar, let missing) = error.reason else { throw context.fail(error) }
            guard !missing.isEmpty else {
                throw context.fail(
                    .notFound, zh: "本部署没有工作日历（Workflows/calendars/ 下的文件在 docket init 时载入）",
                    en:
                        "this deployment has no working-day calendar (docket init loads the files under Workflows/calendars/)"
                )
            }
            throw context.fail(
                .notFound, zh: "找不到工作日历「\(missing)」", en: "no working-day calendar '\(missing)'",
                context: [("kind", .string("calendar")), ("id", .string(missing))])
        } catch {
            throw context.fail(error)
        }
    }

    static func policyText(_ calendar: WorkingCalendar, _ context: CommandContext) -> String {
        switch calendar.uncoveredYears {
        case .provisional:
            return context.text(
                zh: "未列年份暂按周一至周五计算，相关时限标为「暂按」",
                en: "years not listed are counted provisionally, Monday to Friday, and their limits marked so")
        case .refuse:
            return context.text(
                zh: "未列年份不予计算（状态 12）", en: "arithmetic reaching a year not listed is refused (status 12)")
        }
    }

    static func showYears(of calendar: WorkingCalendar, now: Date, zone: DeploymentZone, _ context: CommandContext) {
        let thisYear = zone.date(of: now).year
        // This year and the next are what running limits reach: shown even when missing.
        let years = calendar.years.union([thisYear, thisYear + 1]).sorted()
        if context.globals.json {
            context.emit(
                json: .object([
                    ("calendar", .string(calendar.id)), ("title", .string(calendar.title.zh)),
                    ("uncovered_years", .string(calendar.uncoveredYears.rawValue)),
                    (
                        "years",
                        .array(
                            years.map { year in
                                let notice = calendar.notice(for: year)
                                return .object([
                                    ("year", .int(year)), ("covered", .bool(notice != nil)),
                                    ("source", .string(notice?.source)),
                                    ("holidays", .int(notice?.holidays.count ?? 0)),
                                    ("working_weekends", .int(notice?.workingWeekends.count ?? 0)),
                                ])
                            })
                    ),
                ]))
            return
        }
        var out =
            context.text(zh: "工作日历 ", en: "Working-day calendar ")
            + "\(calendar.id) · \(calendar.title.text(context.language))\n"
        out += "  " + policyText(calendar, context) + "\n\n"
        var table = Table(
            context.zh ? ["年份", "假日", "调休上班", "依据"] : ["year", "holidays", "working weekends", "source"])
        for year in years {
            guard let notice = calendar.notice(for: year) else {
                table.add([
                    String(year), "—", "—",
                    context.text(zh: "尚无节假日安排：暂按周一至周五计算", en: "no notice yet: counted Monday to Friday"),
                ])
                continue
            }
            table.add([
                String(year), String(notice.holidays.count), String(notice.workingWeekends.count), notice.source ?? "—",
            ])
        }
        out += table.rendered(indent: "  ")
        if !calendar.covers(thisYear + 1) {
            out +=
                "\n\n"
                + context.text(
                    zh: "国务院办公厅每年 11 月前后公布次年节假日安排；公布后用 docket calendar add 文件 加入（格式见 Examples/calendars/）。",
                    en:
                        "The 国务院办公厅 publishes the next year's notice around November; add it then with docket calendar add FILE (format in Examples/calendars/)."
                )
        }
        context.emit(out)
    }

    static func showYear(_ year: Int, of calendar: WorkingCalendar, _ context: CommandContext) throws {
        let notice = calendar.notice(for: year)
        if context.globals.json {
            context.emit(
                json: .object([
                    ("calendar", .string(calendar.id)), ("year", .int(year)), ("covered", .bool(notice != nil)),
                    ("provisional", .bool(notice == nil && calendar.uncoveredYears == .provisional)),
                    ("source", .string(notice?.source)),
                    ("holidays", .array((notice?.holidays.sorted() ?? []).map { .string($0.description) })),
                    (
                        "working_weekends",
                        .array((notice?.workingWeekends.sorted() ?? []).map { .string($0.description) })
                    ),
                ]))
            return
        }
        guard let notice else {
            context.emit(
                "\(calendar.id) · \(year)"
                    + context.text(zh: "：日历中没有该年的节假日安排。", en: ": the calendar has no notice for this year; ")
                    + policyText(calendar, context))
            return
        }
        var out = "\(calendar.id) · \(year)" + (notice.source.map { " · \($0)" } ?? "") + "\n"
        out +=
            context.text(zh: "  假日（休息）：", en: "  holidays (days off): ")
            + ranges(notice.holidays).joined(separator: ", ") + "\n"
        out +=
            context.text(zh: "  调休上班：", en: "  working weekends: ")
            + (notice.workingWeekends.isEmpty
                ? "—" : notice.workingWeekends.sorted().map(\.description).joined(separator: ", "))
        context.emit(out)
    }

    /// Consecutive days written as one range, `2027-02-06..2027-02-13`.
    static func ranges(_ days: Set<CivilDate>) -> [String] {
        var result: [String] = []
        var run: (first: CivilDate, last: CivilDate)?
        for day in days.sorted() {
            if let current = run, current.last.adding(days: 1) == day {
                run = (current.first, day)
                continue
            }
            if let current = run {
                result.append(current.first == current.last ? "\(current.first)" : "\(current.first)..\(current.last)")
            }
            run = (day, day)
        }
        if let current = run {
            result.append(current.first == current.last ? "\(current.first)" : "\(current.first)..\(current.last)")
        }
        return result.isEmpty ? ["—"] : result
    }
}
