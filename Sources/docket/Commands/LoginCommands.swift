import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketPresentation
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension PersonCommand {
    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "设置一名人员登录 docket serve 的密码（从标准输入读取；在终端上输入两次）。",
                en: "Set a person's password for docket serve (read from standard input; typed twice on a terminal)."))
        @Argument(help: help(zh: "人员 id。", en: "The person's id.")) var person: String
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let password = try readPassword(context)
            do { try session.app.setPassword(password, of: person, by: session.caller) } catch {
                throw context.fail(error)
            }
            context.emit(context.text(zh: "已设置 \(person) 的密码", en: "password set for \(person)"))
        }

        /// The password: asked for twice, unechoed, on a terminal; else the first line of
        /// standard input (a script's pipe), without its line end.
        private func readPassword(_ context: CommandContext) throws -> String {
            if isatty(STDIN_FILENO) != 0 {
                let first = getpass(context.text(zh: "新密码：", en: "New password: ")).map { String(cString: $0) } ?? ""
                let second = getpass(context.text(zh: "再输入一次：", en: "Again: ")).map { String(cString: $0) } ?? ""
                guard first == second else {
                    throw context.fail(
                        .invalidInput, zh: "两次输入的密码不一致，未作更改", en: "the passwords differ; nothing changed")
                }
                return first
            }
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw context.fail(
                    .invalidInput, zh: "标准输入中没有密码，未作更改", en: "no password on standard input; nothing changed")
            }
            return line
        }
    }
}

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: words(
            zh: "脚本访问 docket serve 所用的令牌（Authorization: Bearer …）。",
            en: "Tokens for scripts that call docket serve (Authorization: Bearer …)."),
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "为一名人员生成令牌；令牌只显示这一次，库中只存其散列。",
                en: "Make a token for a person; it is shown this once, and only its hash is stored."))
        @Argument(help: help(zh: "人员 id。", en: "The person's id.")) var person: String
        @Option(help: help(zh: "令牌的用途说明。", en: "What the token is for.")) var name: String?
        @Option(
            help: help(
                zh: "有效期：如 30d、12h、90m（默认不过期）。",
                en: "How long it lasts: 30d, 12h, 90m (default: until revoked)."))
        var expires: String?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            var lifetime: TimeInterval?
            if let expires {
                guard let seconds = ShortDuration.seconds(expires) else {
                    throw context.fail(
                        .invalidInput, zh: "--expires「\(expires)」应写作 30d、12h 或 90m",
                        en: "--expires '\(expires)' should be written 30d, 12h or 90m")
                }
                lifetime = seconds
            }
            let made: (secret: String, token: AccessToken)
            do {
                made = try session.app.createToken(for: person, name: name, lifetime: lifetime, by: session.caller)
            } catch {
                throw context.fail(error)
            }
            if globals.json {
                context.emit(json: .object([("token", .string(made.secret))] + TokenCommand.json(made.token, session)))
                return
            }
            context.emit(made.secret)
            context.note(
                context.text(
                    zh: "令牌 \(made.token.id) 已生成，只显示这一次；请妥善保存。",
                    en: "token \(made.token.id) made; it is shown only this once, so keep it safe."))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(
                zh: "列出令牌（不含令牌本身）：自己的；管理员可看所有人或指定人员的。",
                en: "List tokens (never the secrets): your own; the administrator's, anyone's."))
        @Argument(help: help(zh: "人员 id。", en: "The person's id.")) var person: String?
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            let tokens: [AccessToken]
            do { tokens = try session.app.tokens(of: person, by: session.caller) } catch { throw context.fail(error) }
            if globals.json {
                context.emit(json: .array(tokens.map { .object(TokenCommand.json($0, session)) }))
                return
            }
            var table = Table(
                context.zh
                    ? ["令牌", "人员", "用途", "生成于", "到期", "状态"]
                    : ["token", "person", "name", "created", "expires", "status"])
            for token in tokens {
                let status =
                    token.revokedAt != nil
                    ? context.text(zh: "已撤销", en: "revoked")
                    : token.isValid(at: session.now)
                        ? context.text(zh: "有效", en: "valid") : context.text(zh: "已过期", en: "expired")
                table.add([
                    token.id, token.person, token.name ?? "—", session.zone.formatShort(token.createdAt),
                    token.expiresAt.map(session.zone.formatShort) ?? "—", status,
                ])
            }
            context.emit(table.rendered())
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: words(zh: "撤销一个令牌，立即失效。", en: "Revoke a token; it stops working at once."))
        @Argument(help: help(zh: "令牌 id（token list 所列）。", en: "The token's id (as token list shows it).")) var id:
            String
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            let context = CommandContext(globals)
            let session = try context.session()
            do { try session.app.revokeToken(id, by: session.caller) } catch { throw context.fail(error) }
            context.emit(context.text(zh: "已撤销令牌 \(id)", en: "token \(id) revoked"))
        }
    }

    /// A token as `token list --json` shows it: never its secret or hash.
    static func json(_ token: AccessToken, _ session: CommandContext.Session) -> [(String, JSONValue)] {
        let zone = session.zone
        return [
            ("id", .string(token.id)), ("person", .string(token.person)), ("name", .string(token.name)),
            ("created_at", .string(zone.format(token.createdAt))),
            ("expires_at", .string(token.expiresAt.map(zone.format))),
            ("revoked_at", .string(token.revokedAt.map(zone.format))),
        ]
    }
}
