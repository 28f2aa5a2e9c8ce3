import Foundation
import Testing

/// Runs the built `docket` binary in a temporary folder and captures what it prints.
///
/// The binary is `.build/debug/docket` in the package (the README's test command builds
/// it first), or the path in `DOCKET_BINARY`.
struct DocketRunner {
    struct Result {
        var status: Int32
        /// Decoded as Foundation decodes a file, which drops a leading byte-order mark.
        var stdout: String
        var stderr: String
        /// stdout as written, byte-order mark and all.
        var stdoutBytes: [UInt8] = []
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["DOCKET_BINARY"] { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".build/debug/docket")
    }

    let folder: URL
    private let removal: FolderRemoval

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("docket-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        removal = FolderRemoval(folder)
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build docket first: swift build")
    }

    /// Runs `docket` with `arguments`, English messages and the store in the temp folder.
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        // Reads are scoped to the person reading; by default the county administrator.
        var environment = [
            "PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8", "DOCKET_DB": folder.appendingPathComponent("d.db").path,
            "DOCKET_ACTOR": "p-admin",
        ]
        environment.merge(extra) { _, new in new }
        process.environment = environment
        // Files rather than pipes, so a long output can never block the child.
        let out = folder.appendingPathComponent("out-\(UUID().uuidString)")
        let err = folder.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8), stdoutBytes: Array(try Data(contentsOf: out)))
    }

    /// `docket init` with the shipped workflows, the example tree and people.
    func initialised() throws -> DocketRunner {
        let workflows = Self.packageRoot.appendingPathComponent("Workflows").path
        let examples = Self.packageRoot.appendingPathComponent("Examples")
        for step in [
            ["init", "--workflows", workflows, "--at", "2026-11-01", "--simulation"],
            ["org", "import", examples.appendingPathComponent("org-tree.yaml").path],
            ["person", "import", examples.appendingPathComponent("people.csv").path],
        ] {
            let result = try run(step)
            try #require(result.status == 0, "\(step): \(result.stderr)")
        }
        return self
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Parses stdout as a JSON object.
    static func object(_ result: Result) throws -> [String: Any] {
        try #require(
            JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
            "not a JSON object: \(result.stdout)")
    }
}

/// The arguments of a service request that passes every rule.
let orderArguments = [
    "case", "start", "service-request", "--org", "dongcun-g1", "--as", "p-intake", "--at", "2026-11-22T09:30",
    "--set", "requester=张大爷", "--set", "phone=13800000000", "--set", "category=repair",
    "--set", "description=自来水管漏水", "--set", "urgency=utility",
]

/// 赵书记 (p-secretary) dispatches a request started by `orderArguments` to 李明 (p-li) at 09:45.
func dispatchArguments(_ caseID: String) -> [String] {
    ["case", "fire", caseID, "dispatch", "--as", "p-secretary", "--at", "2026-11-22T09:45", "--set", "assignee=p-li"]
}

/// Removes a test's temporary folder once the last copy of what owns it is gone, so that
/// running the tests again and again does not fill the temporary directory.
final class FolderRemoval: Sendable {
    let folder: URL

    init(_ folder: URL) { self.folder = folder }

    deinit { try? FileManager.default.removeItem(at: folder) }
}
