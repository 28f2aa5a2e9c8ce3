import Foundation
import Testing

/// Help is read before anything else, so it speaks the reader's language: Chinese unless
/// `--lang` or `LANG` says English, by the rule the messages follow.
@Suite struct HelpLanguageTests {
    static let chineseAbstract = "概述：以工作流的起始事件启动一件案件。"
    static let englishAbstract = "OVERVIEW: Start a case with the workflow's starting event."

    @Test("case start --help --lang zh: the abstract and every option's help in Chinese")
    func caseStartInChinese() throws {
        let docket = try DocketRunner()
        let help = try docket.run(["case", "start", "--help", "--lang", "zh"])
        #expect(help.status == 0, "\(help.stderr)")
        #expect(help.stdout.contains(Self.chineseAbstract), "\(help.stdout)")
        #expect(help.stdout.contains("<workflow>              工作流 id。"), "\(help.stdout)")
        #expect(help.stdout.contains("--org <org>             案件所属的组织。"), "\(help.stdout)")
        #expect(help.stdout.contains("FIELD=VALUE；列表的各项以逗号分隔。"), "\(help.stdout)")
        #expect(help.stdout.contains("记入审计的备注。"), "\(help.stdout)")
        #expect(!help.stdout.contains("The organisation the case belongs to."), "\(help.stdout)")
        #expect(!help.stdout.contains("Start a case"), "\(help.stdout)")
    }

    @Test("without --lang, LANG=zh_CN (or no LANG at all) gives Chinese help")
    func chineseFromTheEnvironment() throws {
        let docket = try DocketRunner()
        for lang in ["zh_CN.UTF-8", ""] {
            let help = try docket.run(["case", "start", "--help"], environment: ["LANG": lang])
            #expect(help.status == 0, "\(help.stderr)")
            #expect(help.stdout.contains(Self.chineseAbstract), "LANG=\(lang): \(help.stdout)")
            #expect(help.stdout.contains("案件所属的组织。"), "LANG=\(lang): \(help.stdout)")
        }
    }

