import GRDB
import GRDBSQLite

/// Counts the rows of a one-column query of organisation paths by the path segment
/// after a fixed prefix: `/county/t01/t01-v01/` after `/county/` counts under `t01`.
///
/// "Overdue per township" reads some fifty thousand paths on a store of a million
/// cases. SQLite's own GROUP BY sorts them all first, and going through GRDB makes a
/// `String` of each; this reads the bytes where SQLite keeps them and makes a string
/// only once per segment.
struct PathSegmentTally {
    private let prefixLength: Int
    private var segments: [[UInt8]] = []
    private var tallies: [Int] = []
    /// Where each segment is in `segments`, by the hash of its bytes.
    private var byHash: [Int: [Int]] = [:]

    init(skipping prefixLength: Int) { self.prefixLength = prefixLength }

    /// Steps `statement` (arguments already set) to its end, counting each row.
    mutating func count(_ statement: Statement) throws {
        let raw = statement.sqliteStatement
        defer { sqlite3_reset(raw) }
        var last = -1
        while true {
            let code = sqlite3_step(raw)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot read organisation paths")
            }
            let length = Int(sqlite3_column_bytes(raw, 0))
            guard let text = sqlite3_column_text(raw, 0) else { continue }
            let bytes = UnsafeBufferPointer(start: text, count: length)
            var end = prefixLength
            while end < length, bytes[end] != UInt8(ascii: "/") { end += 1 }
            let segment = UnsafeBufferPointer(rebasing: bytes[min(prefixLength, length)..<end])
            // Rows of one child often come together; try the last one first.
            if last >= 0, segments[last].elementsEqual(segment) {
                tallies[last] += 1
                continue
            }
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(segment))
            let hash = hasher.finalize()
            if let index = byHash[hash]?.first(where: { segments[$0].elementsEqual(segment) }) {
                tallies[index] += 1
                last = index
            } else {
                segments.append(Array(segment))
                tallies.append(1)
                last = segments.count - 1
                byHash[hash, default: []].append(last)
            }
        }
    }

    /// Each segment met, with its number of rows.
    var counts: [(segment: String, count: Int)] {
        zip(segments, tallies).map { (String(decoding: $0, as: UTF8.self), $1) }
    }
}
