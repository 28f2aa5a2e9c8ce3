import DocketCore
import Yams

/// A parsed YAML file and the problems found while reading it, with positions.
///
/// Wraps Yams so that no Yams type leaves this module: readers ask it for mappings,
/// scalars and lists, and every "expected X" becomes a ``Diagnostic`` at the node.
final class YAMLDocument {
    let file: String
    let lines: [Substring]
    private(set) var diagnostics: [Diagnostic] = []
    /// The lines whose input-method slip is reported, so that each is said once.
    private var slipLines: Set<Int> = []
    /// Where each element of the definition was written, by path (`events/talk/to`).
    private(set) var marks: [String: Position] = [:]
    /// Ids declared with a problem (an unknown type, say): rules that use them would
    /// only repeat that problem, so their type errors are not reported again.
    var poisoned: Set<String> = []

    struct Position {
        var line: Int
        var column: Int
        /// For scalars: how the text was written, to place carets inside expressions.
        var style: Node.Scalar.Style?
    }

    init(file: String, source: String) {
        self.file = file
        self.lines = Self.lines(of: source)
    }

    /// The lines of a source as libyaml numbers them: it breaks lines at LF, CR, CR LF,
    /// NEL, LS and PS alike, so a file saved with old Mac or Unicode line ends must be
    /// split the same way for a position to name the right line.
    static func lines(of source: String) -> [Substring] {
        source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    /// The most bytes a YAML file may have: a county's whole organisation tree is a few
    /// megabytes.
    static let maximumBytes = 64 << 20
    /// The most elements (scalars, lists, mappings) a file may hold once its aliases are
    /// expanded: an alias names a subtree again, so a few hundred bytes of them can name
    /// 10⁸ elements, and every reader walks them all.
    static let maximumElements = 5_000_000

    /// Composes the document, or records the syntax error and returns `nil`.
    func compose(_ source: String) -> Node? {
        guard source.utf8.count <= Self.maximumBytes else {
            report(
                line: 1, column: 1, zh: "文件过大（超过 \(Self.maximumBytes >> 20) MB）",
                en: "the file is too large (over \(Self.maximumBytes >> 20) MB)")
            return nil
        }
        do {
            guard let node = try Yams.compose(yaml: source) else {
                report(line: 1, column: 1, zh: "文件为空", en: "the file is empty")
                return nil
            }
            if let past = Self.elementPast(Self.maximumElements, in: node) {
                report(
                    past, zh: "文件展开后超过 \(Self.maximumElements) 个元素（多半是 YAML 别名 * 层层引用）",
                    en:
                        "the file holds more than \(Self.maximumElements) elements once expanded (most likely YAML aliases, *, naming each other)"
                )
                return nil
            }
            reportIndentationSlips(in: node)
            return node
        } catch let error as YamlError {
            recordSyntax(error, source: source)
        } catch {
            report(line: 1, column: 1, zh: "无法读取 YAML：\(error)", en: "cannot read the YAML: \(error)")
        }
        return nil
    }

    /// The element at which a walk of the tree passes `limit` elements, or `nil` when the
    /// tree is smaller. The walk stops there, so it takes no longer than `limit` steps
    /// however far aliases would expand the tree.
    static func elementPast(_ limit: Int, in root: Node) -> Node? {
        var count = 0
        var pending = [root]
        while let node = pending.popLast() {
            count += 1
            if count > limit { return node }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping.reversed() { pending += [value, key] }
            case .sequence(let sequence):
                pending += sequence.reversed()
            default:
                break
            }
        }
        return nil
    }

