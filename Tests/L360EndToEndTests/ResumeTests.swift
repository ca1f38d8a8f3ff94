import Foundation
import L360Client
import L360JSON
import L360Sandbox
import L360TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Interrupted bulk statements resume from their journal")
struct ResumeTests {
  /// Runs the migration, kills it with SIGKILL once the journal shows the first chunk accepted, and returns the folder.
  ///
  /// On a loaded machine the kill may land later than that (even during chunk 2's request): tests read the journal
  /// to know what the killed run had sent and seen accepted.
  private func killedRun(_ sandbox: Sandbox, integration: String) async throws -> URL {
    let folder = try MigrationFixture.folder(count: 50)
    let process = try ChildProcess(
      l360Executable.path, ["run", "migrate.l360", "--var", "integration=\(integration)"],
      environment: MigrationFixture.environment(sandbox), directory: folder.path, stdin: .null, stdout: .null,
      stderr: .null)
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(60)
    while !MigrationFixture.journalText(folder).contains(#""event":"accepted""#) && clock.now < deadline
      && process.isRunning
    {
      try await Task.sleep(for: .milliseconds(10))
    }
    process.send(SIGKILL)
    #expect(process.wait() == 128 + SIGKILL)
    return folder
  }

  @Test("kill -9 after the first chunk, then run --resume: that chunk is re-attached, not sent again")
  func killAndResume() async throws {
    // Operations take 1 s and one may be in flight, so the kill lands while chunk 2 waits for chunk 1.
    let (sandbox, integration) = try await MigrationFixture.sandboxWithIntegration("resume")
    let folder = try await killedRun(sandbox, integration: integration.id)
    defer { try? FileManager.default.removeItem(at: folder) }
    let atKill = MigrationFixture.journalText(folder)
    let accepted = atKill.components(separatedBy: #""event":"accepted""#).count - 1
    let sentWithoutAnswer = atKill.components(separatedBy: #""event":"sending""#).count - 1 - accepted
    #expect(accepted >= 1 && accepted < 5)
    #expect(atKill.contains(#""event":"sending","chunk":0"#))
    // A chunk journaled as "sending" may or may not have reached the server before the kill: count what did.
    let receivedBeforeResume = try await MigrationFixture.settledUpsertCount(sandbox)
    #expect((accepted...accepted + sentWithoutAnswer).contains(receivedBeforeResume))

    let resumed = try await runL360(
      ["run", "migrate.l360", "--resume", "--var", "integration=\(integration.id)"],
      environment: MigrationFixture.environment(sandbox), directory: folder)
    #expect(resumed.exitCode == 0, "\(resumed.stderr)")
    let unsettled =
      sentWithoutAnswer > 0 ? ", \(sentWithoutAnswer) sent without an answer (looked for on the server first)" : ""
    #expect(
      resumed.stderr.contains(
        "\(accepted) of 5 chunks already accepted\(unsettled), \(5 - accepted - sentWithoutAnswer) to send"),
      "\(resumed.stderr)")
    #expect(resumed.stdout.contains("completed 50 ok 0 failed"))
    // Accepted chunks were not sent again, and a chunk whose 202 the killed run never saw was looked for on the
    // server first: every course reached the server exactly once.
    let all = try await MigrationFixture.upsertedIds(sandbox)
    #expect(all.count == 5, "one request per chunk, over both runs")
    #expect(all.flatMap { $0 }.sorted() == (1...50).map { "r\($0)" }.sorted())
    #expect(MigrationFixture.journalText(folder).components(separatedBy: #""event":"finished""#).count - 1 == 5)
    await sandbox.stop()
  }

  @Test("'resume' continues the newest unfinished statement of the journal folder; then nothing is left to resume")
  func resumeCommand() async throws {
    let (sandbox, integration) = try await MigrationFixture.sandboxWithIntegration("resume2")
    let folder = try await killedRun(sandbox, integration: integration.id)
    defer { try? FileManager.default.removeItem(at: folder) }
    let journal = folder.appendingPathComponent(".l360/journal").path
    let accepted = MigrationFixture.journalText(folder).components(separatedBy: #""event":"accepted""#).count - 1

    let resumed = try await runL360(
      [
        "--journal", journal, "-c",
        "let job = resume\nawait $job\nprint \"${job.status} ${job.succeeded} ok ${job.failed} failed\"",
      ],
      environment: MigrationFixture.environment(sandbox), directory: folder)
    #expect(resumed.exitCode == 0, "\(resumed.stderr)")
    #expect(
      resumed.stderr.contains(
        "resume: courses upsert from courses.jsonl, 50 items in 5 chunks (\(accepted) accepted before)"))
    #expect(resumed.stdout.contains("completed 50 ok 0 failed"))
    var seen: [String] = []
    for id in try await MigrationFixture.upsertedIds(sandbox).flatMap({ $0 }) where !seen.contains(id) {
      seen.append(id)
    }
    #expect(seen == (1...50).map { "r\($0)" })

    // Everything finished: nothing is left to resume.
    let nothing = try await runL360(
      ["--journal", journal, "-c", "resume"], environment: MigrationFixture.environment(sandbox))
    #expect(nothing.exitCode == 0)
    #expect(nothing.stderr.contains("nothing to resume"))
    await sandbox.stop()
  }

  @Test("a plain re-run keeps the unfinished journal aside; after the input changed, --resume sends it afresh")
  func journalKeptAndChecked() async throws {
    let (sandbox, integration) = try await MigrationFixture.sandboxWithIntegration("resume3")
    let folder = try await killedRun(sandbox, integration: integration.id)
    defer { try? FileManager.default.removeItem(at: folder) }
    let arguments = ["run", "migrate.l360", "--var", "integration=\(integration.id)"]

    let again = try await runL360(arguments, environment: MigrationFixture.environment(sandbox), directory: folder)
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
      arguments + ["--resume"], environment: MigrationFixture.environment(sandbox), directory: folder)
    #expect(resumed.exitCode == 0, "\(resumed.stderr)")
    // The same statement with other input has another journal: nothing to resume, everything sent afresh.
    #expect(resumed.stderr.contains("nothing to resume for this statement"))
    #expect(await sandbox.recordedRequests().count { $0.request.method == "PUT" } == requestsBefore + 5)
    await sandbox.stop()
  }

  @Test("a file changed while its chunks are being sent stops the run before the next chunk")
  func fileChangedMidway() async throws {
    let (sandbox, integration) = try await MigrationFixture.sandboxWithIntegration("changed")
    let folder = try MigrationFixture.folder(count: 50)
    defer { try? FileManager.default.removeItem(at: folder) }
    let process = try ChildProcess(
      l360Executable.path, ["run", "migrate.l360", "--var", "integration=\(integration.id)"],
      environment: MigrationFixture.environment(sandbox), directory: folder.path, stdin: .null, stdout: .null)
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(60)
    while !MigrationFixture.journalText(folder).contains(#""event":"accepted""#) && clock.now < deadline
      && process.isRunning
    {
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
