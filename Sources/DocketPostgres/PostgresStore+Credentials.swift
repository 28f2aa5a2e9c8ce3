import DocketEngine
import Foundation

extension PostgresTransaction {
    public func setPasswordHash(_ hash: String, of person: String, at: Date) throws(StoreError) {
        try write("a password") { db in
            try db.execute(
                """
                INSERT INTO passwords (person, hash, set_at) VALUES (?, ?, ?)
                ON CONFLICT (person) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at
                """, [.text(person), .text(hash), .real(at.timeIntervalSince1970)])
        }
    }

    public func passwordHash(of person: String) throws(StoreError) -> String? {
        try read("a password") { db in
            try db.query("SELECT hash FROM passwords WHERE person = ?", [.text(person)]).first?.string(0)
        }
    }

    public func saveAccessToken(_ token: AccessToken) throws(StoreError) {
        try write("a token") { db in
            try db.execute(
                """
                INSERT INTO access_tokens (id, kind, person, name, secret_hash, created_at, expires_at, revoked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(token.id), .text(token.kind.rawValue), .text(token.person), .text(token.name),
                    .text(token.secretHash), .real(token.createdAt.timeIntervalSince1970),
                    .real(token.expiresAt?.timeIntervalSince1970), .real(token.revokedAt?.timeIntervalSince1970),
                ])
        }
    }

    private static let tokenColumns = "id, kind, person, name, secret_hash, created_at, expires_at, revoked_at"

    public func accessToken(secretHash: String) throws(StoreError) -> AccessToken? {
        try read("a token") { db in
            try db.query("SELECT \(Self.tokenColumns) FROM access_tokens WHERE secret_hash = ?", [.text(secretHash)])
                .first.flatMap(Self.accessToken)
        }
    }

    public func accessTokens(of person: String?, kind: AccessToken.Kind) throws(StoreError) -> [AccessToken] {
        try read("tokens") { db in
            let rows =
                if let person {
                    try db.query(
                        "SELECT \(Self.tokenColumns) FROM access_tokens WHERE person = ? AND kind = ? ORDER BY created_at, id",
                        [.text(person), .text(kind.rawValue)])
                } else {
                    try db.query(
                        "SELECT \(Self.tokenColumns) FROM access_tokens WHERE kind = ? ORDER BY created_at, id",
                        [.text(kind.rawValue)])
                }
            return try rows.compactMap(Self.accessToken)
        }
    }

    public func revokeAccessToken(id: String, at: Date) throws(StoreError) -> Bool {
        try write("a revocation") { db in
            guard try !db.query("SELECT 1 FROM access_tokens WHERE id = ?", [.text(id)]).isEmpty else { return false }
            try db.execute(
                "UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                [.real(at.timeIntervalSince1970), .text(id)])
            return true
        }
    }

    public func recordLoginFailure(person: String, address: String, at: Date) throws(StoreError) {
        try write("a failed login") { db in
            try db.execute(
                "INSERT INTO login_failures (person, address, at) VALUES (?, ?, ?)",
                [.text(person), .text(address), .real(at.timeIntervalSince1970)])
        }
    }

    public func loginFailures(person: String, address: String, since: Date) throws(StoreError) -> (
        person: Int, address: Int
    ) {
        try read("failed logins") { db in
            let row = try db.query(
                """
                SELECT (SELECT count(*) FROM login_failures WHERE person = ? AND at >= ?),
                       (SELECT count(*) FROM login_failures WHERE address = ? AND at >= ?)
                """,
                [
                    .text(person), .real(since.timeIntervalSince1970), .text(address),
                    .real(since.timeIntervalSince1970),
                ]
            ).first
            return (try row?.int(0) ?? 0, try row?.int(1) ?? 0)
        }
    }

    /// A row of ``tokenColumns``; `nil` for a kind this version does not know.
    private static func accessToken(_ row: Row) throws(StoreError) -> AccessToken? {
        guard let kind = AccessToken.Kind(rawValue: try row.string(1)) else { return nil }
        return AccessToken(
            id: try row.string(0), kind: kind, person: try row.string(2), name: try row.text(3),
            secretHash: try row.string(4), createdAt: Date(timeIntervalSince1970: try row.real(5) ?? 0),
            expiresAt: try row.real(6).map(Date.init(timeIntervalSince1970:)),
            revokedAt: try row.real(7).map(Date.init(timeIntervalSince1970:)))
    }
}