    private func recordSyntax(_ error: YamlError, source: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // At the end of the file the problem mark has no text to show; the place the
            // construct began (an unclosed quote, say) is the useful one then.
            let atEnd = mark.line > lines.count || lines[mark.line - 1].isEmpty
            let place = atEnd ? context?.mark ?? mark : mark
            if let (line, slip) = slip(near: mark.line) {
                report(
                    line: line, column: slip.column, zh: "YAML 语法错误：" + slip.message.zh,
                    en: "YAML syntax error: " + (slip.message.en ?? slip.message.zh))
                return
            }
            let during = context.map { " (\($0.text), line \($0.mark.line))" } ?? ""
            let duringZh = context.map { "（\($0.text)，第 \($0.mark.line) 行）" } ?? ""
            report(
                line: place.line, column: place.column, zh: "YAML 语法错误：\(problem)\(duringZh)",
                en: "YAML syntax error: \(problem)\(during)")
        case .reader(let problem, let offset, _, _):
            let prefix = source.utf8.prefix(offset ?? 0)
            let line = prefix.filter { $0 == UInt8(ascii: "\n") }.count + 1
            report(
                line: line, column: 1, zh: "无法读取文件（编码错误）：\(problem)", en: "cannot read the file (encoding): \(problem)")
        case .duplicatedKeysInMapping(let keys, let context):
            let key = keys.first ?? ""
            let second = secondOccurrence(of: key, after: context.mark)
            report(
                line: second?.line ?? context.mark.line, column: second?.column ?? context.mark.column,
                zh: "重复的键「\(key)」（第一次出现在第 \(context.mark.line) 行）",
                en: "duplicate key '\(key)' (first at line \(context.mark.line))")
        default:
            report(line: 1, column: 1, zh: "YAML 错误：\(error)", en: "YAML error: \(error)")
        }
    }

    /// The input-method slip on the line libyaml stopped at or on the one before it, nearest
    /// first: the parser often notices a full-width colon only at the next key. No further:
    /// a colon in a block of text above is text, and libyaml's own message is then the truer.
    private func slip(near line: Int) -> (line: Int, slip: InputMethodSlip)? {
        let last = min(line, lines.count)
        guard last >= 1 else { return nil }
        for number in stride(from: last, through: max(1, last - 1), by: -1) {
            if let slip = InputMethodSlip.find(in: lines[number - 1]) { return (number, slip) }
        }
        return nil
    }

    /// Reports the slip that made `node` what it is (a key beginning with full-width
    /// spaces, a `key：value` read as one text), if there is one on its line; `true` also
    /// when that line's slip was reported before.
    private func reportSlip(at node: Node) -> Bool {
        guard let text = node.scalar?.string, text.contains("\u{FF1A}") || text.hasPrefix("\u{3000}"),
            let line = node.mark?.line, line >= 1, line <= lines.count,
            let slip = InputMethodSlip.find(in: lines[line - 1])
        else { return false }
        if slipLines.insert(line).inserted { report(line: line, column: slip.column, message: slip.message) }
        return true
    }

    /// Keys indented with full-width spaces, wherever they are: libyaml takes the spaces
    /// as part of the key, so the readers would otherwise call it an unknown key or id.
    private func reportIndentationSlips(in root: Node) {
        var pending = [root]
        while let node = pending.popLast() {
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    if key.scalar?.string.hasPrefix("\u{3000}") == true { _ = reportSlip(at: key) }
                    pending.append(value)
                }
            case .sequence(let sequence):
                pending += sequence
            default:
                break
            }
        }
    }

    /// The second `key:` at the same column as the first, for pointing at a duplicate.
    private func secondOccurrence(of key: String, after mark: Mark) -> (line: Int, column: Int)? {
        guard mark.line >= 1, mark.line < lines.count else { return nil }
        for index in mark.line..<lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            let start = mark.column - 1
            guard start >= 0, start <= scalars.count else { continue }
            let rest = String(String.UnicodeScalarView(scalars[start...]))
            if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                return (index + 1, mark.column)
            }
        }
        return nil
    }

    func report(line: Int, column: Int, zh: String, en: String) {
        report(line: line, column: column, message: LocalizedText(zh: zh, en: en))
    }

    func report(line: Int, column: Int, message: LocalizedText) {
        let text = line >= 1 && line <= lines.count ? String(lines[line - 1]) : ""
        diagnostics.append(Diagnostic(file: file, line: line, column: column, message: message, sourceLine: text))
    }

    func report(_ node: Node, zh: String, en: String) {
        report(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, zh: zh, en: en)
    }

    func remember(_ node: Node, at path: [String]) {
        guard let mark = node.mark else { return }
        marks[path.joined(separator: "/")] = Position(line: mark.line, column: mark.column, style: node.scalar?.style)
    }

    /// The position of an element, or of its nearest enclosing element.
    func position(of path: [String]) -> Position? {
        var p = path
        while !p.isEmpty {
            if let found = marks[p.joined(separator: "/")] { return found }
            p.removeLast()
        }
        return marks[""]
    }

    // MARK: Typed access

    /// The pairs of a mapping, after checking every key is one of `allowed`.
    func mapping(_ node: Node, allowed: [String]? = nil, what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard let mapping = node.mapping else {
            if reportSlip(at: node) { return nil }
            report(node, zh: "\(what)应为映射（键: 值）", en: "\(what) should be a mapping (key: value)")
            return nil
        }
        var pairs: [(String, Node, Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                report(keyNode, zh: "键必须是文字", en: "a key must be plain text")
                continue
            }
            if let allowed, !allowed.contains(key) {
                if reportSlip(at: keyNode) { continue }
                let hint = Suggestion.closest(to: key, among: allowed)
                report(
                    keyNode,
                    zh: "未知的键「\(key)」" + (hint.map { "；是否应为「\($0)」？" } ?? "")
                        + "（\(what)可用：\(allowed.joined(separator: ", "))）",
                    en: "unknown key '\(key)'" + (hint.map { "; did you mean '\($0)'?" } ?? "")
                        + " (valid in \(what): \(allowed.joined(separator: ", ")))")
                continue
            }
            pairs.append((key, keyNode, value))
        }
        return pairs
    }

    func string(_ node: Node, what: String) -> String? {
        guard let scalar = node.scalar else {
            report(node, zh: "\(what)应为文字", en: "\(what) should be text")
            return nil
        }
        return scalar.string
    }

    /// An identifier: lower-case letters, digits and hyphens, starting with a letter.
    func identifier(_ node: Node, what: String) -> String? {
        guard let text = string(node, what: what) else { return nil }
        guard Self.isIdentifier(text) else {
            report(
                node, zh: "\(what)「\(text)」不是有效标识（小写字母、数字、连字符，以字母开头）",
                en:
                    "\(what) '\(text)' is not a valid id (lower-case letters, digits and hyphens, starting with a letter)"
            )
            return nil
        }
        return text
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.count <= 64 else { return false }
        return text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
            && !text.hasSuffix("-") && !text.contains("--")
    }

    func bool(_ node: Node, what: String) -> Bool? {
        switch node.scalar?.string {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            report(node, zh: "\(what)应为 true 或 false", en: "\(what) should be true or false")
            return nil
        }
    }

    func integer(_ node: Node, what: String) -> Int? {
        guard let text = node.scalar?.string, let value = Int(text) else {
            report(node, zh: "\(what)应为整数", en: "\(what) should be an integer")
            return nil
        }
        guard value.magnitude <= UInt(FieldType.numberLimit) else {
            report(node, zh: "\(what)超出允许范围（绝对值不超过 10¹⁵）", en: "\(what) is out of range (at most 10¹⁵ either way)")
            return nil
        }
        return value
    }

    func number(_ node: Node, what: String) -> Double? {
        guard let text = node.scalar?.string, let value = Double(text), value.isFinite else {
            report(node, zh: "\(what)应为数字", en: "\(what) should be a number")
            return nil
        }
        guard abs(value) <= Double(FieldType.numberLimit) else {
            report(node, zh: "\(what)超出允许范围（绝对值不超过 10¹⁵）", en: "\(what) is out of range (at most 10¹⁵ either way)")
            return nil
        }
        return value
    }

    /// A list of identifiers, also accepting a single one.
    func identifiers(_ node: Node, what: String) -> [String] {
        if node.scalar != nil { return identifier(node, what: what).map { [$0] } ?? [] }
        guard let sequence = node.sequence else {
            report(node, zh: "\(what)应为列表", en: "\(what) should be a list")
            return []
        }
        return sequence.compactMap { identifier($0, what: what) }
    }
}
