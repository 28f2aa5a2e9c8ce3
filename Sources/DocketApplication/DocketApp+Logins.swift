import DocketCore
public import DocketEngine
public import Foundation
import HummingbirdBcrypt

/// Logins for the server: passwords, sessions, bearer tokens, and the throttle on
/// failed logins. Secrets are stored only as hashes; a secret is shown once, when made.
extension DocketApp {
    /// How many failed logins in ``LoginThrottle/window`` stop further tries.
    public enum LoginThrottle {
        /// A quarter of an hour: long enough to stop guessing, short enough that a clerk
        /// who mistyped five times is not locked out for the day.
        public static let window: TimeInterval = 15 * 60
        public static let perPerson = 5
        /// Higher than per person: a township office shares one address.
        public static let perAddress = 30
    }

    /// How long a browser's session lasts without logging in again.
    public static let sessionLifetime: TimeInterval = 12 * 3600

    /// Sets a person's password. The administrator may set anyone's; a person may set
    /// their own. Only its bcrypt hash is stored.
    public func setPassword(_ password: String, of person: String, by caller: Caller) throws {
        guard password.count >= 8, password.count <= 72 else {
            throw LoginError(.weakPassword, person: person)
        }
        try writing { tx in
            try requireSelfOrAdministrator(person, caller, action: "person password", tx)
            guard try tx.person(person) != nil else { throw EngineError(.notFound(.person, person)) }
            try tx.setPasswordHash(Bcrypt.hash(password, cost: passwordCost), of: person, at: recordingClock())
        }
    }

    /// Logs a person in with their password, from an address, and makes a session.
    ///
    /// A person that does not exist and a wrong password are refused alike (and take as
    /// long: the password is checked against a hash either way), so that the answer does
    /// not tell who has an account. Each failure is recorded, as a failed login and as a
    /// refused attempt (`audit denied`); too many stop further tries for a while.
    ///
    /// - Returns: the session's secret (for the cookie) and the session.
    public func logIn(person: String, password: String, address: String, at now: Date) throws -> (
        secret: String, session: AccessToken
    ) {
        let recorded = recordingClock()
        let failures = try store.read { tx in
            try tx.loginFailures(person: person, address: address, since: recorded - LoginThrottle.window)
        }
        if failures.person >= LoginThrottle.perPerson || failures.address >= LoginThrottle.perAddress {
            try recordFailedLogin(person: person, address: address, now: now)
            throw LoginError(.throttled, person: person)
        }
        let stored = try store.read { tx in try tx.passwordHash(of: person) }
        // A hash of nothing anyone can type, so that an unknown person costs as much as a known one.
        let known = Bcrypt.verify(password, hash: stored ?? Self.unusableHash)
        guard known, stored != nil else {
            try recordFailedLogin(person: person, address: address, now: now)
            throw LoginError(.badCredentials, person: person)
        }
        let made = try store.write { tx in
            try issue(.session, for: person, name: nil, expiresAt: recorded + Self.sessionLifetime, tx)
        }
        return (made.secret, made.token)
    }

    /// Ends the session whose secret the browser holds; nothing happens for an unknown one.
    public func logOut(secret: String) throws {
        try store.write { tx in
            guard let token = try tx.accessToken(secretHash: AccessToken.hash(ofSecret: secret)) else { return }
            _ = try tx.revokeAccessToken(id: token.id, at: recordingClock())
        }
    }

    /// The person a secret (a session's or a bearer token's) stands for now, or `nil` for
    /// a secret unknown, revoked or expired. Expiry is by the recording clock, not by a
    /// caller's simulated "now": a simulation must not keep a session alive.
    public func person(forSecret secret: String, kind: AccessToken.Kind) throws -> String? {
        try store.read { tx in
            guard let token = try tx.accessToken(secretHash: AccessToken.hash(ofSecret: secret)),
                token.kind == kind, token.isValid(at: recordingClock())
            else { return nil }
            return token.person
        }
    }

    /// Makes a bearer token for a script acting as `person`: the administrator may make
    /// one for anyone, a person for themselves.
    ///
    /// - Returns: the secret (shown once) and the token as stored.
    public func createToken(for person: String, name: String?, lifetime: TimeInterval?, by caller: Caller) throws
        -> (secret: String, token: AccessToken)
    {
        try writing { tx in
            try requireSelfOrAdministrator(person, caller, action: "token create", tx)
            guard try tx.person(person) != nil else { throw EngineError(.notFound(.person, person)) }
            let recorded = recordingClock()
            return try issue(.bearer, for: person, name: name, expiresAt: lifetime.map { recorded + $0 }, tx)
        }
    }

