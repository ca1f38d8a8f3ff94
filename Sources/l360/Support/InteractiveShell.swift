import Foundation
import L360Client
import L360Language
import L360Shell

/// Wires the prompt: libedit, history, completion over the session's variables, colour, and the
/// same connections as scripts.
enum InteractiveShell {
  static func run(settings: ConnectionSettings, options: Options, variables: [String: Value]) async -> Int32 {
    let environment = ProcessInfo.processInfo.environment
    // The environment's secret is masked from the start (`vars`, save-script), before any connection uses it.
    if let secret = environment["L360_CLIENT_SECRET"] { KnownSecrets.register(secret) }
    let renderer = Renderer(
      colour: Renderer.colourWanted(isTerminal: isatty(STDOUT_FILENO) == 1, environment: environment))
    // At the prompt, long phases show only on a terminal, as a live line that the next output replaces; --quiet
    // silences it there too.
    let line = ProgressLine(terminal: isatty(STDERR_FILENO) == 1, quiet: options.quiet || isatty(STDERR_FILENO) != 1)
    let console = ConsoleHost(settings: settings, progressLine: line)
    let host = ShellHost(inner: console, renderer: renderer, progressLine: line)
    let interpreter = Interpreter(host: host, options: options, variables: variables)
    let history = HistoryStore(path: HistoryStore.defaultPath(environment: environment))
    // Completion runs while the prompt waits for a key, never while a statement runs.
    let reader = LibeditLineReader(history: history) {
      CompletionContext(variables: Dictionary(uniqueKeysWithValues: interpreter.variables.map { ($0.key, $0.value) }))
    }
    // Removals and archives on a real tenant are confirmed at the prompt.
    host.setConfirmer { question in
      if case .line(let answer) = await reader.read(prompt: question + " [y/N] ") {
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
      }
      return false
    }
    let defaultName: String
    if let address = try? settings.address() {
      defaultName = address.name
    } else {
      defaultName = settings.environmentCredentials == nil ? "sandbox" : "eu"
    }
    print("l360 \(L360Version.current): statements as in scripts; 'help' lists commands; Tab completes; Ctrl-D exits.")
    if let problem = reader.historyProblem { StandardStreams.error(problem + "\n") }
    let shell = Shell(
      interpreter: interpreter, reader: reader, renderer: renderer, history: history, defaultConnectionName: defaultName
    )
    let status = await shell.run()
    await console.shutdown()
    return status
  }
}
