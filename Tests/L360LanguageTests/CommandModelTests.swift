import Foundation
import L360Client
import L360JSON
import L360Language
import L360Sandbox
import L360TestSupport
import Testing

/// Runs `text` against a recording sandbox with `host`'s answers; returns the host, the error and the requests the
/// server received.
private func run(
  _ text: String, asRealTenant: Bool = false, answer: ConfirmationAnswer = .cannotAsk, options: Options = Options(),
  name: String = "test.l360"
) async throws -> (host: CapturingHost, error: ScriptError?, requests: [String]) {
  let sandbox = try await Sandbox.start(
    SandboxConfiguration(operationDuration: .milliseconds(50), recordRequests: true))
  let host = CapturingHost(sandbox: sandbox, asRealTenant: asRealTenant, answer: answer)
  let interpreter = Interpreter(host: host, options: options)
  var failure: ScriptError?
  do {
    try await interpreter.run(text: text, name: name)
  } catch {
    failure = error
  }
  let requests = await sandbox.recordedRequests().map { "\($0.request.method) \($0.request.path)" }
  await sandbox.stop()
  return (host, failure, requests)
}

private let createIntegration =
  "let i = integration create platform=p group=\(SeedData.mainGroupId) author=\(SeedData.authorId)"

@Suite("Command model: guardrails, dry runs and matching follow the declarations")
struct CommandModelTests {
  @Test("integration delete on a real tenant asks first; 'n' cancels without a caret and sends no DELETE")
  func deleteAsks() async throws {
    let refused = try await run(createIntegration + "\nintegration delete $i", asRealTenant: true, answer: .no)
    let error = try #require(refused.error)
    #expect(error.kind == .cancelled)
    #expect(error.description == "integration delete cancelled; nothing was sent")
    #expect(refused.host.questions == ["integration delete will touch 1 item on tenant. Continue?"])
    #expect(!refused.requests.contains { $0.hasPrefix("DELETE") })

    let script = try await run(createIntegration + "\nintegration delete $i", asRealTenant: true)
    #expect(script.error?.kind == .usage)
    #expect(
      script.error?.message.contains("needs confirmation (1 item); nothing was sent. In a script, pass --yes") == true)
    #expect(!script.requests.contains { $0.hasPrefix("DELETE") })

    let capped = try await run(
      createIntegration + "\nintegration delete $i max-delete=0", asRealTenant: true, answer: .yes)
    #expect(capped.error?.message.contains("more than max-delete=0; nothing was sent") == true)
    #expect(capped.host.questions.isEmpty)

