import DocketEngine

/// The store's schema as named migrations, applied once each, in order, and recorded in
/// `docket_migrations`.
///
/// Every text column that is ordered or compared is `COLLATE "C"`: lists, subtree ranges
/// and the timers' order are then the bytes' order, whatever locale the server was made
/// with, and the same as the SQLite store's.
enum PostgresSchema {
    /// A number only Docket takes as an advisory lock: two processes migrating at once
    /// take turns.
    static let migrationLock = 0x646F_636B_6574

    static let migrations: [(name: String, statements: [String])] = [
        (
            "v1-foundation",
            [
                """
                CREATE TABLE meta (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL)
                """,
                """
                CREATE TABLE workflow_versions (
                    workflow TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL, title TEXT NOT NULL,
                    definition TEXT NOT NULL, source TEXT NOT NULL, digest TEXT NOT NULL,
                    deployed_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (workflow, version))
                """,
                """
                CREATE TABLE parameter_overrides (
                    workflow TEXT COLLATE "C" NOT NULL, parameter TEXT COLLATE "C" NOT NULL, value TEXT NOT NULL,
                    PRIMARY KEY (workflow, parameter))
                """,
                """
                CREATE TABLE organisations (
                    id TEXT COLLATE "C" PRIMARY KEY, name TEXT NOT NULL, parent TEXT COLLATE "C",
                    kind TEXT NOT NULL, path TEXT COLLATE "C" NOT NULL)
                """,
                // Subtree queries are one range on the path, which this index holds in byte order.
                "CREATE INDEX organisations_path ON organisations (path)",
                "CREATE INDEX organisations_parent ON organisations (parent, path)",
                """
                CREATE TABLE people (
                    id TEXT COLLATE "C" PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL, skills TEXT NOT NULL)
                """,
                """
                CREATE TABLE role_grants (
                    person TEXT COLLATE "C" NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                    role TEXT COLLATE "C" NOT NULL, organisation TEXT COLLATE "C" NOT NULL,
                    PRIMARY KEY (person, role, organisation))
                """,
                "CREATE INDEX role_grants_role ON role_grants (role)",
                """
                CREATE TABLE cases (
                    id TEXT COLLATE "C" PRIMARY KEY, workflow TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL,
                    state TEXT COLLATE "C" NOT NULL, organisation TEXT COLLATE "C" NOT NULL,
                    org_path TEXT COLLATE "C" NOT NULL, assignee TEXT COLLATE "C", data TEXT NOT NULL,
                    records TEXT NOT NULL, last_step_on TEXT NOT NULL, opened_at DOUBLE PRECISION NOT NULL,
                    updated_at DOUBLE PRECISION NOT NULL, revision BIGINT NOT NULL,
                    state_entered_at DOUBLE PRECISION NOT NULL, state_entered_on TEXT NOT NULL,
                    items TEXT NOT NULL DEFAULT '{}', campaign TEXT COLLATE "C")
                """,
                "CREATE INDEX cases_workflow_state ON cases (workflow, state, id)",
                "CREATE INDEX cases_org_path ON cases (org_path)",
                "CREATE INDEX cases_assignee ON cases (assignee) WHERE assignee IS NOT NULL",
                "CREATE INDEX cases_campaign ON cases (campaign) WHERE campaign IS NOT NULL",
                "CREATE TABLE case_counters (prefix TEXT COLLATE \"C\" PRIMARY KEY, next BIGINT NOT NULL)",
                """
                CREATE TABLE audit (
                    seq BIGINT PRIMARY KEY, kind TEXT NOT NULL, case_id TEXT COLLATE "C" NOT NULL,
                    event TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL,
                    on_date TEXT NOT NULL, recorded_at TEXT NOT NULL, data TEXT NOT NULL, note TEXT,
                    prev_hash TEXT NOT NULL, hash TEXT NOT NULL, encoding BIGINT NOT NULL DEFAULT 1, outcome TEXT)
                """,
                "CREATE INDEX audit_case ON audit (case_id, seq)",
                // The trail is append-only: the database itself refuses edits and deletions.
                """
                CREATE FUNCTION docket_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$
                """,
                """
                CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit
                FOR EACH ROW EXECUTE FUNCTION docket_audit_append_only()
                """,
                // The trail's head: its last number and hash, in one row that every
                // appending transaction reads FOR UPDATE (see PostgresTransaction).
                """
                CREATE TABLE audit_head (
                    one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one), seq BIGINT NOT NULL, hash TEXT NOT NULL)
                """,
                "INSERT INTO audit_head (one, seq, hash) VALUES (TRUE, 0, '')",
                """
                CREATE TABLE deadlines (
                    case_id TEXT COLLATE "C" NOT NULL REFERENCES cases (id), rule TEXT COLLATE "C" NOT NULL,
                    kind TEXT NOT NULL, title TEXT NOT NULL, title_en TEXT, workflow TEXT COLLATE "C" NOT NULL,
                    state TEXT COLLATE "C" NOT NULL, organisation TEXT COLLATE "C" NOT NULL,
                    org_path TEXT COLLATE "C" NOT NULL, assignee TEXT COLLATE "C",
                    due_at DOUBLE PRECISION NOT NULL, due_date TEXT, warn_at DOUBLE PRECISION, fires TEXT,
                    input TEXT NOT NULL, provisional BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (case_id, rule))
                """,
                // The tick's order: due time, then case.
                "CREATE INDEX deadlines_timers ON deadlines (due_at, case_id) WHERE fires IS NOT NULL",
                // Overdue lists in due order, the organisation read from the index.
                "CREATE INDEX deadlines_due ON deadlines (due_at, case_id, org_path)",
                // Overdue counts and due-soon lists under one organisation: its subtree's range.
                "CREATE INDEX deadlines_org_due ON deadlines (org_path, due_at, warn_at)",
                "CREATE TABLE calendars (id TEXT COLLATE \"C\" PRIMARY KEY, definition TEXT NOT NULL)",
                """
                CREATE TABLE denied_attempts (
                    seq BIGSERIAL PRIMARY KEY, at DOUBLE PRECISION NOT NULL, recorded_at DOUBLE PRECISION NOT NULL,
                    actor TEXT NOT NULL, action TEXT NOT NULL, case_id TEXT, organisation TEXT,
                    org_path TEXT COLLATE "C", reason TEXT NOT NULL)
                """,
                "CREATE INDEX denied_org ON denied_attempts (org_path)",
                """
                CREATE TABLE campaigns (
                    name TEXT COLLATE "C" PRIMARY KEY, workflow TEXT NOT NULL, started_at DOUBLE PRECISION NOT NULL,
                    started_by TEXT NOT NULL, cases BIGINT NOT NULL)
                """,
                """
                CREATE TABLE grading_scores (
                    year BIGINT NOT NULL, organisation TEXT COLLATE "C" NOT NULL REFERENCES organisations (id),
                    score DOUBLE PRECISION NOT NULL, indicators TEXT NOT NULL, PRIMARY KEY (year, organisation))
                """,
                // What the signed checkpoints of the trail name: made once, never changed.
                """
                INSERT INTO meta (key, value) VALUES ('store-id', replace(gen_random_uuid()::text, '-', ''))
                """,
            ]
        ),
        (
            "v2-logins",
            [
                """
                CREATE TABLE passwords (
                    person TEXT COLLATE "C" PRIMARY KEY, hash TEXT NOT NULL, set_at DOUBLE PRECISION NOT NULL)
                """,
                """
                CREATE TABLE access_tokens (
                    id TEXT COLLATE "C" PRIMARY KEY, kind TEXT NOT NULL, person TEXT COLLATE "C" NOT NULL, name TEXT,
                    secret_hash TEXT NOT NULL UNIQUE, created_at DOUBLE PRECISION NOT NULL,
                    expires_at DOUBLE PRECISION, revoked_at DOUBLE PRECISION)
                """,
                "CREATE INDEX access_tokens_by_person ON access_tokens (person, kind)",
                """
                CREATE TABLE login_failures (
                    person TEXT COLLATE "C" NOT NULL, address TEXT COLLATE "C" NOT NULL,
                    at DOUBLE PRECISION NOT NULL)
                """,
                "CREATE INDEX login_failures_by_person ON login_failures (person, at)",
                "CREATE INDEX login_failures_by_address ON login_failures (address, at)",
            ]
        ),
    ]

    /// Applies the migrations not applied yet, each in a transaction of its own, under
    /// an advisory lock.
    static func migrate(_ session: PostgresSession) throws {
        try session.execute("BEGIN")
        do {
            try session.execute("SELECT pg_advisory_xact_lock(\(migrationLock))")
            try session.execute(
                """
                CREATE TABLE IF NOT EXISTS docket_migrations (
                    name TEXT COLLATE "C" PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """)
            let applied = Set(try session.query("SELECT name FROM docket_migrations").map { try $0.string(0) })
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements { try session.execute(statement) }
                try session.execute("INSERT INTO docket_migrations (name) VALUES (?)", [.text(migration.name)])
            }
            try session.execute("COMMIT")
        } catch {
            _ = try? session.execute("ROLLBACK")
            throw error
        }
    }
}
