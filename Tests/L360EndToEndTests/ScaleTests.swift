import Foundation
import L360Client
import L360JSON
import L360Sandbox
import L360TestSupport
import Testing

/// Writes `count` courses as JSON Lines; `bad(i)` lets a test make item i invalid or failing.
private func writeCourses(_ count: Int, to url: URL, line: (Int) -> String? = { _ in nil }) throws {
  var text = ""
  text.reserveCapacity(count * 130)
  for i in 1...count {
    text +=
      line(i)
      ?? #"{"externalId":"s\#(i)","name":"Course \#(i)","defaultLang":"en","launchUrl":"https://x.example/\#(i)","subjects":["s"],"sources":[]}"#
    text += "\n"
  }
  try text.write(to: url, atomically: false, encoding: .utf8)
}

private func environment(_ sandbox: Sandbox) -> [String: String] {
  [
    "L360_BASE_URL": sandbox.baseURL, "L360_CLIENT_ID": sandbox.configuration.clientId,
    "L360_CLIENT_SECRET": sandbox.configuration.clientSecret,
  ]
}

private func folder() throws -> URL {
  let directory = try temporaryFolder("l360-scale")
  return directory
}

@Suite("Bulk statements at scale")
struct ScaleTests {
  @Test("250,000 courses in 25 chunks, 3 operations at a time, 10 writes/s: each sent once, failures mapped to lines")
  func quarterMillion() async throws {
    let sandbox = try await Sandbox.start(
      SandboxConfiguration(
        operationDuration: .milliseconds(300), concurrencyLimit: 3,
        rateLimits: SandboxRateLimits(readsPerSecond: 50, writesPerSecond: 10), recordRequests: true))
    let integration = try await makeClient(for: sandbox).createIntegration(
      IntegrationDraft(externalPlatform: "scale", groupId: SeedData.mainGroupId, authorId: SeedData.authorId))
    let directory = try folder()
    defer { try? FileManager.default.removeItem(at: directory) }
    // Every 50,000th course names an author that does not exist: the API accepts it, the operation fails it.
    try writeCourses(250_000, to: directory.appendingPathComponent("courses.jsonl")) { i in
      i % 50_000 == 0
        ? #"{"externalId":"s\#(i)","name":"Course \#(i)","defaultLang":"en","launchUrl":"https://x.example/\#(i)","subjects":[],"sources":[],"authorId":"0123456789abcdef01234567"}"#
        : nil
    }
    try """
    let job = courses upsert from courses.jsonl into $integration
    await $job
    print "${job.status} ${job.total} ${job.succeeded} ok ${job.failed} failed"
    for e in $job.errors { print $e.source, $e.input.externalId }
    print $job.results[0].source, $job.results[249999].source, $job.results[249999].input.externalId
    """.write(to: directory.appendingPathComponent("migrate.l360"), atomically: true, encoding: .utf8)

    let result = try await runL360(
      ["run", "migrate.l360", "--var", "integration=\(integration.id)"], environment: environment(sandbox),
      directory: directory, timeout: 600)
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout.contains("completed 250000 249995 ok 5 failed"))
    for i in stride(from: 50_000, through: 250_000, by: 50_000) {
      #expect(result.stdout.contains("courses.jsonl:\(i) s\(i)\n"))
    }
    #expect(result.stdout.contains("courses.jsonl:1 courses.jsonl:250000 s250000"))

    let requests = await sandbox.recordedRequests()
    let puts = requests.filter { $0.request.method == "PUT" }
    #expect(puts.count == 25)
    #expect(!requests.contains { $0.response.status == 429 }, "the client kept within 3 operations and 10 writes/s")
    var seen = Set<String>()
    var duplicates = 0
    for put in puts {
      let items = try JSONParser.parse(bytes: put.request.body)["input"]?.arrayValue ?? []
      #expect(items.count == 10_000)
      for item in items where !seen.insert(item["externalId"]?.stringValue ?? "").inserted { duplicates += 1 }
    }
    #expect(seen.count == 250_000)
    #expect(duplicates == 0)
    await sandbox.stop()
  }

  @Test("3 invalid courses among 50,000: all three reported with line and pointer, exit 2, nothing sent")
  func threeInvalid() async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(recordRequests: true))
    let directory = try folder()
    defer { try? FileManager.default.removeItem(at: directory) }
    try writeCourses(50_000, to: directory.appendingPathComponent("courses.jsonl")) { i in
      switch i {
      case 4812:
        #"{"externalId":"s4812","name":"N","defaultLang":"en","launchUrl":"https://x.example","subjects":[""],"sources":[]}"#
      case 20_000:
        #"{"externalId":"s20000","name":"N","defaultLang":"xx","launchUrl":"https://x.example","subjects":[],"sources":[]}"#
      case 49_999:
        #"{"externalId":"s1","name":"N","defaultLang":"en","launchUrl":"https://x.example","subjects":[],"sources":[]}"#
      default: nil
      }
    }
    let result = try await runL360(
      ["-c", "courses upsert from courses.jsonl into 62be0535045424d93edaad7b"], environment: environment(sandbox),
      directory: directory, timeout: 300)
    #expect(result.exitCode == 2)
    #expect(result.stderr.contains("courses upsert: 3 of 50000 items are invalid; nothing was sent"))
    #expect(result.stderr.contains("courses.jsonl:4812: /subjects/0: must not be empty"))
    #expect(result.stderr.contains("courses.jsonl:20000: /defaultLang: "))
    #expect(result.stderr.contains(#"courses.jsonl:49999: /externalId: duplicate "s1" (first at courses.jsonl:1)"#))
    #expect(await sandbox.recordedRequests().isEmpty)
    await sandbox.stop()
  }
}
