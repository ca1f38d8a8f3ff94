import ArgumentParser
import Foundation
import L360Language
import L360Shell

/// `l360 tutorial [NAME|FILE] [--auto]`: step-by-step tutorials on the embedded sandbox.
struct TutorialCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tutorial",
    abstract: "List the tutorials, or run one step by step.",
    discussion: """
      A tutorial is an l360 script whose `##` comment blocks narrate the statement after them. Each step prints its narration and its statement, waits for Enter, runs it and shows the result. An `assert` is a checkpoint: when it fails you can type statements to fix things and retry. The built-in tutorials run on the embedded sandbox.

      Examples:
        l360 tutorial                          # list the built-in tutorials
        l360 tutorial getting-started          # run one, step by step
        l360 tutorial getting-started --auto   # run every step without waiting
        l360 tutorial my-onboarding.l360       # run your own
      """
  )

  @Argument(
    help: "A built-in tutorial's name, or a tutorial file.",
    completion: .custom { _, _, prefix in ShellCompletions.tutorials(startingWith: prefix) })
  var name: String?

  @Flag(help: "Run every step without waiting for Enter; a failed checkpoint ends the run (exit 3).")
  var auto = false

  @ParentCommand var root: L360Command

  func run() async throws {
    if root.connection.namesAConnection {
      throw ValidationError(
        "a tutorial always runs on the embedded sandbox: --base-url, --region and --profile do not apply to it")
    }
    guard let name else {
      Output.line("Tutorials (run one with: l360 tutorial NAME):")
      for tutorial in Tutorial.builtins() {
        Output.line("  " + tutorial.name.padding(toLength: 34, withPad: " ", startingAt: 0) + tutorial.summary)
      }
      return
    }
    let tutorial: Tutorial
    do {
      if let builtin = try Tutorial.builtin(name) {
        tutorial = builtin
      } else if FileManager.default.fileExists(atPath: name) {
        tutorial = try Tutorial(name: name, source: try ScriptFiles.load(name))
      } else {
        let names = Tutorial.builtins().map(\.name)
        Output.error("error: no tutorial '\(name)'; built-in ones: \(names.joined(separator: ", ")) (or give a file)")
        throw ExitCode(2)
      }
    } catch let error as ScriptError {
      Output.error(error.description)
      throw ExitCode(2)
    }
    let renderer = Renderer(
      colour: Renderer.colourWanted(
        isTerminal: isatty(STDOUT_FILENO) == 1, environment: ProcessInfo.processInfo.environment))
    // A tutorial runs on the embedded sandbox: never on a tenant by accident, through the environment or a profile.
    // Its steps say `connect sandbox`, so a --base-url would not take effect: none is offered.
    let line = ProgressLine(terminal: isatty(STDERR_FILENO) == 1, quiet: isatty(STDERR_FILENO) != 1)
    let console = ConsoleHost(settings: .embeddedSandbox, progressLine: line)
    let host = ShellHost(inner: console, renderer: renderer, progressLine: line)
    let interpreter = Interpreter(host: host)
    var reader: (any LineReader)?
    if !auto {
      if isatty(STDIN_FILENO) == 1 {
        reader = LibeditLineReader(history: nil, context: { CompletionContext(variables: [:]) })
      } else {
        // No one can press Enter: run straight through, as --auto does, and say so.
        Output.error("l360: standard input is not a terminal: running every step without waiting (as --auto)")
      }
    }
    let runner = TutorialRunner(tutorial: tutorial, interpreter: interpreter, reader: reader, renderer: renderer) {
      Output.line($0)
    }
    let status = await runner.run()
    await console.shutdown()
    if status != 0 { throw ExitCode(status) }
  }
}
