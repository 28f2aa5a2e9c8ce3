/// What a typed value should look like, named so that a message refusing one can give an
/// example of it ("an integer such as 5"); the words are the catalogue's (DocketMessages).
public enum InputHint: Sendable, Hashable {
    /// A value of the type, as ``FieldType/parse(_:zone:)`` reads it.
    case type(FieldType)
    /// A duration counted in months: a bare number of months, or years.
    case monthCount
}

extension FieldType {
    /// What a value of this type should look like, for a message that refuses one.
    public var inputHint: InputHint { .type(self) }
}
