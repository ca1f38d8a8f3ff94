import Foundation
import L360JSON
import L360Sandbox
import L360TestSupport
import Testing

/// examples/nightly-sync.l360 run again and again against one server that keeps its state, as a scheduler runs it.
@Suite("A checked-in script that runs every night converges")
struct NightlySyncTests {
  /// A sandbox that keeps its state and records requests, a scratch copy of examples/, and the environment that
  /// points l360 at the sandbox as at a real tenant.
  func server() async throws -> (Sandbox, URL, [String: String]) {
    let sandbox = try await Sandbox.start(
      SandboxConfiguration(operationDuration: .milliseconds(100), recordRequests: true))
    let environment = [
      "L360_BASE_URL": sandbox.baseURL, "L360_CLIENT_ID": sandbox.configuration.clientId,
      "L360_CLIENT_SECRET": sandbox.configuration.clientSecret,
    ]
    return (sandbox, try scratchCopy(of: "examples"), environment)
  }

  /// The writes the server received since `from` (token requests aside), as "METHOD path items".
  func writes(_ sandbox: Sandbox, from: Int) async -> [String] {
    await sandbox.recordedRequests().dropFirst(from).filter {
      $0.request.method != "GET" && !$0.request.path.hasSuffix("/oauth2/token")
    }.map { recorded in
      let items = (try? JSONParser.parse(bytes: recorded.request.body))?["input"]?.arrayValue?.count
      return "\(recorded.request.method) \(recorded.request.path)" + (items.map { " \($0)" } ?? "")
    }
  }

  @Test(
    "run 1 sends everything; run 2 sends no write; after 3 changes and 2 deletions, run 3 sends those 3 and archives those 2, as its dry run planned"
  )
  func threeNights() async throws {
    let (sandbox, folder, environment) = try await server()
    defer { try? FileManager.default.removeItem(at: folder) }
    func night(_ extra: [String] = []) async throws -> CLIResult {
      try await runL360(["run", "nightly-sync.l360", "--yes"] + extra, environment: environment, directory: folder)
    }

    let first = try await night()
    #expect(first.exitCode == 0, "\(first.stderr)")
    #expect(first.stdout.contains("nightly sync done: 10 new, 0 changed, 0 archived"), "\(first.stdout)")
    let firstWrites = await writes(sandbox, from: 0)
    #expect(firstWrites.contains { $0.hasPrefix("PUT /api/v2/bulk/integrations/") && $0.hasSuffix("courses 10") })
    #expect(firstWrites.filter { $0 == "POST /api/v2/integrations" }.count == 1)

    var seen = await sandbox.recordedRequests().count
    let second = try await night()
    #expect(second.exitCode == 0, "\(second.stderr)")
    #expect(second.stdout.contains("integration") && second.stdout.contains(": unchanged"), "\(second.stdout)")
    #expect(second.stdout.contains("courses sync: 0 new, 0 changed, 10 unchanged (not sent), 0 to archive"))
    #expect(await writes(sandbox, from: seen) == [], "the second night wrote")

    // Three courses change and two leave the source catalog.
    let file = folder.appendingPathComponent("nightly-courses.jsonl")
    var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
    for n in [0, 1, 2] { lines[n] = lines[n].replacingOccurrences(of: "Nightly course", with: "Renamed course") }
    lines.removeLast(2)
    try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)

    seen = await sandbox.recordedRequests().count
    let plan = try await night(["--dry-run"])
    #expect(plan.exitCode == 0, "\(plan.stderr)")
    #expect(
      plan.stdout.contains("courses sync: 0 new, 3 changed, 5 unchanged (not sent), 2 to archive"), "\(plan.stdout)")
    #expect(plan.stdout.contains("dry-run: would send PUT ") && plan.stdout.contains("with 3 items (1 call)"))
    #expect(plan.stdout.contains("dry-run: would send DELETE ") && plan.stdout.contains("with 2 items (1 call)"))
    #expect(await writes(sandbox, from: seen) == [], "the dry run wrote")

    seen = await sandbox.recordedRequests().count
    let third = try await night()
    #expect(third.exitCode == 0, "\(third.stderr)")
    #expect(third.stdout.contains("nightly sync done: 0 new, 3 changed, 2 archived"), "\(third.stdout)")
    let thirdWrites = await writes(sandbox, from: seen)
    #expect(thirdWrites.count == 2, "\(thirdWrites)")
    #expect(thirdWrites.contains { $0.hasPrefix("PUT /api/v2/bulk/integrations/") && $0.hasSuffix("courses 3") })
    #expect(thirdWrites.contains { $0.hasPrefix("DELETE /api/v2/bulk/integrations/") && $0.hasSuffix("courses 2") })

    // And the night after that, nothing again.
    seen = await sandbox.recordedRequests().count
    let fourth = try await night()
    #expect(fourth.exitCode == 0, "\(fourth.stderr)")
    #expect(await writes(sandbox, from: seen) == [], "the fourth night wrote")
    await sandbox.stop()
  }

  @Test("a course the server refuses is not recorded: the next night sends it again, and the script exits 1")
  func failedItemsAreRetried() async throws {
    let (sandbox, folder, environment) = try await server()
    defer { try? FileManager.default.removeItem(at: folder) }
    // One course names an author the server does not know: a per-item failure.
    let file = folder.appendingPathComponent("nightly-courses.jsonl")
    var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
    lines[4] = lines[4].replacingOccurrences(
      of: #""duration""#, with: #""authorId":"0123456789abcdef01234567","duration""#)
    try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
    for night in 1...2 {
      let result = try await runL360(
        ["run", "nightly-sync.l360", "--yes"], environment: environment, directory: folder)
      #expect(result.exitCode == 1, "night \(night): \(result.stderr)")
      #expect(result.stderr.contains("1 courses and 0 catalog items failed"), "\(result.stderr)")
      if night == 2 {
        #expect(result.stdout.contains("courses sync: 1 new, 0 changed, 9 unchanged (not sent)"), "\(result.stdout)")
      }
    }
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("nightly-failed.jsonl").path))
    await sandbox.stop()
  }

  @Test("a sync whose run ended before its job was awaited recorded nothing: the next run sends it all and converges")
  func unawaitedRunConverges() async throws {
    let (sandbox, folder, environment) = try await server()
    defer { try? FileManager.default.removeItem(at: folder) }
    let ensure =
      "let i = integration ensure platform=cut group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386"
    let sync = "let job = courses sync from nightly-courses.jsonl into $i"
    // The run stops before `await` (as a run killed there would): the server got the courses, the state nothing.
    let cut = try await runL360(["-c", "\(ensure)\n\(sync)"], environment: environment, directory: folder)
    #expect(cut.exitCode == 0, "\(cut.stderr)")
    let whole = "\(ensure)\n\(sync)\nawait $job\nprint $job.sent, $job.unchanged, $job.failed"
    let again = try await runL360(["-c", whole], environment: environment, directory: folder)
    #expect(again.stdout.hasSuffix("10 0 0\n"), "\(again.stdout)")
    let settled = try await runL360(["-c", whole], environment: environment, directory: folder)
    #expect(settled.stdout.hasSuffix("0 10 0\n"), "\(settled.stdout)")
    await sandbox.stop()
  }
}
