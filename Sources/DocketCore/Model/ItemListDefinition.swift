/// A list of records inside a case, such as the measures of a rectification plan: each
/// item has its own fields, may fall due on a date of its own, and is closed by an event.
///
/// An event with `adds: measures` takes new items (`--item 'measures: title=…; due=…'`);
/// an event with `closes: measures` takes the `item` id to close. Rules count them with
/// `count(measures)` and `open(measures)`; every open item with a due date is a running
/// deadline of the case.
public struct ItemListDefinition: Sendable, Codable, Hashable {
    public var id: String
    public var title: LocalizedText
    /// The fields of one item (their ids are local to the list).
    public var fields: [FieldDefinition]
    /// The date field of an item that makes it a deadline of its own.
    public var dueField: String?

    public init(id: String, title: LocalizedText, fields: [FieldDefinition], dueField: String? = nil) {
        self.id = id
        self.title = title
        self.fields = fields
        self.dueField = dueField
    }

    public func field(_ id: String) -> FieldDefinition? { fields.first { $0.id == id } }
}

/// One item of a case's list.
public struct CaseItem: Sendable, Codable, Hashable {
    /// Assigned in order: `M1`, `M2`, … (the list's initial and a number).
    public var id: String
    public var values: [String: Value]
    public var addedOn: CivilDate
    public var closedOn: CivilDate?

    public init(id: String, values: [String: Value], addedOn: CivilDate, closedOn: CivilDate? = nil) {
        self.id = id
        self.values = values
        self.addedOn = addedOn
        self.closedOn = closedOn
    }

    public var isOpen: Bool { closedOn == nil }
}
