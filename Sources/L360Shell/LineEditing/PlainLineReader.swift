import Dispatch
import Foundation

/// Reads lines from a non-terminal stdin (a pipe or file): no editing, no history, no Ctrl-C.
///
/// libedit must not touch a stdin that is not a terminal (its callback API spins at end of input
/// on a pipe), so piped answers to a tutorial come through here.
public final class PlainLineReader: LineReader, @unchecked Sendable {
  private let queue = DispatchQueue(label: "l360.plain-reader")

  /// Makes a reader of standard input.
  public init() {}

  public func read(prompt: String) async -> LineInput {
    await withCheckedContinuation { continuation in
      queue.async {
        if !prompt.isEmpty {
          StandardStreams.output(prompt)
        }
        if let line = readLine(strippingNewline: true) {
          continuation.resume(returning: .line(line))
        } else {
          continuation.resume(returning: .endOfInput)
        }
      }
    }
  }

  public func remember(_ line: String) {}

  public func takeInterrupt() -> Bool { false }
}
