import ArgumentParser
import DocketCore
import Foundation

/// The language of the help texts (abstracts, discussions, the help of each option), worked
/// out once at start-up.
///
/// The argument parser prints `--help` (and a usage error's usage) before any command runs,
/// so help cannot wait for the parsed `--lang` of ``GlobalOptions``: the same rule is applied
/// here to the raw arguments and the environment, so that help speaks the language the
/// command's own messages would.
enum HelpLanguage {
    /// `--lang` among the arguments, else `LANG`; Chinese unless either says English.
    static let current: Language = language(
        Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)

    /// The rule of ``GlobalOptions/language``, on arguments not yet parsed: `--lang X` or
    /// `--lang=X` anywhere (the last one, as the parser takes it; nothing after `--`, which
    /// ends the options), X starting with "en" meaning English; without it, `LANG`.
    static func language(_ arguments: [String], environment: [String: String]) -> Language {
        var lang: String?
        var index = 0
        while index < arguments.count, arguments[index] != "--" {
            let argument = arguments[index]
            if argument == "--lang", index + 1 < arguments.count {
                lang = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--lang=") {
                lang = String(argument.dropFirst("--lang=".count))
            }
            index += 1
        }
        if let lang { return lang.lowercased().hasPrefix("en") ? .en : .zh }
        let locale = environment["LANG"] ?? ""
        return locale.lowercased().hasPrefix("en") ? .en : .zh
    }
}

/// A help text (an abstract or a discussion) in the language of ``HelpLanguage/current``.
///
/// Each text is written in both languages where it is used, so that neither can be left out.
func words(zh: String, en: String) -> String {
    HelpLanguage.current == .en ? en : zh
}

/// The help of an option, flag or argument in the language of ``HelpLanguage/current``.
///
/// `help:` takes an `ArgumentHelp`, which a string literal becomes but a `String` expression
/// does not.
func help(zh: String, en: String) -> ArgumentHelp {
    ArgumentHelp(words(zh: zh, en: en))
}
