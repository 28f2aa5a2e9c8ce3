import DocketCore
import Foundation
import Testing

/// Stored case data loses some types (a date comes back as text); reading a case back
/// gives each field its type again, and leaves everything else as it was.
@Suite struct RestoringTypesTests {
    @Test("dates, durations, numbers and lists of dates get their types back; text, unknown keys and odd values stay")
    func restore() {
        let definition = WorkflowDefinition(
            id: "w", version: 1, title: LocalizedText(zh: "测试"), casePrefix: "W",
            states: [StateDefinition(id: "open", title: LocalizedText(zh: "开"))],
            fields: [
                FieldDefinition(id: "born", title: LocalizedText(zh: "出生"), type: .date),
                FieldDefinition(id: "within", title: LocalizedText(zh: "期限"), type: .duration),
                FieldDefinition(id: "score", title: LocalizedText(zh: "得分"), type: .number),
                FieldDefinition(id: "talks", title: LocalizedText(zh: "谈话"), type: .list(.date)),
                FieldDefinition(id: "name", title: LocalizedText(zh: "姓名"), type: .text),
            ],
            events: [])
        let stored = CaseSnapshot(
            id: "W-000001", workflow: "w", version: 1, state: "open", organisation: "o",
            data: [
                "born": .text("1995-05-05"), "within": .text("3 working days"), "score": .integer(7),
                "talks": .list([.text("2026-01-02"), .text("2026-02-03")]), "name": .text("2026-01-01"),
                "extra": .text("1995-05-05"), "score-note": .integer(3),
            ],
            lastStepOn: CivilDate(iso: "2026-02-03")!, openedAt: Date(timeIntervalSince1970: 0),
            updatedAt: Date(timeIntervalSince1970: 0))
        let data = stored.restoringTypes(with: definition).data
        #expect(data["born"] == .date(CivilDate(iso: "1995-05-05")!))
        #expect(data["within"] == CalendarDuration(parsing: "3 working days").map(Value.duration))
        #expect(data["score"] == .number(7))
        #expect(data["talks"] == .list([.date(CivilDate(iso: "2026-01-02")!), .date(CivilDate(iso: "2026-02-03")!)]))
        #expect(data["name"] == .text("2026-01-01"))
        #expect(data["extra"] == .text("1995-05-05") && data["score-note"] == .integer(3))
        #expect(data.count == stored.data.count)
    }
}

/// Lists typed on a Chinese keyboard.
@Suite struct ListInputTests {
    @Test(
        "ids, choices and dates in a list may be separated by the full-width or the enumeration comma; text items only by commas"
    )
    func separators() {
        let zone = DeploymentZone.shanghai
        #expect(
            FieldType.list(.person).parse("p-li，p-wang、p-zhao, p-sun", zone: zone)
                == .list([.text("p-li"), .text("p-wang"), .text("p-zhao"), .text("p-sun")]))
        #expect(
            FieldType.list(.date).parse("2026-01-02、2026-02-03", zone: zone)
                == .list([.date(CivilDate(iso: "2026-01-02")!), .date(CivilDate(iso: "2026-02-03")!)]))
        #expect(FieldType.list(.text).parse("走访、整改,回访", zone: zone) == .list([.text("走访、整改"), .text("回访")]))
    }
}
