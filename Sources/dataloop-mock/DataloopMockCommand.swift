import ArgumentParser
import DataloopMock
import Foundation
import Hummingbird
import Logging

@main
struct DataloopMockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataloop-mock",
        abstract: "Emulates the organizations side of the Dataloop platform API for dtlpy and dlp.",
        version: dataloopMockVersion,
        subcommands: [Serve.self, Fixtures.self, OpenAPI.self],
        defaultSubcommand: Serve.self)
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the emulated API (the default command).")

    @Option(help: "Address to bind; loopback unless you mean to expose it.") var host = "127.0.0.1"
    @Option(help: "Port to listen on; 0 picks a free one.") var port = 8765
    @Option(help: "Write the bound port to this file once listening.") var portFile: String?
    @Option(help: "Fixture JSON to seed from (default: the embedded default fixture).") var fixtures: String?
    @Option(help: "SQLite file, or :memory:. A file keeps state across restarts and is seeded only when empty.")
    var db = ":memory:"
    @Flag(help: "Delete the --db file first and seed it anew.") var resetDb = false
    @Option(help: "HS256 secret for tokens (default: random per process).") var jwtSecret: String?
    @Option(help: "Require header x-mock-admin-token with this value on /_mock calls.") var adminToken: String?
    @Option(help: "How many requests the journal keeps per namespace.") var journalSize = 1000
    @Option(help: "Bytes the journal keeps per namespace, bodies included; the oldest entries go first.")
    var journalBytes = Limits().journalBytes
    @Option(help: "Bytes of one request body the journal keeps; longer bodies are cut and marked truncated.")
    var journalBodyBytes = Limits().journalBodyBytes
    @Option(help: "Bytes of encoded read answers cached per namespace.") var cacheBytes = Limits().cacheBytes
    @Option(help: "Bytes of decoded user and org records kept for reads per namespace (0: none).")
    var recordCacheBytes = Limits().recordCacheBytes
    @Option(help: "Snapshots per namespace (429 past it).") var maxSnapshots = Limits().maxSnapshots
    @Option(help: "Total bytes of a namespace's snapshots (429 past it).") var snapshotBytes = Limits().snapshotBytes
    @Option(help: "Scripted faults per namespace (429 past it).") var maxFaults = Limits().maxFaults
    @Option(help: "How many namespaces may exist at once (429 past it).") var maxNamespaces = 64
    @Option(help: "Seconds before an idle connection (or one still sending its request head) is closed.")
    var idleTimeoutS = ServerOptions().idleTimeoutS
    @Option(help: "Milliseconds an applied org cache stays PENDING before READY.") var cacheReadyMs: Int64 = 0
    @Option(help: "Status of an /api/v1 route the mock does not emulate: 404 (dtlpy raises at once) or 501 (dtlpy retries it for about 30 s).")
    var unmatchedStatus = 404
    @Option(help: "trace, debug, info, notice, warning, error or critical.") var logLevel = "warning"

    func run() async throws {
        var options = ServerOptions()
        options.host = host
        options.port = port
        options.databasePath = db
        options.fixturesPath = fixtures
        options.resetDatabase = resetDb
        options.jwtSecret = jwtSecret
        options.adminToken = adminToken
        guard journalSize >= 1, maxNamespaces >= 0 else { throw ValidationError("--journal-size must be at least 1, --max-namespaces at least 0") }
        options.journalSize = journalSize
        options.maxNamespaces = maxNamespaces
        let limits = [journalBytes, journalBodyBytes, cacheBytes, recordCacheBytes, maxSnapshots, snapshotBytes, maxFaults]
        guard limits.allSatisfy({ $0 >= 0 }), idleTimeoutS >= 1 else {
            throw ValidationError("limits must be at least 0, --idle-timeout-s at least 1")
        }
        options.limits.journalBytes = journalBytes
        options.limits.journalBodyBytes = journalBodyBytes
        options.limits.cacheBytes = cacheBytes
        options.limits.recordCacheBytes = recordCacheBytes
        options.limits.maxSnapshots = maxSnapshots
        options.limits.snapshotBytes = snapshotBytes
        options.limits.maxFaults = maxFaults
        options.idleTimeoutS = idleTimeoutS
        // Ten years at most: a readiness time is a sum with the clock and must not overflow.
        options.cacheReadyMs = min(max(0, cacheReadyMs), 10 * 365 * 86_400_000)
        guard (400...599).contains(unmatchedStatus) else { throw ValidationError("--unmatched-status must be a 4xx or 5xx status (404 or 501)") }
        options.unmatchedStatus = unmatchedStatus
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("unknown --log-level '\(logLevel)'")
        }
        options.logLevel = level

        let platform: MockPlatform
        do {
            platform = try await ServerApp.makePlatform(options)
        } catch let problem as FixtureProblem {
            throw ValidationError("invalid fixtures: \(problem)")
        }
        let portFile = self.portFile
        let host = self.host
        let app = ServerApp.application(platform: platform, options: options) { boundPort in
            if let portFile { try? "\(boundPort)\n".write(toFile: portFile, atomically: true, encoding: .utf8) }
            // stdout is block-buffered on a pipe; write the ready line straight to the descriptor.
            let base = "http://\(host):\(boundPort)"
            FileHandle.standardOutput.write(Data("dataloop-mock listening on \(base)\n\(base)/api/v1\n".utf8))
        }
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}

struct Fixtures: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with fixture files.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a fixture file; exit 1 when invalid.")
        @Argument(help: "The fixture JSON file.") var file: String

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("cannot read '\(file)'\n".utf8))
                throw ExitCode(1)
            }
            let problems = FixtureSource.problems(in: data)
            if problems.isEmpty {
                print("\(file): valid")
                return
            }
            for problem in problems { FileHandle.standardError.write(Data("\(file): \(problem)\n".utf8)) }
            throw ExitCode(1)
        }
    }
}

struct OpenAPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi",
        abstract: "Print the OpenAPI document of every route served (docs/openapi.json is this output).")

    func run() async throws {
        FileHandle.standardOutput.write(Data(try await ServerApp.openAPIDocument().utf8))
    }
}
