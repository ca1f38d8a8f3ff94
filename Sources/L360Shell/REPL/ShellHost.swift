import Foundation
import L360Client
import L360Language
import Synchronization

/// The prompt's host: colours results, draws one live progress line for `await`, and leaves
/// connections to the host the program made (the same as for scripts).
public final class ShellHost: InterpreterHost {
  let inner: any InterpreterHost
  let renderer: Renderer
  let progressOnTerminal: Bool
  private let state = Mutex<(lastDraw: ContinuousClock.Instant, shown: Bool)>(
    (ContinuousClock.now - .seconds(1), false))
  private let confirmer = Mutex<(@Sendable (String) async -> Bool)?>(nil)

  /// Sets how yes/no questions are asked (the prompt's line reader); without one, the answer is no.
  public func setConfirmer(_ ask: @escaping @Sendable (String) async -> Bool) {
    confirmer.withLock { $0 = ask }
  }

  public func confirm(_ question: String) async -> Bool {
    guard let ask = confirmer.withLock({ $0 }) else { return false }
    clearProgress()
    return await ask(question)
  }

  /// Wraps the program's host.
  public init(inner: any InterpreterHost, renderer: Renderer, progressOnTerminal: Bool) {
    self.inner = inner
    self.renderer = renderer
    self.progressOnTerminal = progressOnTerminal
  }

  public func output(_ line: String) {
    clearProgress()
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
  }

  public func note(_ line: String) {
    clearProgress()
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  public func show(_ value: Value, as format: Options.OutputFormat) {
    output(renderer.render(value, as: format))
  }

  /// At most ten redraws a second, on stderr, only on a terminal.
  public func progress(_ job: Job, _ operation: BulkOperation, processed: Int) {
    guard progressOnTerminal else { return }
    state.withLock { state in
      let now = ContinuousClock.now
      guard operation.isFinished || now - state.lastDraw >= .milliseconds(100) else { return }
      state.lastDraw = now
      state.shown = true
      let text =
        "\r\u{1B}[K\(operation.status) \(processed)/\(job.total) \(job.type) \(DurationValue.format(now - job.startedAt))"
      FileHandle.standardError.write(Data(text.utf8))
    }
  }

  func clearProgress() {
    state.withLock { state in
      if state.shown {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        state.shown = false
      }
    }
  }

  public func connect(_ target: ConnectTarget, credentials: Credentials?) async throws -> Connection {
    try await inner.connect(target, credentials: credentials)
  }

  public func defaultConnection() async throws -> Connection {
    try await inner.defaultConnection()
  }
}
