import Crypto
public import DocketCore
import Foundation

/// What a change left its case as, recorded with the change's audit entry (encoding 3 on):
/// the facts of the case row the entry's own fields do not say.
///
/// An entry says the state a change led to and the fields it gave, but not the
/// organisation a case was started under, who it was assigned to, nor which fields a
/// step cleared. Recording them lets `audit verify` replay every case from its trail
/// alone, without the workflow's rules, and name a case whose row was changed behind the
/// trail's back (its state, assignee, organisation or data edited in the `cases` table).
///
/// The data is recorded by its hash: the SHA-256 of the case's whole data in canonical
/// JSON, as the store keeps it, so that the trail does not grow with every field a case
/// carries.
public struct CaseOutcome: Sendable, Hashable {
    public var workflow: String
    public var version: Int
    public var organisation: String
    public var assignee: String?
    /// The SHA-256 (64 hex digits) of the case's data in canonical JSON (`ValueJSON`).
    public var dataHash: String

    public init(workflow: String, version: Int, organisation: String, assignee: String?, dataHash: String) {
        self.workflow = workflow
        self.version = version
        self.organisation = organisation
        self.assignee = assignee
        self.dataHash = dataHash
    }

    /// The outcome of a decided change, its data already encoded as the store keeps it.
    ///
    /// - Parameters:
    ///   - snapshot: the case after the change.
    ///   - dataJSON: `snapshot.data` in canonical JSON (`ValueJSON.encode`).
    public init(of snapshot: CaseSnapshot, dataJSON: String) {
        self.init(
            workflow: snapshot.workflow, version: snapshot.version, organisation: snapshot.organisation,
            assignee: snapshot.assignee, dataHash: AuditChain.sha256Hex(dataJSON))
    }

    /// The outcome as its audit column holds it and the hash covers it: canonical JSON
    /// with sorted keys, the assignee absent when there is none.
    public var text: String {
        var object: [String: Value] = [
            "data": .text(dataHash), "organisation": .text(organisation), "version": .integer(version),
            "workflow": .text(workflow),
        ]
        if let assignee { object["assignee"] = .text(assignee) }
        return ValueJSON.encode(object)
    }

    /// The outcome an audit column holds; `nil` for text that is not one.
    public init?(text: String) {
        guard let object = ValueJSON.decodeObject(text), case .text(let workflow)? = object["workflow"],
            case .integer(let version)? = object["version"], case .text(let organisation)? = object["organisation"],
            case .text(let dataHash)? = object["data"]
        else { return nil }
        var assignee: String?
        if let value = object["assignee"] {
            guard case .text(let person) = value else { return nil }
            assignee = person
        }
        self.init(
            workflow: workflow, version: version, organisation: organisation, assignee: assignee, dataHash: dataHash)
    }
}
