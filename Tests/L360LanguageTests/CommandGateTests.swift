import Foundation
import L360JSON
import L360Sandbox
import L360TestSupport
import Testing

@testable import L360Client
@testable import L360Language

/// The gate a command's requests pass, held to the command's declared effect.
@Suite("The command gate enforces each command's declared effect")
struct CommandGateTests {
  /// The gate of `statement`'s command, in an interpreter on a fresh sandbox.
  func gate(_ statement: String, dryRun: Bool = false) async throws -> (CommandGate, Sandbox) {
    let sandbox = try await Sandbox.start(SandboxConfiguration())
    var options = Options()
    options.dryRun = dryRun
    let interpreter = Interpreter(host: CapturingHost(sandbox: sandbox), options: options)
    let source = SourceFile(name: "gate.l360", text: statement)
    guard case .command(let call) = try #require(try Parser.parse(source).statements.first) else {
      throw TestSupportError("not a command: \(statement)")
    }
    let matched = try CommandMatcher.match(call, source)
    return (CommandGate(context: CommandContext(interpreter: interpreter, matched: matched)), sandbox)
  }

  func request(_ method: String, _ path: String) -> V2Request {
    V2Request(
      operation: "test", method: method, url: URL(string: "http://127.0.0.1\(path)")!, headers: [], body: nil,
      itemCount: nil, dryRunAnswer: HTTPResponse(status: 204))
  }

  @Test("a command declared to read is refused any write, before it leaves")
  func readsCannotWrite() async throws {
    let (gate, sandbox) = try await gate("integration list")
    #expect(try await gate.admit(request("GET", "/api/v2/integrations")) == nil)
    await #expect(throws: ScriptError.self) { _ = try await gate.admit(self.request("POST", "/api/v2/integrations")) }
    await sandbox.stop()
  }

  @Test("a command that writes but is not declared destructive is refused a DELETE")
  func writesCannotDelete() async throws {
    let (gate, sandbox) = try await gate(
      "integration update 62be0535045424d93edaad7b progress=1")
    #expect(try await gate.admit(request("PATCH", "/api/v2/integrations/62be0535045424d93edaad7b")) == nil)
    do {
      _ = try await gate.admit(request("DELETE", "/api/v2/integrations/62be0535045424d93edaad7b"))
      Issue.record("the DELETE was admitted")
    } catch let error as ScriptError {
      #expect(error.message.contains("is not declared destructive, but tried to send DELETE"))
    }
    await sandbox.stop()
  }

  @Test("in a dry run a write is answered in the server's place, and a read goes out")
  func dryRunAnswers() async throws {
    let (gate, sandbox) = try await gate("integration update 62be0535045424d93edaad7b progress=1", dryRun: true)
    #expect(try await gate.admit(request("GET", "/api/v2/integrations")) == nil)
    #expect(try await gate.admit(request("PATCH", "/api/v2/integrations/x"))?.status == 204)
    await sandbox.stop()
  }
}
