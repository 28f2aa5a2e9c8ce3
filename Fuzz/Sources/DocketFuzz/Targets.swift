import DocketCore
import DocketYAML
import Foundation

/// One libFuzzer entry point for every target; `DOCKET_FUZZ_TARGET` names the one a run
/// exercises (scripts/fuzz.sh sets it). Each target feeds the bytes to a reader of
/// untrusted input and asks only that it returns: any trap, overflow or hang is a find.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.current.run(bytes)
    return 0
}

enum FuzzTarget: String, CaseIterable {
    case workflow, expression, directory, calendar, parameters
    case importRows = "import"

    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["DOCKET_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(
                Data("set DOCKET_FUZZ_TARGET to one of: \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()

    /// A deployed definition to check parameter files and rules against.
    static let definition: WorkflowDefinition? = {
        let root = ProcessInfo.processInfo.environment["DOCKET_FUZZ_WORKFLOWS"] ?? "Workflows"
        guard let text = try? String(contentsOfFile: root + "/member-development.yaml", encoding: .utf8) else {
            return nil
        }
        return WorkflowLoader.load(source: text, file: "member-development.yaml").definition
    }()

    func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .workflow:
            _ = WorkflowLoader.load(source: text, file: "f.yaml").diagnostics.map { $0.rendered(in: .en) }
        case .directory:
            _ = DirectoryFile.organisations(source: text, file: "o.yaml")
            _ = DirectoryFile.organisations(source: text, file: "o.csv")
            _ = DirectoryFile.people(source: text, file: "p.yaml")
            _ = DirectoryFile.people(source: text, file: "p.csv")
        case .calendar:
            _ = CalendarFile.load(source: text, file: "c.yaml")
            _ = CalendarFile.loadNotice(source: text, file: "n.yaml")
        case .parameters:
            guard let definition = Self.definition else { return }
            _ = ParameterFile.read(source: text, file: "p.yaml", definitions: [definition.id: definition])
        case .expression:
            Self.expression(bytes)
        case .importRows:
            Self.importRows(bytes)
        }
    }

    /// A rule, type-checked against the member-development workflow and, when it checks,
    /// evaluated over data and dates drawn from the input's first bytes.
    static func expression(_ bytes: [UInt8]) {
        guard bytes.count >= 8, let definition else { return }
        let seed = bytes.prefix(8).reduce(0) { $0 << 8 | Int($1) }
        let source = String(decoding: bytes.dropFirst(8), as: UTF8.self)
        guard let rule = try? RuleExpression(parsing: source) else { return }
        guard
            (try? ExpressionTypeChecker(scope: ExpressionScope(definition: definition)).checkCondition(rule.root))
                != nil
        else { return }
        // Dates anywhere in years 1–9999, numbers at the ends of their range.
        let day = CivilDate(daysSinceEpoch: -719_162 + abs(seed % 3_652_059))
        let numbers = [0, 1, -1, FieldType.numberLimit, -FieldType.numberLimit, seed % 1_000]
        var data: [String: Value] = [:]
        for (index, field) in definition.fields.enumerated() {
            switch field.type {
            case .date: data[field.id] = .date(day.addingChecked(days: index * 37) ?? day)
            case .integer: data[field.id] = .integer(numbers[(index + abs(seed)) % numbers.count])
            case .number: data[field.id] = .number(Double(numbers[index % numbers.count]))
            case .boolean: data[field.id] = .boolean(seed & (1 << (index % 60)) != 0)
            case .duration:
                data[field.id] = .duration(CalendarDuration(numbers[index % numbers.count] % 1_000_000, .months))
            default: data[field.id] = .text(field.choices.first?.id ?? "x")
            }
        }
        let context = EvaluationContext(
            data: data, parameters: [:], records: ["apply": [day]], today: day,
            now: Date(timeIntervalSince1970: Double(seed % 250_000_000_000)), zone: .shanghai, actor: "p")
        _ = try? ExpressionEvaluator(context: context).truth(rule.root)
    }

    /// Rows of a CSV or JSON Lines import file, read as `case import --file` reads them.
    static func importRows(_ bytes: [UInt8]) {
        let path =
            NSTemporaryDirectory() + "docket-fuzz-\(getpid())"
            + (bytes.first.map { $0 & 1 == 0 ? ".csv" : ".jsonl" } ?? ".csv")
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes.dropFirst())) else { return }
        defer { try? FileManager.default.removeItem(atPath: path) }
        for row in ImportFile(path: path, problems: ImportFile.ProblemSink()) { _ = row }
    }
}
