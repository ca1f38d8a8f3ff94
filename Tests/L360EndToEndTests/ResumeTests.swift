import Foundation
import L360Client
import L360JSON
import L360Sandbox
import L360TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A folder with `count` valid courses in courses.jsonl and a script that upserts them in chunks of 10.
private func migrationFolder(count: Int) throws -> URL {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("l360-resume-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
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

private func environment(_ sandbox: Sandbox) -> [String: String] {
  var env = ProcessInfo.processInfo.environment
  for key in env.keys where key.hasPrefix("L360_") { env[key] = nil }
  env["L360_BASE_URL"] = sandbox.baseURL
  env["L360_CLIENT_ID"] = sandbox.configuration.clientId
  env["L360_CLIENT_SECRET"] = sandbox.configuration.clientSecret
  env["L360_JOURNAL_DIR"] = ""  // the default place: .l360/journal beside the script
  return env
}

/// The externalIds of every upsert the sandbox received, one list per request.
private func upsertedIds(_ sandbox: Sandbox) async throws -> [[String]] {
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
private func settledUpsertCount(_ sandbox: Sandbox) async throws -> Int {
  var count = try await upsertedIds(sandbox).count
  while true {
    try await Task.sleep(for: .milliseconds(500))
    let now = try await upsertedIds(sandbox).count
    if now == count { return count }
    count = now
  }
}

/// The text of the journal files under `folder/.l360/journal` (the resume and fault tests read it).
func journalText(_ folder: URL) -> String {
  let journal = folder.appendingPathComponent(".l360/journal")
  let names = (try? FileManager.default.contentsOfDirectory(atPath: journal.path)) ?? []
  return names.compactMap { try? String(contentsOf: journal.appendingPathComponent($0), encoding: .utf8) }.joined()
}

/// A sandbox whose operations take 1 s, recording requests, with one integration.
private func sandboxWithIntegration(_ platform: String) async throws -> (Sandbox, Integration) {
  let sandbox = try await Sandbox.start(SandboxConfiguration(operationDuration: .seconds(1), recordRequests: true))
  let integration = try await makeClient(for: sandbox).createIntegration(
    IntegrationDraft(externalPlatform: platform, groupId: SeedData.mainGroupId, authorId: SeedData.authorId))
  return (sandbox, integration)
}

@Suite("Interrupted bulk statements resume from their journal")
struct ResumeTests {
  /// Runs the migration, kills it with SIGKILL once the journal shows the first chunk accepted, and returns the folder.
  ///
  /// On a loaded machine the kill may land later than that (even during chunk 2's request): tests read the journal
  /// to know what the killed run had sent and seen accepted.
  private func killedRun(_ sandbox: Sandbox, integration: String) async throws -> URL {
    let folder = try migrationFolder(count: 50)
    let process = try ChildProcess(
      l360Executable.path, ["run", "migrate.l360", "--var", "integration=\(integration)"],
      environment: environment(sandbox), directory: folder.path, stdin: .null, stdout: .null, stderr: .null)
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(60)
    while !journalText(folder).contains(#""event":"accepted""#) && clock.now < deadline && process.isRunning {
      try await Task.sleep(for: .milliseconds(10))
    }
    process.send(SIGKILL)
    #expect(process.wait() == 128 + SIGKILL)
    return folder
  }

  @Test("kill -9 after the first chunk, then run --resume: that chunk is re-attached, not sent again")
  func killAndResume() async throws {
    // Operations take 1 s and one may be in flight, so the kill lands while chunk 2 waits for chunk 1.
    let (sandbox, integration) = try await sandboxWithIntegration("resume")
    let folder = try await killedRun(sandbox, integration: integration.id)
    defer { try? FileManager.default.removeItem(at: folder) }
    let atKill = journalText(folder)
    let accepted = atKill.components(separatedBy: #""event":"accepted""#).count - 1
    let sentWithoutAnswer = atKill.components(separatedBy: #""event":"sending""#).count - 1 - accepted
    #expect(accepted >= 1 && accepted < 5)
    #expect(atKill.contains(#""event":"sending","chunk":0"#))
    // A chunk journaled as "sending" may or may not have reached the server before the kill: count what did.
    let receivedBeforeResume = try await settledUpsertCount(sandbox)
    #expect((accepted...accepted + sentWithoutAnswer).contains(receivedBeforeResume))

    let resumed = try await runL360(
      ["run", "migrate.l360", "--resume", "--var", "integration=\(integration.id)"],
      environment: environment(sandbox), directory: folder)
    #expect(resumed.exitCode == 0, "\(resumed.stderr)")
    #expect(resumed.stderr.contains("\(accepted) of 5 chunks already accepted, \(5 - accepted) to send"))
    #expect(resumed.stdout.contains("completed 50 ok 0 failed"))
    // Accepted chunks were not sent again; only a chunk whose 202 the killed run never saw may have gone twice.
    let all = try await upsertedIds(sandbox)
    #expect(all.count == receivedBeforeResume + 5 - accepted, "--resume sends exactly the chunks not accepted")
    var seen: [String] = []
    for id in all.flatMap({ $0 }) where !seen.contains(id) { seen.append(id) }
    #expect(seen == (1...50).map { "r\($0)" })
    let firstCourseSent = all.flatMap { $0 }.count { $0 == "r1" }
    #expect(firstCourseSent == 1, "chunk 1, accepted before the kill, went once")
    #expect(journalText(folder).components(separatedBy: #""event":"finished""#).count - 1 == 5)
    await sandbox.stop()
  }

  @Test("'resume' continues the newest unfinished statement of the journal folder; then nothing is left to resume")
  func resumeCommand() async throws {
    let (sandbox, integration) = try await sandboxWithIntegration("resume2")
    let folder = try await killedRun(sandbox, integration: integration.id)
    defer { try? FileManager.default.removeItem(at: folder) }
    let journal = folder.appendingPathComponent(".l360/journal").path
    let accepted = journalText(folder).components(separatedBy: #""event":"accepted""#).count - 1

    let resumed = try await runL360(
      [
        "--journal", journal, "-c",
        "let job = resume\nawait $job\nprint \"${job.status} ${job.succeeded} ok ${job.failed} failed\"",
      ],
      environment: environment(sandbox), directory: folder)
    #expect(resumed.exitCode == 0, "\(resumed.stderr)")
    #expect(
      resumed.stderr.contains(
        "resume: courses upsert from courses.jsonl, 50 items in 5 chunks (\(accepted) accepted before)"))
    #expect(resumed.stdout.contains("completed 50 ok 0 failed"))
    var seen: [String] = []
    for id in try await upsertedIds(sandbox).flatMap({ $0 }) where !seen.contains(id) { seen.append(id) }
    #expect(seen == (1...50).map { "r\($0)" })

    // Everything finished: nothing is left to resume.
    let nothing = try await runL360(["--journal", journal, "-c", "resume"], environment: environment(sandbox))
    #expect(nothing.exitCode == 0)
    #expect(nothing.stderr.contains("nothing to resume"))
    await sandbox.stop()
  }

  @Test("a plain re-run keeps the unfinished journal aside; after the input changed, --resume sends it afresh")
  func journalKeptAndChecked() async throws {
    let (sandbox, integration) = try await sandboxWithIntegration("resume3")
    let folder = try await killedRun(sandbox, integration: integration.id)
    defer { try? FileManager.default.removeItem(at: folder) }
    let arguments = ["run", "migrate.l360", "--var", "integration=\(integration.id)"]

    let again = try await runL360(arguments, environment: environment(sandbox), directory: folder)
    #expect(again.exitCode == 0, "\(again.stderr)")
    #expect(again.stderr.contains("an earlier run of this statement did not finish (its journal is kept as "))
    let journal = folder.appendingPathComponent(".l360/journal")
    let names = try FileManager.default.contentsOfDirectory(atPath: journal.path)
    #expect(names.contains { $0.hasSuffix(".previous.jsonl") }, "\(names)")

    // A journal belongs to one input (its fingerprint is in the name): a changed file never resumes another's chunks.
    let requestsBefore = await sandbox.recordedRequests().count { $0.request.method == "PUT" }
    let input = folder.appendingPathComponent("courses.jsonl")
    var text = try String(contentsOf: input, encoding: .utf8)
    text = text.replacingOccurrences(of: "Course 7\"", with: "Course seven\"")
    try text.write(to: input, atomically: true, encoding: .utf8)
    let resumed = try await runL360(
      arguments + ["--resume"], environment: environment(sandbox), directory: folder)
    #expect(resumed.exitCode == 0, "\(resumed.stderr)")
    // The same statement with other input has another journal: nothing to resume, everything sent afresh.
    #expect(resumed.stderr.contains("nothing to resume for this statement"))
    #expect(await sandbox.recordedRequests().count { $0.request.method == "PUT" } == requestsBefore + 5)
    await sandbox.stop()
  }

  @Test("a file changed while its chunks are being sent stops the run before the next chunk")
  func fileChangedMidway() async throws {
    let (sandbox, integration) = try await sandboxWithIntegration("changed")
    let folder = try migrationFolder(count: 50)
    defer { try? FileManager.default.removeItem(at: folder) }
    let process = try ChildProcess(
      l360Executable.path, ["run", "migrate.l360", "--var", "integration=\(integration.id)"],
      environment: environment(sandbox), directory: folder.path, stdin: .null, stdout: .null)
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(60)
    while !journalText(folder).contains(#""event":"accepted""#) && clock.now < deadline && process.isRunning {
      try await Task.sleep(for: .milliseconds(10))
    }
    // Chunk 2 already left (or waits for a slot); the check before chunk 3 sees the change.
    let input = folder.appendingPathComponent("courses.jsonl")
    try (try String(contentsOf: input, encoding: .utf8) + "\n").write(to: input, atomically: true, encoding: .utf8)
    let stderr = await ChildProcess.readToEnd(process.stderr)
    #expect(process.wait() == 1)
    #expect(stderr.contains("courses.jsonl changed while it was being sent"), "\(stderr)")
    #expect(await sandbox.recordedRequests().count { $0.request.method == "PUT" } < 5)
    await sandbox.stop()
  }
}
