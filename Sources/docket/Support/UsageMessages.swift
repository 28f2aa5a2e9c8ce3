import ArgumentParser
import DocketCore
import Foundation

/// What the argument parser says in its own words — usage errors, the headings of help —
/// in the reader's language, and "did you mean" for a mistyped subcommand.
///
/// swift-argument-parser writes these in English only and offers no hook for other
/// languages, so its finished text is translated line by line at the edge. The patterns
/// are those of the version this package pins (1.8.2); a line no pattern knows stays as
/// the parser wrote it, so a newer parser can only leave English, never lose a message.
enum UsageMessages {
    /// `message` (the parser's error or help text) in `language`.
    static func translated(_ message: String, _ language: Language) -> String {
        guard language == .zh else { return message }
        return message.split(separator: "\n", omittingEmptySubsequences: false).map { translated(line: String($0)) }
            .joined(separator: "\n")
    }

    private static func translated(line: String) -> String {
        for (literals, template) in lines {
            if let captured = captures(of: line, between: literals) {
                var out = template
                for (index, capture) in captured.enumerated() {
                    out = out.replacingOccurrences(of: "$\(index + 1)", with: capture)
                }
                return out
            }
        }
        var out = line
        for (english, chinese) in phrases { out = out.replacingOccurrences(of: english, with: chinese) }
        // `(default: 7 days)` whole, so that its bracket closes as it opened.
        while let open = out.range(of: "(default: "), let close = out[open.upperBound...].firstIndex(of: ")") {
            out.replaceSubrange(open.lowerBound...close, with: "（默认：\(out[open.upperBound..<close])）")
        }
        return out
    }

    /// The texts between `literals` when `line` is exactly literal, text, literal, …,
    /// literal: `["Error: Unknown option '", "'"]` matches `Error: Unknown option '--x'`
    /// with `--x`. Each text runs to the last place the next literal fits.
    static func captures(of line: String, between literals: [String]) -> [String]? {
        guard let first = literals.first, line.hasPrefix(first) else { return nil }
        var rest = line.dropFirst(first.count)
        var captured: [String] = []
        for (index, literal) in literals.dropFirst().enumerated() {
            let isLast = index == literals.count - 2
            if isLast {
                guard rest.hasSuffix(literal) else { return nil }
                captured.append(String(rest.dropLast(literal.count)))
                return captured
            }
            guard let range = rest.range(of: literal, options: .backwards) else { return nil }
            captured.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        return captured
    }

    /// Whole lines of the parser's errors, with their quoted parts kept: the literal
    /// pieces around each part, and the Chinese with `$1`, `$2` for the parts.
    private static let lines: [([String], String)] = [
        (["Error: Unknown option '", "'. Did you mean '", "'?"], "错误：没有选项「$1」；是否应为「$2」？"),
        (["Error: Unexpected argument '", "'"], "错误：多余的参数「$1」"),
        (["Error: Missing expected argument '", "'"], "错误：缺少参数「$1」"),
        (["Error: Unknown option '", "'"], "错误：没有选项「$1」"),
        (["Error: The value '", "' is invalid for '", "'"], "错误：「$1」不是 $2 可取的值"),
        (["Error: Missing value for '", "'"], "错误：选项 $1 缺少值"),
        (["Error: ", ""], "错误：$1"),
        (["Help:  ", ""], "说明：$1"),
        (["Usage: ", ""], "用法：$1"),
        (["  See '", "' for more information."], "  详见「$1」。"),
    ]

    /// Headings and stock phrases of help, replaced wherever they stand.
    private static let phrases: [(String, String)] = [
        ("OVERVIEW: ", "概述："), ("USAGE: ", "用法："), ("OVERVIEW:", "概述："), ("USAGE:", "用法："), ("ARGUMENTS:", "参数："),
        ("OPTIONS:", "选项："),
        ("SUBCOMMANDS:", "子命令："), ("Show help information.", "显示帮助。"),
        ("Show the version.", "显示版本。"),
        ("See 'docket help <subcommand>' for detailed help.", "各子命令的详细说明：docket help <子命令>。"),
    ]

    /// The error for a word where a subcommand should be that names none, with the
    /// nearest subcommand's name; `nil` when the arguments take a path of subcommands
    /// or the word is near none. This is the cause to tell, whatever the parser found
    /// first (a global option after the mistyped word reads to it as unknown).
    static func subcommandTypo(_ arguments: [String], _ language: Language) -> String? {
        var command: any ParsableCommand.Type = Docket.self
        var path = ["docket"]
        for argument in arguments where !argument.hasPrefix("-") {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            if let next = subcommands.first(where: { $0._commandName == argument }) {
                command = next
                path.append(argument)
                continue
            }
            let names = subcommands.map { $0._commandName }
            guard argument.count <= 64, let nearest = Suggestion.closest(to: argument, among: names) else { return nil }
            let parent = path.joined(separator: " ")
            return language == .zh
                ? "错误：「\(parent)」没有子命令「\(argument)」；是否应为「\(nearest)」？"
                : "Error: '\(parent)' has no subcommand '\(argument)'. Did you mean '\(nearest)'?"
        }
        return nil
    }
}
