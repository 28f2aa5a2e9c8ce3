import DocketPostgres
import Foundation
import Testing

/// Where a PostgreSQL store connects: the URL, and a password from the environment or
/// `.pgpass` as PostgreSQL's own tools take it, never shown.
@Suite struct PostgresSettingsTests {
    @Test("a URL gives host, port, user and database; a password in it is never shown")
    func url() throws {
        let settings = try PostgresSettings(
            url: "postgres://docket:s%3Acret@db.example:6543/county?sslmode=disable", environment: [:])
        #expect(settings.host == "db.example" && settings.port == 6543)
        #expect(settings.user == "docket" && settings.database == "county" && settings.password == "s:cret")
        #expect(settings.description == "postgres://docket@db.example:6543/county")
        #expect(!PostgresSettings.redacted("postgres://docket:s3cret@db.example/county").contains("s3cret"))
        #expect(PostgresSettings.isPostgresURL("postgres://x@y/z") && !PostgresSettings.isPostgresURL("./docket.db"))
        #expect(throws: (any Error).self) {
            try PostgresSettings(url: "postgres://u:pw@h/d?sslmode=require", environment: [:])
        }
        #expect(throws: (any Error).self) { try PostgresSettings(url: "mysql://u@h/d", environment: [:]) }
    }

    @Test("a password left out of the URL comes from PGPASSWORD, else from the first matching .pgpass line")
    func password() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
        # comment
        other:5432:*:docket:wrong
        db.example:*:county:docket:pa\\:ss
        *:*:*:*:fallback
        """.write(to: file, atomically: true, encoding: .utf8)
        let fromFile = try PostgresSettings(
            url: "postgres://docket@db.example:5432/county", environment: ["PGPASSFILE": file.path])
        #expect(fromFile.password == "pa:ss")
        let wildcard = try PostgresSettings(
            url: "postgres://someone@elsewhere/x", environment: ["PGPASSFILE": file.path])
        #expect(wildcard.password == "fallback")
        let fromEnvironment = try PostgresSettings(
            url: "postgres://docket@db.example/county", environment: ["PGPASSWORD": "env", "PGPASSFILE": file.path])
        #expect(fromEnvironment.password == "env")
        let none = try PostgresSettings(
            url: "postgres://docket@db.example/county", environment: ["HOME": "/nonexistent"])
        #expect(none.password == nil)
    }
}
