public import DocketCore
public import DocketEngine

/// Why a person may not do what they asked, with the facts a front end words.
///
/// A refusal that concerns the tree or the store (not merely a missing `--as`) carries the
/// `DeniedAttempt` that ``DocketApp`` records on the trail of refused attempts before
/// passing the error on, so that `audit denied` shows it.
public struct AccessError: Error, Sendable {
    /// The kind of refusal. A struct over a private enum, so that kinds can be added
    /// without breaking a caller's `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case noPerson, systemPerson, unknownPerson, notAdministrator, needsTopRole, noRole, outsideScope, unseen
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The operation needs the person acting, and none was given.
        public static let noPerson = Code(.noPerson)
        /// `system` is the timers' identity; no person may act as it.
        public static let systemPerson = Code(.systemPerson)
        /// The person named is not in the store.
        public static let unknownPerson = Code(.unknownPerson)
        /// Set-up work needs the administrator role at the top of the tree.
        public static let notAdministrator = Code(.notAdministrator)
        /// Work over the whole tree (the timers, the trail) needs one of ``AccessError/required``
        /// roles at its top.
        public static let needsTopRole = Code(.needsTopRole)
        /// The person holds no role anywhere, so there is nothing for them to read.
        public static let noRole = Code(.noRole)
        /// The person holds no role at or under the organisation they asked about.
        public static let outsideScope = Code(.outsideScope)
        /// Something asked for (a person, an organisation) is outside the person's part of
        /// the tree, or not there: the two are told alike.
        public static let unseen = Code(.unseen)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The person refused (for `.noPerson`, empty).
    public var person: String
    /// What they tried: a command's name (`org import`), `read`, an event id.
    public var action: String
    /// What the refusal is about: an organisation, or for `.unseen` the thing asked for.
    public var subject: String?
    /// For `.unseen`, what kind of thing the subject is.
    public var subjectKind: EngineError.Kind?
    /// The roles that would have allowed it, when the refusal names some.
    public var required: [String] { attempt?.requiredRoles ?? [] }
    /// What is recorded as a refused attempt; `nil` for refusals that are only about the
    /// request (no person given, an unknown one).
    public var attempt: DeniedAttempt?

    public init(
        _ code: Code, person: String, action: String, subject: String? = nil, subjectKind: EngineError.Kind? = nil,
        attempt: DeniedAttempt? = nil
    ) {
        self.code = code
        self.person = person
        self.action = action
        self.subject = subject
        self.subjectKind = subjectKind
        self.attempt = attempt
    }
}

/// A name typed by the caller (a workflow, state, event, field, role, organisation or
/// person, by id, title or name) that names nothing, or more than one thing in the
/// caller's part of the tree.
///
/// Naming nothing, the nearest one comes with it when there is one close enough
/// (``suggestion``). Naming several, each of them comes with the words that tell it from
/// the others (``candidates``: `dongcun-a（东村，城关镇）`), and none is guessed: a clerk
/// dispatching to one of two 李明 must say which. ``code`` tells the two apart.
public struct LookupError: Error, Sendable {
    public var kind: EngineError.Kind
    public var typed: String
    public var suggestion: String?
    /// What the name names when it names more than one; empty when it names nothing.
    public var candidates: [Candidate]

    /// One of the things a name names: its id, and words telling it from the others (an
    /// organisation's name and its parent's, a title and its workflow).
    public struct Candidate: Sendable, Hashable {
        public var id: String
        public var detail: [LocalizedText]

        public init(id: String, detail: [LocalizedText]) {
            self.id = id
            self.detail = detail
        }
    }

    /// A name that names nothing, with the nearest one when there is one.
    public init(kind: EngineError.Kind, typed: String, suggestion: String?) {
        self.kind = kind
        self.typed = typed
        self.suggestion = suggestion
        self.candidates = []
    }

    /// A name that names each of `candidates` (more than one), in the order given.
    public init(kind: EngineError.Kind, typed: String, candidates: [Candidate]) {
        self.kind = kind
        self.typed = typed
        self.suggestion = nil
        self.candidates = candidates
    }
}
