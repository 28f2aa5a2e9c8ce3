import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketMessages
import DocketPostgres
import DocketPresentation
import DocketSQLite
import Foundation

/// What a command runs with: the options resolved against the environment, the store,
/// the deployment zone and "now", and the one place output and failures are written.
struct CommandContext {
    let globals: GlobalOptions
    var language: Language { globals.language }
    var zh: Bool { language == .zh }

    init(_ globals: GlobalOptions) { self.globals = globals }

    /// Opens (or with `create`, makes) the store named by `--db`: the one place the
    /// command line names a store type; everything after goes through `DocketApp`. A
    /// `postgres://` URL names a PostgreSQL database, anything else a SQLite file.
    func openStore(create: Bool = false, timeZone: String? = nil, simulation: Bool = false) throws -> any CaseStore {
        do {
            if PostgresSettings.isPostgresURL(globals.databasePath) {
                return try PostgresStore.open(
                    url: globals.databasePath, create: create,
                    timeZone: timeZone ?? DeploymentZone.defaultIdentifier, simulation: simulation)
            }
            if create {
                return try SQLiteStore.open(
                    path: globals.databasePath, create: true, timeZone: timeZone ?? DeploymentZone.defaultIdentifier,
                    simulation: simulation)
            }
            return try SQLiteStore.open(
                path: globals.databasePath, create: false, lockWait: globals.lockWait ?? SQLiteStore.lockWaitLimit)
        } catch {
            throw fail(error)
        }
    }

    /// The command's "now": `--at`, `DOCKET_NOW`, or the system clock.
    func now(in zone: DeploymentZone) throws -> Date {
        guard let raw = globals.rawNow else { return Date() }
        guard let instant = zone.parseTyped(raw) else {
            throw fail(
                .invalidInput, zh: "--at「\(raw)」不是有效时间（可写作 \(DeploymentZone.typedForms)）",
                en: "--at '\(raw)' is not a valid time (any of \(DeploymentZone.typedForms))")
        }
        return instant
    }

    /// What every command runs with: the application on the store, and the caller (the
    /// person of `--as` or `DOCKET_ACTOR`, and "now").
    struct Session {
        let app: DocketApp
        let caller: Caller
        var engine: Engine { app.engine }
        var zone: DeploymentZone { app.zone }
        var now: Date { caller.now }
    }

    func session(create: Bool = false, timeZone: String? = nil, simulation: Bool = false) throws -> Session {
        let store = try openStore(create: create, timeZone: timeZone, simulation: simulation)
        let app: DocketApp
        do { app = try DocketApp(store: store) } catch { throw fail(error) }
        return Session(app: app, caller: Caller(person: globals.actorID, now: try now(in: app.zone)))
    }

    // MARK: Output

    /// Writes a result to stdout.
    func emit(_ text: String) {
        print(text)
    }

    func emit(json: JSONValue) {
        print(json.rendered())
    }

    /// Writes a diagnostic to stderr.
    func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    func text(zh: String, en: String) -> String { self.zh ? zh : en }

    /// A stored text as a table shows it: cut at the input limit, saying how much is left
    /// out (a store may hold longer texts than input now accepts).
    func clipped(_ text: String) -> String {
        let clipped = ClippedText(text)
        guard clipped.omitted > 0 else { return text }
        return clipped.shown
            + self.text(
                zh: "……（以下略去 \(clipped.omitted) 字，全文见 --json）",
                en: "… (\(clipped.omitted) more characters; --json gives the whole text)")
    }

    // MARK: Failures

    /// Reports a failure (stderr, or a JSON error on stdout with `--json`) and returns the
    /// exit code to throw, so that nothing prints twice.
    func fail(_ status: ExitStatus, message: String, context: [(String, JSONValue)] = []) -> ExitCode {
        if globals.json {
            emit(
                json: .object([
                    ("error", .object([("code", .string(status.code)), ("message", .string(message))] + context))
                ]))
        } else {
            note((zh ? "错误：" : "error: ") + message)
        }
        return ExitCode(status.rawValue)
    }

    func fail(_ status: ExitStatus, zh: String, en: String, context: [(String, JSONValue)] = []) -> ExitCode {
        fail(status, message: self.zh ? zh : en, context: context)
    }

    /// Turns any error from the engine or the store into words and an exit status.
    func fail(_ error: any Error, definition: WorkflowDefinition? = nil) -> ExitCode {
        if let exit = error as? ExitCode { return exit }
        // Only a change dated ahead of the clock names instants; the store says in which zone.
        var zone = DeploymentZone.shanghai
        if let engine = error as? EngineError, engine.code == .changeInFuture,
            let app = (try? openStore()).flatMap({ try? DocketApp(store: $0) })
        {
            zone = app.zone
        }
        return fail(Failure(error, language: language, definition: definition, zone: zone))
    }

    /// Reports a failure worded by DocketPresentation, its details (a file's bad rows) first.
    func fail(_ failure: Failure) -> ExitCode {
        if !globals.json { failure.details.forEach(note) }
        return fail(failure.kind, message: failure.message, context: failure.context)
    }
}

/// On the command line a failure's kind is its exit status (documented in the README).
typealias ExitStatus = FailureKind
