import Foundation
import L360Client
import L360Sandbox
import L360TestSupport
import Testing

private let examples = packageRoot.appendingPathComponent("examples")

/// The environment that points `l360` at an in-test sandbox.
private func environment(for sandbox: Sandbox) -> [String: String] {
  [
    "L360_BASE_URL": sandbox.baseURL, "L360_CLIENT_ID": sandbox.configuration.clientId,
    "L360_CLIENT_SECRET": sandbox.configuration.clientSecret,
  ]
}

@Suite("Scripts run by the l360 binary")
struct ScriptTests {
  @Test("--skip-invalid sends the valid items, writes the invalid ones, and results name their source line")
  func skipInvalid() async throws {
    let directory = try temporaryFolder("l360-skip")
    defer { try? FileManager.default.removeItem(at: directory) }
    let lines = [
      #"{"externalId":"a","name":"N","defaultLang":"en","launchUrl":"https://x.example","subjects":[],"sources":[]}"#,
      #"{"externalId":"b","name":"","defaultLang":"en","launchUrl":"https://x.example","subjects":[],"sources":[]}"#,
      #"{"externalId":"c","name":"N","defaultLang":"en","launchUrl":"https://x.example","subjects":[],"sources":[],"authorId":"0123456789abcdef01234567"}"#,
      // Valid by the schema (the fast path's answer), but the id was seen on line 1.
      #"{"externalId":"a","name":"Again","defaultLang":"fr","launchUrl":"https://x.example/é","subjects":["x"],"sources":[]}"#,
    ]
    try lines.joined(separator: "\n").write(
      to: directory.appendingPathComponent("c.jsonl"), atomically: true, encoding: .utf8)
    let script = """
      let i = integration create platform=p group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
      let job = courses upsert from c.jsonl into $i
      await $job
      for e in $job.errors { print $e.source, $e.input.externalId }
      """
    try script.write(to: directory.appendingPathComponent("s.l360"), atomically: true, encoding: .utf8)
    let result = try await runL360(["run", "s.l360", "--skip-invalid", "invalid.jsonl"], directory: directory)
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(
      result.stderr.contains(
        "courses upsert: skipped 2 invalid items (written to invalid.jsonl):\n  c.jsonl:2: /name: must not be empty\n"
          + #"  c.jsonl:4: /externalId: duplicate "a" (first at c.jsonl:1)"#))
    #expect(result.stdout.contains("completed 1 ok 1 failed"))
    #expect(result.stdout.contains("c.jsonl:3 c"))
    let written = try String(contentsOf: directory.appendingPathComponent("invalid.jsonl"), encoding: .utf8)
    #expect(written == lines[1] + "\n" + lines[3] + "\n")
  }

  @Test(
    "a CSV with cells of the wrong type: every bad row reported with its line, nothing sent; --skip-invalid sends the rest"
  )
  func csvWrongTypes() async throws {
    let directory = try temporaryFolder("l360-csv")
    defer { try? FileManager.default.removeItem(at: directory) }
    try """
    externalId,name,defaultLang,launchUrl,subjects,sources.0.name,duration
    a,A,en,https://x.example/a,,,abc
    b,B,en,https://x.example/b,sales,Academy,30
    c,C,en,https://x.example/c,,,1.5
    """.write(to: directory.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
    let script = """
      let i = integration create platform=p group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
      let job = courses upsert from c.csv into $i
      await $job
      """
    try script.write(to: directory.appendingPathComponent("s.l360"), atomically: true, encoding: .utf8)
    let refused = try await runL360(["run", "s.l360"], directory: directory)
    #expect(refused.exitCode == 2)
    #expect(refused.stderr.contains("courses upsert: 2 of 3 items are invalid; nothing was sent"))
    #expect(refused.stderr.contains("  c.csv:2: /duration: "))
    #expect(refused.stderr.contains("  c.csv:4: /duration: "))
    let skipped = try await runL360(["run", "s.l360", "--skip-invalid", "invalid.jsonl"], directory: directory)
    #expect(skipped.exitCode == 0, "\(skipped.stderr)")
    #expect(skipped.stdout.contains("completed 1 ok 0 failed"))

    // A file that does not parse is bad input too: exit 2 like invalid items, with its place, nothing sent.
    for (file, text) in [("t.json", "[{\"externalId\": \"a\"},]"), ("e.json", ""), ("r.csv", "a,b\n1\n")] {
      try text.write(to: directory.appendingPathComponent(file), atomically: true, encoding: .utf8)
      let broken = try await runL360(
        [
          "-c",
          "let i = integration create platform=q group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386\ncourses upsert from \(file) into $i",
        ], directory: directory)
      #expect(broken.exitCode == 2, "\(file): \(broken.stderr)")
      #expect(broken.stderr.contains("\(file):"), "\(file): \(broken.stderr)")
      #expect(broken.stderr.contains("; nothing was sent"), "\(file): \(broken.stderr)")
    }
  }

  @Test("the issue's example runs as written on the embedded sandbox")
  func example() async throws {
    let script = """
      let group = "62be0535045424d93edaad7b"
      let author = "62bdbc00293a604543f44386"
      let integration = integration create platform=myPlatform group=$group author=$author completion=true progress=0
      let job = courses upsert from courses.json into $integration
      await $job
      assert $job.status == "completed"
      print "${job.succeeded} courses imported, ${job.failed} failed"
      for e in $job.errors { print $e.input.externalId, $e.errorMessage }
      catalog remove course 586d1323bc4937445ed96c37 from $group
      await $_
      """
    let result = try await runL360([], stdin: script, directory: examples)
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stderr.hasPrefix("l360: no credentials found; using the embedded sandbox at http://127.0.0.1:"))
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 5)
    #expect(
      lines[0].range(
        of: #"^job [0-9a-f]{24} importExternalCourses completed 2 ok 1 failed "#, options: .regularExpression) != nil)
    #expect(lines[1] == "2 courses imported, 1 failed")
    #expect(lines[2] == "ext-103 The given authorId 0123456789abcdef01234567 does not correspond to any existing user.")
    #expect(lines[3].hasSuffix("removeContentsFromGroupsCatalog submitted 1 item"))
    #expect(lines[4].contains("removeContentsFromGroupsCatalog completed 1 ok 0 failed"))
  }

  @Test("a syntax error exits 2 with a caret and sends nothing")
  func syntaxError() async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(recordRequests: true))
    let result = try await runL360(
      ["-c", "integration list\nprint [1, 2"], environment: environment(for: sandbox))
    #expect(result.exitCode == 2)
    #expect(
      result.stderr
        == "<command line>:2:12: error: expected ',' or ']' in list, found end of input\nprint [1, 2\n           ^\n")
    #expect(await sandbox.recordedRequests().isEmpty)
    await sandbox.stop()
  }

  @Test("what check finds stops a run before its first statement: every problem said, nothing sent, exit 2")
  func checkedBeforeRunning() async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(recordRequests: true))
    let directory = try temporaryFolder("checked-first")
    let script = """
      let i = integration create platform=early group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
      let up = courses sync $i into $i
      print $nope
      """
    try script.write(to: directory.appendingPathComponent("s.l360"), atomically: true, encoding: .utf8)
    let result = try await runL360(["run", "s.l360"], environment: environment(for: sandbox), directory: directory)
    #expect(result.exitCode == 2, "\(result.stderr)")
    #expect(result.stderr.contains("s.l360:2:23: error: expected 'from' after courses sync"), "\(result.stderr)")
    #expect(result.stderr.contains("s.l360:3:7: error: $nope is used before it is defined"), "\(result.stderr)")
    #expect(result.stderr.hasSuffix("s.l360: 2 problems found before running; nothing was sent\n"))
    #expect(await sandbox.recordedRequests().isEmpty, "not even the integration was created")
    await sandbox.stop()
  }

  @Test("what a branch or a try may never reach is left to the run; check still names it")
  func uncertainProblemsRun() async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(recordRequests: true))
    let directory = try temporaryFolder("checked-maybe")
    let script = """
      let i = integration create platform=maybe group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
      try {
        let job = courses upsert from optional.jsonl into $i
      } catch e {
        print "skipped:", $e.code
      }
      if false { print $never }
      for n in [1, 2] {
        if $n == 2 { print "second after", $last }
        let last = $n
      }
      """
    try script.write(to: directory.appendingPathComponent("s.l360"), atomically: true, encoding: .utf8)
    let run = try await runL360(["run", "s.l360"], environment: environment(for: sandbox), directory: directory)
    #expect(run.exitCode == 0, "\(run.stderr)")
    #expect(run.stdout.contains("skipped:"), "\(run.stdout)")
    #expect(run.stdout.contains("second after 1"), "\(run.stdout)")
    let check = try await runL360(["check", "s.l360"], directory: directory)
    #expect(check.exitCode == 2)
    #expect(check.stderr.contains("cannot read optional.jsonl"), "\(check.stderr)")
    #expect(check.stderr.contains("$never is used before it is defined"), "\(check.stderr)")
    await sandbox.stop()
  }

  @Test("an API error exits 1 naming the API's code, at the statement")
  func apiError() async throws {
    let sandbox = try await Sandbox.start()
    let result = try await runL360(
      ["-c", "integration create platform=x group=aaaaaaaaaaaaaaaaaaaaaaaa author=62bdbc00293a604543f44386"],
      environment: environment(for: sandbox))
    #expect(result.exitCode == 1)
    // Only status lines may come before it ("waiting for an answer ..." when the machine is slow).
    let error = try #require(result.stderr.range(of: "<command line>:1:1: error: "))
    #expect(
      result.stderr[error.lowerBound...].hasPrefix(
        "<command line>:1:1: error: integration create failed: groupNotFound: "))
    #expect(result.stderr[..<error.lowerBound].split(separator: "\n").allSatisfy { $0.hasPrefix("l360: ") })
    await sandbox.stop()
  }

  @Test("a failed assert exits 3 and shows both sides")
  func assertion() async throws {
    let result = try await runL360(["-c", "let n = 2\nassert $n * 1 == 3"])
    #expect(result.exitCode == 2)  // '*' is not an operator: a syntax error, nothing ran
    let failed = try await runL360(["-c", "let n = 2\nassert $n + 1 == 4 \"n plus one\""])
    #expect(failed.exitCode == 3)
    #expect(failed.stderr.contains("<command line>:2:8: error: assertion failed: n plus one"))
    #expect(failed.stderr.contains("left:  $n + 1 = 3"))
    #expect(failed.stderr.contains("right: 4 = 4"))
  }

  @Test("run FILE with --var, --output json, a shebang line, and direct execution")
  func runFile() async throws {
    let directory = try temporaryFolder("l360-run")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("report.l360")
    try """
    #!/usr/bin/env -S l360 run
    let total = $base + 1
    {"total": $total, "name": $name}
    """.write(to: path, atomically: true, encoding: .utf8)
    let result = try await runL360(["run", path.path, "--var", "base=41", "--var", "name=Ada", "--output", "json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout == "{\"total\":42,\"name\":\"Ada\"}\n")
    // The shebang works when l360 is on PATH.
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path.path)
    var env = ProcessInfo.processInfo.environment
    env["PATH"] = productsDirectory.path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
    let process = try ChildProcess(path.path, ["--var", "base=1", "--var", "name=x"], environment: env, stdin: .null)
    let output = await ChildProcess.readToEnd(process.stdout)
    #expect(process.wait() == 0)
    #expect(output.contains("\"total\": 2"))
  }

  @Test("check finds every problem without sending anything; a good script passes")
  func check() async throws {
    let directory = try temporaryFolder("l360-check")
    defer { try? FileManager.default.removeItem(at: directory) }
    let bad = directory.appendingPathComponent("bad.l360")
    try "integration create platfrom=p group=$g author=a\njobs list status=runing\nprint $later\nlet later = 1\n".write(
      to: bad, atomically: true, encoding: .utf8)
    let result = try await runL360(["check", bad.path])
    #expect(result.exitCode == 2)
    #expect(
      result.stderr.contains(
        "bad.l360:1:20: error: unknown key 'platfrom' for integration create (did you mean 'platform'?)"))
    #expect(result.stderr.contains("bad.l360:1:37: error: $g is used before it is defined"))
    #expect(result.stderr.contains("bad.l360:2:18: error: 'runing' is not a valid status (did you mean 'running'?"))
    #expect(result.stderr.contains("bad.l360:3:7: error: $later is used before it is defined"))
    #expect(result.stderr.contains("bad.l360:1:47: error: author must be a 24-character hexadecimal id, not \"a\""))
    #expect(result.stderr.hasSuffix("bad.l360: 5 problems found\n"))
    #expect(result.stdout.isEmpty)

    let good = try await runL360(["check", examples.appendingPathComponent("common.l360").path])
    #expect(good.exitCode == 0)
    #expect(good.stdout.hasSuffix("common.l360: ok (2 statements)\n"))
    let withVar = try await runL360(["check", "--var", "g=1", bad.path])
    #expect(!withVar.stderr.contains("$g is used"))

    // A syntax error does not hide the problems after it: all are listed, in file order.
    let typos = directory.appendingPathComponent("typos.l360")
    try
      "let g = \"62be0535045424d93edaad7b\"\nintegration create platfrom=p group=$g author=62bdbc00293a604543f44386\nprint $undefined\nfrobnicate now\nlet items = [1,, 2]\nprint len($items), $later\n"
      .write(to: typos, atomically: true, encoding: .utf8)
    let all = try await runL360(["check", typos.path])
    #expect(all.exitCode == 2)
    let locations = all.stderr.split(separator: "\n").filter { $0.contains(": error: ") }.map {
      $0.split(separator: " ").first.map(String.init) ?? ""
    }
    #expect(
      locations == [
        "\(typos.path):2:20:", "\(typos.path):3:7:", "\(typos.path):4:1:", "\(typos.path):5:16:",
        "\(typos.path):6:20:",
      ])
    #expect(all.stderr.contains("error: unknown command 'frobnicate'"))
    #expect(!all.stderr.contains("$items is used"), "a let that failed to parse still defines its name")
    #expect(all.stderr.hasSuffix("typos.l360: 5 problems found\n"))

    // Literal values a run would refuse are found too, with the run's own words; computed ones are left to the run.
    let values = directory.appendingPathComponent("values.l360")
    try """
    set output yaml
    set concurrency 0
    set dry-run false
    let i = integration create platform=p group=123 author=62bdbc00293a604543f44386 progress=500
    await $i timeout=soon
    let g = "x"
    integration create platform=p group=$g author=$g progress=50
    catalog remove course 586d1323bc4937445ed96c37 from 5ae6f360c3b99d7884975380 max-delete=-1
    set max-delete -1
    """.write(to: values, atomically: true, encoding: .utf8)
    let literal = try await runL360(["check", values.path])
    #expect(literal.exitCode == 2)
    for expected in [
      "values.l360:1:12: error: output must be text, json or table",
      "values.l360:2:17: error: concurrency must be a whole number of at least 1",
      "values.l360:4:45: error: group must be a 24-character hexadecimal id, not \"123\"",
      "values.l360:4:90: error: progress must be from 0 to 100, not 500",
      "values.l360:5:18: error: timeout must be a duration like 500ms, 30s, 10m, 1h",
      // The key and the option share one rule, so they say the same.
      "values.l360:8:89: error: max-delete must be a whole number of 0 or more",
      "values.l360:9:16: error: max-delete must be a whole number of 0 or more",
    ] {
      #expect(literal.stderr.contains(expected), "missing: \(expected)")
    }
    #expect(literal.stderr.hasSuffix("values.l360: 7 problems found\n"))
    // A run stops at the first of them with the same words.
    let ran = try await runL360(["run", values.path])
    #expect(ran.exitCode == 2)
    #expect(ran.stderr.contains("values.l360:1:12: error: output must be text, json or table"))
  }

  @Test("--dry-run validates, prints the requests, sends only the token request, exits 0")
  func dryRun() async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(recordRequests: true))
    let result = try await runL360(
      [
        "--dry-run", "-c",
        "let i = integration create platform=p group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386\nlet j = courses upsert from courses.json into $i\nawait $j",
      ],
      environment: environment(for: sandbox), directory: examples)
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout.contains("dry-run: would send POST \(sandbox.baseURL)/api/v2/integrations {"))
    #expect(
      result.stdout.contains(
        "dry-run: would send PUT \(sandbox.baseURL)/api/v2/bulk/integrations/000000000000000000000000/courses with 3 items (1 call); first item: {\"externalId\":\"ext-101\""
      ))
    #expect(await sandbox.recordedRequests().map(\.request.path) == ["/api/v2/oauth2/token"])
    await sandbox.stop()
  }

  @Test("invalid items in a file: every one located by file and line, exit 2, nothing sent")
  func invalidFile() async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(recordRequests: true))
    let directory = try temporaryFolder("l360-invalid")
    defer { try? FileManager.default.removeItem(at: directory) }
    let good =
      #"{"externalId":"%@","name":"N","defaultLang":"en","launchUrl":"https://x.example","subjects":[],"sources":[]}"#
    var lines = (1...9).map { good.replacingOccurrences(of: "%@", with: "e\($0)") }
    lines[3] =
      #"{"externalId":"e4","name":"N","defaultLang":"en","launchUrl":"https://x.example","subjects":[""],"sources":[]}"#
    lines[7] = #"{"externalId":"e8","defaultLang":"en","launchUrl":"https://x.example","subjects":[],"sources":[]}"#
    try lines.joined(separator: "\n").write(
      to: directory.appendingPathComponent("courses.jsonl"), atomically: true, encoding: .utf8)
    let result = try await runL360(
      ["-c", "courses upsert from courses.jsonl into 62be0535045424d93edaad7b"], environment: environment(for: sandbox),
      directory: directory)
    #expect(result.exitCode == 2)
    #expect(result.stderr.contains("courses upsert: 2 of 9 items are invalid; nothing was sent"))
    #expect(result.stderr.contains("courses.jsonl:4: /subjects/0: must not be empty"))
    #expect(result.stderr.contains("courses.jsonl:8: /name: is required"))
    #expect(await sandbox.recordedRequests().isEmpty)
    await sandbox.stop()
  }
}

