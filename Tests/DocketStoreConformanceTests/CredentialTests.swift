import DocketEngine
import DocketTesting
import Foundation
import Testing

/// Logins as every store keeps them: password hashes, tokens by the hash of their secret,
/// revocation, and failed logins counted by person and by address.
@Suite struct CredentialTests {
    @Test(
        "a store keeps tokens by their secret's hash, revokes them, and counts failed logins",
        arguments: StoreKind.allCases)
    func credentials(_ kind: StoreKind) throws {
        let s = try Subject(kind)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let token = AccessToken(
            id: "t-1", kind: .bearer, person: "p-clerk", name: "报表", secretHash: String(repeating: "a", count: 64),
            createdAt: t0, expiresAt: t0 + 3600)
        try s.store.write { tx in
            try tx.setPasswordHash("$2b$04$hash", of: "p-clerk", at: t0)
            try tx.setPasswordHash("$2b$04$again", of: "p-clerk", at: t0)
            try tx.saveAccessToken(token)
            try tx.saveAccessToken(
                AccessToken(id: "s-1", kind: .session, person: "p-clerk", secretHash: "b", createdAt: t0))
            try tx.recordLoginFailure(person: "p-clerk", address: "10.0.0.1", at: t0)
            try tx.recordLoginFailure(person: "p-other", address: "10.0.0.1", at: t0 + 60)
        }
        // A second token with the same id is refused, and the transaction leaves nothing.
        #expect(throws: StoreError.self) {
            try s.store.write { tx in try tx.saveAccessToken(token) }
        }
        try s.store.read { tx in
            #expect(try tx.passwordHash(of: "p-clerk") == "$2b$04$again")
            #expect(try tx.passwordHash(of: "p-member") == nil)
            #expect(try tx.accessToken(secretHash: token.secretHash) == token)
            #expect(try tx.accessTokens(of: "p-clerk", kind: .bearer).map(\.id) == ["t-1"])
            #expect(try tx.accessTokens(of: nil, kind: .session).map(\.id) == ["s-1"])
            let failures = try tx.loginFailures(person: "p-clerk", address: "10.0.0.1", since: t0)
            #expect(failures.person == 1 && failures.address == 2)
            #expect(try tx.loginFailures(person: "p-clerk", address: "10.0.0.1", since: t0 + 30).address == 1)
        }
        let revoked = try s.store.write { tx in
            (try tx.revokeAccessToken(id: "t-1", at: t0 + 10), try tx.revokeAccessToken(id: "t-9", at: t0 + 10))
        }
        #expect(revoked == (true, false))
        let stored = try s.store.read { tx in try tx.accessToken(secretHash: token.secretHash) }
        #expect(stored?.revokedAt == t0 + 10 && stored?.isValid(at: t0 + 20) == false)
    }
}