    @Test("--lang en (either spelling) gives the English help unchanged, whatever LANG says")
    func englishUnchanged() throws {
        let docket = try DocketRunner()
        for arguments in [["--lang", "en"], ["--lang=en"]] {
            let help = try docket.run(["case", "start", "--help"] + arguments, environment: ["LANG": "zh_CN.UTF-8"])
            #expect(help.status == 0, "\(help.stderr)")
            #expect(help.stdout.contains(Self.englishAbstract), "\(arguments): \(help.stdout)")
            #expect(help.stdout.contains("<workflow>              Workflow id."), "\(arguments): \(help.stdout)")
            #expect(
                help.stdout.contains("--org <org>             The organisation the case belongs to."),
                "\(arguments): \(help.stdout)")
            #expect(help.stdout.contains("FIELD=VALUE; lists comma-separated."), "\(arguments): \(help.stdout)")
            #expect(!help.stdout.unicodeScalars.contains(where: Self.isHan), "\(arguments): \(help.stdout)")
        }
        // The runner's own LANG=en_US, with no --lang, is English too.
        let help = try docket.run(["case", "start", "--help"])
        #expect(help.stdout.contains(Self.englishAbstract), "\(help.stdout)")
    }

    @Test("a usage error names the missing argument with its help in the reader's language")
    func usageErrorInChinese() throws {
        let docket = try DocketRunner()
        let zh = try docket.run(["case", "start", "--lang", "zh"])
        #expect(zh.status == 64)
        #expect(zh.stderr.contains("工作流 id。"), "\(zh.stderr)")
        let en = try docket.run(["case", "start"])
        #expect(en.status == 64)
        #expect(en.stderr.contains("Workflow id."), "\(en.stderr)")
    }

    @Test("every command's abstract, options and arguments have Chinese help")
    func everyCommandInChinese() throws {
        let docket = try DocketRunner()
        var pending: [[String]] = [[]]
        var seen = 0
        while let command = pending.popLast() {
            let help = try docket.run(command + ["--help", "--lang", "zh"])
            #expect(help.status == 0, "\(command): \(help.stderr)")
            seen += 1
            let sections = Self.sections(help.stdout)
            let overview = sections["OVERVIEW"]?.joined() ?? ""
            #expect(overview.unicodeScalars.contains(where: Self.isHan), "\(command): \(overview)")
            for section in ["ARGUMENTS", "OPTIONS", "SUBCOMMANDS"] {
                for entry in sections[section] ?? [] where !entry.hasPrefix("-h, --help") {
                    #expect(entry.unicodeScalars.contains(where: Self.isHan), "\(command) \(section): \(entry)")
                }
            }
            for entry in sections["SUBCOMMANDS"] ?? [] {
                let name = String(entry.prefix { $0 != " " })
                // A subcommand's name is an id; anything else is a line misread, not a command.
                guard command.count < 4, name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0 == "-") }) else {
                    Issue.record("\(command): not a subcommand line: \(entry)")
                    continue
                }
                pending.append(command + [name])
            }
        }
        #expect(seen > 40)
    }

    @Test(
        "the shipped manual pages (docs/man/docket.1, docs/man/zh/docket.1, scripts/man.sh) have every command and every option",
        arguments: ["docs/man/docket.1", "docs/man/zh/docket.1"])
    func manualPageIsCurrent(path: String) throws {
        let docket = try DocketRunner()
        let page = try String(contentsOf: DocketRunner.packageRoot.appendingPathComponent(path), encoding: .utf8)
        var pending: [[String]] = [[]]
        while let command = pending.popLast() {
            let help = try docket.run(command + ["--help"])
            let sections = Self.sections(help.stdout)
            for entry in sections["SUBCOMMANDS"] ?? [] {
                let name = String(entry.prefix { $0 != " " })
                guard command.count < 4, name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0 == "-") }) else {
                    continue
                }
                #expect(
                    page.contains(".It Em \(name)"), "run scripts/man.sh: \((command + [name]).joined(separator: " "))")
                pending.append(command + [name])
            }
            for entry in sections["OPTIONS"] ?? [] where entry.hasPrefix("--") {
                let option = String(entry.prefix { $0 != " " && $0 != "," }.dropFirst(2))
                #expect(page.contains("Fl -\(option)"), "run scripts/man.sh: \(command) --\(option)")
            }
        }
    }

    @Test("the Chinese manual page is in Chinese: the help docket prints with --lang zh, not the English")
    func chineseManualPage() throws {
        // The page as man reads it, without the break points scripts/man.sh puts between Chinese characters.
        let page = try String(
            contentsOf: DocketRunner.packageRoot.appendingPathComponent("docs/man/zh/docket.1"), encoding: .utf8
        ).replacingOccurrences(of: "\\:", with: "")
        #expect(page.contains("触发截至 --at 到期的全部计时器"), "tick's abstract, as docket tick --help says it")
        #expect(!page.contains("Fire every timer due at --at"))
        #expect(!page.contains("ZQU"), "no token of scripts/man.sh is left")
    }

    /// The text of each section of a help page: the overview as one entry, the others as
    /// one entry per argument, option or subcommand (with the lines it is wrapped onto).
    static func sections(_ text: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        var section = ""
        // The parser's headings, as UsageMessages says them in Chinese.
        let headings = ["概述：": "OVERVIEW", "用法：": "USAGE", "参数：": "ARGUMENTS", "选项：": "OPTIONS", "子命令：": "SUBCOMMANDS"]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let (heading, name) = headings.first(where: { line.hasPrefix($0.key) }) {
                section = name
                let rest = line.dropFirst(heading.count).trimmingCharacters(in: .whitespaces)
                result[section] = rest.isEmpty ? [] : [rest]
            } else if line.hasPrefix("  各子命令的详细说明") || line.hasPrefix("  详见") {
                continue
            } else if let colon = line.firstIndex(of: ":"), line.first?.isUppercase == true,
                line[..<colon].allSatisfy({ $0.isUppercase })
            {
                section = String(line[..<colon])
                let rest = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                result[section] = rest.isEmpty ? [] : [rest]
            } else if line.hasPrefix("  See ") || line.trimmingCharacters(in: .whitespaces).isEmpty {
                continue
            } else if section == "OVERVIEW" {
                result[section, default: []].append(String(line))
            } else if line.hasPrefix("  "), !line.hasPrefix("   ") {
                result[section, default: []].append(line.trimmingCharacters(in: .whitespaces))
            } else if var entries = result[section], !entries.isEmpty {
                entries[entries.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
                result[section] = entries
            }
        }
        return result
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool { (0x4E00...0x9FFF).contains(scalar.value) }
}