    let confirmed = try await run(createIntegration + "\nintegration delete $i", asRealTenant: true, answer: .yes)
    #expect(confirmed.error == nil, "\(String(describing: confirmed.error))")
    #expect(confirmed.requests.filter { $0.hasPrefix("DELETE /api/v2/integrations/") }.count == 1)
  }

  @Test("request DELETE is destructive too: asked on a real tenant, not sent when refused")
  func rawDeleteAsks() async throws {
    let body =
      #"{"input": [{"groupId": "\#(SeedData.mainGroupId)", "contentType": "course", "contentId": "586d1323bc4937445ed96c37"}]}"#
    let result = try await run(
      "request DELETE /api/v2/bulk/groups/catalog body=\(body)", asRealTenant: true, answer: .no)
    #expect(result.error?.kind == .cancelled)
    #expect(
      result.host.questions == ["request DELETE /api/v2/bulk/groups/catalog will touch 1 item on tenant. Continue?"])
    #expect(!result.requests.contains { $0.hasPrefix("DELETE") })
    // A read asks nothing.
    let read = try await run("request GET /api/v2/integrations", asRealTenant: true, answer: .no)
    #expect(read.error == nil)
    #expect(read.host.questions.isEmpty)
  }

  @Test("a dry run sends reads and no write, and creates or changes no file")
  func dryRunWritesNothing() async throws {
    let folder = try temporaryFolder("dry-run")
    let existing = folder.appendingPathComponent("failed.jsonl")
    try Data("keep me\n".utf8).write(to: existing)
    let skip = folder.appendingPathComponent("skipped.jsonl")
    var options = Options()
    options.dryRun = true
    options.skipInvalid = skip.path
    options.journalDirectory = folder.appendingPathComponent("journal").path
    let script = """
      \(createIntegration)
      let listed = integration list
      let job = courses upsert [\(courseLiteral("a")), {"externalId": "bad"}] into $i
      save [1, 2] to \(existing.path)
      catalog remove course 586d1323bc4937445ed96c37 from \(SeedData.mainGroupId)
      integration update $i progress=10
      integration delete $i
      """
    let result = try await run(script, options: options)
    #expect(result.error == nil, "\(String(describing: result.error))")
    // Reads went out (the token and the list); no write did.
    #expect(result.requests.contains("GET /api/v2/integrations"))
    #expect(
      result.requests.allSatisfy { $0.hasPrefix("GET") || $0 == "POST /api/v2/oauth2/token" }, "\(result.requests)")
    #expect(try String(contentsOf: existing, encoding: .utf8) == "keep me\n")
    #expect(!FileManager.default.fileExists(atPath: skip.path))
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("journal").path))
    let said = result.host.output + result.host.noteLines
    #expect(said.contains { $0.hasPrefix("dry-run: would send POST http://127.0.0.1:") })
    #expect(said.contains { $0.hasPrefix("dry-run: would send PATCH ") && $0.hasSuffix(#"{"defaultProgress":10}"#) })
    #expect(said.contains { $0.hasPrefix("dry-run: would send DELETE ") && $0.contains("/api/v2/integrations/") })
    #expect(said.contains("dry-run: would save 2 items to \(existing.path)"))
    #expect(said.contains { $0.contains("skipped 1 invalid item (a real run writes them to \(skip.path))") })
  }

  @Test(
    "arguments that fit no form are usage errors at the argument, with the usage line",
    arguments: [
      ("courses get x from $i", "expected 'in' after EXTERNAL-ID, not 'from'"),
      ("courses upsert from into $i", "expected FILE after from, not 'into'"),
      ("catalog remove curse 586d1323bc4937445ed96c37 from $i", "'curse' is not a valid type (did you mean 'course'?"),
      ("integration create platform=p", "integration create needs group="),
      ("integration get $i extra", "unexpected 'extra' after integration get INTEGRATION"),
      (
        "migrate catalog-removal group=$i form=\"courses[0]=x\" from f.txt",
        "give 'from FILE', or group= with form=, not both"
      ),
    ])
  func formMismatch(statement: String, message: String) async throws {
    let result = try await run(createIntegration + "\n" + statement)
    let error = try #require(result.error)
    #expect(error.kind == .usage)
    #expect(error.message.contains(message), "\(error.message)")
    #expect(error.message.contains("usage: "), "\(error.message)")
  }

  @Test("integration get finds by id or by platform and group, and gives null when there is none")
  func integrationGet() async throws {
    let result = try await run(
      """
      \(createIntegration)
      let byId = integration get $i
      let byPlatform = integration get platform=p group=\(SeedData.mainGroupId)
      let none = integration get platform=other group=\(SeedData.mainGroupId)
      print $byId._id == $i._id, $byPlatform._id == $i._id, $none == null
      """)
    #expect(result.error == nil, "\(String(describing: result.error))")
    #expect(result.host.output.last == "true true true")
  }

  @Test("integration ensure creates once, then changes nothing, then patches only what differs; a dry run reads")
  func integrationEnsure() async throws {
    let ensure = "integration ensure platform=nightly group=\(SeedData.mainGroupId) author=\(SeedData.authorId)"
    let result = try await run(
      """
      let a = \(ensure) progress=0
      let b = \(ensure) progress=0
      let c = \(ensure) progress=20
      let d = \(ensure) progress=20
      print $a.action, $b.action, $c.action, $d.action, $a._id == $d._id, $d.defaultProgress
      let all = integration list platform=nightly
      print len($all)
      """)
    #expect(result.error == nil, "\(String(describing: result.error))")
    #expect(result.host.output.suffix(2) == ["created unchanged updated unchanged true 20", "1"])
    #expect(result.requests.filter { $0 == "POST /api/v2/integrations" }.count == 1)
    #expect(result.requests.filter { $0.hasPrefix("PATCH ") }.count == 1)

    var options = Options()
    options.dryRun = true
    let dry = try await run("let i = \(ensure)\nprint $i.action, $i._id", options: options)
    #expect(dry.error == nil, "\(String(describing: dry.error))")
    #expect(dry.requests.contains("GET /api/v2/integrations"))
    #expect(!dry.requests.contains("POST /api/v2/integrations"))
    #expect(dry.host.output.last == "created 000000000000000000000000")
  }

  @Test("catalog sync adds only what the catalog lacks, sends nothing when it matches, and removes with remove-missing")
  func catalogSync() async throws {
    let folder = try temporaryFolder("catalog-sync")
    let both = folder.appendingPathComponent("both.json")
    let one = folder.appendingPathComponent("one.jsonl")
    try Data(#"["\#(SeedData.courseId)", {"contentId": "\#(SeedData.secondCourseId)"}]"#.utf8).write(to: both)
    try Data(#""\#(SeedData.courseId)""#.utf8 + [0x0A]).write(to: one)
    let group = SeedData.salesGroupId
    let result = try await run(
      """
      let clear = catalog remove [{"groupId": "\(group)", "contentType": "course", "contentId": "\(SeedData.courseId)"}, {"groupId": "\(group)", "contentType": "course", "contentId": "\(SeedData.secondCourseId)"}]
      await $clear
      let a = catalog sync course from \(both.path) in \(group)
      await $a
      let b = catalog sync course from \(both.path) in \(group)
      await $b
      let c = catalog sync course from \(one.path) in \(group) remove-missing=true
      await $c
      print $a.added, $a.unchanged, $b.added, $b.unchanged, $c.removed, $c.unchanged
      let left = catalog list course in \(group)
      print $left
      """)
    #expect(result.error == nil, "\(String(describing: result.error))")
    #expect(result.host.output.suffix(2) == ["2 0 0 2 1 1", #"["\#(SeedData.courseId)"]"#])
    #expect(result.requests.filter { $0 == "POST /api/v2/bulk/groups/catalog" }.count == 1)
    #expect(result.requests.filter { $0 == "DELETE /api/v2/bulk/groups/catalog" }.count == 2)
  }

  @Test("a sync state of another integration, or a damaged one, stops the sync before anything is sent")
  func syncStateMismatch() async throws {
    let folder = try temporaryFolder("sync-state")
    let courses = folder.appendingPathComponent("c.json")
    try Data("[\(courseLiteral("s-1"))]".utf8).write(to: courses)
    let state = folder.appendingPathComponent("state.json")
    let other =
      "\(createIntegration)\nlet j = integration create platform=q group=\(SeedData.mainGroupId) author=\(SeedData.authorId)"
    let first = try await run(
      "\(other)\nlet s = courses sync from \(courses.path) into $i state=\(state.path)\nawait $s\n"
        + "courses sync from \(courses.path) into $j state=\(state.path)")
    let error = try #require(first.error)
    #expect(error.kind == .usage)
    #expect(error.message.contains("the sync state \(state.path) is for integration "), "\(error.message)")
    #expect(error.message.hasSuffix("give another state= file; nothing was sent"), "\(error.message)")
    #expect(first.requests.filter { $0.hasPrefix("PUT ") }.count == 1)

    // The state of the first integration, cut in the middle of its item line (a file another tool truncated).
    let written = try String(contentsOf: state, encoding: .utf8)
    try Data(written.utf8.dropLast(3)).write(to: state)
    let integrationId = try #require(written.split(separator: "\n")[1].split(separator: "\"").dropFirst(7).first)
    let damaged = try await run("courses sync from \(courses.path) into \(integrationId) state=\(state.path)")
    #expect(damaged.error?.message.contains("is damaged at line 3") == true, "\(String(describing: damaged.error))")
    #expect(!damaged.requests.contains { $0.hasPrefix("PUT ") })
    try Data("{\"format\": \"something else\"}\n".utf8).write(to: state)
    let foreign = try await run("courses sync from \(courses.path) into \(integrationId) state=\(state.path)")
    #expect(
      foreign.error?.message.contains("is not an l360 sync state") == true, "\(String(describing: foreign.error))")
  }

  @Test("a sync refuses an externalId listed twice, even when its first line is unchanged; nothing is sent")
  func syncDuplicate() async throws {
    let folder = try temporaryFolder("sync-duplicate")
    let once = folder.appendingPathComponent("once.jsonl")
    let twice = folder.appendingPathComponent("twice.jsonl")
    let line = courseLiteral("d-1").replacingOccurrences(of: ", ", with: ",")
    try Data((line + "\n").utf8).write(to: once)
    try Data((line + "\n" + line.replacingOccurrences(of: "Course d-1", with: "Other") + "\n").utf8).write(to: twice)
    let state = folder.appendingPathComponent("state.json")
    let result = try await run(
      """
      \(createIntegration)
      let first = courses sync from \(once.path) into $i state=\(state.path)
      await $first
      courses sync from \(twice.path) into $i state=\(state.path)
      """)
    let error = try #require(result.error)
    #expect(error.kind == .usage)
    #expect(
      error.notes.contains { $0.contains("/externalId: duplicate \"d-1\" (first at \(twice.path):1)") },
      "\(error.notes)")
    #expect(result.requests.filter { $0.hasPrefix("PUT ") }.count == 1)
  }

  @Test("a sync that would archive, answered no on a real tenant, sends nothing at all: not even its upserts")
  func syncAsksBeforeAnything() async throws {
    let folder = try temporaryFolder("sync-asks")
    let two = folder.appendingPathComponent("two.json")
    let changed = folder.appendingPathComponent("changed.json")
    try Data("[\(courseLiteral("a-1")), \(courseLiteral("a-2"))]".utf8).write(to: two)
    try Data("[\(courseLiteral("a-1").replacingOccurrences(of: "Course a-1", with: "Renamed"))]".utf8).write(
      to: changed)
    let state = folder.appendingPathComponent("state.json")
    let script = """
      \(createIntegration)
      let first = courses sync from \(two.path) into $i state=\(state.path)
      await $first
      let second = courses sync from \(changed.path) into $i state=\(state.path) archive-missing=true
      """
    let refused = try await run(script, asRealTenant: true, answer: .no)
    #expect(refused.error?.kind == .cancelled, "\(String(describing: refused.error))")
    #expect(refused.host.questions == ["courses archive will touch 1 item on tenant. Continue?"])
    // The first sync's PUT only: the second sent neither its changed course nor its archive.
    #expect(refused.requests.filter { $0.hasPrefix("PUT ") }.count == 1, "\(refused.requests)")
    #expect(!refused.requests.contains { $0.hasPrefix("DELETE ") })

    // One id to add (every seeded group lists both courses), one to remove: the question comes before the addition.
    let ids = folder.appendingPathComponent("ids.json")
    try Data(#"["\#(SeedData.courseId)", "64b7e1f2a3c4d5e6f7a8b9ff"]"#.utf8).write(to: ids)
    let removal = try await run(
      "let synced = catalog sync course from \(ids.path) in \(SeedData.salesGroupId) remove-missing=true",
      asRealTenant: true, answer: .no)
    #expect(removal.error?.kind == .cancelled, "\(String(describing: removal.error))")
    #expect(removal.host.questions == ["catalog remove will touch 1 item on tenant. Continue?"])
    #expect(!removal.requests.contains { $0.hasPrefix("POST /api/v2/bulk") || $0.hasPrefix("DELETE ") })
  }

  @Test("check reports a wrong positional word and a literal input file that does not exist")
  func checkFindsFormsAndFiles() throws {
    let folder = try temporaryFolder("check")
    try Data("[]".utf8).write(to: folder.appendingPathComponent("present.json"))
    let script = folder.appendingPathComponent("s.l360")
    let text = """
      let i = integration create platform=p group=\(SeedData.mainGroupId) author=\(SeedData.authorId)
      courses get x from $i
      courses upsert from missing.json into $i
      courses upsert from present.json into $i
      integration update $i progress=500
      save [] to made-here.json
      courses upsert from made-here.json into $i
      """
    let source = SourceFile(name: "s.l360", text: text, path: script.path)
    let problems = StaticChecker.check(try Parser.parse(source)).map(\.message)
    #expect(problems.count == 3, "\(problems)")
    #expect(problems.contains { $0.hasPrefix("expected 'in' after EXTERNAL-ID, not 'from'") })
    #expect(problems.contains("cannot read missing.json: no such file"))
    #expect(problems.contains("progress must be from 0 to 100, not 500"))
  }
}
