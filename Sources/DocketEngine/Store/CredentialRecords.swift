public import Foundation

/// A secret that stands for a person on the server: a browser's session or a script's
/// bearer token. The store keeps only the secret's SHA-256, so that whoever reads the
/// store cannot act as anyone; the secret itself is shown once, when it is made.
public struct AccessToken: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A browser's login, carried in a cookie; ended by logging out or by expiring.
        case session
        /// A script's token (`docket token create`), sent as `Authorization: Bearer …`.
        case bearer
    }

    /// A short public name, shown in `docket token list` and used to revoke it.
    public var id: String
    public var kind: Kind
    public var person: String
    /// What the person called it ("每月报表脚本"), or `nil`.
    public var name: String?
    /// The SHA-256 of the secret, in lowercase hexadecimal.
    public var secretHash: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(
        id: String, kind: Kind, person: String, name: String? = nil, secretHash: String, createdAt: Date,
        expiresAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.person = person
        self.name = name
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Whether the token still stands for its person at `now`.
    public func isValid(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }
}

/// Logins: password hashes, sessions and bearer tokens, and failed attempts to log in.
///
/// They live in the store, not in a server's memory, so a restart logs nobody out and
/// several server processes on one store share them.
public protocol CredentialRecords {
    /// Sets (or replaces) a person's password hash (bcrypt, as the application makes it).
    func setPasswordHash(_ hash: String, of person: String, at: Date) throws(StoreError)
    func passwordHash(of person: String) throws(StoreError) -> String?
    func saveAccessToken(_ token: AccessToken) throws(StoreError)
    /// The token whose secret has this SHA-256, revoked and expired ones included.
    func accessToken(secretHash: String) throws(StoreError) -> AccessToken?
    /// Tokens of one kind, of one person or of everyone, oldest first.
    func accessTokens(of person: String?, kind: AccessToken.Kind) throws(StoreError) -> [AccessToken]
    /// Marks a token revoked; `false` when no token has that id.
    func revokeAccessToken(id: String, at: Date) throws(StoreError) -> Bool
    /// Records a failed login, by the person named and the address it came from.
    func recordLoginFailure(person: String, address: String, at: Date) throws(StoreError)
    /// Failed logins since an instant: those naming the person, and those from the address.
    func loginFailures(person: String, address: String, since: Date) throws(StoreError) -> (
        person: Int, address: Int
    )
}
