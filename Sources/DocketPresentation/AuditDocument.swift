public import DocketCore
public import DocketEngine
import DocketMessages

/// What `audit verify` answers, on the command line and over HTTP: the failure when the
/// chain is broken or a case row disagrees with the trail, else the document of an
/// intact trail.
public enum AuditDocument {
    /// The trail's head: how many entries, and the last one's hash.
    public static func head(_ verification: AuditVerification) -> JSONValue {
        .object([("seq", .int(verification.entriesChecked)), ("hash", .string(verification.headHash))])
    }

    /// The failure a verification ends in (status 10, HTTP 409), or `nil` when the chain
    /// is intact and every case row agrees with it. A disagreeing case is one line of the
    /// failure's details, and one object of its `cases`.
    public static func failure(_ verification: AuditVerification, language: Language) -> Failure? {
        if let broken = verification.firstBroken {
            return Failure(
                .auditBroken, zh: "审计链在第 \(broken) 条处断裂：该条记录或其链接与哈希不符",
                en: "the audit chain is broken at entry \(broken): its content or link does not match its hash",
                language: language,
                context: [("first_broken", .int(broken)), ("entries_checked", .int(verification.entriesChecked))])
        }
        guard let replay = verification.replay, !replay.agrees else { return nil }
        let cases: JSONValue = .array(
            replay.disagreements.map { disagreement in
                .object([
                    ("case", .string(disagreement.caseID)),
                    (
                        "differences",
                        .array(
                            disagreement.differences.map { difference in
                                .object([
                                    ("what", .string(difference.code)), ("row", .string(difference.values.row)),
                                    ("trail", .string(difference.values.trail)),
                                    ("message", .string(difference.text.zh)),
                                    ("message_en", .string(difference.text.en ?? difference.text.zh)),
                                ])
                            })
                    ),
                ])
            })
        let count = replay.disagreements.count
        var failure = Failure(
            .auditBroken,
            zh: "\(count) 件案件在数据库中的记录与审计链不符（审计链本身完好）：这些记录是绕过 Docket 改动的",
            en: "\(count) case(s) in the store disagree with the trail (the trail itself is intact): "
                + "their rows were changed behind Docket's back",
            language: language,
            context: [
                ("head", head(verification)), ("cases_replayed", .int(replay.casesChecked)),
                ("disagreeing", .int(count)), ("cases", cases),
            ])
        failure.details = replay.disagreements.map { $0.text.text(language) }
        return failure
    }

    /// An intact trail whose rows agree with it.
    public static func intact(_ verification: AuditVerification) -> [(String, JSONValue)] {
        let replay = verification.replay ?? CaseReplay.Summary()
        return [
            ("intact", .bool(true)), ("entries", .int(verification.entriesChecked)), ("head", head(verification)),
            ("cases_replayed", .int(replay.casesChecked)), ("cases_state_only", .int(replay.comparedOnStateOnly)),
        ]
    }
}
