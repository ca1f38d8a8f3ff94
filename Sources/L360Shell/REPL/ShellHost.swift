import Foundation
import L360Client
import L360Language
import Synchronization

/// The prompt's host: colours results, draws one live progress line for `await`, and leaves
/// connections to the host the program made (the same as for scripts).
public final class ShellHost: InterpreterHost {
  let inner: any InterpreterHost
  let renderer: Renderer
  let progressLine: ProgressLine
  private let confirmer = Mutex<(@Sendable (String) async -> Bool)?>(nil)

  /// Sets how yes/no questions are asked (the prompt's line reader); without one, the answer is no.
  public func setConfirmer(_ ask: @escaping @Sendable (String) async -> Bool) {
    confirmer.withLock { $0 = ask }
  }

  public func confirm(_ question: String) async -> ConfirmationAnswer {
    guard let ask = confirmer.withLock({ $0 }) else { return .cannotAsk }
    clearProgress()
    return await ask(question) ? .yes : .no
  }

  /// Wraps the program's host; `progressLine` is shared with it, so the client's activity and `await` draw one line.
  public init(inner: any InterpreterHost, renderer: Renderer, progressLine: ProgressLine) {
    self.inner = inner
    self.renderer = renderer
    self.progressLine = progressLine
  }

  public func output(_ line: String) {
    clearProgress()
    StandardStreams.output(line + "\n")
  }

  public func note(_ line: String) {
    clearProgress()
    StandardStreams.error(line + "\n")
  }

  /// On a terminal a list of objects is a table fitted to its width.
  public func show(_ value: Value, as format: Options.OutputFormat) {
    output(
      renderer.render(value, as: format, tableWidth: isatty(STDOUT_FILENO) == 1 ? TableRenderer.terminalWidth() : nil))
  }

  /// One live line on a terminal (see ``ProgressLine``).
  public func progress(_ job: Job, _ operation: BulkOperation, processed: Int) {
    progressLine.draw(job, operation, processed: processed)
  }

  public func activity(_ text: String, phase: String, always: Bool) {
    progressLine.show(text, phase: phase, always: always)
  }

  func clearProgress() { progressLine.clear() }

  public func connect(_ target: ConnectTarget, credentials: Credentials?) async throws -> Connection {
    try await inner.connect(target, credentials: credentials)
  }

  public func defaultConnection() async throws -> Connection {
    try await inner.defaultConnection()
  }
}
