import Foundation
import L360Language
import L360Sandbox
import L360Shell
import L360TestSupport
import Synchronization
import Testing

/// Feeds the shell prepared lines, as a person would type them.
final class ScriptedReader: LineReader, @unchecked Sendable {
  private let lines: Mutex<[LineInput]>
  let remembered = Mutex<[String]>([])
  init(_ lines: [LineInput]) { self.lines = Mutex(lines) }
  func read(prompt: String) async -> LineInput {
    lines.withLock { $0.isEmpty ? .endOfInput : $0.removeFirst() }
  }
  func remember(_ line: String) { remembered.withLock { $0.append(line) } }
  func takeInterrupt() -> Bool { false }
}

@Suite("A shell session without a terminal")
struct ShellSessionTests {
  @Test(
    "continuation lines join, Ctrl-C drops a half-typed entry, and save-script keeps what succeeded without secrets")
  func saveScript() async throws {
    let sandbox = try await Sandbox.start()
    let host = CapturingHost(sandbox: sandbox)
    let interpreter = Interpreter(host: host)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("saved-\(UUID().uuidString).l360").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let reader = ScriptedReader([
      .line("let c = {"), .line("\"n\": 1}"),
      .line("let half = ["), .interrupted,
      .line("print $nope"),
      .line("connect sandbox client-id=a client-secret=hidden"),
      .line("print $c.n"),
      .line("save-script \(path)"),
      .line("exit"),
    ])
    let shell = Shell(
      interpreter: interpreter, reader: reader, renderer: Renderer(colour: false), history: nil,
      defaultConnectionName: "sandbox")
    #expect(await shell.run() == 0)
    #expect(host.output.contains("1"))
    #expect(reader.remembered.withLock { $0 }.first == "let c = {\n\"n\": 1}")
    let saved = try String(contentsOfFile: path, encoding: .utf8)
    #expect(saved.contains("let c = {\n\"n\": 1}\n"))
    #expect(saved.contains("print $c.n\n"))
    #expect(!saved.contains("$nope"))
    #expect(!saved.contains("hidden"))
    #expect(saved.contains("# (a statement holding a secret was left out"))
    #expect(!saved.contains("let half"))
    // The saved script runs.
    let rerun = Interpreter(host: host)
    try await rerun.run(Parser.parse(SourceFile(name: path, text: saved, path: path)))
    await sandbox.stop()
  }

  @Test("help, vars and history answer at the prompt; vars masks a secret the session used")
  func metaCommands() async throws {
    let sandbox = try await Sandbox.start()
    let host = CapturingHost(sandbox: sandbox)
    let interpreter = Interpreter(host: host)
    let reader = ScriptedReader([
      .line("let note = \"token is hidden-value\""), .line("connect sandbox client-id=a client-secret=hidden-value"),
      .line("let n = 1"), .line("vars"), .line("help"), .line("help courses"), .line("help nope"), .line("history"),
      .line("save-script"),
    ])
    let written = Mutex<[String]>([])
    let shell = Shell(
      interpreter: interpreter, reader: reader, renderer: Renderer(colour: false), history: nil,
      defaultConnectionName: "sandbox", write: { line in written.withLock { $0.append(line) } })
    #expect(await shell.run() == 0)
    let output = written.withLock { $0 }.joined(separator: "\n")
    #expect(output.contains("$note = \"token is ***\""))
    #expect(output.contains("$n = 1"))
    #expect(!output.contains("hidden-value"))
    #expect(output.contains("Commands:"))
    #expect(output.contains("courses upsert from FILE into INTEGRATION"))
    #expect(output.contains("no command 'nope'; 'help' lists them"))
    #expect(output.contains("usage: save-script FILE"))
    await sandbox.stop()
  }
}
