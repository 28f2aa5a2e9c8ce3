import ArgumentParser
import DocketCore
import DocketEngine
import DocketSQLite
import Foundation

/// The filters of lists, counts and reports, checked before anything is read: a
/// misspelt workflow, state, organisation or person is an error naming the nearest one
/// (status 4), never an empty list that tells a supervisor nothing is overdue. Each is
/// taken by its id or by its title (a person by their name), and comes back as the id.
struct FilterCheck {
    let store: SQLiteStore
    let context: CommandContext

    func workflow(_ raw: String?) throws -> String? {
        guard let raw else { return nil }
        let deployed: [DeployedWorkflow]
        do { deployed = try store.deployedWorkflows() } catch { throw context.fail(error) }
        let typed = raw.trimmedOfSpaces
        if let found = deployed.first(where: { $0.id == typed || $0.title.isNamed(typed) }) {
            return found.id
        }
        throw notFound("workflow", "工作流", typed, among: deployed.map(\.id))
    }

    /// A state of `workflow` (or of any deployed workflow), by id or title.
    func state(_ raw: String?, workflow: String?) throws -> String? {
        guard let raw else { return nil }
        var states: [StateDefinition] = []
        do {
            for id in try workflow.map({ [$0] }) ?? store.deployedWorkflows().map(\.id) {
                states += try store.definition(workflow: id, version: nil)?.states ?? []
            }
        } catch {
            throw context.fail(error)
        }
        let typed = raw.trimmedOfSpaces
        if states.contains(where: { $0.id == typed }) { return typed }
        let byTitle = Set(states.filter { $0.title.isNamed(typed) }.map(\.id))
        if byTitle.count == 1, let id = byTitle.first { return id }
        throw notFound("state", "状态", typed, among: Array(Set(states.map(\.id))))
    }

    func organisation(_ raw: String?) throws -> String? {
        guard let raw else { return nil }
        let typed = raw.trimmedOfSpaces
        let all: [Organisation]
        do {
            if try store.organisation(typed) != nil { return typed }
            all = try store.organisations()
        } catch {
            throw context.fail(error)
        }
        let byName = all.filter { $0.name == typed }
        if byName.count == 1 { return byName[0].id }
        throw notFound("organisation", "组织", typed, among: all.map(\.id))
    }

    /// A person by id, or by their name when exactly one person has it.
    func person(_ raw: String?) throws -> String? {
        guard let raw else { return nil }
        let typed = raw.trimmedOfSpaces
        do {
            if try store.person(typed) != nil { return typed }
            let ids = try store.personIDs()
            let named = try ids.filter { try store.person($0)?.name == typed }
            if named.count == 1 { return named[0] }
            throw notFound("person", "人员", typed, among: ids)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw context.fail(error)
        }
    }

    private func notFound(_ kind: String, _ kindZh: String, _ id: String, among candidates: [String]) -> ExitCode {
        let guess = Suggestion.closest(to: id, among: candidates)
        return context.fail(
            .notFound, zh: "找不到\(kindZh)「\(id)」" + (guess.map { "；是否应为「\($0)」？" } ?? ""),
            en: "no \(kind) '\(id)'" + (guess.map { "; did you mean '\($0)'?" } ?? ""),
            context: [("kind", .string(kind)), ("id", .string(id))]
                + (guess.map { [("suggestion", JSONValue.string($0))] } ?? []))
    }
}
