public import Foundation

/// The time zone a deployment keeps its calendar in (default Asia/Shanghai).
///
/// Every conversion between an instant and a civil date goes through this type, so that
/// "a date alone means 00:00 in the deployment's time zone" holds everywhere.
public struct DeploymentZone: Sendable, Hashable {
    public let timeZone: TimeZone

    public static let defaultIdentifier = "Asia/Shanghai"

    /// The zone for an IANA identifier, or `nil` when the system does not know it.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.timeZone = zone
    }

    public init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// Asia/Shanghai, falling back to its fixed offset (+08:00, unchanged since 1991) on a
    /// system without zone data.
    public static var shanghai: DeploymentZone {
        DeploymentZone(identifier: defaultIdentifier)
            ?? DeploymentZone(timeZone: TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt)
    }

    public var identifier: String { timeZone.identifier }

    /// A local date and the seconds since its midnight.
    public struct LocalTime: Sendable, Hashable {
        public let date: CivilDate
        public let secondsIntoDay: Int
    }

    /// The seconds since the epoch that instants may have: from the start of year 1 to
    /// the end of year 9999, the years of ``CivilDate``, with a day to spare for any zone.
    public static let instantRange: ClosedRange<Double> = -62_135_596_800 + 86_400...253_402_300_799 - 86_400

    /// The local date and time of an instant. An instant outside ``instantRange`` (which
    /// checked arithmetic never makes) is taken at the range's nearer end rather than trap.
    public func localTime(of instant: Date) -> LocalTime {
        let offset = timeZone.secondsFromGMT(for: instant)
        let seconds = instant.timeIntervalSince1970
        let bounded = seconds.isNaN ? 0 : min(max(seconds, Self.instantRange.lowerBound), Self.instantRange.upperBound)
        let local = Int(bounded.rounded(.down)) + offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return LocalTime(date: CivilDate(daysSinceEpoch: days), secondsIntoDay: local - days * 86_400)
    }

    public func date(of instant: Date) -> CivilDate { localTime(of: instant).date }

    /// The instant of a local date and time of day.
    public func instant(date: CivilDate, secondsIntoDay: Int = 0) -> Date {
        let localSeconds = Double(date.daysSinceEpoch * 86_400 + secondsIntoDay)
        // Two passes settle the offset across a daylight-saving change.
        var guess = Date(timeIntervalSince1970: localSeconds - Double(timeZone.secondsFromGMT()))
        for _ in 0..<2 {
            guess = Date(timeIntervalSince1970: localSeconds - Double(timeZone.secondsFromGMT(for: guess)))
        }
        return guess
    }

    /// The forms of a time people type, for messages that say what is accepted.
    public static let typedForms = InputVocabulary.timeForms

    /// Reads a time as people type it: every form ``parseInstant(_:)`` reads, and a date
    /// in any of ``CivilDate/typedForms`` alone or followed by a space (or `T`) and
    /// `H:MM` or `H:MM:SS` (the form Docket prints), in ASCII or full-width digits. A
    /// date alone is midnight in this zone.
    public func parseTyped(_ text: String) -> Date? {
        let plain = text.halfWidth
        if let exact = parseInstant(plain) { return exact }
        if let day = CivilDate(typed: plain) { return instant(date: day) }
        let pieces = plain.split(maxSplits: 1, omittingEmptySubsequences: true) { $0 == " " || $0 == "T" }
        guard pieces.count == 2, let day = CivilDate(typed: pieces[0]) else { return nil }
        let clock = pieces[1].trimmedOfSpaces.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clock.count),
            clock.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let h = Int(clock[0]), let m = Int(clock[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        let s = clock.count == 3 ? Int(clock[2]) ?? 60 : 0
        guard (0..<60).contains(s) else { return nil }
        return instant(date: day, secondsIntoDay: h * 3600 + m * 60 + s)
    }

    /// Parses `2026-11-22`, `2026-11-22T09:30`, `2026-11-22T09:30:15`, or full ISO 8601
    /// with `Z` or an offset. Local forms are read in this zone.
    public func parseInstant(_ text: String) -> Date? {
        let t = text.trimmedOfSpaces
        if let date = CivilDate(iso: t) { return instant(date: date) }
        let pieces = t.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        guard pieces.count == 2, let date = CivilDate(iso: pieces[0]) else { return nil }
        var clock = Substring(pieces[1])
        var offset: Int?
        if clock.hasSuffix("Z") {
            offset = 0
            clock = clock.dropLast()
        } else if let signIndex = clock.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let sign = clock[signIndex] == "-" ? -1 : 1
            let hm = clock[clock.index(after: signIndex)...].split(separator: ":")
            guard (1...2).contains(hm.count), let h = Int(hm[0]), h < 24,
                let m = hm.count == 2 ? Int(hm[1]) : 0, m < 60
            else { return nil }
            offset = sign * (h * 3600 + m * 60)
            clock = clock[..<signIndex]
        }
        let hms = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(hms.count), hms.allSatisfy({ !$0.isEmpty && $0.count <= 2 || $0.contains(".") }),
            let h = Int(hms[0]), let m = Int(hms[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        var seconds = 0.0
        if hms.count == 3 {
            guard let s = Double(hms[2]), s >= 0, s < 61 else { return nil }
            seconds = s
        }
        let intoDay = h * 3600 + m * 60
        if let offset {
            let epoch = Double(date.daysSinceEpoch * 86_400 + intoDay - offset) + seconds
            return Date(timeIntervalSince1970: epoch)
        }
        return instant(date: date, secondsIntoDay: intoDay).addingTimeInterval(seconds)
    }

    /// ISO 8601 with this zone's offset, to the second: `2026-11-22T09:30:00+08:00`.
    public func format(_ instant: Date) -> String {
        let local = localTime(of: instant)
        let s = local.secondsIntoDay
        let offset = timeZone.secondsFromGMT(for: instant)
        let sign = offset < 0 ? "-" : "+"
        let o = abs(offset)
        return
            "\(local.date)T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))\(sign)\(two(o / 3600)):\(two(o / 60 % 60))"
    }

    /// Local date and minutes, for tables: `2026-11-22 09:30`.
    public func formatShort(_ instant: Date) -> String {
        let local = localTime(of: instant)
        let s = local.secondsIntoDay
        return "\(local.date) \(two(s / 3600)):\(two(s / 60 % 60))"
    }

    private func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
