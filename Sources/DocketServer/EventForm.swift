import DocketCore
import Foundation

/// The form of one event: its fields by title, choices as lists of their titles, days
/// and times as pickers, people by name; the day it happened and a note. Fields are
/// posted as `f.FIELD`; what the clerk typed comes back in `typed` after a refusal.
struct EventForm {
    var action: String
    var event: EventDefinition
    var definition: WorkflowDefinition
    var people: [Person]
    var typed: TypedInput
    /// The revision the case was read at: a case changed since is a conflict, not a surprise.
    var revision: Int?
    var csrf: String
    var language: Language
    /// The messages of the checks that would refuse the event now.
    var blocked: [String]
    /// More inputs, before the fields (the organisation of a new case).
    var extra: String = ""

    var html: String {
        let zh = language == .zh
        var out = "<form method=\"post\" action=\"\(Page.escape(action))\" class=\"card event\">"
        out += "<h3>\(Page.escape(event.title.text(language)))</h3>"
        for message in blocked { out += "<p class=\"warning\">\(Page.escape(message))</p>" }
        out += "<input type=\"hidden\" name=\"_csrf\" value=\"\(Page.escape(csrf))\">"
        if let revision { out += "<input type=\"hidden\" name=\"_revision\" value=\"\(revision)\">" }
        out += extra
        for use in event.fields {
            guard let field = definition.field(use.id) else { continue }
            out += input(field, required: use.required)
        }
        out +=
            "<label>\(zh ? "发生日期（默认今天）" : "On (default: today)") <input type=\"date\" name=\"_on\" value=\"\(Page.escape(typed.on))\"></label>"
        out +=
            "<label>\(zh ? "备注" : "Note") <input name=\"_note\" maxlength=\"2000\" value=\"\(Page.escape(typed.note))\"></label>"
        out += "<button>\(Page.escape(event.title.text(language)))</button></form>"
        return out
    }

    private func input(_ field: FieldDefinition, required: Bool) -> String {
        let name = "f.\(field.id)"
        let value = typed.fields[field.id] ?? ""
        let title = Page.escape(field.title.text(language)) + (required ? " <span class=\"required\">*</span>" : "")
        let requiredAttribute = required ? " required" : ""
        let escaped = Page.escape(value)
        switch field.type {
        case .choice:
            var options = "<option value=\"\"></option>"
            for choice in field.choices {
                options +=
                    "<option value=\"\(Page.escape(choice.id))\"\(choice.id == value ? " selected" : "")>\(Page.escape(choice.title.text(language)))</option>"
            }
            return "<label>\(title) <select name=\"\(name)\"\(requiredAttribute)>\(options)</select></label>"
        case .list(.choice):
            let chosen = Set(value.split(separator: ",").map(String.init))
            var boxes = ""
            for choice in field.choices {
                boxes +=
                    "<label class=\"check\"><input type=\"checkbox\" name=\"\(name)\" value=\"\(Page.escape(choice.id))\"\(chosen.contains(choice.id) ? " checked" : "")> \(Page.escape(choice.title.text(language)))</label>"
            }
            return "<fieldset><legend>\(title)</legend>\(boxes)</fieldset>"
        case .person:
            var options = "<option value=\"\"></option>"
            for person in people {
                options +=
                    "<option value=\"\(Page.escape(person.id))\"\(person.id == value ? " selected" : "")>\(Page.escape(person.name)) (\(Page.escape(person.id)))</option>"
            }
            return "<label>\(title) <select name=\"\(name)\"\(requiredAttribute)>\(options)</select></label>"
        case .boolean:
            return
                "<label class=\"check\"><input type=\"hidden\" name=\"\(name)\" value=\"false\"><input type=\"checkbox\" name=\"\(name)\" value=\"true\"\(value == "true" ? " checked" : "")> \(title)</label>"
        case .date:
            return
                "<label>\(title) <input type=\"date\" name=\"\(name)\" value=\"\(escaped)\"\(requiredAttribute)></label>"
        case .datetime:
            return
                "<label>\(title) <input type=\"datetime-local\" name=\"\(name)\" value=\"\(escaped)\"\(requiredAttribute)></label>"
        case .integer:
            return
                "<label>\(title) <input type=\"number\" step=\"1\" inputmode=\"numeric\" name=\"\(name)\" value=\"\(escaped)\"\(requiredAttribute)></label>"
        case .number:
            return
                "<label>\(title) <input type=\"number\" step=\"any\" inputmode=\"decimal\" name=\"\(name)\" value=\"\(escaped)\"\(requiredAttribute)></label>"
        case .text where field.id.contains("description") || field.id.contains("plan"):
            return
                "<label>\(title) <textarea name=\"\(name)\" rows=\"3\"\(requiredAttribute)>\(escaped)</textarea></label>"
        default:
            let hint = field.type.isList ? (language == .zh ? "（多项以逗号分隔）" : " (comma-separated)") : ""
            return "<label>\(title)\(hint) <input name=\"\(name)\" value=\"\(escaped)\"\(requiredAttribute)></label>"
        }
    }
}

extension FieldType {
    var isList: Bool {
        if case .list = self { return true }
        return false
    }
}

/// What a clerk typed into an event's form, given back with the form after a refusal so
/// that nothing has to be typed twice: the fields by id, the day and the note.
struct TypedInput: Sendable {
    var fields: [String: String] = [:]
    var on = ""
    var note = ""

    /// The form's `f.FIELD` values, `_on` and `_note`.
    init(_ form: FormBody) {
        fields = form.fields(prefixed: "f.")
        on = form["_on"] ?? ""
        note = form["_note"] ?? ""
    }

    init() {}
}
