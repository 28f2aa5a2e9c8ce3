public import DocketCore

/// What an event's decision needs to know of the directory and the deployment beyond the
/// case itself, asked of the store in one call: a store over a network answers it in one
/// round trip, and the engine never asks piece by piece.
public struct EventFactsQuery: Sendable, Hashable {
    /// The case's organisation.
    public var organisation: String
    /// The workflow whose deployed parameter values are wanted.
    public var workflow: String
    /// People named in the input: are they in the store, and with which Party status?
    public var people: Set<String>
    /// Of those, the ones whose roles over ``organisation`` a field constrains.
    public var rolesOver: Set<String>
    /// Organisations named in the input: are they in the store?
    public var organisations: Set<String>
    /// The person acting, whose roles decide what they may do; `nil` for the timers.
    public var actor: String?
    /// Whether the actor is the case's assignee, who keeps the roles they hold anywhere
    /// for their own case (a request escalated above their organisation stays theirs).
    public var actorIsAssignee: Bool

    public init(
        organisation: String, workflow: String, people: Set<String> = [], rolesOver: Set<String> = [],
        organisations: Set<String> = [], actor: String?, actorIsAssignee: Bool = false
    ) {
        self.organisation = organisation
        self.workflow = workflow
        self.people = people
        self.rolesOver = rolesOver
        self.organisations = organisations
        self.actor = actor
        self.actorIsAssignee = actorIsAssignee
    }
}

/// The answer to an ``EventFactsQuery``.
public struct EventFacts: Sendable, Hashable {
    /// The parent of the case's organisation (where an escalation goes).
    public var parentOrganisation: String?
    /// The Party status of each named person who is in the store.
    public var peopleStatus: [String: Person.Status]
    /// The roles over the case's organisation of each person asked for who is in the store.
    public var peopleRoles: [String: Set<String>]
    /// The named organisations that are in the store.
    public var existingOrganisations: Set<String>
    /// The actor's roles (over the organisation, or anywhere for the assignee); `nil` for
    /// the timers.
    public var actorRoles: Set<String>?
    /// The deployment's values of the workflow's parameters, as configured (text).
    public var parameterTexts: [String: String]

    public init(
        parentOrganisation: String?, peopleStatus: [String: Person.Status], peopleRoles: [String: Set<String>],
        existingOrganisations: Set<String>, actorRoles: Set<String>?, parameterTexts: [String: String]
    ) {
        self.parentOrganisation = parentOrganisation
        self.peopleStatus = peopleStatus
        self.peopleRoles = peopleRoles
        self.existingOrganisations = existingOrganisations
        self.actorRoles = actorRoles
        self.parameterTexts = parameterTexts
    }
}

extension DirectoryRecords where Self: DefinitionRecords {
    /// The facts an event's decision needs, gathered from the store's other reads. A store
    /// that can answer in one query (over a network, say) implements it itself.
    public func eventFacts(_ query: EventFactsQuery) throws(StoreError) -> EventFacts {
        let statuses = try peopleStatus(among: query.people)
        var roles: [String: Set<String>] = [:]
        for person in query.rolesOver where statuses[person] != nil {
            roles[person] = try self.roles(of: person, over: query.organisation)
        }
        let actorRoles: Set<String>? =
            if let actor = query.actor {
                query.actorIsAssignee ? try self.roles(of: actor) : try self.roles(of: actor, over: query.organisation)
            } else {
                nil
            }
        return EventFacts(
            parentOrganisation: try organisation(query.organisation)?.parent, peopleStatus: statuses,
            peopleRoles: roles, existingOrganisations: try existingOrganisations(among: query.organisations),
            actorRoles: actorRoles, parameterTexts: try parameterTexts(workflow: query.workflow))
    }
}
