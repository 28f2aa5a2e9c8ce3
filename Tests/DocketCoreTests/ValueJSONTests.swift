import DocketCore
import Foundation
import Testing

@Suite struct ValueJSONTests {
    @Test("field values survive the store's JSON unchanged, booleans and lists included")
    func roundTrip() throws {
        let values: [String: Value] = [
            "flag": .boolean(true), "off": .boolean(false), "count": .integer(42), "negative": .integer(-7),
            "ratio": .number(2.5),
            "text": .text("引号\"与\\反斜杠\n换行"), "people": .list([.text("p-1"), .text("p-2")]), "empty": .list([]),
            "zero": .integer(0), "one": .integer(1),
        ]
        let text = ValueJSON.encode(values)
        let back = try #require(ValueJSON.decodeObject(text))
        #expect(back == values)
        #expect(ValueJSON.encode(back) == text, "canonical: the same text again")
    }

    @Test("dates and durations come back as text, which the field type restores")
    func restored() throws {
        let text = ValueJSON.encode([
            "on": .date(try #require(CivilDate(iso: "2026-02-28"))), "wait": .duration(CalendarDuration(6, .months)),
            "score": .number(70),
        ])
        let back = try #require(ValueJSON.decodeObject(text))
        #expect(FieldType.date.restore(try #require(back["on"])) == .date(try #require(CivilDate(iso: "2026-02-28"))))
        #expect(FieldType.duration.restore(try #require(back["wait"])) == .duration(CalendarDuration(6, .months)))
        #expect(FieldType.number.restore(try #require(back["score"])) == .number(70))
    }

    @Test("JSON written by other tools reads the same: escapes, surrogate pairs, exponents, white space")
    func foreignJSON() throws {
        let text =
            #" { "name" : "\u674e\u56db \ud83d\ude00\/\t" , "n": -12, "x": 1.5e2, "big": 90000000000000000000, "ok": [true, false, 3.0] } "#
        let back = try #require(ValueJSON.decodeObject(text))
        #expect(back["name"] == .text("李四 😀/\t"))
        #expect(back["n"] == .integer(-12))
        #expect(back["x"] == .number(150))
        #expect(back["big"] == .number(9e19))
        #expect(back["ok"] == .list([.boolean(true), .boolean(false), .number(3)]))
    }

    @Test("a case's records read back as dates, and a record that is not a date refuses the whole text")
    func records() throws {
        let records = [
            "apply": [try #require(CivilDate(iso: "2025-01-06"))],
            "assess": [try #require(CivilDate(iso: "2025-08-20")), try #require(CivilDate(iso: "2026-02-10"))],
        ]
        let text = ValueJSON.encode(records: records)
        #expect(text == #"{"apply":["2025-01-06"],"assess":["2025-08-20","2026-02-10"]}"#)
        #expect(ValueJSON.decodeRecords(text) == records)
        #expect(ValueJSON.decodeRecords(#"{"apply":["2025-02-30"]}"#) == nil)
        #expect(ValueJSON.decodeRecords(#"{"apply":"2025-01-06"}"#) == nil)
    }

    @Test(
        "malformed stored JSON is refused, not guessed",
        arguments: [
            "", "[]", "{\"a\":", "{\"a\":{\"b\":1}}", "{\"a\":null}", "{\"a\":1} x", "{\"a\":\"\\q\"}",
            "{\"a\":\"\\ud83d\"}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":tru}",
        ])
    func malformed(text: String) {
        #expect(ValueJSON.decodeObject(text) == nil)
    }
}

@Suite struct ValueDisplayTests {
    @Test(
        "an instant is shown in the deployment's zone, in lists too, and a failed rule reports the values it saw in that zone"
    )
    func zone() throws {
        let urumqi = try #require(DeploymentZone(identifier: "Asia/Urumqi"))
        let instant = try #require(DeploymentZone.shanghai.parseInstant("2026-11-22T09:30"))
        #expect(Value.datetime(instant).display(in: urumqi) == "2026-11-22T07:30:00+06:00")
        #expect(Value.list([.datetime(instant)]).display(in: urumqi) == "2026-11-22T07:30:00+06:00")
        #expect(Value.datetime(instant).display == "2026-11-22T09:30:00+08:00")
        let definition = WorkflowDefinition(
            id: "t", version: 1, title: LocalizedText(zh: "t"), casePrefix: "T", roles: [],
            states: [StateDefinition(id: "open", title: LocalizedText(zh: "开"))],
            fields: [FieldDefinition(id: "held-at", title: LocalizedText(zh: "时间"), type: .datetime)],
            events: [
                EventDefinition(
                    id: "hold", title: LocalizedText(zh: "举行"), source: .start, target: .state("open"),
                    fields: [EventField(id: "held-at", required: true)],
                    checks: [
                        Check(
                            expression: try RuleExpression(parsing: "held-at > now"),
                            message: LocalizedText(zh: "须在以后", en: "must be later"))
                    ])
            ])
        let environment = TransitionEnvironment(now: instant.addingTimeInterval(86_400), zone: urumqi)
        var failure: CheckFailure?
        do {
            _ = try Transition.start(
                definition, caseID: "", organisation: "o",
                request: EventRequest(event: "hold", input: ["held-at": "2026-11-22T07:30"], actor: "p"),
                environment: environment)
        } catch {
            if case .checkFailed(let f) = error.reason { failure = f }
        }
        #expect(
            failure?.values.first { $0.name == "held-at" }?.value == "2026-11-22T07:30:00+06:00",
            "the input is read in that zone too")
    }
}
