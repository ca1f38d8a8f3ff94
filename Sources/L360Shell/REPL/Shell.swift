import Foundation
import L360Client
import L360JSON
import L360Language
import OrderedCollections

/// The interactive prompt: the same statements as scripts, with line editing, history,
/// completion, `help`, `vars`, and Ctrl-C that stops a running statement.
public final class Shell {
  let interpreter: Interpreter
  let reader: any LineReader
  let renderer: Renderer
  let history: HistoryStore?
  let defaultConnectionName: String
  /// Where the prompt's own output (help, vars, history, messages) goes: stdout, or a test's buffer.
  let write: @Sendable (String) -> Void
  /// Statements of this session that succeeded, for `save-script`.
  public private(set) var succeeded: [String] = []
  /// The code of an `exit N` statement, which ends the session.
  public private(set) var exitStatus: Int32?

  /// Makes a shell around an interpreter and a line reader.
  public init(
    interpreter: Interpreter, reader: any LineReader, renderer: Renderer, history: HistoryStore?,
    defaultConnectionName: String, write: @escaping @Sendable (String) -> Void = { StandardStreams.output($0 + "\n") }
  ) {
    self.write = write
    self.interpreter = interpreter
    self.reader = reader
    self.renderer = renderer
    self.history = history
    self.defaultConnectionName = defaultConnectionName
  }

  /// The prompt: `l360 sandbox> `, with colour codes wrapped in libedit's ignore markers.
  func prompt(continuation: Bool) -> String {
    let text = continuation ? "...> " : "l360 \(interpreter.connection?.name ?? defaultConnectionName)> "
    guard renderer.colour else { return text }
    // \u{1} ... \u{1} tells libedit the escape sequence takes no columns.
    return "\u{1}\u{1B}[1;32m\u{1}" + text + "\u{1}\u{1B}[0m\u{1}"
  }

  /// Runs until `exit` or Ctrl-D; returns the exit status (0, or the code of an `exit N` statement).
  public func run() async -> Int32 {
    var buffer = ""
    while true {
      let input = await reader.read(prompt: prompt(continuation: !buffer.isEmpty))
      switch input {
      case .endOfInput:
        if buffer.isEmpty {
          write("")
          return 0
        }
        buffer = ""
        continue
      case .interrupted:
        buffer = ""
        continue
      case .line(let line):
        buffer += buffer.isEmpty ? line : "\n" + line
      }
      if InputCompleteness.needsMoreInput(buffer) { continue }
      let text = buffer
      buffer = ""
      if text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
      reader.remember(text)
      let secretsBefore = interpreter.secrets
      if await handleMeta(text) == false { return exitStatus ?? 0 }
      // A secret used for the first time (connect ... client-secret=$s) may sit in an earlier line of the history.
      for secret in interpreter.secrets.subtracting(secretsBefore) { reader.forget(containing: secret) }
    }
  }

  /// Runs one entry.
  ///
  /// Returns false when the user asked to exit.
  @discardableResult
  public func handleMeta(_ text: String) async -> Bool {
    let words = text.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true).map(
      String.init)
    switch words.first {
    case "exit" where words.count == 1, "quit":
      return false
    case "help":
      if words.count > 1 {
        let asked = Array(words.dropFirst())
        write(HelpText.command(asked) ?? "no command '\(asked.joined(separator: " "))'; 'help' lists them")
      } else {
        write(HelpText.overview())
      }
    case "vars":
      for (name, value) in interpreter.variables where name != "_" || words.count > 1 {
        let text = redacted(value.rendered(as: .json))
        write("$\(name) = \(text.count > 100 ? String(text.prefix(97)) + "..." : text)")
      }
    case "history":
      for (i, entry) in (history?.entries() ?? []).enumerated() { write("\(i + 1)  \(entry)") }
    case "save-script":
      guard words.count == 2 else {
        write(renderer.error("usage: save-script FILE"))
        return true
      }
      saveScript(to: words[1])
    default:
      await execute(text)
      // `exit N` in a statement ends the session as it ends a script, with its code.
      if exitStatus != nil { return false }
    }
    return true
  }

  /// `text` with every secret the process knows (``KnownSecrets``: `client-secret=` values, the environment's, a
  /// profile's, tokens) replaced by `***`.
  func redacted(_ text: String) -> String { KnownSecrets.masked(text) }

  func saveScript(to path: String) {
    var lines = [
      "# Saved from an l360 session on \(ISO8601DateFormatter().string(from: Date())).",
      "# Run it with: l360 run \(path)", "",
    ]
    // Names typed at the prompt start from the working directory; in the script they start from its folder.
    let here = FileManager.default.currentDirectoryPath
    let folder = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: here, isDirectory: true))
      .deletingLastPathComponent().standardizedFileURL.path
    for statement in succeeded {
      if HistoryStore.containsSecret(statement) || KnownSecrets.occur(in: statement) {
        lines.append("# (a statement holding a secret was left out; set L360_CLIENT_SECRET instead)")
      } else {
        lines.append(ScriptRelocation.relocate(statement, from: here, to: folder))
      }
    }
    do {
      try AtomicFile.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: path, privacy: .shared)
      write("saved \(plural(succeeded.count, "statement")) to \(path)")
    } catch {
      write(renderer.error(error.description))
    }
  }

  /// Runs statements; Ctrl-C cancels them (an `await` stops polling; the job keeps running).
  func execute(_ text: String) async {
    _ = reader.takeInterrupt()
    let interpreter = self.interpreter
    let task = Task { try await interpreter.run(text: text, name: "<prompt>") }
    let reader = self.reader
    let watcher = Task {
      while !Task.isCancelled {
        if reader.takeInterrupt() {
          task.cancel()
          return
        }
        try? await Task.sleep(for: .milliseconds(50))
      }
    }
    let result = await task.result
    watcher.cancel()
    switch result {
    case .success:
      succeeded.append(text)
    case .failure(let error as ScriptError) where error.kind.isExit:
      if !error.message.isEmpty { StandardStreams.error(error.message + "\n") }
      exitStatus = error.kind.exitCode
    case .failure(let error as ScriptError) where error.kind == .interrupted:
      // Ctrl-C: back to the prompt; an await has already said its job keeps running.
      StandardStreams.error(renderer.error("interrupted") + "\n")
    case .failure(let error):
      let message = (error as? ScriptError)?.description ?? "error: \(error)"
      StandardStreams.error(renderer.error(message) + "\n")
    }
  }
}
