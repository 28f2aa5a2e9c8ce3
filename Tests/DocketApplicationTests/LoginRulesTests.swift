import DocketApplication
import DocketEngine
import DocketTesting
import Foundation
import Testing

/// Logins for `docket serve`: who may set a password, what a login answers, the throttle
/// on guessing, sessions and bearer tokens, and that only hashes are kept.
@Suite struct LoginRulesTests {
    let deployment: Deployment
    var app: DocketApp { deployment.app }
    let admin: Caller

    init() throws {
        deployment = try Deployment()
        admin = deployment.caller(Deployment.administrator, at: "2026-11-22T09:00")
        try deployment.app.setPassword("东村-2026-secret", of: "p-secretary", by: admin)
    }

    func loginError(_ body: () throws -> Void) -> LoginError.Code? {
        do {
            try body()
            return nil
        } catch let error as LoginError {
            return error.code
        } catch {
            Issue.record("not a login error: \(error)")
            return nil
        }
    }

    @Test("a person logs in with their password; the session stands for them, and logging out ends it")
    func logInAndOut() throws {
        let (secret, session) = try app.logIn(
            person: "p-secretary", password: "东村-2026-secret", address: "10.0.0.5", at: admin.now)
        #expect(session.person == "p-secretary" && session.kind == .session)
        #expect(try app.person(forSecret: secret, kind: .session) == "p-secretary")
        // A session's secret is not a bearer token, nor is its stored hash a secret.
        #expect(try app.person(forSecret: secret, kind: .bearer) == nil)
        #expect(try app.person(forSecret: session.secretHash, kind: .session) == nil)
        try app.logOut(secret: secret)
        #expect(try app.person(forSecret: secret, kind: .session) == nil)
    }

    @Test("a wrong password and an unknown person are refused alike, and both are on record as refused logins")
    func refusedAlike() throws {
        let wrong = loginError {
            _ = try app.logIn(person: "p-secretary", password: "guess-1234", address: "10.0.0.9", at: admin.now)
        }
        let nobody = loginError {
            _ = try app.logIn(person: "p-nobody", password: "guess-1234", address: "10.0.0.9", at: admin.now)
        }
        #expect(wrong == .badCredentials && nobody == .badCredentials)
        // Someone with no password set cannot log in with any.
        let unset = loginError {
            _ = try app.logIn(person: "p-xi", password: "", address: "10.0.0.9", at: admin.now)
        }
        #expect(unset == .badCredentials)
        let logins = try deployment.denied().filter { $0.action == "login" }.map(\.actor)
        #expect(logins == ["p-secretary", "p-nobody", "p-xi"])
    }

    @Test("five failed logins stop even the right password for a quarter of an hour")
    func throttled() throws {
        for _ in 0..<5 {
            _ = loginError {
                _ = try app.logIn(person: "p-secretary", password: "wrong-pass", address: "10.0.0.9", at: admin.now)
            }
        }
        let stopped = loginError {
            _ = try app.logIn(person: "p-secretary", password: "东村-2026-secret", address: "10.0.0.5", at: admin.now)
        }
        #expect(stopped == .throttled)
        deployment.clock.advance(by: DocketApp.LoginThrottle.window + 1)
        _ = try app.logIn(person: "p-secretary", password: "东村-2026-secret", address: "10.0.0.5", at: admin.now)
    }

    @Test("a person sets their own password; only the administrator sets someone else's; short ones are refused")
    func whoSetsPasswords() throws {
        let xi = deployment.caller("p-xi", at: "2026-11-22T09:00")
        try app.setPassword("西村的密码-xyz", of: "p-xi", by: xi)
        #expect(throws: AccessError.self) { try app.setPassword("taken-over-1", of: "p-secretary", by: xi) }
        #expect(loginError { try app.setPassword("short", of: "p-xi", by: xi) } == .weakPassword)
        // The refused change left the secretary's password as it was.
        _ = try app.logIn(person: "p-secretary", password: "东村-2026-secret", address: "10.0.0.5", at: admin.now)
    }

    @Test("a bearer token acts as its person until revoked or expired; only its owner or the administrator revokes it")
    func bearerTokens() throws {
        let secretary = deployment.caller("p-secretary", at: "2026-11-22T09:00")
        let (secret, token) = try app.createToken(
            for: "p-secretary", name: "月报脚本", lifetime: 3600, by: secretary)
        #expect(try app.person(forSecret: secret, kind: .bearer) == "p-secretary")
        #expect(try app.tokens(of: nil, by: secretary).map(\.id) == [token.id])
        // Listed without the secret; kept only as its hash.
        #expect(token.secretHash != secret && token.secretHash.count == 64)
        let xi = deployment.caller("p-xi", at: "2026-11-22T09:00")
        #expect(loginError { try app.revokeToken(token.id, by: xi) } == .unknownToken)
        #expect(try app.person(forSecret: secret, kind: .bearer) == "p-secretary")
        deployment.clock.advance(by: 3601)
        #expect(try app.person(forSecret: secret, kind: .bearer) == nil, "expired")

        let (second, kept) = try app.createToken(for: "p-secretary", name: nil, lifetime: nil, by: admin)
        try app.revokeToken(kept.id, by: admin)
        #expect(try app.person(forSecret: second, kind: .bearer) == nil, "revoked")
        #expect(throws: AccessError.self) {
            _ = try app.createToken(for: "p-secretary", name: nil, lifetime: nil, by: xi)
        }
    }
}
