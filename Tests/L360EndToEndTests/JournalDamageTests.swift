import Foundation
import L360Client
import L360JSON
import L360Sandbox
import L360TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Every externalId the sandbox accepted (answered 202, or processed before the answer was lost), one per item sent.
private func acceptedIds(_ sandbox: Sandbox) async -> [String] {
  await sandbox.recordedRequests().filter {
    $0.request.method == "PUT" && ($0.response.status == 202 || $0.response.dropConnection)
  }.flatMap { recorded in
    ((try? JSONParser.parse(bytes: recorded.request.body))?["input"]?.arrayValue ?? []).compactMap {
      $0["externalId"]?.stringValue
    }
  }
}

/// The one journal file (not the lock, not a kept or torn one) under `folder/.l360/journal`.
private func journalFile(_ folder: URL) throws -> URL {
  let journal = folder.appendingPathComponent(".l360/journal")
  let names = try FileManager.default.contentsOfDirectory(atPath: journal.path).filter {
    $0.hasSuffix(".jsonl") && !$0.hasSuffix(".previous.jsonl")
  }
  guard names.count == 1 else { throw TestSupportError("expected one journal, found \(names)") }
  return journal.appendingPathComponent(names[0])
}

/// Waits until the journal holds `text`, or the process ended.
private func waitForJournal(_ folder: URL, _ text: String, while process: ChildProcess) async throws {
  let clock = ContinuousClock()
  let deadline = clock.now + .seconds(60)
  while !MigrationFixture.journalText(folder).contains(text) {
    guard clock.now < deadline, process.isRunning else { throw TestSupportError("the journal never showed \(text)") }
    try await Task.sleep(for: .milliseconds(10))
  }
}

@Suite("A journal that cannot be misread: damage, torn records, one run at a time, unknown outcomes")
struct JournalDamageTests {
  private func run(_ folder: URL, _ sandbox: Sandbox, _ integration: String, resume: Bool = false) async throws
    -> CLIResult
  {
    try await runL360(
      ["run", "migrate.l360", "--var", "integration=\(integration)"] + (resume ? ["--resume"] : []),
      environment: MigrationFixture.environment(sandbox), directory: folder)
  }

  @Test("a damaged line in the middle stops --resume with the file and the line; nothing is sent")
  func damagedLine() async throws {
    let (sandbox, integration) = try await MigrationFixture.sandboxWithIntegration("damaged")
    let folder = try MigrationFixture.folder(count: 50)
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try await run(folder, sandbox, integration.id)
    #expect(first.exitCode == 0, "\(first.stderr)")
    let file = try journalFile(folder)
    var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    lines.insert("\u{0}\u{1}garbage{{{", at: 3)
    try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    let requestsBefore = await sandbox.recordedRequests().count { $0.request.method == "PUT" }

    let resumed = try await run(folder, sandbox, integration.id, resume: true)
    #expect(resumed.exitCode == 1)
    #expect(resumed.stderr.contains("the journal \(file.path) is damaged at line 4"), "\(resumed.stderr)")
    #expect(resumed.stderr.contains("move the file away"))
    #expect(await sandbox.recordedRequests().count { $0.request.method == "PUT" } == requestsBefore)
    // A changed byte inside a record is caught by its checksum, not only a line that is not a record.
    lines.remove(at: 3)
    let tampered = lines.joined(separator: "\n").replacingOccurrences(of: #""chunk":2"#, with: #""chunk":3"#)
    try tampered.write(to: file, atomically: true, encoding: .utf8)
    let again = try await run(folder, sandbox, integration.id, resume: true)
    #expect(again.exitCode == 1)
    #expect(again.stderr.contains("checksum does not match"), "\(again.stderr)")
    #expect(await sandbox.recordedRequests().count { $0.request.method == "PUT" } == requestsBefore)
    await sandbox.stop()
  }

  @Test("a torn last record is set aside, the next record starts on a fresh line, and later resumes read it all")
  func tornTail() async throws {
    let (sandbox, integration) = try await MigrationFixture.sandboxWithIntegration("torn")
    let folder = try MigrationFixture.folder(count: 50)
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try await run(folder, sandbox, integration.id).exitCode == 0)
    // As if the run had been killed while writing chunk 5's "accepted": that record is cut in half, and nothing
    // after it was written.
    let file = try journalFile(folder)
    let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
    let cut = try #require(lines.firstIndex { $0.contains(#""event":"accepted","chunk":4"#) })
    try (lines[..<cut].joined(separator: "\n") + "\n" + lines[cut].prefix(lines[cut].count / 2)).write(
      to: file, atomically: true, encoding: .utf8)

    let resumed = try await run(folder, sandbox, integration.id, resume: true)
    #expect(resumed.exitCode == 0, "\(resumed.stderr)")
    #expect(resumed.stderr.contains("it was set aside in \(file.path).torn"), "\(resumed.stderr)")
    #expect(resumed.stderr.contains("4 of 5 chunks already accepted, 1 sent without an answer"))
    #expect(resumed.stderr.contains("chunk 5 was accepted before as operation "), "found on the server, not resent")
    let text = try String(contentsOf: file, encoding: .utf8)
    #expect(text.hasSuffix("\n"))
    #expect(!text.contains(String(lines[cut].prefix(lines[cut].count / 2)) + "{"), "no record glued to the torn one")

    let third = try await run(folder, sandbox, integration.id, resume: true)
    #expect(third.exitCode == 0, "\(third.stderr)")
    #expect(third.stderr.contains("5 of 5 chunks already accepted, 0 to send"), "\(third.stderr)")
    let ids = await acceptedIds(sandbox)
    #expect(ids.count == 50 && Set(ids).count == 50, "no course accepted twice")
    await sandbox.stop()
  }

