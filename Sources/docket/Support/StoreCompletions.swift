import ArgumentParser
import DocketApplication
import DocketCore
import DocketEngine
import DocketPostgres
import Foundation

/// Shell completions that come from the store: the workflow, state, event and
/// organisation ids a command takes, as the person completing may see them.
///
/// The shell runs `docket` to complete a word, passing the words typed so far; the store
/// and the person are read from them (`--db`, `--as`) or from `DOCKET_DB` and
/// `DOCKET_ACTOR`, as the command itself would. Without a person, or a store to open,
/// nothing is offered: a completion says no more than the command would.
enum StoreCompletions {
    static let workflows = CompletionKind.custom { words, _, prefix in
        ids(words, prefix) { session in try session.app.deployedWorkflows(by: session.caller).map(\.id) }
    }

    static let organisations = CompletionKind.custom { words, _, prefix in
        ids(words, prefix) { session in
            // The tree holds the lineage above the reader's part too; only the part is theirs.
            let (tree, roots) = try session.app.organisationTree(under: nil, by: session.caller)
            let tops = Set(roots.map(\.id))
            return tree.byID.keys.filter { tree.isUnder($0, anyOf: tops) || tops.contains($0) }
        }
    }

    static let states = CompletionKind.custom { words, _, prefix in
        ids(words, prefix) { session in try definitions(session).flatMap { $0.states.map(\.id) } }
    }

    static let events = CompletionKind.custom { words, _, prefix in
        ids(words, prefix) { session in
            try definitions(session).flatMap { $0.events.filter { $0.source != .start }.map(\.id) }
        }
    }

    /// The newest version of each workflow the person may list.
    private static func definitions(_ session: CommandContext.Session) throws -> [WorkflowDefinition] {
        let deployed = Set(try session.app.deployedWorkflows(by: session.caller).map(\.id))
        return try session.app.latestDefinitions().filter { deployed.contains($0.key) }.map(\.value)
    }

    /// The ids `read` gives that begin with `prefix`, sorted and without repeats; none
    /// when the store or the person cannot be had.
    private static func ids(
        _ words: [String], _ prefix: String, _ read: (CommandContext.Session) throws -> [String]
    ) -> [String] {
        var options: [String] = []
        for (index, word) in words.enumerated() where ["--db", "--as"].contains(word) && index + 1 < words.count {
            options += [word, words[index + 1]]
        }
        guard let globals = try? GlobalOptions.parse(options), globals.actorID != nil,
            PostgresSettings.isPostgresURL(globals.databasePath)
                || FileManager.default.fileExists(atPath: globals.databasePath),
            let session = try? CommandContext(globals).session(),
            let all = try? read(session)
        else { return [] }
        return Set(all.filter { $0.hasPrefix(prefix) }).sorted()
    }
}
