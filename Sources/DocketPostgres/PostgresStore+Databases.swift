public import DocketEngine
import Foundation

extension PostgresStore {
    /// Creates an empty database on the server that `settings` reaches (connected to
    /// its database, `postgres` say): a fresh store for a test or a new deployment.
    ///
    /// - Parameters:
    ///   - name: letters, digits and underscores only (it is not quoted).
    ///   - settings: a server and a database on it to connect to.
    public static func createDatabase(_ name: String, on settings: PostgresSettings) throws(StoreError) {
        try administer("CREATE DATABASE \(try checked(name)) TEMPLATE template0 ENCODING 'UTF8'", on: settings)
    }

    /// Drops a database, ending any connection still open to it.
    ///
    /// - Parameters:
    ///   - name: letters, digits and underscores only (it is not quoted).
    ///   - settings: a server and another database on it to connect to.
    public static func dropDatabase(_ name: String, on settings: PostgresSettings) throws(StoreError) {
        try administer("DROP DATABASE IF EXISTS \(try checked(name)) WITH (FORCE)", on: settings)
    }

    private static func checked(_ name: String) throws(StoreError) -> String {
        guard !name.isEmpty,
            name.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || (48...57).contains($0) || (97...122).contains($0) })
        else {
            throw StoreError(.invalidData, "a database name of lowercase letters, digits and underscores is needed")
        }
        return name
    }

    private static func administer(_ statement: String, on settings: PostgresSettings) throws(StoreError) {
        let pool = ConnectionPool(settings: settings)
        let session = try pool.take()
        defer { session.close() }
        do { try session.execute(statement) } catch { throw storeError(error, "cannot run \(statement)") }
    }
}