    /// Bearer tokens: a person's own, or (for the administrator) anyone's.
    public func tokens(of person: String?, by caller: Caller) throws -> [AccessToken] {
        try reading { tx in
            let actor = try self.actor(caller, action: "token list", tx)
            if let person {
                try requireSelfOrAdministrator(person, caller, action: "token list", tx)
                return try tx.accessTokens(of: person, kind: .bearer)
            }
            return try tx.accessTokens(of: try isAdministrator(actor, tx) ? nil : actor, kind: .bearer)
        }
    }

    /// Revokes a bearer token by its id: the owner's or the administrator's to revoke.
    /// A token the caller may not see is "not found", as one that is not there.
    public func revokeToken(_ id: String, by caller: Caller) throws {
        try writing { tx in
            let actor = try self.actor(caller, action: "token revoke", tx)
            let token = try tx.accessTokens(of: nil, kind: .bearer).first { $0.id == id }
            guard let token, try token.person == actor || isAdministrator(actor, tx) else {
                throw LoginError(.unknownToken, person: actor, token: id)
            }
            _ = try tx.revokeAccessToken(id: id, at: recordingClock())
        }
    }

    // MARK: Helpers

    private func issue(
        _ kind: AccessToken.Kind, for person: String, name: String?, expiresAt: Date?, _ tx: any StoreTransaction
    ) throws -> (secret: String, token: AccessToken) {
        let secret = AccessToken.newSecret()
        let token = AccessToken(
            id: (kind == .session ? "s-" : "t-") + String(AccessToken.newSecret().prefix(10)), kind: kind,
            person: person, name: name, secretHash: AccessToken.hash(ofSecret: secret), createdAt: recordingClock(),
            expiresAt: expiresAt)
        try tx.saveAccessToken(token)
        return (secret, token)
    }

    private func recordFailedLogin(person: String, address: String, now: Date) throws {
        try store.write { tx in
            try tx.recordLoginFailure(person: person, address: address, at: recordingClock())
            try tx.recordDenied(
                attempt(by: person, action: "login", caseID: nil, organisation: nil, required: [], now: now))
        }
    }

    private func isAdministrator(_ person: String, _ tx: any StoreTransaction) throws -> Bool {
        let tops = try tx.organisations().filter { $0.parent == nil }
        return try tops.contains { try tx.roles(of: person, over: $0.id).contains(Authorization.administratorRole) }
    }

    private func requireSelfOrAdministrator(
        _ person: String, _ caller: Caller, action: String, _ tx: any StoreTransaction
    ) throws {
        let actor = try self.actor(caller, action: action, tx)
        guard actor != person else { return }
        _ = try requireTopRole([Authorization.administratorRole], caller, action: action, code: .notAdministrator, tx)
    }

    /// A bcrypt hash that no password matches (made of a random password, once).
    private static let unusableHash = Bcrypt.hash(AccessToken.newSecret(), cost: 4)
}

extension AccessToken {
    /// 32 random bytes as 64 hexadecimal digits.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let word = generator.next() as UInt64
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// What the store keeps of a secret.
    public static func hash(ofSecret secret: String) -> String { AuditChain.sha256Hex(secret) }
}

/// A login or a token that could not be used.
public struct LoginError: Error, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable { case badCredentials, throttled, weakPassword, unknownToken }
        let base: Base
        init(_ base: Base) { self.base = base }
        /// Unknown person or wrong password: told alike.
        public static let badCredentials = Code(.badCredentials)
        /// Too many failed logins for the person or from the address, lately.
        public static let throttled = Code(.throttled)
        /// A password shorter than 8 characters or longer than bcrypt reads (72).
        public static let weakPassword = Code(.weakPassword)
        /// A token that is not there or not the caller's.
        public static let unknownToken = Code(.unknownToken)
        public var description: String { base.rawValue }
    }

    public var code: Code
    public var person: String
    public var token: String?

    public init(_ code: Code, person: String, token: String? = nil) {
        self.code = code
        self.person = person
        self.token = token
    }
}
