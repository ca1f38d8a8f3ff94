import Foundation
import L360Language
import L360Sandbox
import L360Shell
import L360TestSupport
import OrderedCollections
import Testing

@Suite("request is checked against the API's operations before it is sent")
struct RequestCheckTests {
  @Test(
    "a wrong path, id or filter is a located error and nothing is sent",
    arguments: [
      ("request GET /api/v2/userz", "did you mean /api/v2/users?", 13),
      (
        "request GET /api/v2/groups/nope", "groupId in /api/v2/groups/{groupId} must be a 24-character hexadecimal id",
        13
      ),
      (#"request GET /api/v2/users query={"stats[eq]": "active"}"#, "did you mean 'status'?", 33),
      (#"request GET "/api/v2/users?=""#, "has no query parameter ''", 13),
      (
        #"request GET "/api/v2/users?status[eq]=gone""#, #"status[eq] must be active, invited, deleted, not "gone""#, 13
      ),
    ])
  func refused(statement: String, message: String, column: Int) async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(recordRequests: true))
    let host = CapturingHost(sandbox: sandbox)
    var failure: ScriptError?
    do { try await Interpreter(host: host).run(text: statement, name: "r.l360") } catch { failure = error }
    #expect(failure?.message.contains(message) == true, "\(String(describing: failure))")
    #expect(failure?.message.contains("; nothing was sent\n  usage: request ") == true)
    #expect(failure?.kind == .usage)
    let at = failure?.range.map { SourceFile(name: "r.l360", text: statement).lineAndColumn(of: $0.start).column }
    #expect(at == column)
    #expect(await sandbox.recordedRequests().isEmpty, "not even a token was asked for")
    await sandbox.stop()
  }

  @Test("help explains an operation, and a path completes at the prompt")
  func helpAndCompletion() {
    let help = HelpText.command(["request", "GET", "/api/v2/users"]) ?? ""
    #expect(help.contains("GET /api/v2/users: get users"))
    #expect(help.contains("mail[eq|ne|in|nin]"))
    #expect(HelpText.command(["/api/v2/nothing"])?.contains("no v2 operation /api/v2/nothing") == true)
    let group = "62be0535045424d93edaad7b"
    let context = CompletionContext(variables: ["g": .object(["_id": .string(group)])])
    let offered = Completer.candidates(line: "request GET /api/v2/groups/", cursor: 27, context: context)
    #expect(offered.contains("/api/v2/groups/\(group)"), "\(offered)")
    #expect(
      Completer.candidates(line: "request DELETE /api/v2/bulk/groups/c", cursor: 36, context: context) == [
        "/api/v2/bulk/groups/catalog"
      ])
  }

  @Test("unchecked=true sends a path the index lacks, as written; the refusal says so")
  func unchecked() async throws {
    let sandbox = try await Sandbox.start(SandboxConfiguration(recordRequests: true))
    let host = CapturingHost(sandbox: sandbox)
    var failure: ScriptError?
    do {
      try await Interpreter(host: host).run(text: "request GET /api/v2/skills-matrix", name: "r.l360")
    } catch { failure = error }
    #expect(failure?.message.contains("unchecked=true sends it as written; nothing was sent") == true)
    #expect(await sandbox.recordedRequests().isEmpty)
    try await Interpreter(host: host).run(
      text: "let r = request GET /api/v2/skills-matrix unchecked=true\nprint $r.status, $r.body.error.code",
      name: "r.l360")
    #expect(host.output.last == "404 notFound", "\(host.output)")
    #expect(await sandbox.recordedRequests().contains { $0.request.path == "/api/v2/skills-matrix" })
    await sandbox.stop()
  }
}
