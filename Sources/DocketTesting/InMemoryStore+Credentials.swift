public import DocketEngine
public import Foundation

extension InMemoryTransaction {
    public func setPasswordHash(_ hash: String, of person: String, at: Date) throws(StoreError) {
        try writeState("a password") { state in state.passwords[person] = hash }
    }

    public func passwordHash(of person: String) throws(StoreError) -> String? {
        try readState { state in state.passwords[person] }
    }

    public func saveAccessToken(_ token: AccessToken) throws(StoreError) {
        try writeState("a token") { state throws(StoreError) in
            guard !state.accessTokens.contains(where: { $0.id == token.id || $0.secretHash == token.secretHash }) else {
                throw StoreError(.conflict, "a token with id \(token.id) or the same secret exists")
            }
            state.accessTokens.append(token)
        }
    }

    public func accessToken(secretHash: String) throws(StoreError) -> AccessToken? {
        try readState { state in state.accessTokens.first { $0.secretHash == secretHash } }
    }

    public func accessTokens(of person: String?, kind: AccessToken.Kind) throws(StoreError) -> [AccessToken] {
        try readState { state in
            state.accessTokens.filter { $0.kind == kind && (person == nil || $0.person == person) }
        }
    }

    public func revokeAccessToken(id: String, at: Date) throws(StoreError) -> Bool {
        try writeState("a revocation") { state in
            guard let index = state.accessTokens.firstIndex(where: { $0.id == id }) else { return false }
            if state.accessTokens[index].revokedAt == nil { state.accessTokens[index].revokedAt = at }
            return true
        }
    }

    public func recordLoginFailure(person: String, address: String, at: Date) throws(StoreError) {
        try writeState("a failed login") { state in state.loginFailures.append((person, address, at)) }
    }

    public func loginFailures(person: String, address: String, since: Date) throws(StoreError) -> (
        person: Int, address: Int
    ) {
        try readState { state in
            let recent = state.loginFailures.filter { $0.at >= since }
            return (recent.count { $0.person == person }, recent.count { $0.address == address })
        }
    }
}
