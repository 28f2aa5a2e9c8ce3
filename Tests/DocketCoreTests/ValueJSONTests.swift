import DocketCore
import Foundation
import Testing

@Suite struct ValueJSONTests {
    @Test("field values survive the store's JSON unchanged, booleans and lists included")
    func roundTrip() throws {
        let values: [String: Value] = [
            "flag": .boolean(true), "off": .boolean(false), "count": .integer(42), "negative": .integer(-7), "ratio": .number(2.5),
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
        let text = ValueJSON.encode(["on": .date(try #require(CivilDate(iso: "2026-02-28"))), "wait": .duration(CalendarDuration(6, .months)), "score": .number(70)])
        let back = try #require(ValueJSON.decodeObject(text))
        #expect(FieldType.date.restore(try #require(back["on"])) == .date(try #require(CivilDate(iso: "2026-02-28"))))
        #expect(FieldType.duration.restore(try #require(back["wait"])) == .duration(CalendarDuration(6, .months)))
        #expect(FieldType.number.restore(try #require(back["score"])) == .number(70))
    }

    @Test("malformed stored JSON is refused, not guessed", arguments: ["", "[]", "{\"a\":", "{\"a\":{\"b\":1}}", "{\"a\":null}"])
    func malformed(text: String) {
        #expect(ValueJSON.decodeObject(text) == nil)
    }
}
