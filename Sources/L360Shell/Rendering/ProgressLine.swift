import Foundation
import L360Client
import L360Language
import Synchronization

/// The one live line `await` draws on a terminal's stderr: redrawn at most ten times a second,
/// erased before anything else is printed, and never drawn when stderr is not a terminal.
public final class ProgressLine: Sendable {
  let enabled: Bool
  private let state = Mutex<(lastDraw: ContinuousClock.Instant, shown: Bool)>(
    (ContinuousClock.now - .seconds(1), false))

  /// Makes a progress line; `enabled` is whether stderr is a terminal.
  public init(enabled: Bool) { self.enabled = enabled }

  /// Draws "running 120/10000 importExternalCourses 3.2s" (throttled; always drawn when finished).
  public func draw(_ job: Job, _ operation: BulkOperation, processed: Int) {
    guard enabled else { return }
    state.withLock { state in
      let now = ContinuousClock.now
      guard operation.isFinished || now - state.lastDraw >= .milliseconds(100) else { return }
      state.lastDraw = now
      state.shown = true
      let text =
        "\r\u{1B}[K\(operation.status) \(processed)/\(job.total) \(job.type) \(DurationValue.format(now - job.startedAt))"
      StandardStreams.error(text)
    }
  }

  /// Erases the line, if one is shown.
  public func clear() {
    state.withLock { state in
      if state.shown {
        StandardStreams.error("\r\u{1B}[K")
        state.shown = false
      }
    }
  }
}
