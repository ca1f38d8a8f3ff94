import Foundation
import L360Language
import OrderedCollections

/// Runs a tutorial step by step: narration, the statement, Enter (unless automatic), the result.
///
/// An `assert` is a checkpoint: when it fails, the runner explains what went wrong and lets the
/// learner type statements to fix things, then retry the step.
public final class TutorialRunner {
  let tutorial: Tutorial
  let interpreter: Interpreter
  let reader: (any LineReader)?
  let renderer: Renderer
  let write: @Sendable (String) -> Void

  /// Makes a runner.
  ///
  /// With no reader, it runs automatically (`--auto`).
  public init(
    tutorial: Tutorial, interpreter: Interpreter, reader: (any LineReader)?, renderer: Renderer,
    write: @escaping @Sendable (String) -> Void
  ) {
    self.tutorial = tutorial
    self.interpreter = interpreter
    self.reader = reader
    self.renderer = renderer
    self.write = write
  }

  /// Runs every step; returns the exit status (0 when the tutorial finished).
  public func run() async -> Int32 {
    let total = tutorial.steps.count
    write(
      renderer.paint(
        "Tutorial \(tutorial.name): \(total) steps\(reader == nil ? "" : ". Enter runs a step; q quits.")", .job))
    for (index, step) in tutorial.steps.enumerated() {
      write("")
      for line in step.narration { write(renderer.paint(line, .key)) }
      write(renderer.paint("[\(index + 1)/\(total)] ", .literal) + "l360> " + step.text)
      if let reader, let status = await waitForEnter(reader, step: index + 1, of: total, text: step.text) {
        return status
      }
      while true {
        do {
          try await interpreter.run([step.statement], in: tutorial.source)
          // A `let` shows nothing in a script; in a tutorial, show what it bound.
          if case .bind(let name, _, _, _) = step.statement, let value = interpreter.variables[name] {
            write(renderer.render(value, as: .text))
          }
          break
        } catch {
          write(renderer.error(error.description))
          let checkpoint = error.kind == .assertion
          guard let reader else { return error.kind.exitCode }
          write(
            checkpoint
              ? "This checkpoint did not pass. Type statements to fix things, then press Enter on an empty line to retry (q quits)."
              : "That step failed. Type statements to fix things, then press Enter on an empty line to retry (q quits)."
          )
          if await !repair(reader) { return error.kind.exitCode }
        }
      }
    }
    write("")
    write(renderer.paint("Tutorial \(tutorial.name) complete.", .job))
    return 0
  }

  /// Waits for Enter before a step. Text typed there runs first, as at the prompt (the step's own text runs the
  /// step); `q` alone quits and Ctrl-D or Ctrl-C stop, each saying at which step. Returns the exit status when
  /// the tutorial ends here, nil to run the step.
  func waitForEnter(_ reader: any LineReader, step: Int, of total: Int, text: String) async -> Int32? {
    while true {
      switch await reader.read(prompt: "") {
      case .line(let answer):
        let typed = answer.trimmingCharacters(in: .whitespaces)
        if typed.isEmpty || typed == text { return nil }
        if typed == "q" {
          stopped(at: step, of: total, text)
          return 0
        }
        do {
          try await interpreter.run(text: answer, name: "<typed>")
        } catch {
          write(renderer.error(error.description))
        }
        write("(Enter runs step \(step): \(text); q quits)")
      case .endOfInput, .interrupted:
        stopped(at: step, of: total, text)
        return 130
      }
    }
  }

  private func stopped(at step: Int, of total: Int, _ text: String) {
    write(
      "Tutorial \(tutorial.name) stopped before step \(step) of \(total) (\(text)); 'l360 tutorial \(tutorial.name)' starts it again."
    )
  }

  /// Lets the learner run statements until an empty line (retry) or `q` (give up).
  func repair(_ reader: any LineReader) async -> Bool {
    while true {
      switch await reader.read(prompt: "fix> ") {
      case .line(let line):
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return true }
        if trimmed == "q" { return false }
        do {
          try await interpreter.run(text: line, name: "<fix>")
        } catch {
          write(renderer.error(error.description))
        }
      case .interrupted: continue
      case .endOfInput: return false
      }
    }
  }
}
