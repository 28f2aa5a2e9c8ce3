import DocketEngine
import Foundation
import GRDB

extension SQLiteTransaction {
    public func setPasswordHash(_ hash: String, of person: String, at: Date) throws(StoreError) {
        try write("a password") { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO passwords (person, hash, set_at) VALUES (?, ?, ?)",
                arguments: [person, hash, at.timeIntervalSince1970])
        }
    }

    public func passwordHash(of person: String) throws(StoreError) -> String? {
        try read("a password") { db in
            try String.fetchOne(db, sql: "SELECT hash FROM passwords WHERE person = ?", arguments: [person])
        }
    }

    public func saveAccessToken(_ token: AccessToken) throws(StoreError) {
        try write("a token") { db in
            try db.execute(
                sql: """
                    INSERT INTO access_tokens (id, kind, person, name, secret_hash, created_at, expires_at, revoked_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    token.id, token.kind.rawValue, token.person, token.name, token.secretHash,
                    token.createdAt.timeIntervalSince1970, token.expiresAt?.timeIntervalSince1970,
                    token.revokedAt?.timeIntervalSince1970,
                ])
        }
    }

    public func accessToken(secretHash: String) throws(StoreError) -> AccessToken? {
        try read("a token") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM access_tokens WHERE secret_hash = ?", arguments: [secretHash])
                .flatMap(Self.accessToken)
        }
    }

    public func accessTokens(of person: String?, kind: AccessToken.Kind) throws(StoreError) -> [AccessToken] {
        try read("tokens") { db in
            let rows =
                if let person {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM access_tokens WHERE person = ? AND kind = ? ORDER BY created_at, id",
                        arguments: [person, kind.rawValue])
                } else {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM access_tokens WHERE kind = ? ORDER BY created_at, id",
                        arguments: [kind.rawValue])
                }
            return rows.compactMap(Self.accessToken)
        }
    }

    public func revokeAccessToken(id: String, at: Date) throws(StoreError) -> Bool {
        try write("a revocation") { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM access_tokens WHERE id = ?", arguments: [id]) != nil
            else { return false }
            try db.execute(
                sql: "UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [at.timeIntervalSince1970, id])
            return true
        }
    }

    public func recordLoginFailure(person: String, address: String, at: Date) throws(StoreError) {
        try write("a failed login") { db in
            try db.execute(
                sql: "INSERT INTO login_failures (person, address, at) VALUES (?, ?, ?)",
                arguments: [person, address, at.timeIntervalSince1970])
        }
    }

    public func loginFailures(person: String, address: String, since: Date) throws(StoreError) -> (
        person: Int, address: Int
    ) {
        try read("failed logins") { db in
            let since = since.timeIntervalSince1970
            let byPerson =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM login_failures WHERE person = ? AND at >= ?",
                    arguments: [person, since]) ?? 0
            let byAddress =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM login_failures WHERE address = ? AND at >= ?",
                    arguments: [address, since]) ?? 0
            return (byPerson, byAddress)
        }
    }

    /// A row of `access_tokens`; `nil` for a kind this version does not know.
    private static func accessToken(_ row: Row) -> AccessToken? {
        guard let kind = AccessToken.Kind(rawValue: row["kind"]) else { return nil }
        let expires: Double? = row["expires_at"]
        let revoked: Double? = row["revoked_at"]
        return AccessToken(
            id: row["id"], kind: kind, person: row["person"], name: row["name"], secretHash: row["secret_hash"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            expiresAt: expires.map(Date.init(timeIntervalSince1970:)),
            revokedAt: revoked.map(Date.init(timeIntervalSince1970:)))
    }
}
