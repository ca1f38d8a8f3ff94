import Foundation
import L360Client
import L360JSON
import L360Sandbox
import L360TestSupport

/// A course migration run as a user runs it, against a sandbox that records what it received: the resume, journal
/// and reconciliation tests share it.
enum MigrationFixture {
  /// A folder with `count` valid courses in courses.jsonl and a script that upserts them in chunks of 10.
  static func folder(count: Int) throws -> URL {
    let directory = try temporaryFolder("l360-resume")
    let lines = (1...count).map {
      #"{"externalId":"r\#($0)","name":"Course \#($0)","defaultLang":"en","launchUrl":"https://x.example/\#($0)","subjects":[],"sources":[]}"#
    }
    try (lines.joined(separator: "\n") + "\n").write(
      to: directory.appendingPathComponent("courses.jsonl"), atomically: true, encoding: .utf8)
    try """
    set chunk-size 10
    set concurrency 1
    let job = courses upsert from courses.jsonl into $integration
    await $job
    print "${job.status} ${job.succeeded} ok ${job.failed} failed"
    """.write(to: directory.appendingPathComponent("migrate.l360"), atomically: true, encoding: .utf8)
    return directory
  }

  static func environment(_ sandbox: Sandbox) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    for key in env.keys where key.hasPrefix("L360_") { env[key] = nil }
    env["L360_BASE_URL"] = sandbox.baseURL
    env["L360_CLIENT_ID"] = sandbox.configuration.clientId
    env["L360_CLIENT_SECRET"] = sandbox.configuration.clientSecret
    env["L360_JOURNAL_DIR"] = ""  // the default place: .l360/journal beside the script
    return env
  }

  /// The externalIds of every upsert the sandbox received, one list per request.
  static func upsertedIds(_ sandbox: Sandbox) async throws -> [[String]] {
    try await sandbox.recordedRequests().filter { $0.request.method == "PUT" }.map { recorded in
      try JSONParser.parse(bytes: recorded.request.body)["input"]?.arrayValue?.compactMap {
        $0["externalId"]?.stringValue
      }
        ?? []
    }
  }

  /// The number of upserts the sandbox has received once no new one arrived for half a second.
  ///
  /// After a kill -9 a request already in the socket may still be on its way to the handler.
  static func settledUpsertCount(_ sandbox: Sandbox) async throws -> Int {
    var count = try await upsertedIds(sandbox).count
    while true {
      try await Task.sleep(for: .milliseconds(500))
      let now = try await upsertedIds(sandbox).count
      if now == count { return count }
      count = now
    }
  }

  /// The text of the journal files under `folder/.l360/journal` (the resume and fault tests read it).
  static func journalText(_ folder: URL) -> String {
    let journal = folder.appendingPathComponent(".l360/journal")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: journal.path)) ?? []
    return names.compactMap { try? String(contentsOf: journal.appendingPathComponent($0), encoding: .utf8) }.joined()
  }

  /// A sandbox whose operations take 1 s, recording requests, with one integration.
  static func sandboxWithIntegration(
    _ platform: String,
    configuration: SandboxConfiguration = SandboxConfiguration(operationDuration: .seconds(1), recordRequests: true)
  ) async throws -> (Sandbox, Integration) {
    let sandbox = try await Sandbox.start(configuration)
    let integration = try await makeClient(for: sandbox).createIntegration(
      IntegrationDraft(externalPlatform: platform, groupId: SeedData.mainGroupId, authorId: SeedData.authorId))
    return (sandbox, integration)
  }
}
