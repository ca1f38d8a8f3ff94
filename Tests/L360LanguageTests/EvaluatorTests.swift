import Foundation
import L360Client
import L360JSON
import L360Language
import L360Sandbox
import L360TestSupport
import Testing

let group = SeedData.mainGroupId
let author = SeedData.authorId

func courseLiteral(_ id: String) -> String {
  #"{"externalId": "\#(id)", "name": "Course \#(id)", "defaultLang": "en", "launchUrl": "https://x.example/\#(id)", "subjects": [], "sources": []}"#
}

@Suite("Evaluator")
struct EvaluatorTests {
  @Test("expressions, strings, conditions and loops")
  func basics() async throws {
    let (host, error) = try await runScript(
      """
      let n = 2
      let items = [1, "two", {"three": 3}]
      print $n + 3, "a" + "b", [1] + [2], $items[-1].three, len($items)
      print "n is $n, next ${n + 1}, raw", 'raw $n'
      if $n >= 2 and not ($n == 3) { print "yes" } else { print "no" }
      for x in [1, 2] { print "item $x" }
      for k in {"k1": 1, "k2": 2} { print $k }
      print keys({"z": 1, "a": 2}), 1.10, 12345678901234567890
      $n
      print $_ == 2
      """)
    #expect(error == nil, "\(String(describing: error))")
    #expect(
      host.output == [
        "5 ab [1,2] 3 3", "n is 2, next 3, raw raw $n", "yes", "item 1", "item 2", "k1", "k2",
        #"["z","a"] 1.10 12345678901234567890"#, "2", "true",
      ])
  }

  @Test("a failed assert stops with exit 3 and shows both sides")
  func assertion() async throws {
    let (host, error) = try await runScript("let x = 1\nassert $x + 1 == 3 \"sum\"\nprint \"not reached\"")
    let failure = try #require(error)
    #expect(failure.kind == .assertion)
    #expect(failure.kind.exitCode == 3)
    #expect(failure.message == "assertion failed: sum")
    #expect(failure.notes == ["left:  $x + 1 = 2", "right: 3 = 3"])
    #expect(host.output.isEmpty)
  }

  @Test(
    "runtime errors are located and name the problem",
    arguments: [
      ("print $nope", "$nope is not defined"),
      ("let o = {\"a\": 1}\nprint $o.b", "no field 'b'"),
      ("print [1][5]", "index 5 is out of range"),
      ("print 1 + {}", "cannot add a number and a object"),
      ("set output yaml", "output must be text, json or table"),
      ("set colour red", "unknown option 'colour'"),
      ("print read(\"/no/such/file.json\")", "no such file"),
    ])
  func runtimeErrors(script: String, message: String) async throws {
    let (_, error) = try await runScript(script)
    let failure = try #require(error)
    #expect(failure.message.contains(message), "\(failure.message)")
    #expect(failure.range != nil)
  }

  @Test("integration commands return the API's objects and errors")
  func integrations() async throws {
    let (host, error) = try await runScript(
      """
      let i = integration create platform=p1 group=\(group) author=\(author) completion=true progress=10 propagate=false
      assert $i.noGroupPropagation == true and $i.defaultProgress == 10
      let u = integration update $i progress=20
      assert $u._id == $i._id and $u.defaultProgress == 20
      let all = integration list
      assert len($all) == 1
      integration delete $i._id
      let none = integration list platform=p1
      assert $none == []
      integration delete $i
      """)
    let failure = try #require(error)
    #expect(failure.kind == .runtime)
    #expect(failure.message.hasPrefix("integration delete failed: integrationNotFound: "))
    #expect(host.output.last?.hasPrefix("deleted integration ") == true)
  }

  @Test("upsert, await and read the job's fields")
  func jobs() async throws {
    let (host, error) = try await runScript(
      """
      let i = integration create platform=p group=\(group) author=\(author)
      let job = courses upsert [\(courseLiteral("a")), \(courseLiteral("b"))] into $i
      print $job.status
      assert "$job" == "job ${job.id} importExternalCourses submitted 2 items"
      await $job
      print $job.status, $job.total, $job.succeeded, $job.failed, $job.results[1].input.externalId
      print len($job.errors), $job.elapsed > 0
      """)
    #expect(error == nil, "\(String(describing: error))")
    try #require(host.output.count == 4, "\(host.output)")
    #expect(host.output[0] == "submitted")
    #expect(
      host.output[1].range(
        of: #"^job [0-9a-f]{24} importExternalCourses completed 2 ok 0 failed [0-9.]+(ms|s)$"#,
        options: .regularExpression)
        != nil, "\(host.output[1])")
    #expect(host.output[2] == "completed 2 2 0 b")
    #expect(host.output[3] == "0 true")
    #expect(host.progressCount > 0)
  }

  @Test("chunk-size splits a statement into several calls awaited as one job, results in input order")
  func chunking() async throws {
    let courses = (1...5).map { courseLiteral("c\($0)") }.joined(separator: ", ")
    let (host, error) = try await runScript(
      """
      set chunk-size 2
      let i = integration create platform=p group=\(group) author=\(author)
      let job = courses upsert [\(courses)] into $i
      await $job
      print len($job.ids), $job.total, $job.succeeded
      for r in $job.results { print $r.input.externalId }
      """)
    #expect(error == nil, "\(String(describing: error))")
    #expect(host.output.suffix(6) == ["3 5 5", "c1", "c2", "c3", "c4", "c5"])
  }

  @Test("invalid items: every problem listed, exit 2, nothing sent")
  func validation() async throws {
    let sandboxConfiguration = SandboxConfiguration(recordRequests: true)
    let sandbox = try await Sandbox.start(sandboxConfiguration)
    let host = CapturingHost(sandbox: sandbox)
    let interpreter = Interpreter(host: host)
    let error = try await #require(throws: ScriptError.self) {
      try await interpreter.run(
        text: """
          courses upsert [\(courseLiteral("ok")), {"externalId": "ok", "name": "", "defaultLang": "xx", "launchUrl": "u", "subjects": [""], "sources": []}] into 62be0535045424d93edaad7b
          """, name: "v.l360")
    }
    #expect(error.kind == .usage)
    #expect(error.message == "courses upsert: 1 of 2 items are invalid; nothing was sent")
    #expect(
      error.notes == [
        #"item 1: /defaultLang: "xx" is not allowed (allowed: bg, cs, da, de, el, en, es, fi, ...)"#,
        "item 1: /name: must not be empty", "item 1: /subjects/0: must not be empty",
        #"item 1: /externalId: duplicate "ok" (first at item 0)"#,
      ])
    #expect(await sandbox.recordedRequests().isEmpty)
    await sandbox.stop()
  }

  @Test("a dry run sends only the token request and still validates")
  func dryRun() async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(recordRequests: true))
    let host = CapturingHost(sandbox: sandbox)
    var options = Options()
    options.dryRun = true
    let interpreter = Interpreter(host: host, options: options)
    try await interpreter.run(
      text: """
        let i = integration create platform=p group=\(group) author=\(author)
        let job = courses upsert [\(courseLiteral("a"))] into $i
        await $job
        catalog remove course 586d1323bc4937445ed96c37 from \(group)
        assert $job.succeeded == 1
        """, name: "d.l360")
    let paths = await sandbox.recordedRequests().map(\.request.path)
    #expect(paths == ["/api/v2/oauth2/token"])
    #expect(host.output[0].hasPrefix("dry-run: would send POST http://127.0.0.1:"))
    #expect(
      host.output[1].contains(
        "/api/v2/bulk/integrations/000000000000000000000000/courses with 1 item (1 call); first item: {\"externalId\":\"a\""
      ))
    #expect(host.noteLines.contains { $0.contains("was not submitted; nothing to await") })
    #expect(host.noteLines.contains { $0.contains("dry-run: not checked") })
    await sandbox.stop()
  }

  @Test("await timeout fails with the operation id; a later await finishes the job")
  func awaitTimeout() async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(operationDuration: .seconds(2)))
    let host = CapturingHost(sandbox: sandbox)
    let interpreter = Interpreter(host: host)
    try await interpreter.run(
      text:
        "let i = integration create platform=p group=\(group) author=\(author)\nlet job = courses upsert [\(courseLiteral("a"))] into $i",
      name: "a.l360")
    let timeout = try await #require(throws: ScriptError.self) {
      try await interpreter.run(text: "await $job timeout=200ms", name: "a.l360")
    }
    #expect(timeout.message.hasPrefix("await timed out after 200ms; the job keeps running on the server"))
    #expect(timeout.notes.first?.hasPrefix("operation ") == true)
    try await interpreter.run(text: "await $job every=100ms\nassert $job.status == \"completed\"", name: "a.l360")
    await sandbox.stop()
  }

  @Test("jobs get re-attaches by id: no made-up item count while it runs, no made-up elapsed time once it ended")
  func jobsGetByID() async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(operationDuration: .seconds(1)))
    let host = CapturingHost(sandbox: sandbox)
    let interpreter = Interpreter(host: host)
    try await interpreter.run(
      text: """
        let i = integration create platform=p group=\(group) author=\(author)
        let job = courses upsert [\(courseLiteral("a")), \(courseLiteral("b"))] into $i
        let attached = jobs get $job.id
        print $attached
        """, name: "a.l360")
    let running = try #require(host.output.last)
    #expect(running.hasPrefix("job ") && running.hasSuffix(" importExternalCourses submitted"), "\(running)")
    try await interpreter.run(
      text: "await $job\nlet again = jobs get $job.id\nprint $again\nprint $again.elapsed", name: "a.l360")
    #expect(host.output.suffix(2).first?.hasSuffix(" importExternalCourses completed 2 ok 0 failed") == true)
    #expect(host.output.last == "null")
    await sandbox.stop()
  }

  @Test("a resume against another server than the journal's is refused before anything is sent")
  func resumeElsewhere() async throws {
    let journal = FileManager.default.temporaryDirectory.appendingPathComponent("l360-elsewhere-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: journal) }
    var options = Options()
    options.journalDirectory = journal.path
    // The catalog endpoint has no id in its path, so both runs journal the very same statement.
    let statement = "let job = catalog remove course 586d1323bc4937445ed96c37 from 5ae6f360c3b99d7884975380"
    let first = try await Sandbox.start(SandboxConfiguration(operationDuration: .seconds(5)))
    try await Interpreter(host: CapturingHost(sandbox: first), options: options).run(text: statement, name: "m.l360")
    await first.stop()

    let second = try await Sandbox.start(SandboxConfiguration(recordRequests: true))
    options.resume = true
    let error = try await #require(throws: ScriptError.self) {
      try await Interpreter(host: CapturingHost(sandbox: second), options: options).run(text: statement, name: "m.l360")
    }
    #expect(error.message.contains("was written against \(first.baseURL), but l360 is connected to \(second.baseURL)"))
    #expect(error.message.contains("nothing was sent"))
    #expect(error.kind == .usage)
    #expect(await second.recordedRequests().filter { $0.request.method == "DELETE" }.isEmpty)
    await second.stop()
  }

  @Test("source runs another file, relative to the script; cycles are refused")
  func sourceFiles() async throws {
    let directory = try temporaryFolder("l360-source")
    defer { try? FileManager.default.removeItem(at: directory) }
    try "let shared = 42\n".write(
      to: directory.appendingPathComponent("common.l360"), atomically: true, encoding: .utf8)
    try "source \"b.l360\"\n".write(to: directory.appendingPathComponent("a.l360"), atomically: true, encoding: .utf8)
    try "source \"a.l360\"\n".write(to: directory.appendingPathComponent("b.l360"), atomically: true, encoding: .utf8)
    let mainPath = directory.appendingPathComponent("main.l360").path
    try "source \"common.l360\"\nprint $shared\n".write(toFile: mainPath, atomically: true, encoding: .utf8)

    let sandbox = try await Sandbox.start()
    let host = CapturingHost(sandbox: sandbox)
    let interpreter = Interpreter(host: host)
    let main = SourceFile(
      name: "main.l360", text: try String(contentsOfFile: mainPath, encoding: .utf8), path: mainPath)
    try await interpreter.run(try Parser.parse(main))
    #expect(host.output == ["42"])

    let aPath = directory.appendingPathComponent("a.l360").path
    let a = SourceFile(name: "a.l360", text: "source \"b.l360\"\n", path: aPath)
    let cycle = try await #require(throws: ScriptError.self) { try await interpreter.run(try Parser.parse(a)) }
    #expect(cycle.message.contains("include cycle"))
    await sandbox.stop()
  }

  @Test("--output json shows one JSON document per value")
  func jsonOutput() async throws {
    let options = Options.jsonOutput
    let (host, error) = try await runScript("{\"b\": 1, \"a\": [true, null]}\n\"text\"", options: options)
    #expect(error == nil)
    #expect(host.output == [#"{"b":1,"a":[true,null]}"#, #""text""#])
  }

  @Test("set concurrency reaches the client's bulk slots")
  func concurrency() async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(operationDuration: .milliseconds(300)))
    let host = CapturingHost(sandbox: sandbox)
    let interpreter = Interpreter(host: host)
    try await interpreter.run(text: "set concurrency 1\nconnect sandbox", name: "c.l360")
    let client = try #require(interpreter.connection?.client)
    #expect(await client.bulkOperationsInFlightLimit == 1)
    // With one slot, a second submission waits until the first operation has ended.
    try await interpreter.run(
      text: """
        let i = integration create platform=p group=\(group) author=\(author)
        let a = courses upsert [\(courseLiteral("a"))] into $i
        let b = courses upsert [\(courseLiteral("b"))] into $i
        """, name: "c.l360")
    let operations = try await client.listBulkOperations()
    #expect(operations.count == 2)
    #expect(operations.filter { !$0.isFinished }.count <= 1)
    try await interpreter.run(text: "set concurrency 3", name: "c.l360")
    #expect(await client.bulkOperationsInFlightLimit == 3)
    await sandbox.stop()
  }

  @Test(
    "inputs that once could trap are refused with a message",
    arguments: [
      ("set timeout 99999999999999999999h", "timeout must be a duration"),
      ("set timeout 1e300", "timeout must be a duration"),
    ])
  func noTraps(script: String, message: String) async throws {
    let (_, error) = try await runScript(script)
    #expect(error?.message.contains(message) == true, "\(String(describing: error))")
  }

  @Test("a CSV header index out of range is an error, not a crash")
  func csvIndex() throws {
    let directory = try temporaryFolder("l360-csv")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("x.csv").path
    try "sources.-1.name\nA\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: ReadError.self) { try ItemReader.read(path: path) }
    try "translations.99999999999.lang\nfr\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: ReadError.self) { try ItemReader.read(path: path) }
  }
}
