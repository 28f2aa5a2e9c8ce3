/// Turns typed text into field values, checking types, choices and constraints.
struct FieldInput {
    let definition: WorkflowDefinition
    let environment: TransitionEnvironment

    /// The most characters a text value (or an event's note) may have: ten pages of a
    /// request's description. Every value is shown and stored with its case, so one of
    /// fifty megabytes would slow every read of it.
    static let maximumTextLength = ClippedText.limit

    /// The problem with an event's note, if it is too long.
    static func noteProblem(_ note: String?) -> FieldProblem? {
        guard let note, note.utf8.count > maximumTextLength else { return nil }
        let length = note.count
        return length > maximumTextLength
            ? FieldProblem(field: "note", kind: .tooLong(length: length, limit: maximumTextLength)) : nil
    }

    /// Parses `input` for fields in `accepted`; collects every problem rather than stopping.
    func parse(_ input: [String: String], accepted: [String]) -> (values: [String: Value], problems: [FieldProblem]) {
        var values: [String: Value] = [:]
        var problems: [FieldProblem] = []
        for key in input.keys.sorted() {
            let raw = input[key] ?? ""
            guard accepted.contains(key), let field = definition.field(key) else {
                let suggestion = Suggestion.closest(to: key, among: accepted)
                problems.append(FieldProblem(field: key, kind: .unknown(suggestion: suggestion, accepted: accepted)))
                continue
            }
            guard let value = Self.value(of: raw, for: field, zone: environment.zone) else {
                let hint = field.constraints.durationUnit == .months ? InputHint.monthCount : field.type.inputHint
                problems.append(FieldProblem(field: key, kind: .malformed(raw: raw, expected: hint)))
                continue
            }
            let (chosen, choiceProblem) = Self.choices(in: value, of: field)
            if let choiceProblem {
                problems.append(choiceProblem)
                continue
            }
            if let problem = validate(chosen, raw: raw, of: field) {
                problems.append(problem)
            } else {
                values[key] = chosen
            }
        }
        return (values, problems)
    }

    /// The value typed for a field: by its type, except that a duration counted in one
    /// unit takes a bare number in that unit, and years where the unit is months.
    static func value(of raw: String, for field: FieldDefinition, zone: DeploymentZone) -> Value? {
        guard field.type == .duration, let unit = field.constraints.durationUnit else {
            return field.type.parse(raw, zone: zone)
        }
        let text = raw.trimmedOfSpaces
        if !text.isEmpty, text.count <= 6, text.allSatisfy({ $0.isASCII && $0.isNumber }), let amount = Int(text) {
            return .duration(CalendarDuration(amount, unit))
        }
        guard let duration = CalendarDuration(parsing: text) else { return nil }
        if duration.unit == unit { return .duration(duration) }
        if unit == .months, duration.unit == .years {
            return .duration(CalendarDuration(duration.amount * 12, .months))
        }
        return nil
    }

    /// A choice field's value with each item given by title turned into its id, or the
    /// problem with the first item that names no choice (or several).
    static func choices(in value: Value, of field: FieldDefinition) -> (value: Value, problem: FieldProblem?) {
        guard field.type == .choice || field.type == .list(.choice) else { return (value, nil) }
        func map(_ item: Value) -> (value: Value, problem: FieldProblem?) {
            guard case .text(let text) = item else { return (item, nil) }
            switch field.choice(matching: text) {
            case .choice(let id): return (.text(id), nil)
            case .none:
                return (
                    item,
                    FieldProblem(
                        field: field.id, kind: .notAChoice(raw: text.trimmedOfSpaces, choices: field.choiceList))
                )
            case .ambiguous(let ids):
                return (item, FieldProblem(field: field.id, kind: .ambiguousChoice(raw: text, choices: ids)))
            }
        }
        guard case .list(let items) = value else { return map(value) }
        var mapped: [Value] = []
        for item in items {
            let one = map(item)
            if let problem = one.problem { return (value, problem) }
            mapped.append(one.value)
        }
        return (.list(mapped), nil)
    }

    func validate(_ value: Value, raw: String, of field: FieldDefinition) -> FieldProblem? {
        // Counted in characters only past the byte count that could exceed it: most
        // values are short, and counting characters walks the whole text.
        if raw.utf8.count > Self.maximumTextLength, raw.count > Self.maximumTextLength {
            return FieldProblem(field: field.id, kind: .tooLong(length: raw.count, limit: Self.maximumTextLength))
        }
        let c = field.constraints
        let items: [Value]
        if case .list(let list) = value {
            if Set(list).count < list.count {
                return FieldProblem(field: field.id, kind: .duplicateItems(raw: raw))
            }
            if c.minItems.map({ list.count < $0 }) ?? false || c.maxItems.map({ list.count > $0 }) ?? false {
                return FieldProblem(
                    field: field.id, kind: .itemCount(count: list.count, minimum: c.minItems, maximum: c.maxItems))
            }
            items = list
        } else {
            items = [value]
        }
        let elementType: FieldType = if case .list(let inner) = field.type { inner } else { field.type }
        for item in items {
            let text = item.display
            if elementType == .choice, !field.choices.contains(where: { $0.id == text }) {
                return FieldProblem(field: field.id, kind: .notAChoice(raw: text, choices: field.choiceList))
            }
            if elementType == .person, !environment.knownPeople.contains(text) {
                return FieldProblem(field: field.id, kind: .unknownPerson(text))
            }
            if elementType == .person, let required = c.personStatus, environment.peopleStatus[text] != required {
                return FieldProblem(
                    field: field.id,
                    kind: .personStatus(
                        person: text, status: environment.peopleStatus[text] ?? .none, required: required))
            }
            if elementType == .person, let role = c.personRole,
                !(environment.peopleRoles[text]?.contains(role) ?? false)
            {
                return FieldProblem(field: field.id, kind: .personRole(person: text, role: role))
            }
            if elementType == .organisation, !environment.knownOrganisations.contains(text) {
                return FieldProblem(field: field.id, kind: .unknownOrganisation(text))
            }
            let number: Double? =
                switch item {
                case .integer(let i): Double(i)
                case .number(let d): d
                case .duration(let d) where c.durationUnit == d.unit: Double(d.amount)
                default: nil
                }
            if let number, c.minimum.map({ number < $0 }) ?? false || c.maximum.map({ number > $0 }) ?? false {
                return FieldProblem(
                    field: field.id, kind: .outOfRange(raw: text, minimum: c.minimum, maximum: c.maximum))
            }
            if let pattern = c.pattern, case .text(let s) = item, !PatternCache.wholeMatch(pattern, s) {
                return FieldProblem(field: field.id, kind: .patternMismatch(raw: s, pattern: pattern))
            }
        }
        return nil
    }
}
