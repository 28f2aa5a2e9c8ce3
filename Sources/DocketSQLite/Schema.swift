import GRDB

/// The store's schema as named migrations, applied once each, in order.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE workflow_versions (
                        workflow TEXT NOT NULL, version INTEGER NOT NULL, title TEXT NOT NULL,
                        definition TEXT NOT NULL, source TEXT NOT NULL, digest TEXT NOT NULL, deployed_at REAL NOT NULL,
                        PRIMARY KEY (workflow, version));
                    CREATE TABLE parameter_overrides (
                        workflow TEXT NOT NULL, parameter TEXT NOT NULL, value TEXT NOT NULL,
                        PRIMARY KEY (workflow, parameter));
                    CREATE TABLE organisations (
                        id TEXT PRIMARY KEY, name TEXT NOT NULL, parent TEXT, kind TEXT NOT NULL, path TEXT NOT NULL);
                    CREATE INDEX organisations_path ON organisations(path);
                    CREATE TABLE people (
                        id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL, skills TEXT NOT NULL);
                    CREATE TABLE role_grants (
                        person TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE, role TEXT NOT NULL,
                        organisation TEXT NOT NULL, PRIMARY KEY (person, role, organisation));
                    CREATE TABLE cases (
                        id TEXT PRIMARY KEY, workflow TEXT NOT NULL, version INTEGER NOT NULL, state TEXT NOT NULL,
                        organisation TEXT NOT NULL, org_path TEXT NOT NULL, assignee TEXT,
                        data TEXT NOT NULL, records TEXT NOT NULL, last_step_on TEXT NOT NULL,
                        opened_at REAL NOT NULL, updated_at REAL NOT NULL, revision INTEGER NOT NULL);
                    CREATE INDEX cases_workflow_state ON cases(workflow, state);
                    CREATE INDEX cases_org_path ON cases(org_path);
                    CREATE INDEX cases_assignee ON cases(assignee) WHERE assignee IS NOT NULL;
                    CREATE TABLE case_counters (prefix TEXT PRIMARY KEY, next INTEGER NOT NULL);
                    CREATE TABLE audit (
                        seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, case_id TEXT NOT NULL, event TEXT NOT NULL,
                        from_state TEXT, to_state TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL,
                        on_date TEXT NOT NULL, recorded_at TEXT NOT NULL, data TEXT NOT NULL, note TEXT,
                        prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
                    CREATE INDEX audit_case ON audit(case_id, seq);
                    -- The trail is append-only: the database itself refuses edits and deletions.
                    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                    """)
        }
        migrator.registerMigration("v2-timers") { db in
            try db.execute(
                sql: """
                    ALTER TABLE cases ADD COLUMN state_entered_at REAL NOT NULL DEFAULT 0;
                    ALTER TABLE cases ADD COLUMN state_entered_on TEXT NOT NULL DEFAULT '';
                    UPDATE cases SET state_entered_at = updated_at, state_entered_on = last_step_on;
                    -- The running time limits of every case, replaced with each change of
                    -- the case. Denormalised so that overdue queries read one table.
                    CREATE TABLE deadlines (
                        case_id TEXT NOT NULL REFERENCES cases(id), rule TEXT NOT NULL, kind TEXT NOT NULL,
                        title TEXT NOT NULL, title_en TEXT, workflow TEXT NOT NULL, state TEXT NOT NULL,
                        organisation TEXT NOT NULL, org_path TEXT NOT NULL, assignee TEXT,
                        due_at REAL NOT NULL, due_date TEXT, warn_at REAL, fires TEXT, input TEXT NOT NULL,
                        PRIMARY KEY (case_id, rule));
                    CREATE INDEX deadlines_org_due ON deadlines(org_path, due_at);
                    CREATE INDEX deadlines_due ON deadlines(due_at);
                    CREATE INDEX deadlines_timers ON deadlines(due_at) WHERE fires IS NOT NULL;
                    CREATE TABLE calendars (id TEXT PRIMARY KEY, definition TEXT NOT NULL);
                    """)
        }
        migrator.registerMigration("v3-permissions") { db in
            try db.execute(
                sql: """
                    -- Refused attempts: who tried what on which case, when, and why. Kept
                    -- apart from the audit trail, which records only changes of cases.
                    CREATE TABLE denied_attempts (
                        seq INTEGER PRIMARY KEY, at REAL NOT NULL, recorded_at REAL NOT NULL, actor TEXT NOT NULL,
                        action TEXT NOT NULL, case_id TEXT, organisation TEXT, org_path TEXT, reason TEXT NOT NULL);
                    CREATE INDEX denied_org ON denied_attempts(org_path);
                    CREATE INDEX role_grants_role ON role_grants(role);
                    """)
        }
        migrator.registerMigration("v4-items-and-campaigns") { db in
            try db.execute(
                sql: """
                    ALTER TABLE cases ADD COLUMN items TEXT NOT NULL DEFAULT '{}';
                    ALTER TABLE cases ADD COLUMN campaign TEXT;
                    CREATE INDEX cases_campaign ON cases(campaign) WHERE campaign IS NOT NULL;
                    CREATE TABLE campaigns (
                        name TEXT PRIMARY KEY, workflow TEXT NOT NULL, started_at REAL NOT NULL, started_by TEXT NOT NULL,
                        cases INTEGER NOT NULL);
                    CREATE TABLE grading_scores (
                        year INTEGER NOT NULL, organisation TEXT NOT NULL REFERENCES organisations(id), score REAL NOT NULL,
                        indicators TEXT NOT NULL, PRIMARY KEY (year, organisation));
                    """)
        }
        migrator.registerMigration("v5-timer-order") { db in
            // tick reads the next timer in (due, case) order; with thousands due at one
            // instant, an index on the due time alone made every read sort them all.
            try db.execute(
                sql: """
                    DROP INDEX deadlines_timers;
                    CREATE INDEX deadlines_timers ON deadlines(due_at, case_id) WHERE fires IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v6-overdue-in-due-order") { db in
            // "The first 50 overdue under a township" and "overdue per township" read the
            // overdue limits in due order and look at each one's organisation path in the
            // index alone; case_id is there for the tie-break of the list's order.
            // "Due soon under a village" tests the warning time in the subtree's index
            // rather than in every row of the subtree.
            try db.execute(
                sql: """
                    DROP INDEX deadlines_due;
                    CREATE INDEX deadlines_due ON deadlines(due_at, case_id, org_path);
                    DROP INDEX deadlines_org_due;
                    CREATE INDEX deadlines_org_due ON deadlines(org_path, due_at, warn_at);
                    """)
        }
        migrator.registerMigration("v7-provisional-limits") { db in
            // A limit counted through a year whose holiday notice is not out yet, by the
            // weekday rule; 1 when so. Read with the limit, never searched by.
            try db.execute(sql: "ALTER TABLE deadlines ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v8-audit-encoding") { db in
            // How each entry's hash encodes its fields (AuditChain.encodings): entries
            // written before this migration are encoding 1, and still verify as such.
            try db.execute(sql: "ALTER TABLE audit ADD COLUMN encoding INTEGER NOT NULL DEFAULT 1")
        }
        migrator.registerMigration("v9-store-identifier") { db in
            // What the signed checkpoints of the trail name: made once, never changed.
            try db.execute(
                sql: "INSERT OR IGNORE INTO meta (key, value) VALUES ('store-id', lower(hex(randomblob(16))))")
        }
        migrator.registerMigration("v10-audit-outcome") { db in
            // What each change left its case as (CaseOutcome, encoding 3 on), so that the
            // case rows can be replayed from the trail; NULL for settings and older entries.
            try db.execute(sql: "ALTER TABLE audit ADD COLUMN outcome TEXT")
        }
        migrator.registerMigration("v11-logins") { db in
            // The server's logins. Secrets are kept only as hashes: a password as bcrypt,
            // a session's or a token's secret as SHA-256 (it is random, so a fast hash is enough).
            try db.execute(
                sql: """
                    CREATE TABLE passwords (person TEXT PRIMARY KEY, hash TEXT NOT NULL, set_at REAL NOT NULL);
                    CREATE TABLE access_tokens (
                        id TEXT PRIMARY KEY, kind TEXT NOT NULL, person TEXT NOT NULL, name TEXT,
                        secret_hash TEXT NOT NULL UNIQUE, created_at REAL NOT NULL, expires_at REAL, revoked_at REAL);
                    CREATE INDEX access_tokens_by_person ON access_tokens (person, kind);
                    CREATE TABLE login_failures (person TEXT NOT NULL, address TEXT NOT NULL, at REAL NOT NULL);
                    CREATE INDEX login_failures_by_person ON login_failures (person, at);
                    CREATE INDEX login_failures_by_address ON login_failures (address, at);
                    """)
        }
        return migrator
    }
}