  @Test("a second run of a journal in use is refused, names the process, and touches nothing")
  func oneRunPerJournal() async throws {
    let (sandbox, integration) = try await MigrationFixture.sandboxWithIntegration("locked")
    let folder = try MigrationFixture.folder(count: 50)
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try ChildProcess(
      l360Executable.path, ["run", "migrate.l360", "--var", "integration=\(integration.id)"],
      environment: MigrationFixture.environment(sandbox), directory: folder.path, stdin: .null, stdout: .null,
      stderr: .null)
    try await waitForJournal(folder, #""event":"accepted""#, while: first)
    for resume in [true, false] {
      let second = try await run(folder, sandbox, integration.id, resume: resume)
      #expect(second.exitCode == 1)
      #expect(
        second.stderr.contains("is in use by another l360 run (process \(first.pid))"), "\(second.stderr)")
      #expect(second.stderr.contains("nothing was sent"))
    }
    #expect(first.wait() == 0)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(".l360/journal").path)
    #expect(!names.contains { $0.hasSuffix(".previous.jsonl") }, "the running journal was not moved aside")
    #expect(MigrationFixture.journalText(folder).components(separatedBy: #""event":"finished""#).count - 1 == 5)
    let ids = await acceptedIds(sandbox)
    #expect(ids.count == 50 && Set(ids).count == 50)
    await sandbox.stop()
  }

