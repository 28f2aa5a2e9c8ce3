import DocketApplication
import DocketCore
import DocketEngine
import Foundation
import Testing

/// The codes of the engine's and the application's errors: the stable names front ends
/// print, and what a caller branches on without naming every reason.
@Suite struct EngineErrorCodeTests {
    static let refusal = Refusal(.timerOnly, caseID: "SR-1", state: "ordered", event: "close-unrated")

    static let reasons: [(EngineError.Reason, String)] = [
        (.refused(refusal), "refused"),
        (.notFound(.case, "SR-404"), "notFound"),
        (.notFound(.gradingScheme, "g"), "notFound"),
        (.caseExists("SR-1"), "caseExists"),
        (.invalidID("bad/id"), "invalidID"),
        (.store(StoreError(.busy, "held", subject: .busy)), "store"),
        (.campaignRejected([RowProblem(line: 2, .unknownOrganisation("atlantis"))]), "campaignRejected"),
        (.changeInFuture(at: Date(timeIntervalSince1970: 10), clock: Date(timeIntervalSince1970: 0)), "changeInFuture"),
    ]

    @Test("each engine error's code has a stable name", arguments: reasons)
    func engine(reason: EngineError.Reason, name: String) {
        #expect(EngineError(reason).code.description == name)
    }

    @Test("a caller tells the kinds apart by code, and reaches the facts beneath only when it needs them")
    func branchByCode() {
        func kind(_ error: EngineError) -> String {
            switch error.code {
            case .refused:
                guard case .refused(let refusal) = error.reason else { return "?" }
                return "refused: \(refusal.code)"
            case .notFound, .caseExists: return "missing or taken"
            default: return "other"
            }
        }
        #expect(kind(EngineError(.refused(Self.refusal))) == "refused: timer-only")
        #expect(kind(EngineError(.notFound(.case, "SR-404"))) == "missing or taken")
        #expect(kind(EngineError(.caseExists("SR-1"))) == "missing or taken")
        #expect(kind(EngineError(.invalidID("bad/id"))) == "other")
        #expect(Set(Self.reasons.map { EngineError($0.0).code }).count == 7)
    }

    @Test("the application's errors have codes too: a failed lookup, a missing report section")
    func application() {
        let lookup = LookupError(kind: .workflow, typed: "servce-request", suggestion: "service-request")
        #expect(lookup.code == .noMatch && lookup.code.description == "noMatch")
        let undeclared = UndeclaredError(workflow: "member-development", section: "service-report")
        #expect(undeclared.code == .sectionMissing && undeclared.code.description == "sectionMissing")
        let access = AccessError(.unseen, person: "p-1", action: "read", subject: "SR-1", subjectKind: .case)
        #expect(access.code.description == "unseen")
        #expect(DispatchError(.noCandidate, caseID: "SR-1").code.description == "noCandidate")
    }
}