@Suite("Connections and interruption")
struct ConnectionTests {
  @Test("connect URL with client-id and client-secret switches inside a script")
  func connectURL() async throws {
    let sandbox = try await Sandbox.start()
    let script = """
      connect \(sandbox.baseURL) client-id=\(sandbox.configuration.clientId) client-secret=\(sandbox.configuration.clientSecret)
      let i = integration create platform=viaConnect group=62be0535045424d93edaad7b author=62bdbc00293a604543f44386
      """
    let result = try await runL360(["-c", script])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout == "connected to 127.0.0.1 (\(sandbox.baseURL))\n")
    #expect(!result.stdout.contains(sandbox.configuration.clientSecret))
    let client = try makeClient(for: sandbox)
    #expect(try await client.listIntegrations().map(\.externalPlatform) == ["viaConnect"])
    await sandbox.stop()
  }

  @Test("connect to a region without credentials explains what to set; http:// to a remote host is refused")
  func connectErrors() async throws {
    let noCredentials = try await runL360(["-c", "connect eu"])
    #expect(noCredentials.exitCode == 2)
    #expect(noCredentials.stderr.contains("no credentials for eu: set L360_CLIENT_ID and L360_CLIENT_SECRET"))
    let clearText = try await runL360([
      "-c", "connect http://app.360learning.com client-id=a client-secret=S3CR3T-value",
    ])
    #expect(clearText.exitCode == 2)
    #expect(clearText.stderr.contains("refusing http:// to app.360learning.com"))
    // The source line under the error shows the secret masked.
    #expect(!clearText.stderr.contains("S3CR3T"))
    #expect(clearText.stderr.contains("client-secret=***"))
    let dnsTrick = try await runL360(["-c", "connect http://127.evil.example client-id=a client-secret=b"])
    #expect(dnsTrick.stderr.contains("refusing http:// to 127.evil.example"))
  }

  @Test("Ctrl-C during await exits 130 at once and says the job keeps running")
  func interrupt() async throws {
    // A 30 s operation: if Ctrl-C did not stop the await, the process would run for 30 s.
    let sandbox = try await Sandbox.start(SandboxConfiguration(operationDuration: .seconds(30)))
    var env = ProcessInfo.processInfo.environment
    for (key, value) in [
      "L360_BASE_URL": sandbox.baseURL, "L360_CLIENT_ID": sandbox.configuration.clientId,
      "L360_CLIENT_SECRET": sandbox.configuration.clientSecret,
    ] { env[key] = value }
    let process = try ChildProcess(
      l360Executable.path,
      [
        "--yes", "-c",
        "let job = catalog remove course 586d1323bc4937445ed96c37 from 5ae6f360c3b99d7884975380\nprint \"submitted\"\nawait $job every=100ms",
      ], environment: env)
    // Wait (off the cooperative pool, which serves the sandbox) until the job is submitted.
    let submitted = await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        var seen = ""
        while !seen.contains("submitted") {
          let data = process.stdout?.availableData ?? Data()
          if data.isEmpty { break }
          seen += String(decoding: data, as: UTF8.self)
        }
        continuation.resume(returning: seen.contains("submitted"))
      }
    }
    #expect(submitted)
    try await Task.sleep(for: .milliseconds(300))
    let clock = ContinuousClock()
    let sent = clock.now
    process.send(SIGINT)
    while process.isRunning && clock.now - sent < .seconds(20) { try await Task.sleep(for: .milliseconds(20)) }
    #expect(!process.isRunning)
    #expect(clock.now - sent < .seconds(10), "Ctrl-C did not stop the await")
    #expect(process.exitCode == 130)
    let stderr = await ChildProcess.readToEnd(process.stderr)
    #expect(stderr.contains("await stopped; the job keeps running on the server"))
    // The statement is journaled: the way back is the same run with --resume, not an 'await' typed at a prompt.
    #expect(stderr.contains("run the script again with --resume to re-attach"), "\(stderr)")
    #expect(stderr.contains("error: interrupted"))
    // The operation is still running on the server.
    let client = try makeClient(for: sandbox)
    #expect(
      try await client.listBulkOperations(status: "running").count + client.listBulkOperations(status: "queued").count
        + client.listBulkOperations(status: "pending").count == 1)
    await sandbox.stop()
  }

  @Test("the environment's credentials are never sent to a host a script names")
  func environmentCredentialsStayHome() async throws {
    let configured = try await Sandbox.start()
    let stranger = try await Sandbox.start(SandboxConfiguration(recordRequests: true))
    let result = try await runL360(
      ["-c", "connect \(stranger.baseURL)\nintegration list"],
      environment: [
        "L360_BASE_URL": configured.baseURL, "L360_CLIENT_ID": configured.configuration.clientId,
        "L360_CLIENT_SECRET": configured.configuration.clientSecret,
      ])
    #expect(result.exitCode == 2)
    #expect(result.stderr.contains("the environment's credentials are only sent to"))
    #expect(await stranger.recordedRequests().isEmpty)
    await configured.stop()
    await stranger.stop()
  }

  @Test("a run under faults ends with a summary of the retries and why")
  func retrySummary() async throws {
    let sandbox = try await Sandbox.start(
      SandboxConfiguration(operationDuration: .milliseconds(50), faults: FaultSettings(serverErrorRate: 0.3, seed: 9)))
    let result = try await runL360(
      ["-c", "for n in [1, 2, 3, 4, 5, 6] { integration list }"],
      environment: [
        "L360_BASE_URL": sandbox.baseURL, "L360_CLIENT_ID": sandbox.configuration.clientId,
        "L360_CLIENT_SECRET": sandbox.configuration.clientSecret,
      ])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(
      result.stderr.range(
        of: #"l360: [0-9]+ requests, [0-9]+ retried \(HTTP 50[023]: [0-9]+"#, options: .regularExpression) != nil,
      "\(result.stderr)")
    await sandbox.stop()
  }

  @Test("on a real tenant, removals need --yes in scripts and stay under max-delete; nothing is sent otherwise")
  func guardrails() async throws {
    let sandbox = try await Sandbox.start(
      SandboxConfiguration(operationDuration: .milliseconds(50), recordRequests: true))
    let environment = [
      "L360_BASE_URL": sandbox.baseURL, "L360_CLIENT_ID": sandbox.configuration.clientId,
      "L360_CLIENT_SECRET": sandbox.configuration.clientSecret,
    ]
    let remove = "catalog remove course 586d1323bc4937445ed96c37 from 5ae6f360c3b99d7884975380"
    let refused = try await runL360(["-c", remove], environment: environment)
    #expect(refused.exitCode == 2)
    #expect(
      refused.stderr.contains(
        "catalog remove on 127.0.0.1 needs confirmation (1 item); nothing was sent. In a script, pass --yes"))
    let tooMany = try await runL360(
      ["--yes", "-c", "set max-delete 1\ncatalog remove from removals.csv"], environment: environment,
      directory: packageRoot.appendingPathComponent("examples"))
    #expect(tooMany.exitCode == 2)
    #expect(tooMany.stderr.contains("would touch 3 items, more than max-delete=1; nothing was sent"))
    #expect(await sandbox.recordedRequests().filter { $0.request.method == "DELETE" }.isEmpty)
    let confirmed = try await runL360(["--yes", "-c", remove + "\nawait $_"], environment: environment)
    #expect(confirmed.exitCode == 0, "\(confirmed.stderr)")
    #expect(await sandbox.recordedRequests().filter { $0.request.method == "DELETE" }.count == 1)
    // The embedded sandbox needs no confirmation.
    #expect(try await runL360(["-c", remove]).exitCode == 0)
    await sandbox.stop()
  }
}
