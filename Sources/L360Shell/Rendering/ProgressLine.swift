import Foundation
import L360Client
import L360Language
import Synchronization

/// The one status line of long phases on stderr (validation, chunks, retries, slow answers, `await`): on a terminal
/// a live line, redrawn at most ten times a second and erased before anything else is printed; off a terminal a
/// plain line per kind of phase once it has lasted 2 s, then at most every few seconds (a retry always), so a CI log
/// shows a long run is alive without filling up; nothing at all with `--quiet`.
public final class ProgressLine: Sendable {
  let terminal: Bool
  let quiet: Bool
  /// Off a terminal, the least time between two plain lines.
  let plainInterval: Duration
  /// Where lines go (standard error) and what time it is: injected by tests.
  private let write: @Sendable (String) -> Void
  private let now: @Sendable () -> ContinuousClock.Instant
  private let state:
    Mutex<
      (
        lastDraw: ContinuousClock.Instant, shown: Bool,
        // Off a terminal, per phase: when it was first seen and last printed.
        kinds: [String: (firstSeen: ContinuousClock.Instant, lastPlain: ContinuousClock.Instant?)]
      )
    >

  /// Makes a status line; `terminal` is whether stderr is a terminal; `quiet` silences it.
  public convenience init(terminal: Bool, quiet: Bool = false, plainInterval: Duration = .seconds(5)) {
    self.init(terminal: terminal, quiet: quiet, plainInterval: plainInterval, write: StandardStreams.error) {
      ContinuousClock.now
    }
  }

  init(
    terminal: Bool, quiet: Bool, plainInterval: Duration, write: @escaping @Sendable (String) -> Void,
    now: @escaping @Sendable () -> ContinuousClock.Instant
  ) {
    self.terminal = terminal
    self.quiet = quiet
    self.plainInterval = plainInterval
    self.write = write
    self.now = now
    state = Mutex((now() - .seconds(1), false, [:]))
  }

  /// Shows what a long phase is doing; `phase` names its kind of line (`checking`, `sending`, `await`, ...), each
  /// throttled on its own off a terminal. `always` prints a plain line off a terminal even within the interval (a
  /// retry).
  public func show(_ text: String, phase: String, always: Bool = false, final: Bool = false) {
    guard !quiet else { return }
    state.withLock { state in
      let now = now()
      if terminal {
        guard final || always || now - state.lastDraw >= .milliseconds(100) else { return }
        state.lastDraw = now
        state.shown = true
        write("\r\u{1B}[K" + text)
      } else {
        // A retry is always said. Each other kind of line (validation, chunks, await, ...) is said once its phase
        // has lasted 2 s, then at most every `plainInterval`: a short run writes nothing, a long one shows it is
        // alive, and one phase never holds back another's line.
        // A phase that ends starts afresh next time: a second await's first 2 s are not said either.
        if final {
          state.kinds[phase] = nil
          return
        }
        if !always {
          let seen = state.kinds[phase] ?? (now, nil)
          let due = seen.lastPlain.map { now - $0 >= plainInterval } ?? (now - seen.firstSeen >= .seconds(2))
          state.kinds[phase] = (seen.firstSeen, due ? now : seen.lastPlain)
          guard due else { return }
        }
        write("l360: " + text + "\n")
      }
    }
  }

  /// Draws an awaited job: "running 120/10000 importExternalCourses (1%) 3.2s, about 5m left".
  public func draw(_ job: Job, _ operation: BulkOperation, processed: Int) {
    let elapsed = ContinuousClock.now - job.startedAt
    // A job known only by its operation (awaited from a request's answer) has no total: no "/0".
    var text = "\(operation.status) \(processed)\(job.total > 0 ? "/\(job.total)" : "") \(job.type)"
    if job.total > 0 { text += " (\(processed * 100 / job.total)%)" }
    text += " " + DurationValue.format(elapsed)
    if let left = Self.timeLeft(processed: processed, total: job.total, elapsed: elapsed) {
      text += ", about \(DurationValue.format(left)) left"
    }
    // On a terminal each operation's last state is drawn; off it, only the whole job's end closes the phase.
    let jobEnded = operation.isFinished && (job.total == 0 || processed >= job.total)
    show(terminal ? text : "await: " + text, phase: "await", final: terminal ? operation.isFinished : jobEnded)
  }

  /// The time left at the pace so far, once there is a pace to go by (1% done, 2 s in).
  static func timeLeft(processed: Int, total: Int, elapsed: Duration) -> Duration? {
    guard total > 0, processed > 0, processed < total, processed * 100 >= total, elapsed >= .seconds(2) else {
      return nil
    }
    let seconds = elapsed / .seconds(1) * Double(total - processed) / Double(processed)
    return .seconds(seconds.rounded())
  }

  /// Erases the line, if one is shown.
  public func clear() {
    state.withLock { state in
      if state.shown {
        write("\r\u{1B}[K")
        state.shown = false
      }
    }
  }
}
