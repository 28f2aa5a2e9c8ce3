public import DocketCore
public import DocketEngine
public import Foundation

/// What a person does with Docket, one operation per thing they do, shared by every
/// front end: the command line today, the HTTP server next.
///
/// Each operation takes a ``Caller`` (who asks, and their "now"), checks what that person
/// may do itself, and runs in one store transaction. A front end parses its input, makes
/// one call and renders the result or the error; no rule lives in a front end, so a
/// second front end cannot get one wrong.
///
/// Errors are values with facts, never words: ``AccessError`` (who may not do what),
/// ``LookupError`` (a name that names nothing, with the nearest one), ``DispatchError``,
/// ``UndeclaredError``, and the engine's `EngineError` and `StoreError`. The front end
/// words them (DocketMessages has the words for the engine's).
///
/// ```swift
/// let app = try DocketApp(store: store)
/// let now = app.zone.parseInstant("2026-11-22T09:30")!
/// let clerk = Caller(person: "p-intake", now: now)
/// let view = try app.startCase(
///     workflow: "service-request", organisation: "dongcun", caseID: nil,
///     request: EventRequest(
///         event: "",
///         input: [
///             "requester": "张大爷", "phone": "13800000000", "category": "repair",
///             "description": "自来水管漏水", "urgency": "utility",
///         ],
///         actor: "p-intake"),
///     by: clerk)
/// ```
///
/// More in <doc:Operations>.
public struct DocketApp: Sendable {
    public let engine: Engine
    /// The recording clock: when an entry or a refused attempt was written, as opposed to
    /// the "now" a caller gives (which in a simulation may be any instant).
    let recordingClock: @Sendable () -> Date
    /// The bcrypt cost of new password hashes: 12 (a quarter of a second here), lower only
    /// in tests, where each login would otherwise cost as much.
    let passwordCost: UInt8

    public var store: any CaseStore { engine.store }
    public var zone: DeploymentZone { engine.zone }

    /// An application over a store, in the store's deployment zone.
    ///
    /// - Parameters:
    ///   - store: the store every operation reads and writes; its time zone is the deployment's.
    ///   - recordingClock: when things are recorded; tests pass a manual clock.
    ///   - passwordCost: the bcrypt cost of passwords set through this application.
    public init(
        store: any CaseStore, recordingClock: @escaping @Sendable () -> Date = { Date() }, passwordCost: UInt8 = 12
    ) throws(StoreError) {
        let zone = DeploymentZone(identifier: try store.timeZoneIdentifier()) ?? .shanghai
        self.engine = Engine(store: store, zone: zone, recordingClock: recordingClock)
        self.recordingClock = recordingClock
        self.passwordCost = passwordCost
    }

    /// Runs `body` as one write transaction, through whose handle it reads and writes.
    ///
    /// An ``EngineError`` is carried out of the transaction as a value: the engine refuses
    /// before it writes, and what it recorded about the refusal (a denied attempt) commits.
    /// An ``AccessError`` undoes the transaction, and its attempt is recorded on its own.
    func writing<T>(_ body: (_ tx: any StoreTransaction) throws -> T) throws -> T {
        try recordingRefusal { try engine.write(body) }
    }

    /// Runs `body` as one read transaction: one unchanging state, without the write lock.
    /// Only for reads that record nothing (an engine read of a case records an outsider);
    /// an ``AccessError`` thrown by `body` still has its attempt recorded, on its own.
    func reading<T>(_ body: (_ tx: any StoreTransaction) throws -> T) throws -> T {
        try recordingRefusal { try engine.read(body) }
    }
}

/// Who asks, and the "now" they ask at: every operation of ``DocketApp`` takes one.
public struct Caller: Sendable, Hashable {
    /// The person, as they identified themselves (`--as` on the command line, a login on
    /// the server); `nil` only while the store is being set up and no one administers it.
    public var person: String?
    /// The caller's "now": the clock, or a simulated instant.
    public var now: Date

    public init(person: String?, now: Date) {
        self.person = person
        self.now = now
    }
}