  @Test("Ctrl-C while a chunk's request is in flight: its outcome is unknown, and --resume finds it on the server")
  func interruptedInFlight() async throws {
    // The sandbox takes each write at once and answers it 2 s later: the interrupt lands before the answer.
    let (sandbox, integration) = try await MigrationFixture.sandboxWithIntegration(
      "interrupted",
      configuration: SandboxConfiguration(
        operationDuration: .milliseconds(300), faults: FaultSettings(writeAnswerDelay: .seconds(2)),
        recordRequests: true))
    let folder = try MigrationFixture.folder(count: 30)
    defer { try? FileManager.default.removeItem(at: folder) }
    let process = try ChildProcess(
      l360Executable.path, ["run", "migrate.l360", "--var", "integration=\(integration.id)"],
      environment: MigrationFixture.environment(sandbox), directory: folder.path, stdin: .null, stdout: .null)
    try await waitForJournal(folder, #""event":"sending","chunk":1"#, while: process)
    // The request has left once the server recorded it.
    while await acceptedIds(sandbox).count < 20 { try await Task.sleep(for: .milliseconds(10)) }
    process.send(SIGINT)
    #expect(process.wait() == 130)
    let said = String(decoding: process.stderr?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
    #expect(said.contains("chunk 2 of 3 was interrupted before its answer came"), "\(said)")
    #expect(said.contains("run the script again with --resume"))
    let journal = MigrationFixture.journalText(folder)
    #expect(!journal.contains(#""chunk":1,"error""#) || journal.contains(#""outcome":"unknown""#))
    #expect(!journal.contains(#""outcome":"notSent""#), "an interrupted chunk is not recorded as not sent")

    await sandbox.setFaults(FaultSettings())
    let resumed = try await run(folder, sandbox, integration.id, resume: true)
    #expect(resumed.exitCode == 0, "\(resumed.stderr)")
    #expect(resumed.stderr.contains("chunk 2 was accepted before as operation "), "\(resumed.stderr)")
    #expect(resumed.stdout.contains("completed 30 ok 0 failed"))
    let ids = await acceptedIds(sandbox)
    #expect(ids.count == 30 && Set(ids).count == 30, "no course accepted twice: \(ids.count)")
    await sandbox.stop()
  }

  @Test(
    "a full disk stops the run before the next chunk and says so; --resume then sends each course once",
    .enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
  func diskFull() async throws {
    let (sandbox, integration) = try await MigrationFixture.sandboxWithIntegration(
      "diskFull", configuration: SandboxConfiguration(operationDuration: .milliseconds(100), recordRequests: true))
    let folder = try MigrationFixture.folder(count: 100)
    defer { try? FileManager.default.removeItem(at: folder) }
    try
      "set chunk-size 5\nlet job = courses upsert from courses.jsonl into $integration\nawait $job\nprint \"${job.status} ${job.succeeded} ok\"\n"
      .write(to: folder.appendingPathComponent("migrate.l360"), atomically: true, encoding: .utf8)
    let disk = folder.appendingPathComponent("disk")
    try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
    #expect(mountTmpfs(disk.path, size: "64k"))
    defer { umount(disk.path) }
    // Fill it, then free two pages: one for the lock file, one for the journal, which fills after some chunks.
    var fillers: [URL] = []
    while true {
      let filler = disk.appendingPathComponent("filler-\(fillers.count)")
      guard FileManager.default.createFile(atPath: filler.path, contents: Data(count: 4096)),
        (try? FileManager.default.attributesOfItem(atPath: filler.path)[.size] as? Int) == 4096
      else {
        try? FileManager.default.removeItem(at: filler)
        break
      }
      fillers.append(filler)
    }
    for filler in fillers.suffix(2) { try FileManager.default.removeItem(at: filler) }
    var environment = MigrationFixture.environment(sandbox)
    environment["L360_JOURNAL_DIR"] = disk.appendingPathComponent("journal").path

    let full = try await runL360(
      ["run", "migrate.l360", "--var", "integration=\(integration.id)"], environment: environment, directory: folder)
    #expect(full.exitCode == 1)
    #expect(full.stderr.contains("the disk is full"), "\(full.stderr)")
    #expect(!full.stderr.contains("Transport endpoint"))
    let sentBeforeFull = await acceptedIds(sandbox).count
    #expect(sentBeforeFull < 100, "the run stopped before sending everything")

    for filler in fillers.prefix(fillers.count - 2) { try FileManager.default.removeItem(at: filler) }
    let resumed = try await runL360(
      ["run", "migrate.l360", "--resume", "--var", "integration=\(integration.id)"], environment: environment,
      directory: folder)
    #expect(resumed.exitCode == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("completed 100 ok"))
    let ids = await acceptedIds(sandbox)
    #expect(ids.count == 100 && Set(ids).count == 100, "no course accepted twice: \(ids.count)")
    await sandbox.stop()
  }
}

/// Mounts a tmpfs of `size` on `path`; false when this machine does not allow it.
private func mountTmpfs(_ path: String, size: String) -> Bool {
  mount("tmpfs", path, "tmpfs", 0, "size=\(size)") == 0
}
