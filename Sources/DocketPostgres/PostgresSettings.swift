public import DocketEngine
import Foundation

/// Where a ``PostgresStore`` connects, read from a URL
/// `postgres://user[:password]@host[:port]/database[?sslmode=disable]`.
///
/// The password comes from the URL, else from `PGPASSWORD`, else from `~/.pgpass`
/// (`host:port:database:user:password`, `*` matching anything), as PostgreSQL's own tools
/// take it. It is kept out of ``description`` and out of every error, so that a log or a
/// message never shows it.
public struct PostgresSettings: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    /// Whether a `--db` value names a PostgreSQL database rather than a SQLite file.
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads a URL, taking a missing password from `PGPASSWORD` or the `.pgpass` file of
    /// the process's environment.
    public init(url text: String) throws(StoreError) {
        try self.init(url: text, environment: ProcessInfo.processInfo.environment)
    }

    /// Reads a URL, taking a missing password from `PGPASSWORD` or the `.pgpass` file.
    ///
    /// - Parameters:
    ///   - text: `postgres://user[:password]@host[:port]/database[?sslmode=disable]`.
    ///   - environment: where `PGPASSWORD`, `PGPASSFILE`, `PGUSER` and `HOME` are read.
    public init(url text: String, environment: [String: String]) throws(StoreError) {
        guard Self.isPostgresURL(text), let url = URLComponents(string: text), let host = url.host, !host.isEmpty
        else {
            throw StoreError(
                .unavailable, "not a PostgreSQL URL (postgres://user@host:port/database): \(Self.redacted(text))",
                subject: .cannotOpen(path: Self.redacted(text)))
        }
        let user = url.user.flatMap { $0.removingPercentEncoding ?? $0 } ?? environment["PGUSER"] ?? "postgres"
        var database = String(url.path.drop(while: { $0 == "/" }))
        database = database.removingPercentEncoding ?? database
        if database.isEmpty { database = user }
        for item in url.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("sslmode", "disable"?), ("sslmode", "allow"?), ("sslmode", "prefer"?): continue
            case ("sslmode", let mode):
                throw StoreError(
                    .unavailable,
                    "sslmode=\(mode ?? "") is not supported yet: Docket connects without TLS (sslmode=disable)")
            default:
                throw StoreError(
                    .unavailable, "unknown setting \(item.name) in the PostgreSQL URL \(Self.redacted(text))")
            }
        }
        self.init(
            host: host, port: url.port ?? 5432, user: user,
            password: url.password.flatMap { $0.removingPercentEncoding ?? $0 }, database: database)
        if password == nil, let fromEnvironment = environment["PGPASSWORD"] {
            password = fromEnvironment
        } else if password == nil, let file = Self.passwordFile(environment) {
            password = lookUp(in: file)
        }
    }

    /// The `.pgpass` file's lines, or nil when there is none.
    private static func passwordFile(_ environment: [String: String]) -> String? {
        let path =
            environment["PGPASSFILE"]
            ?? environment["HOME"].map { $0 + "/.pgpass" } ?? NSHomeDirectory() + "/.pgpass"
        return try? String(contentsOfFile: path, encoding: .utf8)
    }

    /// The password of the first `.pgpass` line that matches these settings.
    func lookUp(in file: String) -> String? {
        for line in file.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = Self.pgpassFields(String(line))
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// A `.pgpass` line's fields: separated by `:`, with `\:` and `\\` escaped.
    static func pgpassFields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var escaped = false
        for character in line {
            if escaped {
                field.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields
    }

    /// A URL with its password, if any, replaced: what a message may show.
    public static func redacted(_ text: String) -> String {
        guard var url = URLComponents(string: text), url.password != nil else { return text }
        url.password = "***"
        return url.string ?? "postgres://…"
    }

    /// The settings as a URL without the password.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}
